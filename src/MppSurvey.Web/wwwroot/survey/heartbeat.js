// A kiosk tablet tells the server it is alive once a minute, so staff see on /Admin/Kiosks when a
// tablet went quiet (switched off, off the network, its page crashed). It sends only the device
// token that survey.js keeps on the tablet; the server writes "last seen" at most once a minute.
(() => {
  'use strict';
  const url = document.currentScript && document.currentScript.dataset.url || '/api/v1/kiosks/heartbeat';
  const beat = () => {
    let token = null;
    try { token = localStorage.getItem('mppsurvey.kioskToken'); } catch (_) { return; }
    if (!token || navigator.onLine === false) return;
    fetch(url, { method: 'POST', headers: { 'X-Kiosk-Token': token }, credentials: 'omit', cache: 'no-store' }).catch(() => {});
  };
  // After survey.js (deferred, earlier in the page) has stored a token arriving in the enrolment link.
  beat();
  setInterval(beat, 60 * 1000);
})();
