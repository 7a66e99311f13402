// Benchmark (a): render cost per frame. The same recorded frames (frames.bin, made by
// `lernort-floor-bench frames` from the gateway's simulator) are drawn by
//   ours:       the app's renderer (lernort-floor-view in wasm, the app's canvas calls):
//               decode + apply the message, heat step with trails, people count, paint
//               the small RGBA raster, putImageData onto the visible canvas, whose
//               backing store is the raster and which the compositor scales to its CSS
//               size (smoothed);
//   drawimage:  the same, scaled on the main thread as the app did before 2026-12: the
//               raster put on a small offscreen canvas, drawn with a smoothed drawImage
//               onto a visible canvas of CSS size x devicePixelRatio (for comparison);
//   simpleheat: simpleheat 0.4.0 (npm) with its default gradient: the message decoded
//               into values, one point per active segment at its centre (weight = the
//               segment's intensity on the layout's scale), radius + blur = one module.
// One frame per requestAnimationFrame. Per frame: "draw" = performance.now() around the
// renderer's call (message in, canvas calls made); "frame" = draw + getImageData(0, 0, 1, 1)
// on the visible canvas, which makes Chromium rasterise what was queued; "interval" = the
// time from one requestAnimationFrame to the next while drawing, which is where work the
// compositor does (scaling ours to the screen) shows: a frame it cannot finish in time
// delays the next one. The first `warmup` frames are drawn but not recorded.
import init, { Ours } from './lernort_floor_bench.js';
import { makeCanvas, status } from './common.js';

const [layoutText, framesBuffer, meta] = await Promise.all([
  fetch('floor.json').then((r) => r.text()),
  fetch('frames.bin').then((r) => r.arrayBuffer()),
  fetch('frames.json').then((r) => r.json()),
]);
await init();

const frames = [];
{
  const view = new DataView(framesBuffer);
  for (let at = 0; at < framesBuffer.byteLength; ) {
    const length = view.getUint32(at, true);
    frames.push(new Uint8Array(framesBuffer, at + 4, length));
    at += 4 + length;
  }
}

function ours(canvas) {
  const renderer = new Ours(layoutText, canvas);
  return {
    draw: (bytes) => renderer.draw(bytes, meta.interval_ms),
    check() {
      if (!renderer.ok()) throw new Error('the renderer drew nothing (no ImageData)');
    },
    done: () => renderer.free(),
  };
}

function drawImage(canvas) {
  const small = document.createElement('canvas');
  const renderer = new Ours(layoutText, small);
  const ctx = canvas.getContext('2d');
  return {
    draw(bytes) {
      renderer.draw(bytes, meta.interval_ms);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
    },
    check() {
      if (!renderer.ok()) throw new Error('the renderer drew nothing (no ImageData)');
    },
    done: () => renderer.free(),
  };
}

function heatmap(canvas) {
  const segments = meta.centres_cm.length;
  const scale = canvas.width / meta.width_cm;
  const x = Float64Array.from(meta.centres_cm, (c) => c[0] * scale);
  const y = Float64Array.from(meta.centres_cm, (c) => c[1] * scale);
  const values = new Uint8Array(segments).fill(meta.baseline);
  const span = meta.max - meta.baseline;
  const modulePx = meta.module_cm * scale;
  // eslint-disable-next-line no-undef
  const heat = simpleheat(canvas).max(1).radius(modulePx / 2, modulePx / 2);
  return {
    draw(bytes) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const kind = bytes[2];
      if (kind === 0) {
        values.set(bytes.subarray(17, 17 + view.getUint16(15, true)));
      } else if (kind === 1) {
        const n = view.getUint16(19, true);
        for (let i = 0, at = 21; i < n; i += 1, at += 3) {
          values[view.getUint16(at, true)] = bytes[at + 2];
        }
      }
      const points = [];
      for (let s = 0; s < segments; s += 1) {
        if (values[s] >= meta.active) {
          points.push([x[s], y[s], Math.min(1, (values[s] - meta.baseline) / span)]);
        }
      }
      heat.data(points).draw();
    },
    check() {},
    done() {},
  };
}

/**
 * Where the app's renderer spends a frame: the same frames, each in its own
 * requestAnimationFrame, timed part by part (ms): wasm (decode, apply, heat step, people
 * count, paint the raster), put (putImageData onto the canvas), read (getImageData(0, 0, 1,
 * 1): the raster left to do).
 */
window.breakdown = async function breakdown(warmup = 60) {
  const canvas = makeCanvas(meta.width_cm, meta.height_cm);
  const renderer = new Ours(layoutText, canvas);
  const ctx = canvas.getContext('2d');
  const parts = { wasm: [], put: [], read: [] };
  status(`breakdown: drawing ${frames.length} frames`);
  await nextFrame();
  for (let i = 0; i < frames.length; i += 1) {
    await nextFrame();
    const t0 = performance.now();
    renderer.compute(frames[i], meta.interval_ms);
    const t1 = performance.now();
    renderer.put();
    const t2 = performance.now();
    ctx.getImageData(0, 0, 1, 1);
    const t3 = performance.now();
    if (i === 0 && !renderer.ok()) throw new Error('the renderer drew nothing (no ImageData)');
    if (i >= warmup) {
      parts.wasm.push(t1 - t0);
      parts.put.push(t2 - t1);
      parts.read.push(t3 - t2);
    }
  }
  renderer.free();
  status('breakdown: done');
  return { renderer: 'breakdown', canvas: [canvas.width, canvas.height], ...parts };
};

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Draws every recorded frame with `name` ('ours', 'drawimage' or 'simpleheat'); the timings. */
window.bench = async function bench(name, warmup = 60) {
  const canvas = makeCanvas(meta.width_cm, meta.height_cm);
  const make = { ours, drawimage: drawImage, simpleheat: heatmap }[name];
  const renderer = make(canvas);
  const ctx = canvas.getContext('2d');
  const draw = [];
  const frame = [];
  const interval = [];
  let last = null;
  status(`${name}: drawing ${frames.length} frames`);
  await nextFrame();
  for (let i = 0; i < frames.length; i += 1) {
    const now = await nextFrame();
    const t0 = performance.now();
    if (i > warmup) interval.push(now - last);
    last = now;
    renderer.draw(frames[i]);
    const t1 = performance.now();
    ctx.getImageData(0, 0, 1, 1);
    const t2 = performance.now();
    if (i >= warmup) {
      draw.push(t1 - t0);
      frame.push(t2 - t0);
    }
    if (i === 0) renderer.check();
  }
  renderer.done();
  status(`${name}: done`);
  return {
    renderer: name,
    canvas: [canvas.width, canvas.height],
    css: [canvas.clientWidth, canvas.clientHeight],
    dpr: window.devicePixelRatio,
    isolated: window.crossOriginIsolated === true,
    frames: frames.length,
    warmup,
    draw,
    frame,
    interval,
  };
};

window.benchReady = true;
status(`ready: ${frames.length} frames; bench('ours'), bench('drawimage') or bench('simpleheat')`);
