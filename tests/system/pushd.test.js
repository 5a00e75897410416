// pushd.test.js: the push daemon under more than one process and a crash (API.md section 6,
// fcgi-apps/pushd/pushd.c). Runs after the API suite, alone: it starts pushd processes of its
// own next to the stack's (the same binary, configuration and environment as the ones
// scripts/run started, read from /proc; YIWANG_PUSHD_PROCESSES of them, run/pushd.pid,
// run/pushd-2.pid, ...), and kills one with SIGKILL. The stack's own pushd processes are
// never signalled: scripts/run would stop the whole stack if one died.
//
//   - the stack's pushd and one more draining one backlog: every message sent exactly once
//     (FOR UPDATE SKIP LOCKED and the lease), in order per application, the stack's and the
//     extra one each doing part of the work;
//   - a pushd killed with -9 while a batch is in flight: once its lease ran out the stack's
//     pushd processes send what it held; nothing is lost, and what may go twice goes with the same
//     webhook-id (at least once, recognisable).
//
// Uses the fake push gateway (YIWANG_TEST_FAKE_PUSH; delays scoped to its own applications)
// and the stack's database (YIWANG_TEST_DATA_DIR).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { api } = require('../api/lib/client');
const fx = require('../api/lib/fixtures');
const cz = require('../api/lib/citizen');
const st = require('../api/lib/staff');
const pu = require('../api/lib/push');

const DATA = process.env.YIWANG_TEST_DATA_DIR;
const PIDFILE = DATA && path.join(DATA, 'run', 'pushd.pid');
const LEASE_S = 12; // YIWANG_PUSHD_LEASE_SECONDS of scripts/test

const skip = pu.NEEDS_PUSH || (!fs.existsSync(PIDFILE || '') && 'the stack runs no pushd');

/* --- pushd processes of our own ---------------------------------------------------------- */

/* The pids of the stack's pushd processes (run/pushd.pid, run/pushd-2.pid, ...). */
function stackPids() {
  const run = path.join(DATA, 'run');
  return fs.readdirSync(run).filter((f) => /^pushd(-[0-9]+)?\.pid$/.test(f))
    .map((f) => parseInt(fs.readFileSync(path.join(run, f), 'utf8'), 10));
}

/* The stack's first pushd: {pid, pids (all of the stack's), exe, cwd, env, args}, as
 * scripts/run started it. */
function stackPushd() {
  const pid = parseInt(fs.readFileSync(PIDFILE, 'utf8'), 10);
  const env = {};
  for (const kv of fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1);
  return {
    pid, pids: stackPids(), exe: fs.readlinkSync(`/proc/${pid}/exe`),
    cwd: fs.readlinkSync(`/proc/${pid}/cwd`), env, args,
  };
}

const mine = new Set();
let started = 0;

/* Starts one more pushd like the stack's; answers {child, pid, exited (a promise)}. */
async function startPushd() {
  const s = stackPushd();
  assert.deepEqual(s.args, ['-c', path.join(DATA, 'yiwang.conf')], 'the stack\'s pushd command line');
  started += 1;
  const log = fs.openSync(path.join(DATA, 'log', `pushd-extra-${process.pid}-${started}.log`), 'a');
  const child = spawn(s.exe, s.args, { cwd: s.cwd, env: s.env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const p = { child, pid: child.pid, code: null, signal: null };
  p.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    p.code = code;
    p.signal = signal;
    mine.delete(p);
    resolve();
  }));
  mine.add(p);
  // It is up once it has registered as a worker (its start line is in its log).
  await pu.until(() => p.code !== null || p.signal !== null ||
    fs.readFileSync(path.join(DATA, 'log', `pushd-extra-${process.pid}-${started}.log`), 'utf8')
      .includes(`:${p.pid}:`), 'the extra pushd starts', { timeout: 10000 });
  assert.equal(p.code, null, `the extra pushd exited at once (status ${p.code})`);
  return p;
}

/* Stops one of ours: SIGTERM (it finishes and records what is in flight), SIGKILL after 20 s. */
async function stopPushd(p) {
  if (p.code !== null || p.signal !== null) return;
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 20000);
  await p.exited;
  clearTimeout(t);
}

const ourApps = [];

test.before(() => cz.clearClock());
test.after(async () => {
  for (const p of [...mine]) await stopPushd(p);
  for (const id of ourApps) await pu.pushClear(id).catch(() => {});
  cz.clearClock();
});

/* --- data ---------------------------------------------------------------------------------- */

/* Runs fn over items, `width` at a time; answers the results in order. */
async function pool(items, width, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/* n drafts of the world's item by the citizen (no outbox row yet). */
async function drafts(w, c, n) {
  const apps = await pool(Array.from({ length: n }), 8, async () => {
    const r = await api('POST', '/api/v1/applications', {
      token: c.token, headers: { 'Idempotency-Key': fx.uniq('k') },
      body: { item_code: w.code, form: { applicant_name: '东营测试' }, submit: false },
    });
    assert.equal(r.status, 201, `draft: ${r.text.slice(0, 300)}`);
    return r.body;
  });
  ourApps.push(...apps.map((a) => a.id));
  return apps;
}

const idList = (apps) => apps.map((a) => Number(a.id)).join(',');

/* The app-channel rows of these applications, by state. */
function statesOf(apps) {
  const out = {};
  for (const [state, n] of st.sql(`SELECT state, COUNT(*) FROM outbox WHERE channel = 'app' ` +
    `AND application_id IN (${idList(apps)}) GROUP BY state`)) out[state] = Number(n);
  return out;
}

/* Every push request the gateway received for these applications. */
async function logsOf(apps) {
  return (await pool(apps, 8, (a) => pu.pushLog(a.id))).flat();
}

/* --- tests ----------------------------------------------------------------------------------- */

test('two pushd draining one backlog of 200 changes: each message sent exactly once, in order', { skip }, async (t) => {
  const w = await pu.world({ name: '并发推送测试事项' });
  const c = await pu.reachableCitizen({ wechat: false, devices: ['android'] });
  const stack = stackPushd();
  const second = await startPushd();
  const apps = await drafts(w, c, 100);
  // A slow gateway (300 ms a request, well under pushd's timeout): every round of either
  // pushd lasts a while, and the changes pile up behind it.
  await pool(apps, 8, (a) => pu.pushDelay(a.id, 300, -1));
  const t0 = Date.now();
  await pool(apps, 8, async (a) => {
    await pu.resubmit(a, c);
    await st.must(w.clerk, a, 'accept');
  });
  const created = Date.now() - t0;
  await pu.until(() => (statesOf(apps).sent || 0) === 200,
    () => `all 200 sent: ${JSON.stringify(statesOf(apps))}`, { timeout: 90000, interval: 250 });
  const drained = Date.now() - t0;

  const rows = st.sql(`SELECT id, application_id, status, attempts FROM outbox WHERE channel = 'app' ` +
    `AND application_id IN (${idList(apps)}) ORDER BY id`);
  assert.equal(rows.length, 200);
  for (const [id, , , n] of rows) assert.equal(Number(n), 1, `row ${id} was claimed once`);
  const tries = st.sql(`SELECT a.outbox_id, a.outcome, a.worker FROM outbox_attempts a JOIN outbox o ` +
    `ON o.id = a.outbox_id WHERE o.channel = 'app' AND o.application_id IN (${idList(apps)})`);
  assert.equal(tries.length, 200, 'one attempt recorded per row');
  assert.ok(tries.every(([, outcome]) => outcome === 'sent'));
  const by = (pid) => tries.filter(([, , worker]) => worker.includes(`:${pid}:`)).length;
  const byStack = stack.pids.reduce((n, pid) => n + by(pid), 0);
  assert.equal(byStack + by(second.pid), 200, 'sent by the stack\'s pushd and the extra one');
  assert.ok(byStack > 0 && by(second.pid) > 0,
    `both did part of the work: stack ${byStack}, second ${by(second.pid)}`);

  const log = await logsOf(apps);
  assert.equal(log.length, 200, 'one request per message, no retry');
  const per = new Map();
  for (const m of log) {
    assert.equal(m.verdict, 'ok', `${m.headers['webhook-id']}: ${m.verdict} ${JSON.stringify(m.errors)}`);
    assert.equal(m.duplicate, false);
    // Many messages of one citizen in a round: still each device once in every message.
    assert.deepEqual(m.body.devices.map((d) => d.platform), ['android'], `${m.headers['webhook-id']}: the citizen's one device`);
    per.set(m.headers['webhook-id'], (per.get(m.headers['webhook-id']) || 0) + 1);
  }
  assert.deepEqual([...per.keys()].sort(), rows.map(([id]) => pu.webhookId(id)).sort(), 'every message');
  assert.ok([...per.values()].every((n) => n === 1), 'each exactly once');
  for (const a of apps) {
    const mine2 = log.filter((m) => m.body.application_id === String(a.id));
    assert.deepEqual(mine2.map((m) => m.body.status), ['submitted', 'accepted'], `application ${a.id} in order`);
  }
  t.diagnostic(`200 changes made in ${created} ms, all delivered ${drained} ms after the first; ` +
    `stack pushd (${stack.pids.length}) ${byStack}, second ${by(second.pid)}`);
  await pool(apps, 8, (a) => pu.pushClear(a.id));
  await stopPushd(second);
  assert.equal(second.code, 0, 'the second pushd stops cleanly on SIGTERM');
});

test('a pushd killed with -9 mid-batch: after its lease the other sends what it held; nothing lost, repeats keep their webhook-id', { skip }, async (t) => {
  const w = await pu.world({ name: '崩溃推送测试事项' });
  const c = await pu.reachableCitizen({ wechat: false, devices: ['ios'] });
  const stack = stackPushd();
  const victim = await startPushd();
  const apps = await drafts(w, c, 40);
  // Every other application's first request takes 1.5 s (under pushd's 2 s timeout): a batch
  // holding one is in flight that long, while its quick ones are already delivered.
  const slow = new Set(apps.filter((_, i) => i % 2 === 0).map((a) => String(a.id)));
  await pool([...slow], 8, (id) => pu.pushDelay(id, 1500, 1));
  const like = `'%:${victim.pid}:%'`;
  const held = () => st.sql(`SELECT id, application_id, claimed_until FROM outbox WHERE state = 'sending' ` +
    `AND channel = 'app' AND claimed_by LIKE ${like} AND application_id IN (${idList(apps)})`);
  let killedAt = null;
  const watcher = (async () => {
    const end = Date.now() + 30000;
    while (killedAt === null && Date.now() < end) {
      // Killed once a slow request of its batch is at the gateway, waiting for its answer.
      const slowHeld = held().filter(([, app]) => slow.has(app)).map(([, app]) => app);
      for (const app of slowHeld) {
        if ((await pu.pushLog(app)).some((m) => m.verdict === 'pending')) {
          await fx.sleep(200);
          victim.child.kill('SIGKILL');
          killedAt = Date.now();
          return;
        }
      }
      await fx.sleep(40);
    }
  })();
  await pool(apps, 4, (a) => pu.resubmit(a, c));
  await watcher;
  assert.ok(killedAt !== null, 'the extra pushd held a batch in flight (it claimed a slow application)');
  await victim.exited;
  assert.equal(victim.signal, 'SIGKILL');

  // What it held stays leased to it until the lease runs out.
  const orphans = held();
  assert.ok(orphans.length >= 1, 'the killed pushd left rows behind');
  const orphanIds = new Set(orphans.map(([id]) => pu.webhookId(id)));
  await fx.sleep(1000);
  assert.ok(st.sql(`SELECT COUNT(*) FROM outbox WHERE id IN (${orphans.map(([id]) => id).join(',')}) ` +
    `AND state = 'sent'`)[0][0] === '0', 'not sent again before the lease ran out');

  await pu.until(() => (statesOf(apps).sent || 0) === 40,
    () => `all 40 sent: ${JSON.stringify(statesOf(apps))}`, { timeout: (LEASE_S + 25) * 1000, interval: 250 });
  const recovered = Date.now() - killedAt;

  for (const [id, , until] of orphans) {
    const sent = st.sql(`SELECT worker, at >= '${until}' FROM outbox_attempts WHERE outbox_id = ${id} ` +
      `AND outcome = 'sent'`);
    assert.equal(sent.length, 1, `row ${id}: sent once more`);
    assert.ok(stack.pids.some((pid) => sent[0][0].includes(`:${pid}:`)), `row ${id}: by the stack's pushd`);
    assert.equal(sent[0][1], '1', `row ${id}: only after its lease (${until})`);
  }

  const log = await logsOf(apps);
  const per = new Map();
  for (const m of log.filter((x) => x.delivered)) {
    const id = m.headers['webhook-id'];
    if (!per.has(id)) per.set(id, []);
    per.get(id).push(m);
  }
  const rows = st.sql(`SELECT id FROM outbox WHERE channel = 'app' AND application_id IN (${idList(apps)})`);
  assert.equal(rows.length, 40);
  for (const [id] of rows) assert.ok(per.has(pu.webhookId(id)), `${pu.webhookId(id)} delivered: nothing lost`);
  let repeats = 0;
  for (const [id, ms] of per) {
    if (ms.length === 1) continue;
    repeats += ms.length - 1;
    assert.ok(orphanIds.has(id), `${id} went twice but the killed pushd did not hold it`);
    assert.equal(ms.length, 2, `${id}: at most once more`);
    assert.equal(ms[1].duplicate, true, 'the receiver can tell by the webhook-id');
    assert.equal(ms[1].raw_body, ms[0].raw_body, 'the same message');
  }
  t.diagnostic(`killed with ${orphans.length} row(s) held; ${repeats} repeated delivery(ies); ` +
    `all sent ${recovered} ms after the kill (lease ${LEASE_S} s)`);
});
