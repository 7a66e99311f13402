// Shared helpers for the end-to-end specs.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { test: base, expect } = require('@playwright/test');
const { default: AxeBuilder } = require('@axe-core/playwright');

const { testNow, pinClock } = require('./clock');

const repo = path.resolve(__dirname, '..', '..');

/**
 * Playwright's `test` with every test's context on the run's clock (clock.js): no page
 * reads the machine's time. A test that needs another moment moves the clock itself
 * (`page.clock.setSystemTime`, `fastForward`); contexts a test opens itself go through
 * `pinClock`.
 */
const test = base.extend({
  context: async ({ context }, use) => {
    await use(await pinClock(context));
  },
});

/** WCAG 2.1 A and AA: what the accessibility statement promises. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the page and expects no violations; on failure the message says what and where. */
async function expectNoAxeViolations(page, label) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
  expect(found, `axe violations on ${label}:\n${JSON.stringify(found, null, 2)}`).toEqual([]);
}

/** Full-page screenshot to target/screenshots/<project>/<name>.png. */
async function screenshot(page, testInfo, name) {
  const file = path.join(repo, 'target', 'screenshots', testInfo.project.name, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Records every request the page makes. `foreign()` lists those that left `origin`
 * (data: and blob: URLs are not requests to anyone and are ignored).
 */
function recordRequests(page, origin) {
  const all = [];
  page.on('request', (request) => all.push(request.url()));
  return {
    all,
    foreign: () =>
      all.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== origin),
  };
}

/** The main heading, once the app has rendered it. */
function mainHeading(page) {
  return page.locator('#main h1');
}

/** The catalogue the build installed (scripts/build runs the importer). */
const catalogue = JSON.parse(fs.readFileSync(path.join(repo, 'dist', 'data', 'catalogue.json'), 'utf8'));

/** End of a session as Unix ms (an all-day session ends at midnight after its last day). */
function sessionEnd(s) {
  return s.endDate.length === 10 ? Date.parse(`${s.endDate}T00:00:00+01:00`) + 86_400_000 : Date.parse(s.endDate);
}

/** Whether a course still takes place after `now` (Unix ms). */
const upcoming = (c, now = testNow().getTime()) => c.availability !== 'cancelled' && Math.max(...c.sessions.map(sessionEnd)) > now;

/**
 * A gateway of the test's own, for tests that stop and restart it: `start()` spawns
 * target/debug/lernort-gateway with `args` on `port`, `healthy()` waits for /healthz,
 * `stop(child)` kills it and waits until it is gone.
 */
function ownGateway(port, args) {
  const url = `http://127.0.0.1:${port}`;
  const start = () =>
    spawn(path.join(repo, 'target/debug/lernort-gateway'), [...args, '--addr', `127.0.0.1:${port}`], {
      cwd: repo,
      stdio: 'ignore',
    });
  const healthy = () =>
    expect
      .poll(async () => {
        try {
          return (await fetch(`${url}/healthz`)).ok;
        } catch {
          return false;
        }
      }, { timeout: 20_000 })
      .toBe(true);
  const stop = async (child) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return { url, start, healthy, stop };
}

module.exports = {
  test, expect, testNow, pinClock, ownGateway,
  repo, WCAG_TAGS, expectNoAxeViolations, screenshot, recordRequests, mainHeading, catalogue, sessionEnd, upcoming,
};
