// A missing or broken centre config: the visitor gets a calm error page (accessible, with
// the technical reason folded away for operators) and "Erneut versuchen" recovers without
// a reload once the config is back.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { test, expect, repo, expectNoAxeViolations, screenshot, mainHeading } = require('./helpers');

const CONFIG = '**/centre/centre.json';
const realConfig = JSON.parse(fs.readFileSync(path.join(repo, 'dist', 'centre', 'centre.json'), 'utf8'));

const CASES = [
  {
    name: '404',
    shot: 'config-fehler',
    fulfil: { status: 404, contentType: 'text/plain', body: 'not found' },
    detail: /HTTP 404/,
  },
  {
    name: 'broken JSON',
    shot: 'config-fehler-json',
    fulfil: { status: 200, contentType: 'application/json', body: '{ "id": ' },
    detail: /centre\.json cannot be read/,
  },
  {
    name: 'invalid config (empty name)',
    shot: 'config-fehler-validierung',
    fulfil: { status: 200, contentType: 'application/json', body: JSON.stringify({ ...realConfig, name: '' }) },
    detail: /centre\.json is not valid: .*name is empty/,
  },
];

test.describe('broken centre config', () => {
  for (const c of CASES) {
    test(`${c.name}: error page, then "Erneut versuchen" recovers`, async ({ page }, testInfo) => {
      await page.route(CONFIG, (route) => route.fulfill(c.fulfil));
      await page.goto('/');

      await expect(mainHeading(page)).toHaveText('Die Seite kann gerade nicht angezeigt werden');
      await expect(page.locator('#boot')).toHaveCount(0);
      await expect(page.getByText('Das liegt nicht an Ihnen', { exact: false })).toBeVisible();
      await page.getByText('Technische Angaben für die Betreiber').click();
      await expect(page.locator('.error-detail')).toBeVisible();
      await expect(page.locator('.error-detail')).toHaveText(c.detail);
      await expect(page).toHaveTitle('Die Seite kann gerade nicht angezeigt werden');

      await expectNoAxeViolations(page, `config error page, ${c.name} (${testInfo.project.name})`);
      await screenshot(page, testInfo, c.shot);

      await page.evaluate(() => {
        window.__sameDocument = true;
      });
      await page.unroute(CONFIG);
      await page.getByRole('button', { name: 'Erneut versuchen' }).click();
      await expect(mainHeading(page)).toHaveText('DiLAS Soest');
      await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
      await expect(page).toHaveTitle(/DiLAS Soest/);
      expect(await page.evaluate(() => window.__sameDocument), 'recovered without a reload').toBe(true);
    });
  }

  test('the retry works on a deep link too', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'one viewport is enough');
    await page.route(CONFIG, (route) => route.abort('connectionrefused'));
    await page.goto('/kurse');
    await expect(mainHeading(page)).toHaveText('Die Seite kann gerade nicht angezeigt werden');
    await expect(page.locator('.error-detail')).toHaveText(/request failed/);
    await page.unroute(CONFIG);
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await expect(mainHeading(page)).toHaveText('Kursprogramm');
  });
});
