// Moving around: the header and footer links, the current-page marker, reload on a deep
// link, and the whole header/footer by keyboard alone.
'use strict';

const { test, expect, mainHeading, catalogue, upcoming } = require('./helpers');

const course = catalogue.courses.find((c) => upcoming(c));

// These pages are in the start bundle and navigate inside the app; "Kurse" and
// "Co-Working" load their own bundles as pages of their own (ARCHITECTURE.md, "Bundles"):
// their own test below.
const MAIN_NAV = [
  { link: 'Sensorboden', path: '/sensorboden', h1: 'Sensorboden live' },
  { link: 'Start', path: '/', h1: 'DiLAS Soest' },
];

const FOOTER = [
  { link: 'Leichte Sprache', path: '/leichte-sprache', h1: 'Leichte Sprache' },
  { link: 'Impressum', path: '/impressum', h1: 'Impressum' },
  { link: 'Datenschutz', path: '/datenschutz', h1: 'Datenschutzerklärung' },
  { link: 'Barrierefreiheit', path: '/barrierefreiheit', h1: 'Erklärung zur Barrierefreiheit' },
];

const mainNav = (page) => page.getByRole('navigation', { name: 'Hauptnavigation' });
const footerNav = (page) => page.getByRole('navigation', { name: 'Rechtliches und Hilfe' });

test.describe('navigation', () => {
  test('main navigation: URL, heading and aria-current follow each click', async ({ page, baseURL }) => {
    await page.goto('/');
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');
    await expect(mainNav(page).locator('[aria-current="page"]')).toHaveText('Start');
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    for (const step of MAIN_NAV) {
      await mainNav(page).getByRole('link', { name: step.link, exact: true }).click();
      await expect(page).toHaveURL(baseURL + step.path);
      await expect(mainHeading(page)).toHaveText(step.h1);
      const current = mainNav(page).locator('[aria-current="page"]');
      await expect(current, `exactly one current link after "${step.link}"`).toHaveCount(1);
      await expect(current).toHaveText(step.link);
      // After an in-app navigation the new page's heading has the focus.
      await expect(mainHeading(page)).toBeFocused();
    }
    expect(await page.evaluate(() => window.__sameDocument), 'navigation stayed in the app').toBe(true);

    // Back and Forward walk the same pages, still without a reload.
    await page.goBack();
    await expect(page).toHaveURL(baseURL + '/sensorboden');
    await expect(mainHeading(page)).toHaveText('Sensorboden live');
    await expect(mainNav(page).locator('[aria-current="page"]')).toHaveText('Sensorboden');
    await page.goBack();
    await expect(page).toHaveURL(baseURL + '/');
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');
    await page.goForward();
    await expect(page).toHaveURL(baseURL + '/sensorboden');
    await expect(mainHeading(page)).toHaveText('Sensorboden live');
    expect(await page.evaluate(() => window.__sameDocument), 'Back/Forward stayed in the app').toBe(true);
  });

  test('footer links lead to their pages', async ({ page, baseURL }) => {
    await page.goto('/');
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');
    for (const step of FOOTER) {
      await footerNav(page).getByRole('link', { name: step.link, exact: true }).click();
      await expect(page).toHaveURL(baseURL + step.path);
      await expect(mainHeading(page)).toHaveText(step.h1);
      await expect(footerNav(page).locator('[aria-current="page"]')).toHaveText(step.link);
      await expect(mainNav(page).locator('[aria-current="page"]'), 'no main nav link is current').toHaveCount(0);
    }
    // The kiosk is its own bundle and fills the screen: no header, no footer.
    await footerNav(page).getByRole('link', { name: 'Kiosk', exact: true }).click();
    await expect(page).toHaveURL(baseURL + '/kiosk');
    await expect(page.locator('main.kiosk')).toBeVisible();
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');
    await expect(page).toHaveTitle('Kiosk-Ansicht – DiLAS Soest');
    await expect(footerNav(page)).toHaveCount(0);
  });

  test('links on the start page and the back links work', async ({ page, baseURL }) => {
    await page.goto('/');
    await page.locator('#main').getByRole('link', { name: 'Diese Seite in Leichter Sprache' }).click();
    await expect(page).toHaveURL(baseURL + '/leichte-sprache');
    await expect(mainHeading(page)).toHaveText('Leichte Sprache');
    await expect(page.locator('#main h2').first()).toHaveText('Was ist DiLAS Soest?');
    await page.goto('/');
    await page.locator('#main .cards').getByRole('link', { name: 'Co-Working' }).click();
    await expect(page).toHaveURL(baseURL + '/coworking');
    await expect(mainHeading(page)).toHaveText('Co-Working');

    await page.goto(`/kurse/${course.slug}`);
    await page.getByRole('link', { name: 'Zum Kursprogramm' }).click();
    await expect(page).toHaveURL(baseURL + '/kurse');
    await expect(mainHeading(page)).toHaveText('Kursprogramm');

    await page.goto('/gibt-es-nicht');
    await page.getByRole('link', { name: 'Zur Startseite', exact: true }).click();
    await expect(page).toHaveURL(baseURL + '/');
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');

    await page.getByRole('link', { name: /DiLAS Soest.*zur Startseite/ }).click();
    await expect(page).toHaveURL(baseURL + '/');
  });

  test('reload on a deep link keeps the page', async ({ page, baseURL }) => {
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: 'Kurse', exact: true }).click();
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await page.reload();
    await expect(page).toHaveURL(baseURL + '/kurse');
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await expect(mainNav(page).locator('[aria-current="page"]')).toHaveText('Kurse');
  });

  test('"Kurse" loads the catalogue bundle; its links stay inside it, others leave it', async ({ page, baseURL }) => {
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: 'Kurse', exact: true }).click();
    await expect(page).toHaveURL(baseURL + '/kurse');
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await expect(mainNav(page).locator('[aria-current="page"]')).toHaveText('Kurse');
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    const first = page.locator('#main .course-list h2 a, #main .course-list h3 a').first();
    const name = (await first.textContent()).trim();
    await first.click();
    await expect(mainHeading(page)).toHaveText(name);
    await expect(mainHeading(page), 'an in-app navigation focuses the heading').toBeFocused();
    expect(await page.evaluate(() => window.__sameDocument), 'course pages are in the same bundle').toBe(true);
    await page.goBack();
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await mainNav(page).getByRole('link', { name: 'Sensorboden', exact: true }).click();
    await expect(mainHeading(page)).toHaveText('Sensorboden live');
    expect(await page.evaluate(() => window.__sameDocument), 'the floor loads the start bundle').toBeUndefined();
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    await mainNav(page).getByRole('link', { name: 'Co-Working', exact: true }).click();
    await expect(mainHeading(page)).toHaveText('Co-Working');
    await expect(mainNav(page).locator('[aria-current="page"]')).toHaveText('Co-Working');
    expect(await page.evaluate(() => window.__sameDocument), 'co-working has its own bundle').toBeUndefined();
  });

  test('a course page marks its section, not itself, in the navigation', async ({ page }) => {
    await page.goto(`/kurse/${course.slug}`);
    await expect(mainHeading(page)).toHaveText(course.name);
    await expect(mainNav(page).locator('[aria-current="true"]')).toHaveText('Kurse');
    await expect(mainNav(page).locator('[aria-current="page"]')).toHaveCount(0);
  });

  test('keyboard: skip link first, every nav and footer link reachable, focus visible', async ({ page }) => {
    await page.goto('/');
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');

    const describeFocus = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const nav = el.closest('nav');
        return {
          tag: el.tagName.toLowerCase(),
          text: (el.textContent || '').trim().replace(/\s+/g, ' '),
          href: el.getAttribute('href'),
          nav: nav ? nav.getAttribute('aria-label') : null,
          outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
          visibleRing:
            (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
        };
      });

    // First Tab: the skip link, and Enter on it puts the focus on the page's heading.
    await page.keyboard.press('Tab');
    const first = await describeFocus();
    expect(first && first.text).toBe('Zum Inhalt springen');
    expect(first.visibleRing, `focus ring on the skip link: ${first.outline}`).toBe(true);
    await expect(page.locator('.skip-link')).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(mainHeading(page)).toBeFocused();
    await expect(page).toHaveURL(/\/$/);

    // From a fresh load, Tab through everything.
    await page.reload();
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');
    const stops = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focus = await describeFocus();
      if (!focus || (stops.length > 0 && focus.text === stops[0].text && focus.tag === stops[0].tag)) break;
      stops.push(focus);
    }
    const names = stops.map((s) => s.text);
    expect(names[0]).toBe('Zum Inhalt springen');
    for (const step of MAIN_NAV) {
      expect(
        stops.some((s) => s.nav === 'Hauptnavigation' && s.text === step.link),
        `main nav link "${step.link}" reached by Tab; stops: ${names.join(' | ')}`,
      ).toBe(true);
    }
    for (const step of FOOTER) {
      expect(
        stops.some((s) => s.nav === 'Rechtliches und Hilfe' && s.text === step.link),
        `footer link "${step.link}" reached by Tab; stops: ${names.join(' | ')}`,
      ).toBe(true);
    }
    for (const lang of ['English']) {
      expect(stops.some((s) => s.tag === 'button' && s.text === lang), `"${lang}" reached by Tab`).toBe(true);
    }
    const invisible = stops.filter((s) => !s.visibleRing);
    expect(invisible, 'focused elements without a visible focus indicator').toEqual([]);
  });
});
