// resilience.test.js: what the operator at 3 a.m. relies on. Runs after the API suite,
// alone, because it disturbs the stack: a worker killed with SIGKILL is replaced while
// nginx keeps answering; with the database stopped, /readyz and data endpoints answer
// 503 `unavailable` in JSON, and the workers recover by themselves when it returns.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');

const BASE = process.env.YIWANG_TEST_URL;
const DATA = process.env.YIWANG_TEST_DATA_DIR;

function pidOf(name) {
  return parseInt(fs.readFileSync(path.join(DATA, 'run', `${name}.pid`), 'utf8'), 10);
}

function childrenOf(pid) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1], 10);
      if (ppid === pid) out.push(parseInt(d, 10));
    } catch { /* gone */ }
  }
  return out;
}

async function get(p) {
  const res = await fetch(BASE + p);
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body, text, headers: res.headers };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

test('a worker killed with SIGKILL is replaced and nginx keeps answering', async () => {
  const master = pidOf('catalog');
  const before = childrenOf(master);
  assert.ok(before.length >= 1, 'the catalog has workers');
  process.kill(before[0], 'SIGKILL');
  // Requests keep being answered by the other worker(s) and the replacement.
  for (let i = 0; i < 20; i++) {
    const r = await get('/api/v1/items?limit=1');
    assert.strictEqual(r.status, 200);
  }
  const after = await until(() => {
    const c = childrenOf(master);
    return c.length === before.length && !c.includes(before[0]) ? c : null;
  }, 10000, 'the replacement worker');
  assert.strictEqual(after.length, before.length);
  const m = await get('/metrics');
  assert.match(m.text, /yiwang_worker_restarts_total\{app="catalog"\} [1-9]/);
});

test('with the database stopped, data endpoints answer 503 unavailable and recover', async () => {
  const r0 = await get('/readyz');
  assert.strictEqual(r0.status, 200);
  process.kill(pidOf('mariadb'), 'SIGTERM');
  // The outage: every worker answers 503 in the contract's JSON shape.
  const down = await until(async () => {
    const r = await get('/readyz');
    return r.status === 503 ? r : null;
  }, 30000, '/readyz to fail');
  assert.strictEqual(down.body.error.code, 'unavailable');
  assert.ok(down.headers.get('retry-after'));
  const items = await get('/api/v1/departments?limit=3&region=370500');
  if (items.status !== 200) { // the database may already be back
    assert.strictEqual(items.status, 503);
    assert.strictEqual(items.body.error.code, 'unavailable');
    assert.strictEqual(items.body.request_id, items.headers.get('x-request-id'));
  }
  // scripts/run restarts MariaDB; the workers reconnect by themselves.
  await until(async () => (await get('/readyz')).status === 200, 90000, 'recovery');
  for (let i = 0; i < 6; i++) {
    const r = await get(`/api/v1/items?limit=2&depth=${1 + (i % 3)}`);
    assert.strictEqual(r.status, 200, `request ${i} after recovery`);
  }
});
