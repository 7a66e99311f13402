// Debian's Chromium as the tests and the benchmarks start it: headless-safe, and nothing
// in the background that would disturb a test or a measurement. Shared by
// playwright.config.js and bench/chromium.mjs.
'use strict';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

module.exports = { executablePath, args };
