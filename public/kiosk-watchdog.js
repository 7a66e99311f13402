// The kiosk's watchdog (docs/kiosk.md). The screens in the lab run for days with nobody
// near: if the app stops drawing (a crashed wasm, a hung tab, a wasm that never loaded),
// reload the page, but only once the server answers, so that a dead server never leaves
// the browser's own error page on the screen. The app writes `window.lernortKioskBeat`
// (Date.now()) from an animation frame once a second; this file is separate from the app
// so that it keeps working when the app does not.
'use strict';
(function () {
  var CHECK_MS = 30000; // how often to look
  var STALE_MS = 90000; // no heartbeat for this long: the app has stopped
  // A page that has been up a day reloads once in the small hours, to pick up a new
  // build and start with fresh memory.
  var DAILY_AFTER_MS = 20 * 3600 * 1000;
  var DAILY_HOUR = 4;
  var started = Date.now();

  function lastBeat() {
    return typeof window.lernortKioskBeat === 'number' ? window.lernortKioskBeat : started;
  }

  function reloadWhenServerAnswers() {
    fetch(location.href, { method: 'HEAD', cache: 'no-store' }).then(
      function (response) {
        if (response.ok) location.reload();
      },
      function () {
        // Server down: keep what is on the screen and look again at the next check.
      },
    );
  }

  setInterval(function () {
    // A hidden page draws nothing on purpose (a background tab); it is not stuck.
    if (document.hidden) return;
    var now = Date.now();
    var stuck = now - lastBeat() > STALE_MS;
    var daily = now - started > DAILY_AFTER_MS && new Date(now).getHours() === DAILY_HOUR;
    if (stuck || daily) reloadWhenServerAnswers();
  }, CHECK_MS);
})();
