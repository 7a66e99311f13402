// Benchmark (b): latency from the gateway's timestamp (in each frame's header: when the hub
// made the frame, ms since the epoch) to the painted frame. The page opens the gateway's
// floor stream (the same origin's `floor`, subprotocol lernort-floor.v1) and does what the
// app does: the socket handler decodes and applies each binary message; a frame asks for
// one requestAnimationFrame, whose callback steps the heat, counts people, paints, puts and
// scales the picture. After that the callback reads one pixel back (getImageData(0, 0, 1, 1):
// Chromium must rasterise first) and takes the time, performance.timeOrigin +
// performance.now(). Every frame painted in that callback gets latency = that time − its
// header timestamp (several frames can share one paint at 100 Hz).
//
// Query: ?seconds=20&warmup=2&clock_offset_ms=0 (how far the gateway's clock is ahead of
// the system's: a pinned LERNORT_NOW)&renderer=ours (or drawimage: the raster scaled on the
// main thread, as the app did before December 2026, for comparison). The result lands in
// window.latencyResult.
import init, { Ours } from './lernort_floor_bench.js';
import { makeCanvas, status, timestampMs } from './common.js';

const query = new URLSearchParams(window.location.search);
const seconds = Number(query.get('seconds') || 20);
const clockOffset = Number(query.get('clock_offset_ms') || 0);
const warmup = Number(query.get('warmup') || 2);
const scaled = query.get('renderer') === 'drawimage';

await init();

let renderer = null;
let canvas = null;
let ctx = null;
let small = null;
let pending = [];
let raf = 0;
let lastPaint = null;
let start = null;
const latencies = [];
let paints = 0;
let frames = 0;
let skipped = 0;
let firstSeq = null;
let lastSeq = null;

function paint(time) {
  raf = 0;
  renderer.paint(lastPaint === null ? 1000 / 60 : time - lastPaint);
  lastPaint = time;
  if (scaled) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  }
  ctx.getImageData(0, 0, 1, 1);
  const painted = performance.timeOrigin + performance.now();
  if (start !== null && painted - start >= warmup * 1000) {
    for (const stamp of pending) latencies.push(painted + clockOffset - stamp);
    paints += 1;
  }
  pending = [];
}

const url = new URL('floor', document.baseURI);
url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
const socket = new WebSocket(url, 'lernort-floor.v1');
socket.binaryType = 'arraybuffer';
socket.onmessage = (event) => {
  if (typeof event.data === 'string') {
    const layout = JSON.parse(event.data);
    canvas = makeCanvas(layout.width_cm, layout.height_cm);
    small = scaled ? document.createElement('canvas') : canvas;
    renderer = new Ours(event.data, small);
    ctx = canvas.getContext('2d');
    start = performance.timeOrigin + performance.now();
    status('live');
    return;
  }
  if (!renderer) return;
  const bytes = new Uint8Array(event.data);
  const result = renderer.receive(bytes);
  if (result === 0) {
    const measuring = performance.timeOrigin + performance.now() - start >= warmup * 1000;
    if (measuring) {
      frames += 1;
      const seq = new DataView(event.data).getUint32(3, true);
      if (firstSeq === null) firstSeq = seq;
      lastSeq = seq;
    }
    pending.push(timestampMs(bytes));
    if (!raf) raf = requestAnimationFrame(paint);
  } else if (result === 2) {
    skipped += 1;
  }
};
socket.onclose = () => status('closed');

const offsets = [];
setTimeout(() => {
  if (start === null) {
    window.latencyResult = { error: 'no layout received', latencies: [] };
    return;
  }
  socket.onmessage = null;
  socket.close();
  // The page's clock against the system clock: Date.now() has whole ms only, so take the
  // smallest difference of many readings.
  for (let i = 0; i < 200; i += 1) {
    offsets.push(Date.now() - (performance.timeOrigin + performance.now()));
  }
  const measuredS = (performance.timeOrigin + performance.now() - start) / 1000 - warmup;
  window.latencyResult = {
    seconds: measuredS,
    warmup,
    latencies,
    paints,
    frames,
    skipped,
    seq_span: firstSeq === null ? 0 : lastSeq - firstSeq + 1,
    clock_offset_ms: Math.max(...offsets),
    canvas: canvas ? [canvas.width, canvas.height] : null,
    renderer: scaled ? 'drawimage' : 'ours',
    dpr: window.devicePixelRatio,
  };
  status('done');
}, (warmup + seconds) * 1000 + 500);
