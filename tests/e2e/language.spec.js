// Deutsch / English: the switch changes the texts and <html lang>, remembers the choice
// (and only the choice) in localStorage, and stores nothing before the visitor chooses.
'use strict';

const { test, expect, mainHeading, expectNoAxeViolations, pinClock } = require('./helpers');

const storage = (page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));

test.describe('language switch', () => {
  test('English is chosen, shown, remembered; a new visitor starts in German', async ({ page, browser }) => {
    await page.goto('/kurse');
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Deutsch' }), 'only the other language is offered').toHaveCount(0);
    expect(await storage(page), 'nothing stored before the visitor chooses').toEqual({});

    await page.getByRole('button', { name: 'English' }).click();
    await expect(mainHeading(page)).toHaveText('Course programme');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Deutsch' })).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('button', { name: 'English' })).toHaveCount(0);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link')).toHaveText(['Start', 'Courses', 'Co-Working', 'Sensor floor']);
    await expect(page.getByRole('navigation', { name: 'Legal and help' }).getByRole('link')).toHaveText([
      'Easy language',
      'Imprint',
      'Privacy notice',
      'Accessibility',
      'Kiosk',
    ]);
    await expect(page).toHaveTitle('Course programme – DiLAS Soest');
    expect(await storage(page)).toEqual({ 'lernort.lang': 'en' });

    await page.reload();
    await expect(mainHeading(page)).toHaveText('Course programme');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Deutsch' })).toBeVisible();

    // Another visitor (fresh storage) gets German.
    const other = await pinClock(await browser.newContext());
    try {
      const fresh = await other.newPage();
      await fresh.goto('/kurse');
      await expect(mainHeading(fresh)).toHaveText('Kursprogramm');
      await expect(fresh.locator('html')).toHaveAttribute('lang', 'de');
      expect(await storage(fresh)).toEqual({});
    } finally {
      await other.close();
    }

    // Back to German, which is remembered too.
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    expect(await storage(page)).toEqual({ 'lernort.lang': 'de' });
    await page.reload();
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  });

  test('the start page and a legal page in English, accessible too', async ({ page }, testInfo) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'What we offer' })).toBeVisible();
    await expect(page.locator('#main .lead').first()).toContainText('Learn, work and try out');
    await expect(page.getByRole('heading', { level: 3, name: 'Opening hours' })).toBeVisible();
    await expectNoAxeViolations(page, `start page in English (${testInfo.project.name})`);
    await page.getByRole('navigation', { name: 'Legal and help' }).getByRole('link', { name: 'Imprint' }).click();
    await expect(mainHeading(page)).toHaveText('Imprint');
    await expect(page.getByRole('heading', { level: 2, name: 'Provider' })).toBeVisible();
    await expectNoAxeViolations(page, `imprint in English (${testInfo.project.name})`);
  });
});
