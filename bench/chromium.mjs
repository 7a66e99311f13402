// Debian's Chromium for the benchmarks, headless and with nothing in the background that
// would disturb a measurement. Shared by bench/browser.mjs and bench/catalogue/.
import { chromium } from 'playwright-core';
import flags from '../tests/e2e/chromium-flags.js';

export function launchChromium() {
  return chromium.launch({
    executablePath: flags.executablePath,
    headless: true,
    // Timers run at full speed in every tab: a benchmark measures, it does not save power.
    args: [
      ...flags.args,
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}
