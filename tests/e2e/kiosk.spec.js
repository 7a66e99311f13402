// The kiosk for the lab's screens (docs/kiosk.md): fits 1920x1080, 3840x2160, 800x480 and
// portrait 1080x1920 without scrolling, readable from 3 m, dark by default; the rotation's order and timing
// come from the URL; the QR codes decode (jsQR, from npm) to the phone pages; the night
// slide and the burn-in shift; the watchdog reloads a page that stopped drawing; the
// gateway restarted under the open page; the JS heap over two simulated hours; axe.
//
// Time: every page starts on the run's clock (clock.js: Tuesday 17.11.2026 10:30, open,
// the same clock as the gateway's) and tests jump it forward (`fastForward` fires each due
// timer once, like a machine waking up), so minutes pass in milliseconds and no test
// sleeps. Data comes from the real gateway.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const jsQR = require('jsqr');
const { PNG } = require('pngjs');
const { test, expect, repo, expectNoAxeViolations, recordRequests, ownGateway, testNow } = require('./helpers');
const { ports } = require('./servers');

const centre = JSON.parse(fs.readFileSync(path.join(repo, 'centres/dilas-soest/centre.json'), 'utf8'));
const SIZES = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '3840x2160', width: 3840, height: 2160 },
  { name: '800x480', width: 800, height: 480 },
  { name: '1080x1920', width: 1080, height: 1920 }, // signage in portrait
];
const VIEWS = ['floor', 'courses', 'coworking', 'info'];
const PHONE_PATH = { floor: 'sensorboden', courses: 'kurse', coworking: 'coworking', info: '' };
// Sunday: closed all day (the run's clock, a Tuesday morning, is within opening hours).
const SUNDAY_NOON = new Date('2026-11-22T12:00:00+01:00');

const kiosk = (page) => page.locator('main.kiosk');
const current = (page) => page.locator('.kiosk-slide.is-current');

/** Waits until the shown slide has its data. */
async function expectLoaded(page, view) {
  const slide = page.locator(`.kiosk-slide[data-view="${view}"]`);
  if (view === 'floor') await expect(slide.locator('.floor')).toHaveAttribute('data-plan', 'shown');
  if (view === 'courses') await expect(slide.locator('.agenda-item, .kiosk-lead').first()).toBeVisible();
  if (view === 'coworking') await expect(slide.locator('.space-tile').first()).toBeVisible();
  if (view === 'info') await expect(slide.locator('.kiosk-hours tr.today')).toBeVisible();
}

async function kioskScreenshot(page, name) {
  const file = path.join(repo, 'target', 'screenshots', 'kiosk', `${name}.png`);
  // The next slide fades in over 0.4 s: shown finished.
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/** What overflows: the page, or the shown slide's content, or text outside the screen. */
function overflow(page) {
  return page.evaluate(() => {
    const doc = document.scrollingElement;
    const problems = [];
    if (doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth) {
      problems.push(`page scrolls: ${doc.scrollWidth}x${doc.scrollHeight}`);
    }
    for (const el of document.querySelectorAll('.kiosk-slide.is-current .kiosk-slide-main, .kiosk-slide.is-current .kiosk-body')) {
      if (el.scrollHeight > el.clientHeight + 1) problems.push(`${el.className} cut: ${el.scrollHeight} > ${el.clientHeight}`);
    }
    for (const el of document.querySelectorAll('.kiosk-head, .kiosk-foot, .kiosk-slide.is-current *')) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1 || r.top < -1)) {
        problems.push(`${el.tagName}.${el.className} outside: ${Math.round(r.right)},${Math.round(r.bottom)}`);
      }
    }
    return problems;
  });
}

/** The smallest font size of visible text on the shown slide and the frame, in CSS px. */
function smallestText(page) {
  return page.evaluate(() => {
    let smallest = Infinity;
    let where = '';
    const walker = document.createTreeWalker(document.querySelector('main.kiosk'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el.checkVisibility({ visibilityProperty: true })) continue;
      if (el.closest('.kiosk-slide:not(.is-current), .kiosk-controls, .floor-controls, .visually-hidden')) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < smallest) [smallest, where] = [size, `${el.tagName}.${el.className}: ${node.textContent.trim().slice(0, 30)}`];
    }
    return { smallest, where };
  });
}

/** Decodes the shown slide's QR code from a screenshot of it, with jsQR. */
async function decodeQr(page) {
  const png = PNG.sync.read(await current(page).locator('.kiosk-qr').screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  return code && code.data;
}

test.describe('kiosk', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'the kiosk has its own screen sizes');
    fs.mkdirSync(path.join(repo, 'target', 'screenshots', 'kiosk'), { recursive: true });
  });

  for (const size of SIZES) {
    test(`fits ${size.name} without scrolling, readable, dark, no request leaves; screenshots`, async ({ browser }) => {
      test.setTimeout(90_000);
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
      const requests = recordRequests(page, new URL(test.info().project.use.baseURL).origin);
      await page.clock.install({ time: testNow() });
      for (const view of VIEWS) {
        await page.goto(`/kiosk?views=${view}`);
        await expect(kiosk(page)).toHaveAttribute('data-view', view);
        await expectLoaded(page, view);
        expect(await overflow(page), `${view} at ${size.name}`).toEqual([]);
        const { smallest, where } = await smallestText(page);
        // Everything scales with the screen (style/kiosk.css: one unit, min(3.1vh, 1.76vw));
        // the smallest text is 0.8 of it: 26.8 px at 1080 lines, 13.7 arcmin of cap height
        // at 3 m on a 55-inch screen, body text 17 arcmin (docs/kiosk.md).
        const unit = size.height > size.width
          ? Math.min(0.022 * size.height, 0.033 * size.width)
          : Math.min(0.031 * size.height, 0.0176 * size.width);
        expect(smallest, `smallest text on ${view} at ${size.name}: ${where}`).toBeGreaterThanOrEqual(0.79 * unit);
        if (size.height === 1080) expect(smallest).toBeGreaterThanOrEqual(26);
        if (view === 'floor') {
          // The plan fills the slide beside (in portrait: under) its heading, state, count
          // and QR code, and the count reads from 5 m: 1.6 units (docs/kiosk.md).
          const floor = await page.evaluate(() => {
            const plan = document.querySelector('.kiosk-slide.is-current .floor-plan').getBoundingClientRect();
            const count = document.querySelector('.kiosk-slide.is-current .floor-summary');
            return { width: plan.width, height: plan.height, count: parseFloat(getComputedStyle(count).fontSize) };
          });
          const share = size.height > size.width ? 0.9 : 0.6;
          expect(floor.width, `the plan's width at ${size.name}`).toBeGreaterThanOrEqual(share * size.width);
          expect(Math.abs(floor.width / floor.height - 1.6), 'the floor keeps its aspect ratio').toBeLessThan(0.01);
          expect(floor.count, `the count's size at ${size.name}`).toBeGreaterThanOrEqual(1.59 * unit);
        }
        await kioskScreenshot(page, `${size.name}-${view}`);
      }
      // Dark by default, and no large area of pure white.
      const surfaces = await page.evaluate(() => {
        const big = [];
        for (const el of document.querySelectorAll('main.kiosk, main.kiosk *')) {
          const r = el.getBoundingClientRect();
          if (r.width * r.height < innerWidth * innerHeight * 0.02) continue;
          big.push(getComputedStyle(el).backgroundColor);
        }
        return { background: getComputedStyle(document.querySelector('main.kiosk')).backgroundColor, big };
      });
      expect(surfaces.background).toBe('rgb(14, 20, 25)');
      expect(surfaces.big).not.toContain('rgb(255, 255, 255)');
      expect(requests.foreign()).toEqual([]);
      await page.close();
    });
  }

  test('rotation: order and seconds from the URL, pause with the keyboard, language and theme', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    // The page's clock moves only when the test moves it: paused before the page loads, so
    // the slides' times count from the moment the first one shows, whatever the machine's load.
    await page.clock.install({ time: testNow() });
    await page.clock.pauseAt(testNow().getTime() + 60_000);
    await page.goto('/kiosk?views=info:7,courses:5,floor&seconds=6&lang=en&theme=light');
    await expect(kiosk(page)).toHaveAttribute('data-view', 'info');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(kiosk(page)).toHaveAttribute('data-theme', 'light');
    await expect(current(page).locator('h2')).toHaveText('Opening hours and directions');
    await expect(page.locator('.kiosk-views li')).toHaveText(['Visit us', 'Courses', 'Sensor floor']);
    // The language came from the address: nothing is stored on the screen.
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    // Each check stays clear of a slide's end: info 0–7 s, courses 7–12 s, floor 12–18 s.
    const after = async (ms, view) => {
      await page.clock.fastForward(ms);
      await expect(kiosk(page)).toHaveAttribute('data-view', view);
    };
    await after(3_000, 'info'); // 7 s of its own
    await after(4_000, 'courses');
    await after(3_000, 'courses'); // 5 s
    await after(3_000, 'floor');
    await after(3_000, 'floor'); // the default 6 s
    await after(3_000, 'info');
    await expect(page.locator('.kiosk-views li.is-current')).toHaveText('Visit us');
    await expect(page.locator('.kiosk-views li.is-current')).toHaveAttribute('aria-current', 'step');

    // Space pauses (WCAG 2.2.2): the slide stays; the arrow keys still turn it.
    await page.keyboard.press('Space');
    await expect(page.locator('.kiosk-paused')).toBeVisible();
    await after(60_000, 'info');
    await page.keyboard.press('ArrowRight');
    await expect(kiosk(page)).toHaveAttribute('data-view', 'courses');
    await page.keyboard.press('Space');
    await expect(page.locator('.kiosk-paused')).toBeHidden();
    await after(5_000, 'floor');
    // Tab reaches the controls, which appear when they have the focus; the focus never
    // lands on anything hidden (the slides not shown).
    const pause = page.locator('.kiosk-controls button[aria-pressed]');
    for (let i = 0; i < 12 && !(await pause.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
      await expect(page.locator(':focus')).toBeVisible();
    }
    await expect(pause).toBeFocused();
    await expect(pause).toHaveText('Pause rotation');
    await expect(pause).toBeInViewport();
  });

  test('QR codes decode with jsQR to the phone pages of each slide and the night slide', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.clock.install({ time: testNow() });
    for (const view of VIEWS) {
      await page.goto(`/kiosk?views=${view}`);
      await expect(kiosk(page)).toHaveAttribute('data-view', view);
      expect(await decodeQr(page), view).toBe(`${centre.site_url}${PHONE_PATH[view]}`);
      await expect(current(page).locator('.kiosk-url')).toHaveText(`dilas.soest.de/${PHONE_PATH[view]}`);
    }
    await page.clock.setSystemTime(SUNDAY_NOON);
    await page.goto('/kiosk');
    await expect(kiosk(page)).toHaveAttribute('data-view', 'night');
    expect(await decodeQr(page), 'night').toBe(centre.site_url);
  });

  test('night slide outside opening hours; burn-in shift; axe on every slide', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.clock.install({ time: SUNDAY_NOON });
    await page.goto('/kiosk');
    await expect(kiosk(page)).toHaveAttribute('data-night', 'true');
    await expect(current(page).locator('h2')).toHaveText('Jetzt geschlossen – öffnet morgen um 9:00 Uhr');
    await expect(page.locator('.kiosk-foot')).toBeHidden();
    await kioskScreenshot(page, '1920x1080-night');
    await expectNoAxeViolations(page, '/kiosk night');

    // The static parts move a few pixels every 3 minutes.
    const place = () => page.locator('.kiosk-head').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return [r.left, r.top];
    });
    const before = await place();
    await page.clock.fastForward(180_000);
    await expect.poll(place).not.toEqual(before);
    const moved = await place();
    const distance = Math.max(Math.abs(moved[0] - before[0]), Math.abs(moved[1] - before[1]));
    expect(distance).toBeGreaterThan(0);
    expect(distance).toBeLessThanOrEqual(8);

    // Monday 9:00: open, the rotation is back.
    await page.clock.fastForward(21 * 3600_000 - 180_000);
    await expect(kiosk(page)).toHaveAttribute('data-night', 'false');
    await expect(kiosk(page)).not.toHaveAttribute('data-view', 'night');
    for (const view of VIEWS) {
      await page.goto(`/kiosk?views=${view}`);
      await expectLoaded(page, view);
      await expectNoAxeViolations(page, `/kiosk ${view}`);
    }
    // night=off: a screen that is switched off at night anyway shows the rotation.
    await page.clock.setSystemTime(SUNDAY_NOON);
    await page.goto('/kiosk?night=off');
    await expect(kiosk(page)).toHaveAttribute('data-night', 'false');
  });

  test('the watchdog reloads a kiosk that stopped drawing, once the server answers', async ({ page, baseURL }) => {
    await page.setViewportSize({ width: 800, height: 480 });
    await page.clock.install({ time: testNow() });
    await page.goto('/kiosk?views=info');
    await page.clock.fastForward(2_000);
    await expect.poll(() => page.evaluate(() => typeof window.lernortKioskBeat)).toBe('number');
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    const sameDocument = () => page.evaluate(() => window.__sameDocument === true);
    // The machine sleeps for 10 minutes and wakes: not a reason to reload.
    await page.clock.fastForward(600_000);
    for (let i = 0; i < 4; i++) await page.clock.fastForward(30_000);
    expect(await sameDocument(), 'no reload after a sleep').toBe(true);

    // The server is down (its HEAD answer refused) and drawing stops, as when the wasm
    // traps or the tab hangs: no more animation frames.
    let asked = 0;
    await page.route(`${baseURL}/kiosk?views=info`, (route) => {
      if (route.request().method() !== 'HEAD') return route.continue();
      asked += 1;
      return route.abort('connectionrefused');
    });
    // When the watchdog asks is read on the page's clock as it asks (the route's count
    // arrives asynchronously, possibly after a further jump of the clock: seen on a
    // busy machine as 182.8 s for a question asked at 150 s).
    const stoppedAt = await page.evaluate(() => {
      window.requestAnimationFrame = () => 0;
      const send = window.fetch;
      window.fetch = (input, init) => {
        if (init && init.method === 'HEAD' && window.__askedAt === undefined) window.__askedAt = Date.now();
        return send(input, init);
      };
      return Date.now();
    });
    const askedAt = () => page.evaluate(() => window.__askedAt);
    await expect(async () => {
      if ((await askedAt()) === undefined) await page.clock.fastForward(30_000);
      expect(await askedAt()).toBeDefined();
    }).toPass({ timeout: 20_000 });
    await expect.poll(() => asked).toBeGreaterThan(0);
    const noticedAfter = (await askedAt()) - stoppedAt;
    console.log(`watchdog: asked the server ${noticedAfter / 1000} s after drawing stopped`);
    expect(noticedAfter).toBeGreaterThan(90_000);
    expect(noticedAfter).toBeLessThanOrEqual(180_000);
    // No answer: the screen keeps what it shows.
    expect(await sameDocument(), 'no reload while the server is down').toBe(true);

    // The server answers again: the next check reloads the page, which draws again.
    await page.unroute(`${baseURL}/kiosk?views=info`);
    let reloaded = false;
    page.once('load', () => {
      reloaded = true;
    });
    await expect(async () => {
      if (!reloaded) await page.clock.fastForward(30_000);
      expect(reloaded).toBe(true);
    }).toPass({ timeout: 20_000 });
    await expect(kiosk(page)).toHaveAttribute('data-view', 'info');
    expect(await page.evaluate(() => window.__sameDocument)).toBeUndefined();
    await page.clock.fastForward(2_000);
    await expect.poll(() => page.evaluate(() => typeof window.lernortKioskBeat)).toBe('number');
  });

  test('a kiosk whose config cannot be had at start comes up by itself once it can', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.clock.install({ time: testNow() });
    await page.route('**/centre/centre.json', (route) => route.abort('connectionrefused'));
    await page.goto('/kiosk');
    await expect(page.locator('#main h1')).toHaveText('Die Seite kann gerade nicht angezeigt werden');
    await page.unroute('**/centre/centre.json');
    await page.clock.fastForward(30_000);
    await expect(kiosk(page)).toHaveAttribute('data-view', 'floor');
  });

  test('survives a gateway restart: calm notices beside the last data, then fresh data without a reload', async ({ page }) => {
    test.setTimeout(120_000);
    const config = path.join(repo, 'target', 'e2e-kiosk-gateway.toml');
    fs.writeFileSync(
      config,
      '[coworking]\nconfig = "centres/dilas-soest/coworking/spaces.json"\nhistory = "target/e2e-kiosk-history.json"\n\n[server]\nmetrics_addr = "127.0.0.1:0"\n',
    );
    const { url, start, healthy, stop } = ownGateway(ports.gateway + 8, ['--config', config, '--dist', 'dist']);
    const floorSlide = page.locator('.kiosk-slide[data-view="floor"]');
    const coworkingSlide = page.locator('.kiosk-slide[data-view="coworking"]');

    let gateway = start();
    try {
      await healthy();
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.goto(`${url}/kiosk?views=floor,coworking&seconds=30`);
      await expect(floorSlide.locator('.floor')).toHaveAttribute('data-state', 'live');
      await expect(coworkingSlide.locator('.kiosk-updated')).toHaveText(/^Stand: \d+:\d\d Uhr$/);
      const tiles = await coworkingSlide.locator('.space-tile').count();
      await page.evaluate(() => {
        window.__sameDocument = true;
      });

      await stop(gateway);
      await expect(floorSlide.locator('.floor')).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
      await expect(floorSlide.locator('.floor-status-text')).toHaveText(/^Offline – keine Verbindung, neuer Versuch läuft automatisch/);
      await expect(floorSlide.locator('canvas')).toBeAttached();
      // The next co-working fetch fails: the last data stays, with a calm notice.
      await page.clock.fastForward(61_000);
      await expect(coworkingSlide.locator('.kiosk-outage')).toHaveText(
        /^Gerade keine Verbindung\. Sie sehen den Stand von \d+:\d\d Uhr\. Die Anzeige versucht es weiter\.$/,
      );
      await expect(coworkingSlide.locator('.space-tile')).toHaveCount(tiles);
      // The rotation goes on meanwhile.
      const shown = await kiosk(page).getAttribute('data-view');
      await page.clock.fastForward(30_000);
      await expect(kiosk(page)).not.toHaveAttribute('data-view', shown);
      if ((await kiosk(page).getAttribute('data-view')) !== 'coworking') await page.keyboard.press('ArrowRight');
      await expect(kiosk(page)).toHaveAttribute('data-view', 'coworking');
      await kioskScreenshot(page, '1920x1080-coworking-outage');
      await expectNoAxeViolations(page, '/kiosk outage');

      gateway = start();
      await healthy();
      // Retries: co-working after 5, 10, 20 … s; the floor's backoff up to about 30 s.
      await expect(async () => {
        await page.clock.fastForward(5_000);
        await expect(coworkingSlide.locator('.kiosk-outage')).toHaveCount(0, { timeout: 1_000 });
        await expect(floorSlide.locator('.floor')).toHaveAttribute('data-state', 'live', { timeout: 1_000 });
      }).toPass({ timeout: 60_000 });
      await expect(coworkingSlide.locator('.kiosk-updated')).toHaveText(/^Stand: \d+:\d\d Uhr$/);
      expect(await page.evaluate(() => window.__sameDocument), 'recovered without a reload').toBe(true);
    } finally {
      await stop(gateway).catch(() => {});
    }
  });

  test('two simulated hours: memory stays flat, the rotation and the heartbeat go on', async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (event) => {
        window.__wasm = event.detail.wasm;
      });
    });
    await page.clock.install({ time: testNow() });
    await page.goto('/kiosk');
    await expectLoaded(page, 'floor');
    const cdp = await page.context().newCDPSession(page);
    const measure = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const dom = await cdp.send('Memory.getDOMCounters');
      const { wasm, inUse } = await page.evaluate(() => ({
        wasm: window.__wasm.memory.buffer.byteLength,
        inUse: window.__wasm.heap_bytes_in_use() >>> 0,
      }));
      const elements = await page.evaluate(() => document.querySelectorAll('*').length);
      return { heap: heap.usedSize, nodes: dom.nodes, elements, listeners: dom.jsEventListeners, wasm, inUse };
    };
    // Warm up one full rotation first (every slide drawn once), then measure.
    for (let i = 0; i < 8; i++) await page.clock.fastForward(10_000);
    const start = await measure();

    // Two hours in steps of 10 s, measured after the first and the second hour: what a
    // leak adds, it adds in both; flat means the second hour adds (almost) nothing.
    const STEP_MS = 10_000;
    const stepsPerHour = 3600_000 / STEP_MS;
    const seen = new Set();
    const hour = async () => {
      for (let i = 0; i < stepsPerHour; i++) {
        await page.clock.fastForward(STEP_MS);
        // Every 7th step: 70 s, out of step with the 80 s rotation, so every slide is seen.
        if (i % 7 === 0) seen.add(await kiosk(page).getAttribute('data-view'));
      }
      await page.clock.fastForward(1_000);
      await page.clock.fastForward(1_000);
      return measure();
    };
    const middle = await hour();
    const end = await hour();
    const mib = (bytes) => (bytes / 1048576).toFixed(2);
    const kib = (bytes) => (bytes / 1024).toFixed(1);
    const line = (m) =>
      `JS heap ${mib(m.heap)} MiB, wasm heap in use ${kib(m.inUse)} KiB (memory ${mib(m.wasm)} MiB), DOM nodes ${m.nodes} (elements in the page ${m.elements}), listeners ${m.listeners}`;
    console.log(`kiosk memory, 2 h simulated in ${2 * stepsPerHour} steps of ${STEP_MS / 1000} s:`);
    console.log(`  start:        ${line(start)}`);
    console.log(`  after 1 hour: ${line(middle)}`);
    console.log(`  after 2 hours: ${line(end)}`);
    expect(seen).toEqual(new Set(VIEWS));
    const beat = await page.evaluate(() => Date.now() - window.lernortKioskBeat);
    expect(beat).toBeLessThan(5_000);
    // The second hour: at most 5 % more JS heap (plus 256 KiB of noise), no more bytes in
    // use on the wasm heap than 24 KiB (they wander by about 6 KiB with what is on screen;
    // a leak of 70 bytes per 10 s step would not pass), the same page (the slides stay
    // built; only texts change), no more listeners. Chromium's node counter also counts
    // nodes awaiting collection, hence its margin.
    expect(end.heap).toBeLessThan(middle.heap * 1.05 + 256 * 1024);
    expect(end.inUse).toBeLessThanOrEqual(middle.inUse + 24 * 1024);
    expect(Math.abs(end.elements - middle.elements)).toBeLessThanOrEqual(10);
    expect(end.nodes).toBeLessThanOrEqual(middle.nodes + 100);
    expect(end.listeners).toBeLessThanOrEqual(middle.listeners);
    // And the whole run stays within bounds of where it started. The wasm memory is the
    // allocator's high-water mark, never given back: how far it grows depends on how
    // fetches, frames and timers interleave (idle machine: +0.31 MiB, then flat; a busy
    // CI run: +0.31 MiB in each hour), hence a bound and not "flat" (src/heap.rs).
    expect(end.heap).toBeLessThan(start.heap * 1.5 + 512 * 1024);
    expect(end.wasm).toBeLessThanOrEqual(start.wasm + 1024 * 1024);
  });
});
