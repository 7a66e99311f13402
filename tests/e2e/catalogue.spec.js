// The course catalogue with the real DiLAS data (dist/data/catalogue.json, written by the
// importer in scripts/build): forgiving search, filters in the URL, shared URLs, reset,
// the course page (sessions, price, availability, booking, calendar file, back link),
// favourites on the device, axe on every view and the screenshots kurse-filter.png,
// kurs-detail-aktionen.png and merkliste.png (routes.spec.js takes kurse.png and kurs-detail.png).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { test, expect, repo, expectNoAxeViolations, screenshot, mainHeading, catalogue, upcoming, pinClock } = require('./helpers');

/** A course that is still to come, can be booked, costs money and has several dates. */
const course = catalogue.courses.find(
  (c) => upcoming(c) && c.bookingUrl && ['available', 'few', undefined].includes(c.availability) &&
    !c.isAccessibleForFree && c.offers && c.sessions.length > 1,
);

const count = (page) => page.locator('.result-count');
const titles = (page) => page.locator('.course-row h2 a');
const search = (page) => page.getByRole('searchbox', { name: 'Kurse durchsuchen' });

/** Opens the catalogue and waits for its results. */
async function openCatalogue(page, query = '') {
  await page.goto(`/kurse${query}`);
  await expect(mainHeading(page)).toHaveText('Kursprogramm');
  await expect(count(page)).toHaveText(/gefunden/);
}

/** The number in "23 Kurse gefunden". */
async function resultCount(page) {
  const text = await count(page).textContent();
  return /^Keine/.test(text) ? 0 : Number(text.match(/\d+/)[0]);
}

test.describe('course catalogue', () => {
  test('the test data has a bookable course with several dates', () => {
    expect(course, 'a course to test the course page with').toBeTruthy();
  });

  test('search forgives umlauts: "fuer" finds "für"', async ({ page }) => {
    await openCatalogue(page);
    const all = await resultCount(page);
    await search(page).fill('fuer');
    await expect(page).toHaveURL(/\/kurse\?q=fuer$/);
    await expect.poll(() => resultCount(page)).toBeLessThan(all);
    expect(await resultCount(page)).toBeGreaterThan(0);
    await expect(titles(page).filter({ hasText: 'für' }).first()).toBeVisible();
  });

  test('search forgives a small typo', async ({ page }) => {
    await openCatalogue(page);
    await search(page).fill('Programieren');
    await expect(titles(page).filter({ hasText: 'Programmieren' }).first()).toBeVisible();
    await search(page).fill('xyzzyqwv');
    await expect(count(page)).toHaveText(/^Keine Kurse gefunden – /);
  });

  test('a filter changes the count, lives in the URL, and a shared URL shows the same', async ({ page, browser }, testInfo) => {
    await openCatalogue(page);
    const all = await resultCount(page);
    await page.getByText('Filter', { exact: true }).click();
    await page.getByLabel('Nur kostenlose Kurse').check();
    await expect(page).toHaveURL(/[?&]frei=1/);
    await expect.poll(() => resultCount(page)).toBeLessThan(all);
    await page.getByLabel('Abends (ab 17 Uhr)').check();
    await expect(page).toHaveURL(/zeit=abend/);
    await expect(page.locator('.filters summary')).toHaveText('Filter (2 aktiv)');
    const shown = await titles(page).allTextContents();
    const filtered = await resultCount(page);

    await expectNoAxeViolations(page, `catalogue with filters open (${testInfo.project.name})`);
    await screenshot(page, testInfo, 'kurse-filter');

    // The shared link, opened by someone else: same results, same controls.
    const other = await pinClock(await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' }));
    const fresh = await other.newPage();
    await fresh.goto(page.url());
    await expect(count(fresh)).toHaveText(/gefunden/);
    expect(await resultCount(fresh)).toBe(filtered);
    expect(await titles(fresh).allTextContents()).toEqual(shown);
    await fresh.getByText('Filter (2 aktiv)').click();
    await expect(fresh.getByLabel('Nur kostenlose Kurse')).toBeChecked();
    await other.close();

    // A reload keeps it too.
    await page.reload();
    await expect(count(page)).toHaveText(/gefunden/);
    expect(await resultCount(page)).toBe(filtered);
  });

  test('reset clears the search text and every filter', async ({ page }) => {
    await openCatalogue(page);
    const all = await resultCount(page);
    await openCatalogue(page, '?q=smart&frei=1&tag=mo,di&sort=titel');
    await expect(search(page)).toHaveValue('smart');
    expect(await resultCount(page)).toBeLessThan(all);
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await expect(page).toHaveURL(/\/kurse$/);
    await expect(search(page)).toHaveValue('');
    await expect.poll(() => resultCount(page)).toBe(all);
    await page.getByText('Filter', { exact: true }).click();
    await expect(page.getByLabel('Nur kostenlose Kurse')).not.toBeChecked();
    await expect(page.getByLabel('Montag')).not.toBeChecked();
    await expect(page.getByLabel('Sortierung')).toHaveValue('');
  });

  test('results show date, place, price and availability in words', async ({ page }) => {
    await openCatalogue(page, `?q=${encodeURIComponent(course.name)}`);
    const row = page.locator('.course-row').filter({ has: page.getByRole('link', { name: course.name, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row.locator('dt')).toContainText(['Wann', 'Wo', 'Preis', 'Plätze']);
    await expect(row).toContainText(/Uhr/);
    await expect(row).toContainText('€');
    await expect(row.locator('.avail')).toHaveText(/Plätze|Platz/);
  });

  test('course page: sessions, price, availability, booking, calendar file, back to the results', async ({ page, request }, testInfo) => {
    await openCatalogue(page, `?q=${encodeURIComponent(course.name.split(' ')[0])}&sort=titel`);
    const listUrl = page.url();
    const listCount = await resultCount(page);
    await page.getByRole('link', { name: course.name, exact: true }).click();
    await expect(mainHeading(page)).toHaveText(course.name);
    await expect(page).toHaveURL(new RegExp(`/kurse/${course.slug}\\?`));
    await expect(page).toHaveTitle(`${course.name} – DiLAS Soest`);

    await expect(page.getByRole('heading', { name: 'Termine' })).toBeVisible();
    await expect(page.locator('.sessions li')).toHaveCount(course.sessions.length);
    await expect(page.locator('.course-availability')).toHaveText(/Plätze|Platz/);
    await expect(page.locator('.course-facts')).toContainText('€');
    await expect(page.getByRole('link', { name: /Zur Anmeldung/ })).toHaveAttribute('href', course.bookingUrl);

    const ics = page.getByRole('link', { name: 'In den Kalender eintragen' });
    await expect(ics).toHaveAttribute('href', `data/kurse/${course.slug}.ics`);
    await expect(ics).toHaveAttribute('download', `${course.slug}.ics`);
    if (fs.existsSync(path.join(repo, 'dist', 'data', 'kurse', `${course.slug}.ics`))) {
      const file = await request.get(`/data/kurse/${course.slug}.ics`);
      expect(file.status()).toBe(200);
      expect(await file.text()).toMatch(/^BEGIN:VCALENDAR/);
    }

    await expectNoAxeViolations(page, `course page (${testInfo.project.name})`);
    await screenshot(page, testInfo, 'kurs-detail-aktionen');

    // Browser Back returns to the same results.
    await page.goBack();
    await expect(page).toHaveURL(listUrl);
    expect(await resultCount(page)).toBe(listCount);

    // So does the back link.
    await page.goForward();
    await expect(mainHeading(page)).toHaveText(course.name);
    await page.getByRole('link', { name: 'Zurück zu den Suchergebnissen' }).click();
    await expect(page).toHaveURL(listUrl);
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
    await expect(search(page)).toHaveValue(course.name.split(' ')[0]);
    await expect(page.getByLabel('Sortierung')).toHaveValue('titel');
    expect(await resultCount(page)).toBe(listCount);
  });

  test('a postponed course and one without a price are shown, in both languages, and not bookable', async ({ page, request }, testInfo) => {
    const postponed = catalogue.courses.find((c) => c.availability === 'postponed');
    const unpriced = catalogue.courses.find((c) => !c.offers && !c.isAccessibleForFree);
    expect(postponed, 'the sample data has a postponed course').toBeTruthy();
    expect(unpriced, 'the sample data has a course without a price').toBeTruthy();

    await page.goto(`/kurse/${postponed.slug}`);
    await expect(mainHeading(page)).toHaveText(postponed.name);
    await expect(page.locator('.course-availability')).toHaveText('Verschoben – neuer Termin folgt');
    await expect(page.getByRole('link', { name: /Zur Anmeldung/ })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'In den Kalender eintragen' }), 'its dates are void').toHaveCount(0);
    await expect(page.locator('.course-sessions, section').filter({ hasText: 'Ursprünglich geplant' }).first()).toContainText('Der neue Termin steht noch nicht fest. Ursprünglich geplant:');
    await screenshot(page, testInfo, 'kurs-verschoben');
    await expectNoAxeViolations(page, 'postponed course page');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('.course-availability')).toHaveText('Postponed – new date to follow');
    await page.getByRole('button', { name: 'Deutsch' }).click();

    // In the list too, with fully booked courses hidden: it is not booked out, and its old
    // date does not make it past.
    await openCatalogue(page, `?q=${encodeURIComponent(postponed.name.split(' ')[1])}&ausgebucht=0`);
    await expect(page.locator('.course-row').filter({ hasText: postponed.name })).toContainText('Verschoben – neuer Termin folgt');

    await page.goto(`/kurse/${unpriced.slug}`);
    await expect(page.locator('.course-facts')).toContainText('Preis beim Anbieter erfragen');

    // The static page a crawler gets says the same, with schema.org's status.
    const html = await (await request.get(`/kurse/${postponed.slug}/`)).text();
    expect(html).toContain('Verschoben – neuer Termin folgt');
    expect(html).toContain('https://schema.org/EventPostponed');
    expect(html).toContain('Ursprünglich geplant:');
    expect(html).not.toContain('Termine in den eigenen Kalender übernehmen');
  });

  test('share copies the link where the browser cannot share', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/kurse/${course.slug}`);
    await expect(mainHeading(page)).toHaveText(course.name);
    const canShare = await page.evaluate(() => 'share' in navigator);
    test.skip(canShare, 'this browser has the Web Share API');
    await page.getByRole('button', { name: 'Link teilen' }).click();
    await expect(page.locator('.share-status')).toHaveText(/Der Link ist kopiert|Die Adresse lautet/);
  });

  test('favourites: nothing stored until chosen, kept across a reload, listed on the favourites page', async ({ page }, testInfo) => {
    await openCatalogue(page);
    const stored = () => page.evaluate(() => localStorage.getItem('lernort.favourites'));
    expect(await stored(), 'nothing stored before the visitor chooses').toBeNull();

    const first = page.locator('.course-row').first();
    const name = await first.locator('h2 a').textContent();
    const toggle = first.getByRole('button', { name: /^Merken/ });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(first.locator('.fav-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(first.locator('.fav-toggle')).toContainText('Gemerkt');
    expect(JSON.parse(await stored())).toHaveLength(1);
    await expect(page.getByRole('link', { name: 'Merkliste (1)' })).toBeVisible();

    await page.reload();
    await expect(page.locator('.course-row').first().locator('.fav-toggle')).toHaveAttribute('aria-pressed', 'true');

    await page.getByRole('link', { name: 'Merkliste (1)' }).click();
    await expect(mainHeading(page)).toHaveText('Merkliste');
    await expect(page.locator('.course-row h2 a')).toHaveText([name]);
    await expectNoAxeViolations(page, `favourites page (${testInfo.project.name})`);
    await screenshot(page, testInfo, 'merkliste');

    // A course no longer in the catalogue is shown as such and can be removed.
    await page.evaluate(() => {
      const list = JSON.parse(localStorage.getItem('lernort.favourites'));
      localStorage.setItem('lernort.favourites', JSON.stringify([...list, 'gibt-es-nicht-mehr']));
    });
    await page.reload();
    await expect(page.locator('.course-row.gone')).toContainText('nicht mehr im Kursprogramm');
    await page.getByRole('button', { name: 'Entfernen' }).click();
    await expect(page.locator('.course-row.gone')).toHaveCount(0);
    expect(JSON.parse(await stored())).toHaveLength(1);

    // Unmarking the last one removes the key.
    await page.locator('.fav-toggle').click();
    await expect(page.locator('.fav-toggle')).toHaveAttribute('aria-pressed', 'false');
    expect(await stored()).toBeNull();
  });

  test('a missing catalogue gives a plain message and a retry; the rest of the site works', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'one viewport is enough');
    await page.route('**/data/catalogue.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto('/kurse');
    await expect(page.getByRole('alert')).toContainText('Das Kursprogramm kann gerade nicht geladen werden');
    await expect(page.locator('.error-detail')).toHaveText(/HTTP 404/);
    await expectNoAxeViolations(page, 'catalogue error');
    await page.unroute('**/data/catalogue.json');
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await expect(count(page)).toHaveText(/gefunden/);

    await page.route('**/data/catalogue.json', (route) => route.fulfill({ status: 200, body: '{ "format": ' }));
    await page.goto('/impressum');
    await expect(mainHeading(page)).toHaveText('Impressum');
  });
});
