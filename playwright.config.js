// End-to-end tests: the finished dist/ in Debian's Chromium, served by lernort-gateway
// (at the root and under /lernort/) and by nginx (the sample deploy/nginx.conf, and a
// plain file host). scripts/test runs them as its last step; screenshots go to
// target/screenshots/<project>/.
//
// Needs: a finished dist/ (scripts/build), target/debug/lernort-gateway
// (cargo build -p lernort-gateway), target/dist-subpath (scripts/test makes it; by hand:
//   rm -rf target/dist-subpath && cp -r dist target/dist-subpath &&
//   cargo run -p lernort-dist -- finish target/dist-subpath --centre centres/dilas-soest --base /lernort/),
// target/dist-hostile (scripts/hostile-data makes it from dist/ and tests/hostile/)
// and nginx (scripts/bootstrap installs nginx-light).
'use strict';

const { defineConfig } = require('@playwright/test');
const { ports, urls } = require('./tests/e2e/servers');
const chromiumFlags = require('./tests/e2e/chromium-flags');
const clock = require('./tests/e2e/clock');

// One clock for the run, whatever the hour: every gateway started below (and by the specs)
// inherits LERNORT_NOW with its anchor; every page gets the same time (tests/e2e/clock.js).
clock.anchor();

const gateway = 'target/debug/lernort-gateway';
const subpathMissing =
  'target/dist-subpath is missing: rm -rf target/dist-subpath && cp -r dist target/dist-subpath && ' +
  'cargo run -p lernort-dist -- finish target/dist-subpath --centre centres/dilas-soest --base /lernort/';

const hostileMissing = 'target/dist-hostile is missing: scripts/hostile-data (scripts/test runs it)';

const server = (command, url) => ({
  command,
  url,
  reuseExistingServer: false,
  timeout: 30_000,
  stdout: 'ignore',
  stderr: 'pipe',
});

module.exports = defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: 'target/playwright-results',
  use: {
    baseURL: urls.gateway,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    // The service worker answers fetches itself, where page.route cannot see them: off for
    // every test but the offline ones (offline.spec.js), which turn it on.
    serviceWorkers: 'block',
    launchOptions: { executablePath: chromiumFlags.executablePath, args: chromiumFlags.args },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'phone',
      use: {
        browserName: 'chromium',
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
      },
    },
    {
      name: 'screen',
      use: {
        browserName: 'chromium',
        viewport: { width: 1920, height: 1080 },
      },
    },
  ],
  webServer: [
    server(`${gateway} --config tests/e2e/gateway.toml --dist dist --addr 127.0.0.1:${ports.gateway}`, `${urls.gateway}/healthz`),
    server(
      `test -f target/dist-subpath/index.html || { echo "${subpathMissing}" >&2; exit 1; }; ` +
        `exec ${gateway} --dist target/dist-subpath --addr 127.0.0.1:${ports.subpath} --base /lernort/`,
      `${urls.subpath}/lernort/healthz`,
    ),
    server(
      `test -f target/dist-hostile/index.html || { echo "${hostileMissing}" >&2; exit 1; }; ` +
        `exec ${gateway} --config target/hostile-gateway.toml --dist target/dist-hostile --addr 127.0.0.1:${ports.hostile}`,
      `${urls.hostile}/healthz`,
    ),
    server(`node tests/e2e/nginx-launch.js sample ${ports.nginx} dist`, `${urls.nginx}/index.html`),
    server(`node tests/e2e/nginx-launch.js plain ${ports.plain} dist`, `${urls.plain}/index.html`),
  ],
});
