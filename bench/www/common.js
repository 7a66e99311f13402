// Shared by the bench pages: the canvas, as large as the viewport allows at the floor's
// aspect ratio, with a backing store of CSS size x devicePixelRatio in whole device pixels
// (what simpleheat and the drawImage comparison draw on; lernort's Painter makes it the
// raster's size, as in the app).

export function makeCanvas(widthCm, heightCm) {
  for (const old of document.querySelectorAll('canvas')) old.remove();
  const canvas = document.createElement('canvas');
  const aspect = widthCm / heightCm;
  const cssWidth = Math.min(window.innerWidth, window.innerHeight * aspect);
  const cssHeight = cssWidth / aspect;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.min(8192, Math.max(1, Math.round(cssWidth * dpr)));
  canvas.height = Math.min(8192, Math.max(1, Math.round(cssHeight * dpr)));
  document.body.prepend(canvas);
  return canvas;
}

export function status(text) {
  const p = document.getElementById('status');
  if (p) p.textContent = text;
}

/** Reads the gateway timestamp (ms since the epoch) of a binary floor message. */
export function timestampMs(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Number(view.getBigUint64(7, true));
}
