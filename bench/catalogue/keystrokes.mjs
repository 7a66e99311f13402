// The catalogue's keystroke benchmark: headless Chromium (Debian's /usr/bin/chromium through
// playwright-core) types realistic queries into the search box of the catalogue page and
// measures, per keystroke, from the input event to the paint of the updated results.
//
//   node bench/catalogue/keystrokes.mjs http://127.0.0.1:8186/ [--throttle 1,4]
//
// A capture listener on window, installed before the app's scripts run (so it fires before
// the app's own input handler), stamps performance.now() and then takes four times:
//   work        the app's handling of the input: a second listener, added once the page is
//               up (so after the app's), waits two microtasks — the app's effects have run
//               then; the DOM is updated, style, layout and paint are still to come
//   layout      work, then style and layout forced at once (getBoundingClientRect): the
//               re-filter and re-render up to the paint, without waiting for the next frame
//   script      the next task after the input (MessageChannel); in headless Chromium this
//               often waits for the next frame, so it is frame-aligned rather than the work
//   paint       the task right after the next animation frame (rAF, then MessageChannel):
//               the frame with the updated DOM has been painted
//   double-rAF  the second requestAnimationFrame: the method the issue names; it includes
//               one whole frame after that paint (about 16.7 ms at 60 Hz)
// Each key waits until all three are in, so keystrokes never overlap. The catalogue's own
// User Timing marks give the parse and index-build times. --throttle runs everything again
// with Chromium's CPU throttling (4 = a phone-like CPU, via the DevTools protocol).
import { launchChromium } from '../chromium.mjs';

const args = process.argv.slice(2);
const base = args.find((a) => !a.startsWith('--'));
const throttleArg = args.includes('--throttle') ? args[args.indexOf('--throttle') + 1] : '1,4';
if (!base) {
  console.error('usage: node bench/catalogue/keystrokes.mjs BASE_URL [--throttle 1,4]');
  process.exit(2);
}
const rates = throttleArg.split(',').map(Number);

// Realistic queries: words, a typo, umlauts typed as ue, two words; cleared in between.
const QUERIES = ['smartphone', 'python', 'fuer senioren', 'Programieren', 'ki im alltag', 'tablet'];

const browser = await launchChromium();

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  return { n: v.length, median: at(0.5), p95: at(0.95), min: v[0], max: v[v.length - 1] };
}
const ms = (x) => `${x.toFixed(1)} ms`.padStart(9);

for (const rate of rates) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.addInitScript(() => {
    window.__keys = [];
    window.addEventListener(
      'input',
      () => {
        const t0 = performance.now();
        const entry = { work: null, layout: null, script: null, paint: null, doubleRaf: null, t0 };
        window.__keys.push(entry);
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (entry.script = performance.now() - t0);
        channel.port2.postMessage(0);
        requestAnimationFrame(() => {
          const after = new MessageChannel();
          after.port1.onmessage = () => (entry.paint = performance.now() - t0);
          after.port2.postMessage(0);
          requestAnimationFrame(() => (entry.doubleRaf = performance.now() - t0));
        });
      },
      true,
    );
  });
  const url = new URL('kurse', base).href;
  await page.goto(url);
  await page.waitForSelector('.course-row', { timeout: 120_000 });
  const timing = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
    return {
      fetched: at('lernort-catalogue-fetched'),
      parsed: at('lernort-catalogue-parsed'),
      indexed: at('lernort-catalogue-indexed'),
      count: document.querySelector('.result-count')?.textContent,
    };
  });

  await page.evaluate(() => {
    window.addEventListener('input', () => {
      const entry = window.__keys[window.__keys.length - 1];
      queueMicrotask(() => queueMicrotask(() => {
        Promise.resolve().then(() => {
          entry.work = performance.now() - entry.t0;
          document.body.getBoundingClientRect();
          entry.layout = performance.now() - entry.t0;
        });
      }));
    });
  });
  const box = page.getByRole('searchbox', { name: 'Kurse durchsuchen' });
  await box.click();
  let keys = 0;
  const press = async (key) => {
    keys += 1;
    await page.keyboard.press(key);
    await page.waitForFunction((n) => {
      const e = window.__keys[n - 1];
      return e && e.work !== null && e.script !== null && e.paint !== null && e.doubleRaf !== null;
    }, keys, { timeout: 30_000 });
  };
  const counts = [];
  for (const query of QUERIES) {
    for (const ch of query) await press(ch === ' ' ? 'Space' : ch);
    counts.push(`${query}: ${await page.locator('.result-count').textContent()}`);
    await box.selectText();
    await press('Backspace');
  }
  const entries = await page.evaluate(() => window.__keys);
  const rows = await page.locator('.course-row').count();
  // The reference, in the same page and run: the same keys typed into an input the app does
  // not listen to. Its "paint" is what headless Chromium's frame timing costs by itself.
  await page.evaluate(() => {
    window.__keys = [];
    const input = document.createElement('input');
    input.id = 'bench-baseline';
    input.setAttribute('aria-label', 'baseline');
    document.body.prepend(input);
  });
  await page.locator('#bench-baseline').click();
  keys = 0;
  for (const query of QUERIES) {
    for (const ch of query) await press(ch === ' ' ? 'Space' : ch);
    await page.locator('#bench-baseline').selectText();
    await press('Backspace');
  }
  const baseline = await page.evaluate(() => window.__keys);
  await context.close();

  const w = stats(entries.map((e) => e.work));
  const l = stats(entries.map((e) => e.layout));
  const s = stats(entries.map((e) => e.script));
  const p = stats(entries.map((e) => e.paint));
  const d = stats(entries.map((e) => e.doubleRaf));
  console.log(`\nCPU throttling ${rate}x, viewport 390x844, ${timing.count} before typing`);
  console.log(`  catalogue: parse ${(timing.parsed - timing.fetched).toFixed(0)} ms, ` +
    `index build ${(timing.indexed - timing.parsed).toFixed(0)} ms ` +
    `(fetched at ${timing.fetched.toFixed(0)} ms after navigation start)`);
  console.log(`  ${entries.length} keystrokes (${QUERIES.length} queries, each cleared with one Backspace); ` +
    `${rows} rows shown at the end`);
  console.log(`  ${'measure'.padEnd(12)}${'median'.padStart(9)}${'p95'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}`);
  for (const [name, v] of [['work', w], ['layout', l], ['script', s], ['paint', p], ['double-rAF', d]]) {
    console.log(`  ${name.padEnd(12)}${ms(v.median)}${ms(v.p95)}${ms(v.min)}${ms(v.max)}`);
  }
  const b = stats(baseline.map((e) => e.paint));
  console.log(`  ${'reference'.padEnd(12)}${ms(b.median)}${ms(b.p95)}${ms(b.min)}${ms(b.max)}` +
    '   (paint, same keys into an input the app ignores)');
  console.log(`  paint minus reference, median: ${(p.median - b.median).toFixed(1)} ms; ` +
    `ratio ${(p.median / b.median).toFixed(2)}`);
  for (const c of counts) console.log(`    ${c}`);
}
await browser.close();
