// Every route, loaded directly (which is also "reload on a deep link"): the right heading,
// the tab title, no WCAG 2.1 AA violations by axe, a full-page screenshot, no request to
// another origin and no cookies.
'use strict';

const { test, expect, expectNoAxeViolations, screenshot, recordRequests, mainHeading, catalogue, upcoming } = require('./helpers');

// A real course from the catalogue: the first one that is still to come.
const course = catalogue.courses.find((c) => upcoming(c));

const ROUTES = [
  { path: '/', name: 'start', h1: 'DiLAS Soest' },
  { path: '/kurse', name: 'kurse', h1: 'Kursprogramm' },
  { path: `/kurse/${course.slug}`, name: 'kurs-detail', h1: course.name },
  { path: '/merkliste', name: 'merkliste-leer', h1: 'Merkliste' },
  { path: '/coworking', name: 'coworking', h1: 'Co-Working' },
  { path: '/sensorboden', name: 'sensorboden', h1: 'Sensorboden live' },
  { path: '/kiosk', name: 'kiosk', h1: 'DiLAS Soest' }, // full screen: the centre's name heads it
  { path: '/leichte-sprache', name: 'leichte-sprache', h1: 'Leichte Sprache' },
  { path: '/impressum', name: 'impressum', h1: 'Impressum' },
  { path: '/datenschutz', name: 'datenschutz', h1: 'Datenschutzerklärung' },
  { path: '/barrierefreiheit', name: 'barrierefreiheit', h1: 'Erklärung zur Barrierefreiheit' },
  { path: '/gibt-es-nicht', name: 'nicht-gefunden', h1: 'Seite nicht gefunden' },
];

test.describe('every route', () => {
  for (const route of ROUTES) {
    test(`${route.path} (${route.name})`, async ({ page, context, baseURL }, testInfo) => {
      const origin = new URL(baseURL).origin;
      const requests = recordRequests(page, origin);

      const response = await page.goto(route.path);
      expect(response.status(), 'the gateway answers app paths with index.html').toBe(200);
      await expect(mainHeading(page)).toHaveText(route.h1);
      await expect(page.locator('#boot'), 'the loading placeholder is gone').toHaveCount(0);
      await expect(page).toHaveTitle(/DiLAS Soest/);
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');

      if (route.name === 'kurse') {
        await expect(page.locator('.course-row').first()).toBeVisible();
      }
      if (route.name === 'kurs-detail') {
        await expect(page.getByRole('heading', { name: 'Termine' })).toBeVisible();
        await expect(page.getByRole('link', { name: 'Zum Kursprogramm' })).toHaveAttribute('href', '/kurse');
        await expect(page).toHaveTitle(`${course.name} – DiLAS Soest`);
      }
      if (route.name === 'nicht-gefunden') {
        await expect(page.getByRole('link', { name: 'Zur Startseite', exact: true })).toHaveAttribute('href', '/');
      }

      await expectNoAxeViolations(page, `${route.path} (${testInfo.project.name})`);
      await screenshot(page, testInfo, route.name);

      expect(requests.all.length, 'requests were recorded').toBeGreaterThan(0);
      expect(requests.foreign(), 'requests that left the origin').toEqual([]);
      expect(await context.cookies(), 'cookies').toEqual([]);
    });
  }
});
