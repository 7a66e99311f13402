// Offline and installable: the manifest, and the service worker keeping the app shell and
// the catalogue readable when the network is gone (the floor and co-working say that they
// are offline); a new build's worker takes over on the next visit. The update test runs its
// own gateway on port base + 6 (8187).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { test, expect, repo, mainHeading, catalogue, upcoming, screenshot, expectNoAxeViolations } = require('./helpers');
const { ports } = require('./servers');

test.use({ serviceWorkers: 'allow' });

/** Opens `path` and waits until the service worker controls the page. */
async function controlled(page, path) {
  await page.goto(path);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

test('the manifest names the centre and its icon', async ({ request }, testInfo) => {
  test.skip(testInfo.project.name !== 'screen', 'one viewport');
  const response = await request.get('/manifest.webmanifest');
  expect(response.headers()['content-type']).toMatch(/manifest\+json/);
  const manifest = await response.json();
  expect(manifest).toMatchObject({ name: 'DiLAS Soest', start_url: './', display: 'standalone' });
  const icon = await request.get(`/${manifest.icons[0].src}`);
  expect(icon.status()).toBe(200);
});

test('offline: start page, catalogue and a course still open; live parts say offline', async ({ page, context }, testInfo) => {
  const course = catalogue.courses.find((c) => upcoming(c));
  await controlled(page, '/');
  await page.goto('/kurse');
  await expect(page.locator('.course-row').first()).toBeVisible();

  await context.setOffline(true);
  await page.goto('/');
  await expect(mainHeading(page)).toHaveText('DiLAS Soest');
  await page.goto('/kurse');
  await expect(mainHeading(page)).toHaveText('Kursprogramm');
  await expect(page.locator('.course-row').first()).toBeVisible();
  // A course page never visited: the catalogue bundle's shell shows it from the cached data.
  await page.goto(`/kurse/${course.slug}`);
  await expect(mainHeading(page)).toHaveText(course.name);
  await screenshot(page, testInfo, 'offline-kurs');

  await page.goto('/sensorboden');
  await expect(page.locator('.floor')).toHaveAttribute('data-state', 'offline', { timeout: 20_000 });
  await page.goto('/coworking');
  await expect(page.locator('.notice.error')).toContainText('Die Belegung kann gerade nicht geladen werden');
  await expectNoAxeViolations(page, 'co-working offline');
  await context.setOffline(false);
});

test('a new build takes over on the next visit, offline too', async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== 'screen', 'one viewport');
  test.setTimeout(90_000);
  // A copy of dist and of the centre on a gateway of its own (base + 6), so the build can
  // change under the open page.
  const dist = path.join(repo, 'target/e2e-sw-dist');
  const centre = path.join(repo, 'target/e2e-sw-centre');
  fs.rmSync(dist, { recursive: true, force: true });
  fs.rmSync(centre, { recursive: true, force: true });
  fs.cpSync(path.join(repo, 'dist'), dist, { recursive: true });
  fs.cpSync(path.join(repo, 'centres/dilas-soest'), centre, { recursive: true });
  const port = ports.gateway + 6;
  const url = `http://127.0.0.1:${port}`;
  const gateway = spawn(path.join(repo, 'target/debug/lernort-gateway'), ['--dist', dist, '--addr', `127.0.0.1:${port}`], {
    cwd: repo,
    stdio: 'ignore',
  });
  const cacheKeys = () => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('lernort-')));
  const version = () => fs.readFileSync(path.join(dist, 'sw.js'), 'utf8').match(/VERSION = '(\w+)'/)[1];
  try {
    await expect.poll(async () => (await fetch(`${url}/healthz`).catch(() => ({ ok: false }))).ok, { timeout: 20_000 }).toBe(true);
    await controlled(page, `${url}/`);
    await expect.poll(cacheKeys).toEqual([`lernort-${version()}`]);
    const before = version();

    // A new build: here a new tagline, finished again (new sw.js version).
    const config = JSON.parse(fs.readFileSync(path.join(centre, 'centre.json'), 'utf8'));
    config.tagline = { de: 'Neue Fassung der Seite', en: 'New version of the site' };
    fs.writeFileSync(path.join(centre, 'centre.json'), JSON.stringify(config, null, 2));
    const finish = spawnSync(path.join(repo, 'target/debug/lernort-dist'), ['finish', dist, '--centre', centre, '--base', '/'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(finish.status, finish.stderr).toBe(0);
    expect(version()).not.toBe(before);

    // The next visit shows the new build, and the new worker replaces the old cache.
    await page.reload();
    await expect(page.locator('.lead').first()).toHaveText('Neue Fassung der Seite');
    await expect.poll(cacheKeys, { timeout: 20_000 }).toEqual([`lernort-${version()}`]);
    // Offline, the new build is what stays: nothing stale is stuck.
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('.lead').first()).toHaveText('Neue Fassung der Seite');
    await context.setOffline(false);
  } finally {
    gateway.kill('SIGKILL');
  }
});
