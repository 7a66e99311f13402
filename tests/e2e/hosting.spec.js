// The same build on different hosts: the gateway under a sub-path, nginx with the sample
// deploy/nginx.conf, a plain file host that only knows error_page 404 (like GitHub Pages),
// and the gateway's own headers.
'use strict';

const { test, expect, recordRequests, mainHeading, catalogue, upcoming } = require('./helpers');

const course = catalogue.courses.find((c) => upcoming(c));
const { urls } = require('./servers');

// HTTP-level checks do not depend on the viewport: run them once.
const screenOnly = (testInfo) => test.skip(testInfo.project.name !== 'screen', 'headers are the same for every viewport');

/** The names of the build's hashed script, wasm and stylesheet, read from index.html. */
async function assetNames(request, origin) {
  const html = await (await request.get(`${origin}/index.html`)).text();
  const js = html.match(/lernort-[0-9a-f]{12,16}\.js/);
  const wasm = html.match(/lernort-[0-9a-f]{12,16}_bg\.wasm/);
  const css = html.match(/main-[0-9a-f]{12,16}\.css/);
  expect(js && wasm && css, 'index.html names the hashed js, wasm and css').toBeTruthy();
  return { js: js[0], wasm: wasm[0], css: css[0] };
}

/** The headers of an app page from a host configured as Lernort ships it (the gateway,
 * deploy/nginx.conf): security headers, no cookie. */
function expectPageHeaders(h, where) {
  expect(h['content-type'], where).toMatch(/^text\/html/);
  expect(h['x-content-type-options'], where).toBe('nosniff');
  expect(h['referrer-policy'], where).toBe('no-referrer');
  expect(h['permissions-policy'], where).toContain('camera=()');
  expect(h['content-security-policy'], where).toContain("frame-ancestors 'none'");
  expect(h['set-cookie'], where).toBeUndefined();
}

/** The hashed assets are served and cached for a year: their names change with them. */
async function expectImmutableAssets(request, origin, assets) {
  for (const name of [assets.js, assets.wasm, assets.css]) {
    const r = await request.get(`${origin}/${name}`);
    expect(r.status(), name).toBe(200);
    expect(r.headers()['cache-control'], name).toBe('public, max-age=31536000, immutable');
  }
}

test.describe('hosting under a sub-path (/lernort/, gateway)', () => {
  const origin = urls.subpath;

  test('deep link, nav links, in-app navigation, reload, logo, own origin only', async ({ page }) => {
    const requests = recordRequests(page, origin);
    await page.goto(`${origin}/lernort/kurse`);
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await expect(page).toHaveTitle(/DiLAS Soest/);

    const navLinks = page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link');
    await expect(navLinks).toHaveCount(4);
    for (const href of await navLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
      expect(href, 'nav links carry the base path').toMatch(/^\/lernort\//);
    }
    for (const href of await page
      .getByRole('navigation', { name: 'Rechtliches und Hilfe' })
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
      expect(href, 'footer links carry the base path').toMatch(/^\/lernort\//);
    }
    await expect(page.locator('a.brand')).toHaveAttribute('href', /^\/lernort\/?$/);

    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Co-Working' }).click();
    await expect(page).toHaveURL(`${origin}/lernort/coworking`);
    await expect(mainHeading(page)).toHaveText('Co-Working');

    await page.reload();
    await expect(page).toHaveURL(`${origin}/lernort/coworking`);
    await expect(mainHeading(page)).toHaveText('Co-Working');

    const logo = page.locator('.brand img');
    await expect(logo).toHaveAttribute('src', /centre\/logo\.svg$/);
    await expect.poll(() => logo.evaluate((img) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

    // The skip link stays on the page under a base href.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(mainHeading(page)).toBeFocused();
    await expect(page).toHaveURL(`${origin}/lernort/coworking`);

    expect(requests.all.every((url) => /^(data|blob):/.test(url) || new URL(url).pathname.startsWith('/lernort/')),
      `every request stays below /lernort/: ${requests.all.join(', ')}`).toBe(true);
    expect(requests.foreign(), 'requests that left the origin').toEqual([]);
  });

  test('unknown page under the sub-path shows the app\'s not-found page', async ({ page }) => {
    await page.goto(`${origin}/lernort/gibt-es-nicht`);
    await expect(mainHeading(page)).toHaveText('Seite nicht gefunden');
    await page.getByRole('link', { name: 'Zur Startseite', exact: true }).click();
    await expect(page).toHaveURL(`${origin}/lernort/`);
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');
  });

  test('/lernort redirects to /lernort/', async ({ page, request }, testInfo) => {
    screenOnly(testInfo);
    const response = await request.get(`${origin}/lernort`, { maxRedirects: 0 });
    expect([301, 302, 307, 308]).toContain(response.status());
    expect(response.headers()['location']).toBe('/lernort/');
    await page.goto(`${origin}/lernort`);
    await expect(page).toHaveURL(`${origin}/lernort/`);
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');
  });
});

test.describe('nginx with the sample deploy/nginx.conf', () => {
  const origin = urls.nginx;

  test('deep link and reload render the courses page', async ({ page }) => {
    const requests = recordRequests(page, origin);
    const response = await page.goto(`${origin}/kurse`);
    expect(response.status()).toBe(200);
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await page.reload();
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await page.goto(`${origin}/kurse/${course.slug}`);
    await expect(mainHeading(page)).toHaveText(course.name);
    expect(requests.foreign()).toEqual([]);
  });

  test('headers: 404 for missing assets, caching, gzip, security', async ({ request }, testInfo) => {
    screenOnly(testInfo);
    const assets = await assetNames(request, origin);

    const missing = await request.get(`${origin}/lernort-0000000000000000.js`);
    expect(missing.status(), 'a missing file with an extension is a 404, not the app').toBe(404);
    expect((await request.get(`${origin}/centre/gibt-es-nicht.json`)).status()).toBe(404);

    await expectImmutableAssets(request, origin, assets);
    for (const p of ['/', '/index.html', '/404.html', '/kurse', '/centre/centre.json']) {
      const r = await request.get(`${origin}${p}`);
      expect(r.status(), p).toBe(200);
      expect(r.headers()['cache-control'], p).toBe('no-cache');
    }

    const wasm = await request.get(`${origin}/${assets.wasm}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(wasm.headers()['content-encoding']).toBe('gzip');
    expect(wasm.headers()['content-type']).toBe('application/wasm');
    expect(wasm.headers()['vary']).toMatch(/Accept-Encoding/i);
    const body = await wasm.body();
    expect(body.subarray(0, 4).toString('hex'), 'decompressed wasm magic').toBe('0061736d');

    const page = await request.get(`${origin}/kurse`);
    expectPageHeaders(page.headers(), '/kurse');
  });
});

test.describe('plain file host (error_page 404 /404.html, no rewrites)', () => {
  const origin = urls.plain;

  test('deep link: HTTP 404, but the app renders the page; bundle pages are files', async ({ page }) => {
    // The imprint is a route of the start bundle without a file of its own.
    const response = await page.goto(`${origin}/impressum`);
    expect(response.status(), 'crawlers see a 404').toBe(404);
    await expect(mainHeading(page)).toHaveText('Impressum');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Start', exact: true }).click();
    await expect(page).toHaveURL(`${origin}/`);
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');
    // The catalogue's and co-working's pages are files written from their bundles' shells;
    // the floor's and Leichte Sprache's from the start bundle's (their own link previews).
    const files = [
      ['/coworking', 'Co-Working'],
      ['/kurse', 'Kursprogramm'],
      ['/sensorboden', 'Sensorboden live'],
      ['/leichte-sprache', 'Leichte Sprache'],
    ];
    for (const [path, heading] of files) {
      const page200 = await page.goto(`${origin}${path}`);
      expect(page200.status(), path).toBe(200);
      await expect(mainHeading(page)).toHaveText(heading);
    }
  });
});

test.describe('gateway headers', () => {
  const origin = urls.gateway;

  test('CSP, content types, caching, health', async ({ request }, testInfo) => {
    screenOnly(testInfo);
    const assets = await assetNames(request, origin);

    const home = await request.get(`${origin}/`);
    const h = home.headers();
    expectPageHeaders(h, '/');
    expect(h['content-security-policy']).toContain("'wasm-unsafe-eval'");
    expect(h['content-security-policy']).toContain("default-src 'self'");
    expect(h['cache-control']).toBe('no-cache');

    // The header's policy is the meta tag's plus frame-ancestors.
    const meta = (await home.text()).match(/http-equiv="?Content-Security-Policy"? content="([^"]+)"/);
    expect(meta, 'index.html has a CSP meta tag').toBeTruthy();
    expect(h['content-security-policy']).toContain(meta[1]);

    const wasm = await request.get(`${origin}/${assets.wasm}`);
    expect(wasm.status()).toBe(200);
    expect(wasm.headers()['content-type']).toBe('application/wasm');
    await expectImmutableAssets(request, origin, assets);
    expect((await request.get(`${origin}/lernort-0000000000000000.js`)).status()).toBe(404);

    const health = await request.get(`${origin}/healthz`);
    expect(health.status()).toBe(200);
    expect(health.headers()['content-type']).toMatch(/^application\/json/);
    expect((await health.json()).status).toBe('up');
  });
});
