// Public-service audits across the site: the main journeys by keyboard alone, reflow at
// 320 px, 200 % text size, reduced motion and forced colours (BITV NRW / WCAG 2.1 AA).
'use strict';

const { test, expect, expectNoAxeViolations, screenshot, mainHeading, catalogue, upcoming } = require('./helpers');

const PAGES = ['/', '/kurse', '/merkliste', '/coworking', '/sensorboden', '/leichte-sprache', '/impressum',
  '/datenschutz', '/barrierefreiheit', '/kiosk'];

/** Presses Tab until `locator` has the focus (at most `limit` times); fails otherwise. */
async function tabTo(page, locator, limit = 80) {
  for (let i = 0; i < limit; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(locator, 'reached by Tab').toBeFocused();
}

/** Waits until the page shows its content (the app replaced the loading text). */
async function ready(page) {
  await expect(mainHeading(page)).toBeVisible();
  await expect(page.locator('#boot')).toHaveCount(0);
}

/** Opens each of PAGES in a viewport of `width` x `height` and, once it is ready, calls
 * `check(path)`. */
async function onEachPage(page, width, height, check) {
  await page.setViewportSize({ width, height });
  for (const path of PAGES) {
    await page.goto(path);
    await ready(page);
    await check(path);
  }
}

test.describe('keyboard only', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'a keyboard journey needs no second viewport');
  });

  test('find a course, open it, add it to the calendar', async ({ page }) => {
    const course = catalogue.courses.find((c) => upcoming(c) && c.sessions.length > 0);
    await page.goto('/');
    await ready(page);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await tabTo(page, nav.getByRole('link', { name: 'Kurse', exact: true }));
    await page.keyboard.press('Enter');
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    const search = page.getByRole('searchbox', { name: 'Kurse durchsuchen' });
    await tabTo(page, search);
    await page.keyboard.type(course.name);
    const result = page.locator('.course-row-title a', { hasText: course.name }).first();
    await expect(result).toBeVisible();
    await tabTo(page, result);
    await page.keyboard.press('Enter');
    await expect(mainHeading(page)).toHaveText(course.name);
    await expect(mainHeading(page), 'the new page starts at its heading').toBeFocused();
    const ics = page.getByRole('link', { name: 'In den Kalender eintragen' });
    await tabTo(page, ics);
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toBe(`${course.slug}.ics`);
  });

  test('find a free desk', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await tabTo(page, nav.getByRole('link', { name: 'Co-Working', exact: true }));
    await page.keyboard.press('Enter');
    await expect(page.locator('.free-count')).toBeVisible();
    const free = page.locator('.plan .space.free').first();
    await tabTo(page, free);
    await page.keyboard.press('Enter');
    await expect(page.locator('.space-details')).toContainText('frei');
    // The focus ring is visible: an outline or the thick focus stroke.
    const stroke = await free.locator('rect').evaluate((r) => getComputedStyle(r).strokeWidth);
    expect(parseFloat(stroke)).toBeGreaterThanOrEqual(6);
  });
});

test.describe('reflow and text size', () => {
  test('320 px wide: no page scrolls sideways', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'one narrow viewport');
    await onEachPage(page, 320, 640, async (path) => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} at 320 px`).toBeLessThanOrEqual(320);
    });
    await screenshot(page, testInfo, 'reflow-320-kiosk');
  });

  test('200 % text: nothing cut off, no sideways scrolling', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'one desktop viewport');
    await onEachPage(page, 1280, 900, async (path) => {
      // Text size doubled the way a browser's text zoom does: the root font size.
      await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%'));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow, `${path} at 200 % text`).toBeLessThanOrEqual(1280);
      const clipped = await page.evaluate(() => {
        // Headings and paragraphs whose text runs out of their box.
        return [...document.querySelectorAll('#main h1, #main h2, #main p, #main a')]
          .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
          .map((el) => el.textContent.trim().slice(0, 40));
      });
      expect(clipped, `${path}: text cut off at 200 %`).toEqual([]);
    });
    await screenshot(page, testInfo, 'text-200');
  });
});

test.describe('motion and colours', () => {
  test('prefers-reduced-motion: the floor draws no trails', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'one viewport');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/sensorboden');
    await expect(page.locator('.floor')).toHaveAttribute('data-motion', 'reduced', { timeout: 15_000 });
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.reload();
    await expect(page.locator('.floor')).toHaveAttribute('data-motion', 'trails', { timeout: 15_000 });
  });

  test('forced colours: every status is still told in words and symbols; axe', async ({ page }, testInfo) => {
    await page.emulateMedia({ forcedColors: 'active' });
    await page.goto('/coworking');
    await expect(page.locator('.free-count')).toBeVisible();
    for (const word of ['frei', 'besetzt', 'reserviert', 'außer Betrieb']) {
      await expect(page.locator('.legend'), 'the legend names each status').toContainText(word);
    }
    const symbols = await page.locator('.plan .space text:first-of-type').allTextContents();
    expect(symbols.every((s) => ['✓', '●', '◔', '✕'].includes(s.trim())), symbols.join(' ')).toBe(true);
    await screenshot(page, testInfo, 'coworking-forced-colors');
    await expectNoAxeViolations(page, 'co-working, forced colours');

    await page.goto('/sensorboden');
    await expect(page.locator('.floor-status')).not.toBeEmpty({ timeout: 15_000 });
    await screenshot(page, testInfo, 'sensorboden-forced-colors');
    await expectNoAxeViolations(page, 'floor, forced colours');

    await page.goto('/kurse');
    await expect(page.locator('.course-row').first()).toBeVisible();
    await expect(page.locator('.course-row').first()).toContainText(/frei|Ausgebucht|Warteliste|Abgesagt|Vorbei|Platz|Plätze/);
    await screenshot(page, testInfo, 'kurse-forced-colors');
  });
});
