// The live sensor floor (/sensorboden): live state from the gateway's /floor stream, the
// pause button (WCAG 2.2.2), the picture as a small canvas the compositor scales (and
// that it looks as the main thread's scaled drawImage did), the offline state when the stream is unreachable, axe in both states, and the key robustness
// case: the gateway restarted under an open page goes offline and comes back live without a
// reload. Screenshots: sensorboden-live, sensorboden-belebt (a scripted busy floor),
// sensorboden-angehalten, sensorboden-offline.
//
// The gateway of playwright.config.js (port 8181) simulates the DiLAS floor on the run's
// clock (tests/e2e/clock.js: a Tuesday morning, a few people about); tests that need a
// particular crowd or motion script the stream with page.routeWebSocket instead (layout from centres/dilas-soest/floor.json,
// frames in the protocol's bytes, docs/floor-protocol.md). The restart test starts its own
// gateway on port 8185 (base + 4). Every wait is on a condition, never a fixed time.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');
const { test, expect, repo, expectNoAxeViolations, screenshot, mainHeading, ownGateway, testNow } = require('./helpers');
const { ports, urls } = require('./servers');

const LAYOUT = fs.readFileSync(path.join(repo, 'centres', 'dilas-soest', 'floor.json'), 'utf8');
const MODULES = JSON.parse(LAYOUT).modules;
const FLOOR_WS = /\/floor$/;
const CLOCK = /\d{2}:\d{2}:\d{2}/;

const floor = (page) => page.locator('.floor');
const status = (page) => page.locator('.floor-status');
const summary = (page) => page.locator('.floor-summary');

/** A binary message header: magic, version, kind, seq, timestamp (docs/floor-protocol.md). */
function header(kind, seq, bodyLength) {
  const bytes = Buffer.alloc(15 + bodyLength);
  bytes[0] = 0xf1;
  bytes[1] = 1;
  bytes[2] = kind;
  bytes.writeUInt32LE(seq >>> 0, 3);
  bytes.writeBigUInt64LE(BigInt(testNow().getTime()), 7);
  return bytes;
}

function fullFrame(seq, values) {
  const bytes = header(0, seq, 2 + values.length);
  bytes.writeUInt16LE(values.length, 15);
  Buffer.from(values).copy(bytes, 17);
  return bytes;
}

function sourceStatus(state) {
  const bytes = header(2, 0, 3);
  bytes[15] = state; // 0 up, 1 stale, 2 down
  return bytes;
}

/** Triangle centroids in module coordinates, in the protocol's order (nne … nnw). */
const CENTROIDS = [
  [0.67, 0.17], [0.83, 0.33], [0.83, 0.67], [0.67, 0.83],
  [0.33, 0.83], [0.17, 0.67], [0.17, 0.33], [0.33, 0.17],
];

/** Values for people standing at (x, y) cm, each pressing the triangles within 22 cm. */
function floorWith(people) {
  const values = new Array(MODULES.length * 8).fill(128);
  MODULES.forEach((m, i) => {
    CENTROIDS.forEach(([u, v], t) => {
      const x = m.x_cm + u * m.w_cm;
      const y = m.y_cm + v * m.h_cm;
      for (const [px, py] of people) {
        const d = Math.hypot(x - px, y - py);
        if (d < 22) values[i * 8 + t] = Math.max(values[i * 8 + t], Math.round(190 - d));
      }
    });
  });
  return values;
}

const CROWD = [
  [125, 100], [260, 140], [420, 80], [640, 110], [700, 60], [425, 270],
  [100, 330], [175, 420], [230, 300], [620, 330], [710, 440], [430, 440],
];

/**
 * Scripts the floor stream: layout, status "up", then a full frame every 100 ms with the
 * crowd walking (each frame differs). Returns a counter of frames sent.
 */
async function scriptFloor(page, { walk = true } = {}) {
  const sent = { frames: 0 };
  await page.routeWebSocket(FLOOR_WS, (ws) => {
    ws.send(LAYOUT);
    ws.send(sourceStatus(0));
    let seq = 0;
    const send = () => {
      seq += 1;
      const shift = walk ? 25 * Math.sin(seq / 8) : 0;
      ws.send(fullFrame(seq, floorWith(CROWD.map(([x, y]) => [x + shift, y]))));
      sent.frames += 1;
    };
    send();
    const timer = setInterval(() => {
      try {
        send();
      } catch {
        clearInterval(timer);
      }
    }, 100);
    ws.onClose(() => clearInterval(timer));
  });
  return sent;
}

/** Waits until `count()` has grown by `n` (frames sent by the scripted stream). */
async function framesPass(sent, n) {
  const target = sent.frames + n;
  await expect.poll(() => sent.frames, { timeout: 10_000 }).toBeGreaterThanOrEqual(target);
}

async function expectLive(page) {
  await expect(floor(page)).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
  await expect(status(page)).toHaveText(new RegExp(`^Live – aktualisiert ${CLOCK.source}$`));
}

/** The canvas's backing store, its CSS box, the plan's box and how it is scaled. */
function canvasSizes(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.floor-plan canvas');
    const rect = canvas.getBoundingClientRect();
    const plan = canvas.parentElement.getBoundingClientRect();
    return {
      backing: [canvas.width, canvas.height],
      css: [rect.width, rect.height],
      plan: [plan.width, plan.height],
      rendering: getComputedStyle(canvas).imageRendering,
    };
  });
}

/** How alike two screenshots of one size are: the mean absolute difference per colour
 * channel (0–255) and the share of pixels whose channels all differ by at most 8. */
function likeness(a, b) {
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  expect([x.width, x.height]).toEqual([y.width, y.height]);
  let sum = 0;
  let close = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    let worst = 0;
    for (let c = 0; c < 3; c += 1) {
      const d = Math.abs(x.data[i + c] - y.data[i + c]);
      sum += d;
      worst = Math.max(worst, d);
    }
    if (worst <= 8) close += 1;
  }
  const pixels = x.data.length / 4;
  const colours = new Set();
  for (let i = 0; i < x.data.length; i += 4) colours.add(x.data.readUInt32BE(i));
  return { mean: sum / (pixels * 3), within8: (100 * close) / pixels, colours: colours.size, size: `${x.width}x${x.height}` };
}

/** The visible canvas as an image (to tell whether the picture changed). */
function picture(page) {
  return page.evaluate(() => document.querySelector('.floor-plan canvas').toDataURL());
}

test.describe('live sensor floor', () => {
  test('goes live from the gateway, the raster scaled to the plan by CSS; axe; screenshot', async ({ page }, testInfo) => {
    await page.goto('/sensorboden');
    await expect(mainHeading(page)).toHaveText('Sensorboden live');
    await expectLive(page);
    await expect(page.locator('.floor-lines')).toHaveAttribute('viewBox', '0 0 800 500');
    await expect(page.locator('.floor-zone-label')).toHaveCount(6);
    await expect(summary(page)).toHaveText(/^(Gerade ist niemand auf dem Sensorboden\.|Etwa .+ im Haus.*\.)$/);
    await expect(page.locator('.floor-zone-table tbody tr')).toHaveCount(7);

    // The backing store is the raster (800 x 500 cm at 8 pixels a 50 cm module); CSS
    // stretches it over the whole plan, which keeps the floor's aspect ratio, and the
    // compositor scales it smoothly at any devicePixelRatio (3 on the phone project).
    await expect.poll(async () => (await canvasSizes(page)).backing.join('x')).toBe('128x80');
    const { css, plan, rendering } = await canvasSizes(page);
    expect(css).toEqual(plan);
    expect(Math.abs(css[0] / css[1] - 1.6)).toBeLessThan(0.01);
    expect(rendering).toBe('auto');
    const dpr = await page.evaluate(() => devicePixelRatio);
    expect(dpr, 'the projects differ in DPR').toBe(testInfo.project.name === 'phone' ? 3 : 1);

    await expectNoAxeViolations(page, `/sensorboden live (${testInfo.project.name})`);
    await screenshot(page, testInfo, 'sensorboden-live');
  });

  test('under a sub-path the stream is found beside the app (ws://…/lernort/floor)', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'one viewport is enough');
    const sockets = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${urls.subpath}/lernort/sensorboden`);
    await expectLive(page);
    expect(sockets).toEqual([`${urls.subpath.replace('http', 'ws')}/lernort/floor`]);
  });

  test('follows a resize: the picture fills the new plan, the backing store stays the raster', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'one viewport is enough');
    await scriptFloor(page);
    await page.goto('/sensorboden');
    await expectLive(page);
    await page.setViewportSize({ width: 700, height: 900 });
    await expect.poll(async () => {
      const { backing, css, plan } = await canvasSizes(page);
      return css[0] < 700 && css.join('x') === plan.join('x') && backing.join('x') === '128x80';
    }).toBe(true);
  });

  // The picture used to be scaled on the main thread: a small offscreen canvas drawn with a
  // smoothed drawImage onto a backing store of CSS size × devicePixelRatio. Now the
  // compositor scales the small canvas itself. The same paused picture both ways, at 1080p,
  // on the phone (DPR 3) and on a 4K screen (1920 x 1080 CSS pixels at DPR 2), must look
  // the same.
  test('the compositor scales the picture as the main thread\'s drawImage did', async ({ page, browser }, testInfo) => {
    const pages = [page];
    if (testInfo.project.name === 'screen') {
      const uhd = await browser.newContext({ ...testInfo.project.use, deviceScaleFactor: 2 });
      pages.push(await uhd.newPage());
    }
    for (const p of pages) {
      await scriptFloor(p);
      await p.goto('/sensorboden');
      await expectLive(p);
      await p.getByRole('button', { name: 'Anhalten' }).click();
      await expect(floor(p)).toHaveAttribute('data-state', 'paused');
      // Only the picture: the plan's lines, labels and badge are the same SVG and text both
      // ways. (Through the CSSOM: the page's CSP refuses a style element.)
      await p.evaluate(() => {
        for (const el of document.querySelectorAll('.floor-lines, .floor-labels, .floor-badge')) {
          el.style.visibility = 'hidden';
        }
      });
      const clip = await p.locator('.floor-plan canvas').boundingBox();
      const compositor = await p.screenshot({ clip, animations: 'disabled' });
      await p.evaluate(() => {
        const small = document.querySelector('.floor-plan canvas');
        const rect = small.getBoundingClientRect();
        const old = document.createElement('canvas');
        old.width = Math.round(rect.width * devicePixelRatio);
        old.height = Math.round(rect.height * devicePixelRatio);
        old.getContext('2d').drawImage(small, 0, 0, old.width, old.height);
        small.after(old);
      });
      const mainThread = await p.screenshot({ clip, animations: 'disabled' });
      const alike = likeness(compositor, mainThread);
      const viewport = p.viewportSize();
      const dpr = await p.evaluate(() => devicePixelRatio);
      console.log(`picture ${viewport.width}x${viewport.height} DPR ${dpr} (${alike.size} px, ${alike.colours} colours): mean |difference| ${alike.mean.toFixed(2)} of 255, ${alike.within8.toFixed(1)} % of pixels within 8`);
      expect(alike.colours, 'a picture with heat in it, not a blank canvas').toBeGreaterThan(200);
      expect(alike.mean, 'mean difference per channel').toBeLessThan(3);
      expect(alike.within8, '% of pixels within 8').toBeGreaterThan(95);
    }
    if (pages.length > 1) await pages[1].context().close();
  });

  test('a busy floor: counts, busiest zone, table and live region', async ({ page }, testInfo) => {
    await scriptFloor(page);
    await page.goto('/sensorboden');
    await expectLive(page);
    // A number, or a range in words where the floor cannot tell (docs/people-count.md).
    await expect(summary(page)).toHaveText(/^Etwa \d+( bis \d+)? Personen im Haus, am meisten los: .+ \(\d+\)\.$/);
    await expect(page.locator('.floor-total td')).toHaveText(/^\d+( bis \d+)?$/);
    // Twelve people, each on 2–5 triangles: about twelve (neighbours may merge or split).
    const [low, high = low] = (await page.locator('.floor-total td').textContent()).split(' bis ').map(Number);
    expect(low).toBeGreaterThanOrEqual(8);
    expect(high).toBeLessThanOrEqual(2 * CROWD.length);
    // The polite live region says the summary (once; then at most every 30 s).
    const live = page.locator('[aria-live="polite"]');
    await expect(live).toHaveText(/^Etwa \d+( bis \d+)? Personen im Haus/);
    await expectNoAxeViolations(page, `/sensorboden busy (${testInfo.project.name})`);
    await screenshot(page, testInfo, 'sensorboden-belebt');

    // The colour scale can be switched; the legend follows.
    await page.getByLabel('Farbskala').selectOption('cividis');
    await expect(page.locator('.floor-legend stop').first()).toHaveAttribute('stop-color', '#00224e');
    await expect(page.locator('.floor-legend')).toContainText('ruhig');
    await expect(page.locator('.floor-legend')).toContainText('viel los');
  });

  test('in English: status, summary, zone names, legend', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'one viewport is enough');
    await scriptFloor(page);
    await page.goto('/sensorboden');
    await expectLive(page);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(mainHeading(page)).toHaveText('Live sensor floor');
    await expect(status(page)).toHaveText(new RegExp(`^Live – updated ${CLOCK.source}$`));
    await expect(summary(page)).toHaveText(/^About \d+( to \d+)? people in the building, busiest: .+ \(\d+\)\.$/);
    await expect(page.locator('.floor-zone-label', { hasText: 'Entrance' })).toHaveCount(1);
    await expect(page.locator('.floor-legend')).toContainText('quiet');
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect(page.getByLabel('Colour scale')).toHaveValue('viridis');
  });

  test('pause stops the picture and the counts; resume restarts them', async ({ page }, testInfo) => {
    const sent = await scriptFloor(page);
    await page.goto('/sensorboden');
    await expectLive(page);
    await framesPass(sent, 3);

    await page.getByRole('button', { name: 'Anhalten' }).click();
    await expect(floor(page)).toHaveAttribute('data-state', 'paused');
    await expect(status(page)).toHaveText(new RegExp(`^Angehalten – Bild von ${CLOCK.source}$`));
    await expect(page.locator('.floor-badge')).toHaveText('Angehalten');
    const frozen = { text: await status(page).textContent(), picture: await picture(page) };
    const counts = await page.locator('.floor-zone-table').textContent();
    // The stream goes on (frames differ, the clock passes a second), the page stays still.
    await framesPass(sent, 15);
    expect(await status(page).textContent()).toBe(frozen.text);
    expect(await picture(page), 'the picture did not change while paused').toBe(frozen.picture);
    expect(await page.locator('.floor-zone-table').textContent()).toBe(counts);
    await screenshot(page, testInfo, 'sensorboden-angehalten');

    await page.getByRole('button', { name: 'Fortsetzen' }).click();
    await expectLive(page);
    await expect.poll(() => picture(page), { message: 'the picture moves again' }).not.toBe(frozen.picture);
    await expect(page.getByRole('button', { name: 'Anhalten' })).toBeVisible();
  });

  test('leaving the page closes the stream (and its frame loop with it)', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'one viewport is enough');
    const closed = { count: 0 };
    const opened = { count: 0 };
    await page.routeWebSocket(FLOOR_WS, (ws) => {
      opened.count += 1;
      ws.send(LAYOUT);
      ws.send(fullFrame(1, floorWith(CROWD)));
      ws.onClose(() => {
        closed.count += 1;
      });
    });
    await page.goto('/sensorboden');
    await expectLive(page);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Start' }).click();
    await expect(mainHeading(page)).toHaveText('DiLAS Soest');
    await expect.poll(() => closed.count, { message: 'the page closed its socket' }).toBe(1);
    // And it does not come back: no reconnect once the page is gone.
    // (Another page of the same bundle: the app stays loaded.)
    await page.getByRole('navigation', { name: 'Rechtliches und Hilfe' }).getByRole('link', { name: 'Impressum' }).click();
    await expect(mainHeading(page)).toHaveText('Impressum');
    expect(closed.count).toBe(1);
    expect(opened.count, 'no reconnect after leaving').toBe(1);
  });

  test('stale: the source reports it, the last picture stays, dimmed and labelled', async ({ page }, testInfo) => {
    await page.routeWebSocket(FLOOR_WS, (ws) => {
      ws.send(LAYOUT);
      ws.send(sourceStatus(0));
      ws.send(fullFrame(1, floorWith(CROWD)));
      // Some modules went silent: the gateway says so and the page must not look live.
      ws.send(sourceStatus(1));
    });
    await page.goto('/sensorboden');
    await expect(floor(page)).toHaveAttribute('data-state', 'stale');
    await expect(status(page)).toHaveText(new RegExp(`^Veraltet – keine neuen Daten \\(letztes Bild von ${CLOCK.source}\\)$`));
    await expect(page.locator('.floor-badge')).toHaveText('Veraltet');
    await expect(page.locator('.floor-badge')).toBeVisible();
    await screenshot(page, testInfo, 'sensorboden-veraltet');
  });

  test('offline when the stream cannot be reached; axe; screenshot', async ({ page }, testInfo) => {
    // The centre's config points the stream at a closed port.
    await page.route('**/centre/centre.json', async (route) => {
      const response = await route.fetch();
      const config = await response.json();
      config.gateway.websocket_url = 'ws://127.0.0.1:9/floor';
      await route.fulfill({ response, json: config });
    });
    await page.goto('/sensorboden');
    await expect(mainHeading(page)).toHaveText('Sensorboden live');
    await expect(floor(page)).toHaveAttribute('data-state', 'offline');
    await expect(floor(page)).toHaveAttribute('data-plan', 'none');
    await expect(page.locator('.floor-plan')).toBeHidden();
    await expect(status(page)).toHaveText('Offline – keine Verbindung, neuer Versuch läuft automatisch');
    await expect(summary(page)).toHaveText('Noch keine Daten vom Sensorboden.');
    // Nothing to pause or colour yet: the controls appear with the plan.
    await expect(page.getByRole('button', { name: 'Anhalten' })).toBeHidden();
    await expectNoAxeViolations(page, `/sensorboden offline (${testInfo.project.name})`);
    await screenshot(page, testInfo, 'sensorboden-offline');
  });

  test('the gateway restarted under the open page: offline, then live again without a reload', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'screen', 'one viewport is enough');
    test.setTimeout(90_000);
    const { url, start, healthy, stop } = ownGateway(ports.gateway + 4, ['--dist', 'dist']);
    let gateway = start();
    try {
      await healthy();
      await page.goto(`${url}/sensorboden`);
      await expectLive(page);
      await page.evaluate(() => {
        window.__sameDocument = true;
      });

      await stop(gateway);
      await expect(floor(page)).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
      await expect(status(page)).toHaveText(
        new RegExp(`^Offline – keine Verbindung, neuer Versuch läuft automatisch \\(letztes Bild von ${CLOCK.source}\\)$`),
      );
      await expect(page.locator('.floor-badge')).toHaveText('Keine Verbindung');

      gateway = start();
      await healthy();
      // Backoff: 1, 2, 4, 8 … s ceilings with jitter, so within about 30 s of the restart.
      await expect(floor(page)).toHaveAttribute('data-state', 'live', { timeout: 40_000 });
      await expectLive(page);
      expect(await page.evaluate(() => window.__sameDocument), 'live again without a reload').toBe(true);
    } finally {
      await stop(gateway).catch(() => {});
    }
  });
});
