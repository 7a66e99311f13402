// Drives headless Chromium (Debian's /usr/bin/chromium through playwright-core) for the
// browser benchmarks; `lernort-floor-bench render|latency` runs it and reads its output:
// one JSON object per line on stdout.
//
//   node bench/browser.mjs render  http://127.0.0.1:PORT/
//   node bench/browser.mjs latency http://127.0.0.1:PORT/ SECONDS [CLOCK_OFFSET_MS [RENDERER]]
//
// CLOCK_OFFSET_MS: how far the gateway's clock is ahead of the system's (a pinned
// LERNORT_NOW, scripts/bench); the latency page reads the frames' timestamps against it.
//
// For the render pages, responses get Cross-Origin-Opener-Policy / -Embedder-Policy headers
// added on the way in (page.route), so the page is cross-origin isolated and
// performance.now() has 5 µs steps instead of 100 µs. Nothing else changes. The latency page
// is loaded as it is: Chromium treats an intercepted page as a public-network page and then
// blocks its WebSocket to 127.0.0.1 (local network access); 100 µs steps are plenty there.
import { launchChromium } from './chromium.mjs';

const [mode, base, secondsArg, clockOffsetArg, rendererArg] = process.argv.slice(2);
const clockOffset = Number(clockOffsetArg || 0);
if (!['render', 'latency'].includes(mode) || !base) {
  console.error('usage: node bench/browser.mjs render|latency BASE_URL [SECONDS [CLOCK_OFFSET_MS]]');
  process.exit(2);
}

const SIZES = [
  { name: '1920x1080 DPR 1', width: 1920, height: 1080, dpr: 1 },
  { name: '390x844 DPR 3', width: 390, height: 844, dpr: 3 },
  // A lab screen: where the compositor's share of the work is largest.
  { name: '3840x2160 DPR 1', width: 3840, height: 2160, dpr: 1 },
];

const browser = await launchChromium();

async function newPage(context, isolated) {
  const page = await context.newPage();
  if (isolated) await page.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: {
        ...response.headers(),
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      },
    });
  });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`console: ${m.text()}`);
  });
  return page;
}

try {
  if (mode === 'render') {
    for (const size of SIZES) {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        deviceScaleFactor: size.dpr,
      });
      for (const renderer of ['ours', 'drawimage', 'simpleheat']) {
        // A fresh page per renderer: neither inherits the other's canvases or caches.
        const page = await newPage(context, true);
        await page.goto(new URL('render.html', base).href);
        await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
        const result = await page.evaluate((name) => window.bench(name), renderer);
        console.log(JSON.stringify({ size: size.name, ...result }));
        await page.close();
      }
      const page = await newPage(context, true);
      await page.goto(new URL('render.html', base).href);
      await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
      const parts = await page.evaluate(() => window.breakdown());
      console.log(JSON.stringify({ size: size.name, ...parts }));
      await page.close();
      await context.close();
    }
  } else {
    const seconds = Number(secondsArg || 20);
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
    });
    const page = await newPage(context, false);
    const renderer = rendererArg || 'ours';
    await page.goto(new URL(`latency.html?seconds=${seconds}&clock_offset_ms=${clockOffset}&renderer=${renderer}`, base).href);
    await page.waitForFunction(() => window.latencyResult !== undefined, null, {
      timeout: (seconds + 60) * 1000,
      polling: 500,
    });
    const result = await page.evaluate(() => window.latencyResult);
    console.log(JSON.stringify(result));
    await context.close();
  }
} finally {
  await browser.close();
}
