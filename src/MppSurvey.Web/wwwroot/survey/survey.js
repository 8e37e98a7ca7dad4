// The visitor's survey: sends the answers to POST /api/v1/responses and never loses them.
// Every response gets its id here, before the first attempt, and waits in IndexedDB until the
// server has acknowledged it: a retry of a response that did arrive is stored once by the server.
// Settings and texts come from data-* attributes (the page has no inline script, for the CSP).
(() => {
  'use strict';
  const form = document.getElementById('survey');
  if (!form) return;
  const d = form.dataset;
  // An author's preview of a template version: it shows the questions and never sends anything.
  if (d.preview) { form.addEventListener('submit', e => e.preventDefault()); return; }
  const kiosk = d.kiosk === '1';
  // An officer's tablet (?petugas=1): the service model is set once and kept for the session (README Decisions).
  const officer = d.officer === '1', modelPick = document.getElementById('officer-model'), MODEL = 'mppsurvey.officerModel';
  if (officer && modelPick) {
    const kept = (() => { try { return sessionStorage.getItem(MODEL); } catch { return null; } })();
    if (kept && [...modelPick.options].some(o => o.value === kept)) modelPick.value = kept;
    modelPick.addEventListener('change', () => { try { sessionStorage.setItem(MODEL, modelPick.value); } catch { /* private mode: this page only */ } });
  }
  const codes = d.codes.split(' ');
  const secs = name => (+d[name + 'Seconds'] || 0) * 1000;
  const $ = id => document.getElementById(id);
  const done = $('done'), doneMsg = $('done-msg'), err = $('err'), none = $('none'), queueEl = $('queue'), send = $('send');
  const fmt = (s, ...a) => s.replace(/\{(\d)\}/g, (_, i) => a[i]);
  const TOKEN = 'mppsurvey.kioskToken', LAST = 'mppsurvey.kioskLast';
  let startedAt = null, idleTimer = 0, retryTimer = 0, resetTimer = 0, busy = false, flushing = false;

  // A kiosk is enrolled by opening its link once: /survei/{regency}?kios=1#token=...; the token
  // stays on the device, never in the address bar or the history.
  if (kiosk) {
    const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (m) {
      localStorage.setItem(TOKEN, decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    if (!localStorage.getItem(TOKEN)) {
      $('enrol').hidden = false;
      form.hidden = true;
      return;
    }
    if ('serviceWorker' in navigator) navigator.serviceWorker.register(d.sw).catch(() => {});
  }

  // The visitor's draft (kept until sent, through a language switch, reload or back button): in
  // sessionStorage, which ends with the tab (README Decisions); one per MPP, template and counter.
  const DRAFT = 'mppsurvey.draft:', draftKey = DRAFT + [d.regency, d.template, d.agency, d.service, +kiosk].join('|');
  const storage = fn => { try { return fn(sessionStorage); } catch { return null; } };
  const choice = e => e.type === 'radio' || e.type === 'checkbox';
  function keep() {
    const v = [];
    for (const e of form.elements) {
      if (e.id && e.type !== 'search' && (choice(e) ? e.checked : e.value && e.type !== 'submit')) v.push(choice(e) ? e.id : [e.id, e.value]);
    }
    storage(s => v.length ? s.setItem(draftKey, JSON.stringify({ t: +startedAt, s: Date.now(), v })) : s.removeItem(draftKey));
  }
  function drop() {
    storage(s => { for (const k of Object.keys(s)) if (kiosk ? k.startsWith(DRAFT) : k === draftKey) s.removeItem(k); });
  }
  // Only this form's fields, each as what it is. A kiosk's draft older than its idle time is a
  // previous visitor's (browser restarted, page from the service worker): dropped.
  function restore() {
    const x = storage(s => JSON.parse(s.getItem(draftKey)));
    if (!x || !Array.isArray(x.v) || kiosk && !(Date.now() - x.s < secs('idle'))) { drop(); return false; }
    for (const a of x.v) {
      const e = document.getElementById(Array.isArray(a) ? a[0] : a);
      if (!e || e.form !== form || !e.matches('input:not([type=search]),select,textarea')) continue;
      if (choice(e)) e.checked = typeof a === 'string';
      else if (Array.isArray(a)) e.value = String(a[1]).slice(0, e.maxLength < 0 ? undefined : e.maxLength);
    }
    if (x.t > 0 && x.t <= Date.now()) startedAt = new Date(x.t);
    return true;
  }

  const uuid = () => crypto.randomUUID ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, c => (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16));

  // The outbox: IndexedDB where it opens, else memory (a private window can refuse IndexedDB).
  const memory = new Map();
  let dbp = null;
  const idb = () => dbp || (dbp = new Promise((ok, fail) => {
    const r = indexedDB.open('mppsurvey', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('outbox', { keyPath: 'id' });
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  }));
  const tx = (mode, fn) => idb().then(db => new Promise((ok, fail) => {
    const t = db.transaction('outbox', mode);
    const r = fn(t.objectStore('outbox'));
    t.oncomplete = () => ok(r.result);
    t.onerror = t.onabort = () => fail(t.error);
  }));
  const put = item => tx('readwrite', s => s.put(item)).catch(() => { memory.set(item.id, item); });
  const del = id => { memory.delete(id); return tx('readwrite', s => s.delete(id)).catch(() => {}); };
  const all = () => tx('readonly', s => s.getAll()).catch(() => []).then(rows => rows.concat([...memory.values()]));

  async function post(item) {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const token = item.kiosk && localStorage.getItem(TOKEN);
    if (token) headers['X-Kiosk-Token'] = token;
    let r;
    try {
      r = await fetch(d.api, { method: 'POST', headers, body: JSON.stringify(item.body), cache: 'no-store', credentials: 'same-origin' });
    } catch {
      return { keep: true, wait: 0 };
    }
    if (r.ok) return { ok: true };
    // A refused field never gets better by resending; anything else (offline, 5xx, 429, a revoked
    // kiosk) stays queued and visible to staff.
    if (r.status === 400 || r.status === 409 || r.status === 413 || r.status === 422) {
      let problem = null;
      try { problem = await r.json(); } catch { /* not problem+json */ }
      return { rejected: true, problem };
    }
    return { keep: true, wait: (+r.headers.get('Retry-After') || 0) * 1000 };
  }

  async function showQueue() {
    const count = (await all()).length;
    queueEl.textContent = fmt(kiosk ? d.tQueue : d.tQueueVisitor, count);
    queueEl.hidden = !kiosk && count === 0;
    queueEl.dataset.count = count;
    return count;
  }

  function retryLater(wait) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, Math.max(wait || 0, secs('retry')));
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    let wait = 0;
    try {
      for (const item of await all()) {
        const r = await post(item);
        if (r.keep) { wait = r.wait; break; }
        await del(item.id);
      }
    } finally {
      flushing = false;
    }
    if (await showQueue()) retryLater(wait);
  }

  function answered() {
    return codes.filter(c => form.elements[c].value).length;
  }

  function progress() {
    if (answered()) none.hidden = true;
    $('prog').value = answered();
    $('progtext').textContent = fmt(d.tProgress, answered(), codes.length);
  }

  function build(id) {
    const f = form.elements, answers = {}, profile = {};
    for (const c of codes) answers[c] = f[c].value ? +f[c].value : null;
    if (f.gender.value) profile.gender = f.gender.value;
    if (f.age.value) profile.age = +f.age.value;
    if (f.education.value) profile.education = f.education.value;
    if (f.occupation.value) profile.occupation = f.occupation.value;
    const now = new Date();
    const body = {
      id, regencyCode: d.regency, template: d.template, channel: kiosk ? 'kiosk' : officer ? 'officer' : 'qr',
      submittedAt: now.toISOString(), startedAt: (startedAt || now).toISOString(), profile, answers,
    };
    // A kiosk's model is the kiosk's own (the server applies it); otherwise the officer's switch or the QR code's.
    const model = officer && modelPick ? modelPick.value : d.model;
    if (!kiosk && model) body.serviceModel = model;
    let agency = d.agency, service = d.service;
    const picked = f.service && f.service.selectedOptions[0];
    if (picked && picked.value) { service = picked.value; agency = picked.dataset.a; }
    if (agency) body.agencyId = +agency;
    if (service) body.serviceId = +service;
    if (d.invitation) { body.channel = 'invitation'; body.invitation = d.invitation; }
    const text = f.suggestion.value.trim();
    if (text) body.suggestion = text;
    // Unscored questions: a choice is its answer's value, several choices an array of values.
    const other = {};
    for (const q of form.querySelectorAll('[data-o]')) {
      const t = q.dataset.o, c = q.dataset.c;
      const v = t === 'multiple' ? [...q.querySelectorAll('input:checked')].map(i => +i.value)
        : (f['o.' + c].value || '').trim();
      if (v.length) other[c] = t === 'text' || t === 'multiple' ? v : +v;
    }
    if (Object.keys(other).length) body.other = other;
    return body;
  }

  function showError(message, details) {
    err.textContent = message;
    if (details && details.length) {
      const ul = document.createElement('ul');
      for (const line of details) ul.appendChild(document.createElement('li')).textContent = line;
      err.appendChild(ul);
    }
  }

  function sendLabel(text) {
    send.disabled = !!text;
    send.textContent = text || send.dataset.label;
  }

  // Nothing of a visitor survives the next one: the form is cleared in place (no new history
  // entry), and a kiosk left in English goes back to its Indonesian page with location.replace.
  function reset() {
    clearTimeout(idleTimer);
    clearTimeout(resetTimer);
    drop();
    if (kiosk && document.documentElement.lang !== 'id') {
      location.replace(d.home);
      return;
    }
    clear();
    progress();
    window.scrollTo(0, 0);
    $('title').focus({ preventScroll: true });
  }

  function clear() {
    form.reset();
    if ($('svc-q')) filterServices('');
    err.textContent = '';
    none.hidden = true;
    startedAt = null;
    busy = false;
    sendLabel('');
    done.hidden = true;
    form.hidden = false;
  }

  // The draft comes back on the form; a kiosk counts its idle time again from here.
  function resume() {
    if (restore() && kiosk) touched();
    progress();
  }

  function finish(sent) {
    form.reset();
    progress();
    form.hidden = true;
    doneMsg.textContent = sent ? d.tSent : d.tQueued;
    done.hidden = false;
    window.scrollTo(0, 0);
    done.focus({ preventScroll: true });
    clearTimeout(idleTimer);
    if (kiosk) resetTimer = setTimeout(reset, secs('thanks'));
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (busy) return;
    err.textContent = '';
    // No scored answer is no response (the API refuses it too): say so beside the questions.
    if (!answered()) {
      none.hidden = false;
      none.focus();
      return;
    }
    const age = form.elements.age;
    if (age.value && !(age.validity.valid && +age.value >= 10 && +age.value <= 120)) {
      showError(d.tAge);
      age.focus();
      return;
    }
    if (kiosk) {
      const left = secs('cooldown') - (Date.now() - (+localStorage.getItem(LAST) || 0));
      if (left > 0) {
        showError(fmt(d.tCooldown, Math.ceil(left / 1000)));
        return;
      }
    }
    busy = true;
    sendLabel(d.tSending);
    const id = uuid();
    const item = { id, kiosk, body: build(id) };
    await put(item);
    // In the outbox now: a reload must not offer these answers for a second response.
    drop();
    const r = await post(item);
    if (r.rejected) {
      await del(id);
      keep();
      busy = false;
      sendLabel('');
      const errors = r.problem && r.problem.errors ? Object.values(r.problem.errors).flat() : [];
      showError(d.tRejected, errors.length ? errors : [r.problem && r.problem.title || '']);
      return;
    }
    if (r.ok) await del(id);
    if (kiosk) localStorage.setItem(LAST, String(Date.now()));
    busy = false;
    sendLabel('');
    finish(!!r.ok);
    if (!r.ok) retryLater(r.wait);
    showQueue();
  });

  function touched() {
    if (!startedAt) startedAt = new Date();
    if (kiosk && !form.hidden) {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(reset, secs('idle'));
    }
  }
  for (const type of ['input', 'change', 'pointerdown', 'keydown']) form.addEventListener(type, touched, { passive: true });
  form.addEventListener('change', progress);
  for (const type of ['input', 'change']) form.addEventListener(type, keep);
  // Choosing the other language is activity too (a kiosk's draft is as fresh as that tap).
  document.querySelector('.lang').addEventListener('click', keep);

  // A tap on an answer brings the next question up; keyboard users move on with Tab themselves.
  form.addEventListener('click', e => {
    const input = e.target;
    if (!e.detail || input.type !== 'radio' || !codes.includes(input.name)) return;
    const next = input.closest('fieldset').nextElementSibling;
    if (next && next.matches('fieldset')) setTimeout(() => next.scrollIntoView({ block: 'start' }), 150);
  });

  function filterServices(text) {
    const select = $('svc'), words = text.toLowerCase().split(/\s+/).filter(Boolean);
    let only = null, count = 0;
    for (const group of select.querySelectorAll('optgroup')) {
      let any = false;
      for (const o of group.children) {
        const hay = (o.textContent + ' ' + group.label).toLowerCase();
        o.hidden = !words.every(w => hay.includes(w));
        if (!o.hidden) { any = true; only = o; count++; }
      }
      group.hidden = !any;
    }
    if (words.length && count === 1) only.selected = true;
  }
  // The officer starts the next visitor's form; the session's model stays as set.
  if ($('next')) $('next').addEventListener('click', () => { clear(); progress(); window.scrollTo(0, 0); $('title').focus({ preventScroll: true }); });
  const search = $('svc-q');
  if (search) search.addEventListener('input', () => filterServices(search.value));

  // From the back-forward cache: the draft as it is now (none once sent), not the form as left.
  window.addEventListener('pageshow', e => { if (e.persisted) { clear(); resume(); } });
  window.addEventListener('online', flush);
  send.dataset.label = send.textContent;
  resume();
  flush();
  form.dataset.ready = '1';
})();
