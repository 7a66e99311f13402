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

  var lastCheck = started;
  var strikes = 0; // checks in a row that found the heartbeat stale
  setInterval(function () {
    var now = Date.now();
    // Woken from sleep (the check itself came late): the app has not had a frame yet
    // either; look again next time rather than reload a page that is fine.
    var slept = now - lastCheck > 2 * CHECK_MS;
    lastCheck = now;
    // A hidden page draws nothing on purpose (a background tab); it is not stuck.
    if (slept || document.hidden) return;
    // Stale at two checks in a row: one late frame is not a stuck app.
    strikes = now - lastBeat() > STALE_MS ? strikes + 1 : 0;
    var daily = now - started > DAILY_AFTER_MS && new Date(now).getHours() === DAILY_HOUR;
    if (strikes >= 2 || daily) reloadWhenServerAnswers();
  }, CHECK_MS);
})();
