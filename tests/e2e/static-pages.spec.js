// The static course pages `lernort-dist finish` writes (docs/static-pages.md): readable
// without JavaScript, with the course's own link preview and JSON-LD in the raw HTML, taken
// over by the app with JavaScript, and served with status 200 by every host.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { test, expect, repo, expectNoAxeViolations, mainHeading, screenshot, catalogue } = require('./helpers');
const { urls } = require('./servers');

const centre = JSON.parse(fs.readFileSync(path.join(repo, 'dist', 'centre', 'centre.json'), 'utf8'));

// A course still to come (as of the catalogue's generated time) with a booking link;
// preferably one whose name needs HTML escaping.
const generated = Date.parse(catalogue.generated);
const bookable = catalogue.courses.filter(
  (c) => c.bookingUrl && c.availability !== 'cancelled' && c.sessions.some((s) => Date.parse(s.endDate) > generated),
);
const course = bookable.find((c) => /[&<>"]/.test(c.name)) || bookable[0];
const coursePath = `/kurse/${course.slug}`;

const escapeHtml = (text) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

// HTTP-level checks do not depend on the viewport: run them once.
const screenOnly = (testInfo) => test.skip(testInfo.project.name !== 'screen', 'the same for every viewport');

test.describe('a course page without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('shows the summary with the booking link', async ({ page }, testInfo) => {
    const response = await page.goto(coursePath);
    expect(response.status()).toBe(200);
    await expect(page).toHaveTitle(`${course.name} – ${centre.name}`);
    await expect(page.locator('#boot h1')).toHaveText(course.name);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    const booking = page.getByRole('link', { name: /^Zur Anmeldung bei / });
    await expect(booking).toBeVisible();
    await expect(booking).toHaveAttribute('href', course.bookingUrl);
    await expect(page.getByRole('link', { name: `Alle Kurse bei ${centre.name}` })).toHaveAttribute('href', 'kurse');
    await expect(page.getByRole('link', { name: 'Impressum' })).toHaveAttribute('href', 'impressum');
    // The same sections as the app's course page (lernort_catalogue::markup).
    await expect(page.getByRole('heading', { level: 2, name: 'Termine' })).toBeVisible();
    await expect(page.locator('#boot .course-facts')).toContainText('Kursnummer');
    await expect(page.locator('#main'), 'the app did not run').toHaveCount(0);
    await screenshot(page, testInfo, 'kurs-ohne-javascript');
  });

  test('the course list links every course', async ({ page }) => {
    const response = await page.goto('/kurse');
    expect(response.status()).toBe(200);
    await expect(page.locator('#boot h1')).toHaveText('Kursprogramm');
    await expect(page.locator('#boot a[href^="kurse/"]')).toHaveCount(catalogue.courses.length);
  });
});

// axe runs as a script in the page, which a context without JavaScript does not allow.
// Blocking the app's own files gives the same DOM as without JavaScript (the summary has
// no <noscript>), and axe can run.
test('the static pages pass axe as readers without JavaScript see them', async ({ page }) => {
  await page.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  for (const p of [coursePath, '/kurse']) {
    await page.goto(p);
    await expect(page.locator('#boot h1')).toBeVisible();
    await expect(page.locator('#main'), 'the app did not run').toHaveCount(0);
    await expectNoAxeViolations(page, `${p} without the app`);
  }
});

test('the raw HTML carries the course\'s link preview and JSON-LD', async ({ request }, testInfo) => {
  screenOnly(testInfo);
  const response = await request.get(coursePath);
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers['content-type']).toMatch(/^text\/html/);
  expect(headers['cache-control']).toBe('no-cache');
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  const html = await response.text();
  expect(html).toContain(`<meta property="og:title" content="${escapeHtml(course.name)}">`);
  if (centre.site_url) {
    expect(html).toContain(`<meta property="og:url" content="${centre.site_url}kurse/${course.slug}">`);
    expect(html).toContain(`<link rel="canonical" href="${centre.site_url}kurse/${course.slug}">`);
  }
  const block = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
  expect(block, 'a JSON-LD block').toBeTruthy();
  const events = JSON.parse(block[1]);
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect(event['@type']).toBe('Event');
    expect(event.name).toBe(course.name);
    expect(event.startDate).toMatch(/^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?$/);
  }
});

// What a social network's crawler gets: no JavaScript, only the raw HTML. extruct (PyPI,
// the parser tests/static/check_static.py uses) reads the Open Graph tags of every kind of
// page someone shares; the picture they name is fetched from the same server.
const ogOf = (html) => {
  const script = 'import sys, json, extruct\n'
    + 'print(json.dumps(extruct.extract(sys.stdin.read(), syntaxes=["opengraph"], uniform=True)["opengraph"]))';
  const found = JSON.parse(execFileSync('python3', ['-c', script], { input: html, encoding: 'utf8' }));
  expect(found.length, 'one Open Graph object').toBe(1);
  return found[0];
};

test('every page people share previews with a title, a description and its own picture', async ({ request }, testInfo) => {
  screenOnly(testInfo);
  test.skip(!centre.site_url, 'pictures need the absolute addresses of site_url');
  const pages = ['/', '/kurse', coursePath, '/coworking', '/sensorboden', '/leichte-sprache', '/merkliste'];
  const pictures = new Set();
  for (const p of pages) {
    const response = await request.get(p, { headers: { 'user-agent': 'facebookexternalhit/1.1' } });
    expect(response.status(), p).toBe(200);
    const html = await response.text();
    const og = ogOf(html);
    expect(og['og:title'], p).toBeTruthy();
    expect(og['og:description'], p).toBeTruthy();
    expect(og['og:image:alt'], p).toBeTruthy();
    expect([og['og:image:width'], og['og:image:height'], og['og:image:type']], p).toEqual(['1200', '630', 'image/png']);
    expect(html, p).toContain('<meta name="twitter:card" content="summary_large_image">');
    const image = og['og:image'];
    expect(image.startsWith(centre.site_url), `${p}: ${image}`).toBe(true);
    // The gateway serves the floor page with its live picture (sensorboden/index.gateway.html).
    if (p === '/sensorboden') expect(image).toBe(`${centre.site_url}api/floor.png`);
    pictures.add(image);
    const png = await request.get(`/${image.slice(centre.site_url.length)}`);
    expect(png.status(), image).toBe(200);
    expect(png.headers()['content-type'], image).toBe('image/png');
    const bytes = await png.body();
    expect(bytes.subarray(1, 4).toString('latin1'), image).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], image).toEqual([1200, 630]);
    expect(bytes.length, image).toBeLessThanOrEqual(200 * 1000);
  }
  expect(pictures.size, 'each kind of page has its own picture').toBe(pages.length);
  const courseOg = ogOf(await (await request.get(coursePath)).text());
  expect(courseOg['og:image:alt']).toMatch(new RegExp(`^Kurs: .+, (ab|am) \\d+\\. \\S+ \\d{4}, ${centre.name}`));
});

// How the shared links look where people see them: a chat app's preview on a phone (the
// picture scaled to the bubble, the title and description below), for the screenshots.
test('shared links preview legibly at phone size', async ({ page, request, baseURL }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'a phone-sized preview');
  test.skip(!centre.site_url, 'pictures need the absolute addresses of site_url');
  const bubbles = [];
  for (const p of [coursePath, '/kurse', '/sensorboden']) {
    const og = ogOf(await (await request.get(p)).text());
    const src = `${baseURL.replace(/\/$/, '')}/${og['og:image'].slice(centre.site_url.length)}`;
    bubbles.push(`<figure><img src="${src}" alt="${escapeHtml(og['og:image:alt'])}">`
      + `<figcaption><b>${escapeHtml(og['og:title'])}</b><br>${escapeHtml(og['og:description'])}</figcaption></figure>`);
  }
  await page.setContent(`<!doctype html><html lang="de"><style>
    body { margin: 0; padding: 12px; background: #e5ddd5; font: 15px/1.35 sans-serif; }
    figure { margin: 0 0 12px; max-width: 320px; background: #fff; border-radius: 8px; overflow: hidden; }
    img { display: block; width: 100%; height: auto; }
    figcaption { padding: 8px 10px; color: #333; }
  </style><body>${bubbles.join('')}</body></html>`);
  const images = page.locator('img');
  await expect(images).toHaveCount(3);
  for (const image of await images.all()) {
    await expect.poll(() => image.evaluate((img) => img.complete && img.naturalWidth)).toBe(1200);
  }
  await screenshot(page, testInfo, 'vorschau-geteilter-links');
});

test('with JavaScript the app takes over, without a CSP violation', async ({ page }, testInfo) => {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  await page.goto(coursePath);
  await expect(page.locator('#boot'), 'the app removed the static summary').toHaveCount(0);
  await expect(mainHeading(page), "the app's course page").toHaveText(course.name);
  await expect(page).toHaveURL(new RegExp(`${coursePath}$`));
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(errors.filter((text) => /content security policy|refused to/i.test(text))).toEqual([]);
  await screenshot(page, testInfo, 'kurs-mit-javascript');
});

test.describe('every host serves course pages with status 200', () => {
  const hosts = [
    ['gateway', urls.gateway, ''],
    ['gateway under /lernort/', urls.subpath, '/lernort'],
    ['nginx (deploy/nginx.conf)', urls.nginx, ''],
    ['plain file host', urls.plain, ''],
  ];
  for (const [name, origin, base] of hosts) {
    test(name, async ({ request }, testInfo) => {
      screenOnly(testInfo);
      for (const p of [`${base}${coursePath}`, `${base}${coursePath}/`, `${base}/kurse`]) {
        const response = await request.get(`${origin}${p}`);
        expect(response.status(), p).toBe(200);
        const html = await response.text();
        expect(html, p).toContain(`<base href="${base}/">`);
        if (p.startsWith(`${base}${coursePath}`)) {
          expect(html, p).toContain(`<meta property="og:title" content="${escapeHtml(course.name)}">`);
        } else {
          expect(html, p).toContain('<h1>Kursprogramm</h1>');
        }
      }
    });
  }
});

test('calendars, sitemap and robots.txt are served', async ({ request }, testInfo) => {
  screenOnly(testInfo);
  for (const origin of [urls.gateway, urls.nginx]) {
    for (const file of ['/data/kurse.ics', `/data/kurse/${course.slug}.ics`]) {
      const response = await request.get(`${origin}${file}`);
      expect(response.status(), `${origin}${file}`).toBe(200);
      expect(response.headers()['content-type'], `${origin}${file}`).toMatch(/^text\/calendar/);
      expect(await response.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);
    }
    const robots = await request.get(`${origin}/robots.txt`);
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toContain('User-agent: *');
  }
  if (centre.site_url) {
    const sitemap = await request.get(`${urls.gateway}/sitemap.xml`);
    expect(sitemap.status()).toBe(200);
    expect(sitemap.headers()['content-type']).toMatch(/xml/);
    expect(await sitemap.text()).toContain(`<loc>${centre.site_url}kurse/${course.slug}</loc>`);
  }
});
