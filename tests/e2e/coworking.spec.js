// Co-working availability against the gateway's live api/coworking (the bundled DiLAS
// spaces, tests/e2e/gateway.toml): the numbers on the page are the numbers in the data the
// page received; the plan, list and today's grid; the stale notice when updates stop; the
// pause control; axe; screenshots at both sizes.
'use strict';

const { test, expect, expectNoAxeViolations, screenshot, mainHeading } = require('./helpers');

const API = '**/api/coworking';

/** Opens the page and returns the status document it was given. */
async function openWithData(page) {
  const response = page.waitForResponse((r) => r.url().endsWith('/api/coworking') && r.status() === 200);
  await page.goto('/coworking');
  const status = await (await response).json();
  await expect(page.locator('.free-count')).toBeVisible();
  return status;
}

const desks = (status) => status.spaces.filter((s) => s.kind === 'desk');
const WORDS = { free: 'frei', occupied: 'besetzt', reserved: 'reserviert', outOfService: 'außer Betrieb' };

test.describe('co-working', () => {
  test('the numbers on the page are those of the data', async ({ page }, testInfo) => {
    const status = await openWithData(page);
    await expect(mainHeading(page)).toHaveText('Co-Working');
    const all = desks(status).length;
    const free = status.opening.open ? desks(status).filter((s) => s.status === 'free').length : 0;
    expect(all).toBeGreaterThan(0);
    await expect(page.locator('.free-count')).toHaveText(`${free} von ${all} Plätzen frei`);
    await expect(page.locator('.opening')).toHaveText(status.opening.open ? /^Geöffnet bis \d+:\d\d Uhr$/ : /geschlossen/);

    // The list says every space's status in words; the plan has one control per space.
    const items = page.locator('.space-list li');
    await expect(items).toHaveCount(status.spaces.length);
    for (const space of status.spaces) {
      await expect(items.filter({ hasText: `${space.name.de}: ${WORDS[space.status]}` })).toHaveCount(1);
    }
    await expect(page.locator('.plan .space')).toHaveCount(status.spaces.length);

    // Today's grid: a row per space; booked hours marked in words too.
    await expect(page.locator('.today-grid tbody tr')).toHaveCount(status.spaces.length);
    const bookedSomewhere = status.spaces.some((s) => s.today.length > 0);
    if (bookedSomewhere) {
      await expect(page.locator('.today-grid td.taken').first()).toContainText('reserviert');
    }
    await expect(page.locator('.coworking-booking a[href^="tel:"]')).toBeVisible();
    await screenshot(page, testInfo, 'coworking-live');
    await expectNoAxeViolations(page, 'co-working');
  });

  test('a space chosen on the plan by keyboard shows its details', async ({ page }) => {
    const status = await openWithData(page);
    const space = status.spaces[0];
    const control = page.locator('.plan .space').first();
    await control.focus();
    await page.keyboard.press('Enter');
    await expect(control).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.space-details h3')).toHaveText(space.name.de);
    await expect(page.locator('.space-details')).toContainText(WORDS[space.status]);
  });

  test('the weekday load chart is drawn, with the same in words', async ({ page }) => {
    const status = await openWithData(page);
    test.skip(!status.load, 'no load history configured');
    const canvas = page.locator('canvas.load-chart');
    await expect(canvas).toHaveAttribute('aria-label', /Typische Auslastung am \w+ nach Uhrzeit/);
    // Something was drawn: the canvas is not one plain colour.
    const colours = await canvas.evaluate((c) => {
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < data.length; i += 4 * 97) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(2);
    await page.getByRole('radio', { name: 'Dienstag' }).check();
    await expect(page.locator('.load-sentence')).toContainText('Dienstag');
    await expect(canvas).toHaveAttribute('aria-label', /am Dienstag/);
  });

  test('updates stop: the last data stays, a notice says since when; it recovers', async ({ page }, testInfo) => {
    await openWithData(page);
    const count = await page.locator('.free-count').textContent();
    await page.route(API, (route) => route.abort('connectionrefused'));
    // The page refreshes when it becomes visible again (and every minute).
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const notice = page.locator('.notice.stale');
    await expect(notice).toContainText(/Die Anzeige wird gerade nicht aktualisiert\. Sie sehen den Stand von \d+:\d\d Uhr/);
    await expect(page.locator('.free-count'), 'the last good figures stay').toHaveText(count);
    await screenshot(page, testInfo, 'coworking-veraltet');
    await expectNoAxeViolations(page, 'co-working, stale');

    await page.unroute(API);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(notice).toHaveCount(0);
  });

  test('data that no longer changes (a stopped job): the notice says since when', async ({ page, request }) => {
    const status = await (await request.get('/api/coworking')).json();
    status.generated -= 600;
    await page.route(API, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(status) }));
    await page.goto('/coworking');
    await expect(page.locator('.free-count')).toBeVisible();
    await expect(page.locator('.notice.stale')).toContainText('Die Anzeige wird gerade nicht aktualisiert');
  });

  test('no data at all: a plain message, the rest of the page works', async ({ page }) => {
    await page.route(API, (route) => route.fulfill({ status: 503, body: 'down' }));
    await page.goto('/coworking');
    await expect(page.locator('.notice.error')).toContainText('Die Belegung kann gerade nicht geladen werden');
    await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
    await expectNoAxeViolations(page, 'co-working, no data');
  });

  test('automatic updates can be paused', async ({ page }) => {
    await openWithData(page);
    let requests = 0;
    await page.route(API, (route) => {
      requests += 1;
      return route.continue();
    });
    const pause = page.getByRole('button', { name: 'Automatische Aktualisierung anhalten' });
    await pause.click();
    await expect(page.getByRole('button', { name: 'Automatische Aktualisierung fortsetzen' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.updated')).toContainText('angehalten');
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.getByRole('button', { name: 'Automatische Aktualisierung fortsetzen' }).click();
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => requests, { message: 'one request after resuming, none while paused' }).toBe(1);
  });
});
