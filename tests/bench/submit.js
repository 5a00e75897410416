#!/usr/bin/env node
'use strict';
/*
 * submit.js: the load generator of tests/bench/submit.sh (issue 4). Node 20, no dependencies.
 *
 *   node tests/bench/submit.js      (environment below; submit.sh sets all of it)
 *
 * 1. Prepares: the bootstrap admin signs in, creates a department and an item whose form has
 *    one text field and whose only material (m1) is required, PDF; BENCH_CITIZENS citizens
 *    sign in by SMS (the code read from the fake gateway), pass real-name verification with
 *    valid GB 11643 numbers, and each uploads one small PDF by multipart (wx.uploadFile).
 * 2. Checks one create + submit, and that a citizen's upload can be attached again.
 * 3. Runs BENCH_CONCURRENCY clients, each a loop of POST /api/v1/applications with a fresh
 *    Idempotency-Key and {item_code, form, materials: {m1}, submit: true}, over keep-alive
 *    connections: BENCH_WARMUP seconds not counted, then BENCH_DURATION seconds measured.
 *    A request in flight when the time is up is awaited and counted. 201 is success; any
 *    other answer or a connection error is an error.
 *
 * stdout, one line: "SUBMIT key=value ..." (ok, errors, seconds, rps, latency percentiles in
 * microseconds, total_201 over the whole run, unique_ids, item); errors and
 * progress go to stderr.
 *
 * Environment: BENCH_URL (http://127.0.0.1:18960), BENCH_FAKE_SMS (the fake gateway's base
 * URL), BENCH_ADMIN_PASSWORD, BENCH_CONCURRENCY (16), BENCH_CITIZENS (32), BENCH_DURATION (15),
 * BENCH_WARMUP (2), BENCH_PDF_BYTES (600). Optional, for costs per submission over the
 * measured phase: BENCH_CPU_PIDS ("apply=PID nginx=PID db=PID": CPU time of each process and
 * its children) and BENCH_DB_SOCKET + BENCH_DB_USER (MariaDB's global status counters, read
 * with the mariadb client).
 */
const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const BASE = new URL(process.env.BENCH_URL || 'http://127.0.0.1:18960');
const FAKE_SMS = process.env.BENCH_FAKE_SMS || 'http://127.0.0.1:19961';
const ADMIN_PASSWORD = process.env.BENCH_ADMIN_PASSWORD || '';
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16, 1, 1024);
const CITIZENS = intEnv('BENCH_CITIZENS', 32, 1, 10000);
const DURATION = numEnv('BENCH_DURATION', 15);
const WARMUP = numEnv('BENCH_WARMUP', 2);
const PDF_BYTES = intEnv('BENCH_PDF_BYTES', 600, 16, 1 << 20);

function intEnv(name, def, min, max) {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) fail(`${name} must be an integer in ${min}..${max}`);
  return n;
}

function numEnv(name, def) {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) fail(`${name} must be a number of seconds`);
  return n;
}

function log(msg) {
  process.stderr.write(`submit: ${msg}\n`);
}

function fail(msg) {
  log(`FAILED: ${msg}`);
  process.exit(1);
}

/* --- costs: CPU time from /proc, MariaDB's counters -------------------------------------- */

const TICK_NS = 1e9 / 100; /* USER_HZ: 100 on Linux */
const CPU_PIDS = (process.env.BENCH_CPU_PIDS || '').split(/\s+/).filter(Boolean).map((kv) => kv.split('='));
const STATUS_VARS = ['Com_stmt_execute', 'Com_commit', 'Com_rollback', 'Questions', 'Innodb_data_fsyncs'];

function statFields(pid) {
  try {
    const t = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return t.slice(t.lastIndexOf(')') + 2).split(' '); /* [0] is the state: field 3 */
  } catch {
    return null;
  }
}

/* CPU nanoseconds of a process and its direct children (an app's workers, nginx's). */
function cpuNs(pid) {
  const kids = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(d)) continue;
    const f = statFields(d);
    if (f && f[1] === String(pid)) kids.push(d);
  }
  let ns = 0;
  for (const p of [pid, ...kids]) {
    const f = statFields(p);
    if (f) ns += (Number(f[11]) + Number(f[12])) * TICK_NS;
  }
  return ns;
}

function dbStatus() {
  const sock = process.env.BENCH_DB_SOCKET;
  if (!sock) return null;
  try {
    const out = execFileSync('mariadb', ['--no-defaults', '--protocol=socket', `--socket=${sock}`,
      `--user=${process.env.BENCH_DB_USER || 'root'}`, '-N', '-B', '-e',
      `SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS_VARS.map((v) => `'${v}'`).join(',')})`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const m = {};
    for (const line of out.trim().split('\n')) {
      const [k, v] = line.split('\t');
      m[k] = Number(v);
    }
    return m;
  } catch (e) {
    log(`cannot read MariaDB's status: ${e.message.split('\n')[0]}`);
    return null;
  }
}

function costs() {
  const cpu = {};
  for (const [name, pid] of CPU_PIDS) cpu[name] = cpuNs(pid);
  return { cpu, db: dbStatus() };
}

/* Per submission: CPU microseconds of each process, and MariaDB's counters. */
function costFields(a, b, n) {
  const out = {};
  const per = Math.max(n, 1);
  for (const name of Object.keys(a.cpu)) out[`${name}_cpu_us`] = ((b.cpu[name] - a.cpu[name]) / per / 1000).toFixed(1);
  if (a.db && b.db) {
    for (const v of STATUS_VARS) out[`db_${v}`] = ((b.db[v] - a.db[v]) / per).toFixed(2);
  }
  return out;
}

/* --- HTTP ------------------------------------------------------------------------------- */

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 8, maxFreeSockets: CONCURRENCY + 8 });

/* One request; answers {status, text, headers}; a connection error rejects. */
function request(method, path, { token, json, raw, headers = {} } = {}, base = BASE) {
  return new Promise((resolve, reject) => {
    const h = { Accept: 'application/json', ...headers };
    let body = null;
    if (json !== undefined) {
      body = Buffer.from(JSON.stringify(json), 'utf8');
      h['Content-Type'] = 'application/json';
    } else if (raw !== undefined) {
      body = raw;
    }
    if (body) h['Content-Length'] = body.length;
    if (token) h.Authorization = `Bearer ${token}`;
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers: h, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
    req.on('error', reject);
    req.end(body);
  });
}

function parse(r) {
  try {
    return JSON.parse(r.text);
  } catch {
    return null;
  }
}

/* A request that must answer one of the statuses; answers the parsed body. */
async function expect(statuses, method, path, opts, base) {
  const r = await request(method, path, opts, base);
  if (!statuses.includes(r.status)) {
    fail(`${method} ${path}: HTTP ${r.status} (expected ${statuses.join(' or ')}): ${r.text.slice(0, 400)}`);
  }
  return parse(r);
}

/* --- test data -------------------------------------------------------------------------- */

const RUN = crypto.randomBytes(4).toString('hex');

/* GB 11643: region 370502 (东营区), a birth date, a sequence, the MOD 11-2 check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
function idNumber(i) {
  const d = new Date(Date.UTC(1960 + (i % 40), crypto.randomInt(0, 12), 1 + crypto.randomInt(0, 28)));
  const first17 = `370502${d.toISOString().slice(0, 10).replace(/-/g, '')}${String(crypto.randomInt(0, 1000)).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17[k]) * WEIGHTS[k];
  return first17 + CHECK[sum % 11];
}

/* A small PDF: "%PDF-1.4" and filler, PDF_BYTES long. */
function pdfBytes() {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n', 'latin1');
  const b = Buffer.alloc(PDF_BYTES, 0x20);
  head.copy(b, 0, 0, Math.min(head.length, PDF_BYTES));
  Buffer.from('\n%%EOF\n', 'latin1').copy(b, Math.max(head.length, PDF_BYTES - 7));
  return b;
}

/* The multipart body wx.uploadFile sends: formData fields, then the file. */
function multipart(file) {
  const boundary = `----wxUpload${crypto.randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="material_id"\r\n\r\nm1\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="wxfile://tmp_${RUN}.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n'),
    file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

async function prepareItem() {
  const admin = await expect([200], 'POST', '/api/v1/staff/auth/login',
    { json: { username: 'admin', password: ADMIN_PASSWORD } });
  const token = admin.access_token;
  const dept = await expect([201], 'POST', '/api/v1/admin/departments',
    { token, json: { name: `基准测试部门-${RUN}`, region_code: '370500' } });
  const code = `BENCH-SUBMIT-${RUN.toUpperCase()}`;
  await expect([200, 201], 'PUT', `/api/v1/admin/items/${code}`, { token, json: {
    name: `基准测试事项-${RUN}`, kind: '行政许可', dept_id: dept.id, region_code: '370500',
    depth: 3, legal_days: 20, promised_days: 5, visits_required: 0, fee: '不收费',
    legal_basis: '《中华人民共和国行政许可法》', conditions: '无',
    materials: [{ id: 'm1', name: '申请书', required: true, copies: 1, formats: ['pdf'],
      max_bytes: 65536, note: '' }],
    form: [{ key: 'applicant_name', label: '申请人姓名', type: 'text', required: true,
      max_length: 50, options: null }],
    windows: [{ name: '东营市政务服务中心', address: '东营区府前大街59号', phone: '0546-8388888',
      hours: '工作日 9:00-17:00' }],
    parallel_dept_ids: [],
  } });
  return code;
}

async function prepareCitizen(i, pdf) {
  const phone = `139${String((parseInt(RUN, 16) * 7919 + i) % 1e8).padStart(8, '0')}`;
  await expect([202], 'POST', '/api/v1/auth/sms-code', { json: { phone } });
  const msgs = await expect([200], 'GET', `/__messages?phone=${phone}`, {}, new URL(FAKE_SMS));
  const m = (msgs || []).filter((x) => x.template === 'login_code').pop();
  if (!m || !m.params || !/^[0-9]{6}$/.test(m.params.code)) fail(`the fake gateway has no code for citizen ${i}`);
  const s = await expect([200], 'POST', '/api/v1/auth/sms', { json: { phone, code: m.params.code } });
  const token = s.access_token;
  await expect([200], 'POST', '/api/v1/me/real-name', { token, json: { name: '张三', id_number: idNumber(i) } });
  const f = multipart(pdf);
  const up = await expect([201], 'POST', '/api/v1/uploads/form',
    { token, raw: f.body, headers: { 'Content-Type': f.type } });
  if (!up.complete || up.detected_type !== 'pdf') fail(`upload of citizen ${i}: ${JSON.stringify(up)}`);
  return { token, upload: up.upload_id };
}

/* --- the load ----------------------------------------------------------------------------- */

let keySeq = 0;
const ids = new Set();
let total201 = 0;

function submitBody(item, c) {
  return { item_code: item, form: { applicant_name: '东营市民' }, materials: { m1: c.upload }, submit: true };
}

/* One create + submit; answers {status, us, err}. */
async function submitOnce(item, c) {
  keySeq += 1;
  const key = `b-${RUN}-${keySeq.toString(36)}`;
  const t0 = process.hrtime.bigint();
  let r;
  try {
    r = await request('POST', '/api/v1/applications',
      { token: c.token, json: submitBody(item, c), headers: { 'Idempotency-Key': key } });
  } catch (e) {
    return { status: 0, us: Number(process.hrtime.bigint() - t0) / 1000, err: e.message };
  }
  const us = Number(process.hrtime.bigint() - t0) / 1000;
  if (r.status === 201) {
    total201 += 1;
    const b = parse(r);
    if (!b || b.status !== 'submitted' || typeof b.id !== 'string') {
      return { status: -1, us, err: `201 without a submitted application: ${r.text.slice(0, 200)}` };
    }
    if (ids.has(b.id)) return { status: -2, us, err: `application ${b.id} answered twice` };
    ids.add(b.id);
    if (r.headers['idempotent-replayed']) return { status: -3, us, err: 'a fresh key was replayed' };
    return { status: 201, us };
  }
  return { status: r.status, us, err: r.text.slice(0, 300) };
}

/* Runs the clients for `seconds`; answers {ok, errors, byStatus, lat (sorted), seconds}. */
async function phase(item, citizens, seconds) {
  const lat = [];
  const byStatus = new Map();
  const samples = [];
  let ok = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  async function client(n) {
    // Each client its own citizens (round robin), or a shared one when there are fewer.
    const mine = citizens.length >= CONCURRENCY
      ? citizens.filter((_, i) => i % CONCURRENCY === n) : [citizens[n % citizens.length]];
    let k = 0;
    while (process.hrtime.bigint() < end) {
      const c = mine[k++ % mine.length];
      const a = await submitOnce(item, c);
      if (a.status === 201) {
        ok += 1;
        lat.push(a.us);
      } else {
        errors += 1;
        byStatus.set(a.status, (byStatus.get(a.status) || 0) + 1);
        if (samples.length < 5) samples.push(`${a.status}: ${a.err}`);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, n) => client(n)));
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  lat.sort((x, y) => x - y);
  return { ok, errors, byStatus, samples, lat, seconds: secs };
}

function pct(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  if (!ADMIN_PASSWORD) fail('BENCH_ADMIN_PASSWORD is not set');
  const pdf = pdfBytes();
  const item = await prepareItem();
  const citizens = [];
  for (let i = 0; i < CITIZENS; i += 8) {
    const batch = [];
    for (let j = i; j < Math.min(i + 8, CITIZENS); j++) batch.push(prepareCitizen(j, pdf));
    citizens.push(...await Promise.all(batch));
  }
  log(`item ${item}; ${citizens.length} citizens signed in, verified, each with a ${pdf.length}-byte PDF upload`);

  // One create + submit, and the same upload attached again to a second application.
  for (let n = 0; n < 2; n++) {
    const a = await submitOnce(item, citizens[0]);
    if (a.status !== 201) fail(`create + submit (${n === 0 ? 'first' : 'the upload attached again'}): HTTP ${a.status} ${a.err}`);
  }

  if (WARMUP > 0) {
    const w = await phase(item, citizens, WARMUP);
    log(`warm-up: ${w.ok} submissions in ${w.seconds.toFixed(1)} s, ${w.errors} errors`);
    for (const s of w.samples) log(`warm-up error ${s}`);
  }
  const cost0 = costs();
  const cpu0 = process.cpuUsage();
  const m = await phase(item, citizens, DURATION);
  const cpu = process.cpuUsage(cpu0);
  const cost1 = costs();
  for (const s of m.samples) log(`error ${s}`);
  const statuses = [...m.byStatus.entries()].map(([s, n]) => `${s}:${n}`).join(',') || 'none';
  const fields = {
    ok: m.ok, errors: m.errors, error_statuses: statuses, seconds: m.seconds.toFixed(3),
    rps: (m.ok / m.seconds).toFixed(1),
    p50_us: Math.round(pct(m.lat, 50)), p90_us: Math.round(pct(m.lat, 90)),
    p99_us: Math.round(pct(m.lat, 99)), max_us: Math.round(m.lat.length ? m.lat[m.lat.length - 1] : 0),
    total_201: total201, unique_ids: ids.size, item, run: RUN,
    client_cpu_us: ((cpu.user + cpu.system) / Math.max(m.ok, 1)).toFixed(1),
    ...costFields(cost0, cost1, m.ok),
  };
  process.stdout.write(`SUBMIT ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
  agent.destroy();
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
