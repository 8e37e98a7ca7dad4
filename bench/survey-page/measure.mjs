// Page weight and first-interaction time of the MppSurvey survey page against a minimal SurveyJS
// page (one rating question), both in Debian's Chromium under the same throttling, in one run.
// Usage: bench/survey-page/run [--runs N]  (the app must be up: ./run, or BASE_URL=...)
import { chromium } from 'playwright-core';
import { createServer, get } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, '..', 'results.json');
const baseUrl = (process.env.BASE_URL || 'http://127.0.0.1:5080').replace(/\/$/, '');
const surveyPath = process.env.SURVEY_PATH || '/survei/35.17';
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 0) || 3;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
// Slow 3G as the issue says it: ~400 kbit/s each way, 400 ms round trip; a phone's CPU, 4x slower.
const network = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const cpuSlowdown = 4;
const goalKb = 30;

// The SurveyJS page is served like the app serves ours: gzip when the browser accepts it.
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
function serveSurveyJs() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
    if (!/^(surveyjs|node_modules\/survey-(core|js-ui))\//.test(path) || !existsSync(join(here, path))) {
      res.writeHead(404).end();
      return;
    }
    let body = await readFile(join(here, path));
    const headers = { 'Content-Type': types[extname(path)] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
    if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    res.writeHead(200, headers).end(body);
  });
  return new Promise(ok => server.listen(0, '127.0.0.1', () => ok(server)));
}

// The uncompressed body of a URL, to gzip every file the same way for the "KB gzip" figure.
function rawBody(url) {
  return new Promise((ok, fail) => get(url, { headers: { 'Accept-Encoding': 'identity' } }, res => {
    const chunks = [];
    res.on('data', c => chunks.push(c));
    res.on('end', () => ok(Buffer.concat(chunks)));
  }).on('error', fail));
}

// Polls every frame from the first byte of the document: the first moment a visitor can tap an
// answer, i.e. the answer is on screen, enabled, and the page's own script is ready for it.
const probe = selector => `(() => {
  window.__firstInteraction = null;
  const tick = () => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (el && !el.disabled && !el.closest('[disabled]')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden') {
        window.__firstInteraction = performance.now();
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

async function measure(browser, url, selector) {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  await context.addInitScript({ content: probe(selector) });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  cdp.on('Network.responseReceived', e => requests.set(e.requestId, { url: e.response.url, encoding: e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '', bytes: 0 }));
  cdp.on('Network.loadingFinished', e => { const r = requests.get(e.requestId); if (r) r.bytes = e.encodedDataLength; });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // Both servers could send brotli; the goal is stated in gzip, so both are asked for gzip only.
  await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'gzip' } });
  await cdp.send('Network.emulateNetworkConditions', network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  const response = await page.goto(url, { waitUntil: 'load', timeout: 300_000 });
  if (!response || !response.ok()) throw new Error(`${url} answered ${response && response.status()}`);
  await page.waitForFunction(() => window.__firstInteraction !== null, null, { timeout: 300_000, polling: 100 });
  const firstInteraction = await page.evaluate(() => window.__firstInteraction);
  await page.waitForLoadState('networkidle', { timeout: 300_000 });
  await context.close();
  const files = [...requests.values()].filter(r => !r.url.startsWith('data:'));
  return { firstInteraction, files, wire: files.reduce((s, r) => s + r.bytes, 0) };
}

async function gzipKb(files) {
  let total = 0;
  const rows = [];
  for (const f of files) {
    const size = gzipSync(await rawBody(f.url), { level: 6 }).length;
    total += size;
    rows.push({ url: f.url, gz: size, wire: f.bytes, encoding: f.encoding });
  }
  return { kb: total / 1024, rows };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = n => (n / 1024).toFixed(1);

const ours = `${baseUrl}${surveyPath}`;
try {
  await rawBody(ours);
} catch {
  console.error(`MppSurvey is not reachable at ${baseUrl}: start it with ./run (or set BASE_URL to where it runs).`);
  process.exit(2);
}
if (!existsSync(chromiumPath)) {
  console.error(`Chromium is missing at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM).`);
  process.exit(2);
}
const server = await serveSurveyJs();
const theirs = `http://127.0.0.1:${server.address().port}/surveyjs/index.html`;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
const chromiumVersion = browser.version();
const samples = { ours: [], theirs: [] };
try {
  for (let i = 0; i < runs; i++) {
    samples.ours.push(await measure(browser, ours, '#survey[data-ready] label[for="U1-1"]'));
    samples.theirs.push(await measure(browser, theirs, '.sd-rating__item'));
    process.stderr.write(`run ${i + 1}/${runs}: ours ${samples.ours[i].firstInteraction.toFixed(0)} ms, SurveyJS ${samples.theirs[i].firstInteraction.toFixed(0)} ms\n`);
  }
} finally {
  await browser.close();
}
const sum = async key => {
  const last = samples[key][samples[key].length - 1];
  const gz = await gzipKb(last.files);
  return { fi: median(samples[key].map(s => s.firstInteraction)), wire: last.wire, requests: last.files.length, gz };
};
const a = await sum('ours');
const b = await sum('theirs');
server.close();

const row = (label, x, y, ratio) => console.log(`${label.padEnd(36)}${String(x).padStart(11)}${String(y).padStart(11)}${ratio === undefined ? '' : String(ratio).padStart(15)}`);
console.log(`\nSurvey page, Chromium ${chromiumVersion} (${runs} runs, median; ${network.downloadThroughput * 8 / 1000} kbit/s, ${network.latency} ms RTT, CPU ${cpuSlowdown}x)`);
row('', 'MppSurvey', 'SurveyJS', 'SurveyJS/ours');
row('requests', a.requests, b.requests);
row('transferred (KB, gzip on the wire)', kb(a.wire), kb(b.wire), (b.wire / a.wire).toFixed(1));
row('files, gzip -6 (KB)', a.gz.kb.toFixed(1), b.gz.kb.toFixed(1), (b.gz.kb / a.gz.kb).toFixed(1));
row('first interaction (ms)', a.fi.toFixed(0), b.fi.toFixed(0), (b.fi / a.fi).toFixed(1));
console.log('\nMppSurvey files:');
for (const r of a.gz.rows) console.log(`  ${kb(r.gz).padStart(6)} KB gz  ${kb(r.wire).padStart(6)} KB wire (${r.encoding || 'identity'})  ${r.url.replace(baseUrl, '')}`);
console.log(`\ngoal <= ${goalKb} KB gzip: ${a.gz.kb <= goalKb ? 'met' : 'NOT MET'} (${a.gz.kb.toFixed(1)} KB)`);

const release = existsSync('/etc/os-release') ? (/PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8')) || [])[1] : os.platform();
const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${release}`;
const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const conditions = `Chromium, ${network.downloadThroughput * 8 / 1000} kbit/s, ${network.latency} ms RTT, CPU ${cpuSlowdown}x, median of ${runs}`;
const results = existsSync(resultsFile) ? JSON.parse(await readFile(resultsFile, 'utf8')) : {};
const round = (x, d) => Number(x.toFixed(d));
results.survey_page_kb_gz = {
  value: round(a.gz.kb, 3),
  unit: 'KB gzip',
  limit: round(b.gz.kb, 3),
  limit_is: 'a minimal SurveyJS page (one rating question, survey-core + survey-js-ui 2.5.38, fontless theme) served locally',
  ratio: round(a.gz.kb / b.gz.kb, 4),
  goal: `<= ${goalKb} KB`,
  note: `every file the page loads, each gzipped at level 6 (HTML, CSS, JS of ${surveyPath}); on the wire with headers ${kb(a.wire)} KB vs ${kb(b.wire)} KB`,
  date,
  machine,
};
results.survey_page_first_interaction_ms = {
  value: round(a.fi, 1),
  unit: 'ms',
  limit: round(b.fi, 1),
  limit_is: 'the same SurveyJS page, first rating item on screen',
  ratio: round(a.fi / b.fi, 4),
  goal: 'report',
  note: `from navigation start until the first answer is on screen and the page script is ready; ${conditions}`,
  date,
  machine,
};
await writeFile(resultsFile, JSON.stringify(results, null, 2) + '\n');
console.log(`written to ${resultsFile} (survey_page_kb_gz, survey_page_first_interaction_ms)`);
process.exit(a.gz.kb <= goalKb ? 0 : 1);
