// Hostile data end to end (issue #14, 6e; docs/reliability.md): the same build, finished by
// scripts/test for a centre whose providers' files (tests/hostile/) carry `</script>`,
// `<!--`, `onerror=`, U+2028, CRLF in a description, `JaVaScRiPt:` and `data:` links and
// RRULEs with a COUNT of two billion, and whose centre name carries markup. Imported, built
// and served like any centre: no script of theirs runs, the CSP is never violated, every
// course is listed, a 100,000-deep centre.json shows the app's error page, and
// api/coworking still answers.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { test, expect, repo, mainHeading } = require('./helpers');
const { urls } = require('./servers');

const dist = path.join(repo, 'target', 'dist-hostile');
const catalogue = JSON.parse(fs.readFileSync(path.join(dist, 'data', 'catalogue.json'), 'utf8'));

test.use({ baseURL: urls.hostile });

/** Fails the test on any script the data smuggled in, any dialog, any CSP violation. */
async function watch(page) {
  const problems = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__problems?.push(`CSP: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
    window.__problems = [];
  });
  return async () => {
    const inPage = await page.evaluate(() => [...window.__problems, ...(window.__pwned ? [`ran: ${window.__pwned}`] : [])]);
    return [...problems, ...inPage];
  };
}

test.describe('hostile provider data', () => {
  test('all five courses arrive: nothing dropped, nothing doubled', () => {
    expect(catalogue.courses).toHaveLength(5);
    const endless = catalogue.courses.find((c) => c.name.startsWith('Endlos'));
    expect(endless.sessions, 'a COUNT of two billion is cut at 200 dates').toHaveLength(200);
  });

  test('no script runs and the CSP holds on every page with their data', async ({ page }) => {
    test.setTimeout(120_000);
    const problems = await watch(page);
    await page.goto('/kurse');
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await expect(page.locator('.result-count')).toHaveText(/^5 Kurse gefunden/);
    await expect(page.locator('.course-row')).toHaveCount(5);
    // The markup in a title is text, shown as written.
    await expect(page.locator('.course-row h2 a').filter({ hasText: '<img src=x onerror=' })).toHaveCount(1);
    expect(await problems()).toEqual([]);
    for (const course of catalogue.courses) {
      // The static page (no JavaScript needed), then the app on it.
      await page.goto(`/kurse/${course.slug}`);
      await expect(mainHeading(page)).toHaveText(course.name);
      for (const link of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        expect(link, `${course.slug}: no script or data link`).not.toMatch(/^\s*(javascript|data):/i);
      }
      expect(await problems(), course.slug).toEqual([]);
    }
    await page.goto('/');
    await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
    expect(await problems()).toEqual([]);
  });

  test('the static pages carry their text escaped', async ({ request }) => {
    for (const course of catalogue.courses) {
      const html = await (await request.get(`/kurse/${course.slug}`)).text();
      expect(html).not.toContain("<script>window.__pwned");
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<svg onload');
      expect(html).not.toMatch(/href="\s*(javascript|data):/i);
      // Inside JSON-LD, `</script>` and U+2028 are escaped.
      for (const block of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
        expect(block[1]).not.toMatch(/<\/script|<!--|\u2028|\u2029/i);
        JSON.parse(block[1]);
      }
    }
  });

  test('a 100,000-deep centre.json is the calm error page, not a dead app', async ({ page }) => {
    const problems = await watch(page);
    // The real config with 100,000 nested arrays in a key the reader skips (an unknown
    // colour): reading recurses there, so without a depth limit the wasm would overflow its
    // stack and trap.
    const config = fs.readFileSync(path.join(dist, 'centre', 'centre.json'), 'utf8');
    const deep = config.replace('"colours": {', `"colours": {"zusatz": ${'['.repeat(100_000)}${']'.repeat(100_000)},`);
    expect(deep.length).toBeGreaterThan(config.length + 200_000);
    await page.route('**/centre/centre.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: deep }),
    );
    await page.goto('/');
    await expect(mainHeading(page)).toHaveText('Die Seite kann gerade nicht angezeigt werden');
    await page.getByText('Technische Angaben für die Betreiber').click();
    await expect(page.locator('.error-detail')).toHaveText(/nested too deeply/);
    expect((await problems()).filter((p) => !p.startsWith('page error'))).toEqual([]);
  });

  test('api/coworking still answers with a two-billion COUNT in a booking calendar', async ({ request }) => {
    const reply = await request.get('/api/coworking');
    expect(reply.status()).toBe(200);
    const status = await reply.json();
    expect(status.spaces.length).toBeGreaterThan(0);
  });
});
