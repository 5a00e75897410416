// pushd.test.js: the push daemon under more than one process and a crash (API.md section 6,
// fcgi-apps/pushd/pushd.c). Runs after the API suite, alone: it starts pushd processes of its
// own next to the stack's (the same binary, configuration and environment as the ones
// scripts/run started, read from /proc; YIWANG_PUSHD_PROCESSES of them, run/pushd.pid,
// run/pushd-2.pid, ...), and kills one with SIGKILL. The stack's own pushd processes are
// never signalled: scripts/run would stop the whole stack if one died.
//
//   - the stack's pushd and one more draining one backlog: every message sent exactly once
//     (FOR UPDATE SKIP LOCKED, the row locks held through the send), in order per
//     application, the stack's and the extra one each doing part of the work;
//   - a pushd killed with -9 while a round is in flight: the server rolls its round back at
//     once and the stack's pushd processes send what it held; nothing is lost, and what may go
//     twice goes with the same webhook-id (at least once, recognisable).
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

/* The local TCP ports of a process's sockets (/proc/PID/fd and /proc/net/tcp*): which of the
 * gateway's requests it sent. */
function tcpPortsOf(pid) {
  const inodes = new Set();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let link = '';
    try { link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) inodes.add(m[1]);
  }
  const ports = new Set();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = fs.readFileSync(f, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && inodes.has(cols[9])) ports.add(parseInt(cols[1].split(':')[1], 16));
    }
  }
  return ports;
}

test('a pushd killed with -9 mid-batch: its rows come back at once and the others send them; nothing lost, repeats keep their webhook-id', { skip }, async (t) => {
  const w = await pu.world({ name: '崩溃推送测试事项' });
  const c = await pu.reachableCitizen({ wechat: false, devices: ['ios'] });
  const stack = stackPushd();
  const victim = await startPushd();
  const apps = await drafts(w, c, 40);
  // Every other application's first request takes 1.5 s (under pushd's 2 s timeout): a batch
  // holding one is in flight that long, while its quick ones are already delivered.
  const slow = new Set(apps.filter((_, i) => i % 2 === 0).map((a) => String(a.id)));
  await pool([...slow], 8, (id) => pu.pushDelay(id, 1500, 1));
  let killedAt = null;
  const victimPorts = new Set(); // every TCP port it was seen to use
  const watcher = (async () => {
    const end = Date.now() + 30000;
    while (killedAt === null && Date.now() < end) {
      // Killed once a slow request it sent waits at the gateway for its answer: its round,
      // and the row locks that are its claim, are open.
      for (const port of tcpPortsOf(victim.pid)) victimPorts.add(port);
      // (Arrived less than 1 s ago: still waiting 300 ms later, when the kill lands.)
      const waiting = await pool([...slow], 8, async (id) => (await pu.pushLog(id))
        .some((m) => m.verdict === 'pending' && victimPorts.has(m.remote_port) &&
          Date.now() - Date.parse(m.at) < 1000));
      if (waiting.some(Boolean)) {
        await fx.sleep(200);
        // Its connections of the last moment too (a request may have gone on a new one).
        for (const port of tcpPortsOf(victim.pid)) victimPorts.add(port);
        victim.child.kill('SIGKILL');
        killedAt = Date.now();
        return;
      }
      await fx.sleep(40);
    }
  })();
  await pool(apps, 4, (a) => pu.resubmit(a, c));
  await watcher;
  assert.ok(killedAt !== null, 'the extra pushd held a round in flight (it claimed a slow application)');
  await victim.exited;
  assert.equal(victim.signal, 'SIGKILL');

  await pu.until(() => (statesOf(apps).sent || 0) === 40,
    () => `all 40 sent: ${JSON.stringify(statesOf(apps))}`, { timeout: (LEASE_S + 25) * 1000, interval: 100 });
  const recovered = Date.now() - killedAt;
  // No lease to wait for: a slow request still waiting at the kill takes 1.5 s, its second
  // one is quick.
  assert.ok(recovered < LEASE_S * 1000, `all sent ${recovered} ms after the kill, before ${LEASE_S} s`);

  // Every row: one recorded delivery; what the victim sent in its last round was rolled back
  // with it, so the recorded one of a row that went twice is another pushd's.
  const rows = st.sql(`SELECT o.id, a.worker FROM outbox o JOIN outbox_attempts a ON ` +
    `a.outbox_id = o.id AND a.outcome = 'sent' WHERE o.channel = 'app' AND ` +
    `o.application_id IN (${idList(apps)})`);
  assert.equal(rows.length, 40, 'one recorded delivery per row');
  const recordedBy = new Map(rows.map(([id, worker]) => [pu.webhookId(id), worker]));
  assert.equal(recordedBy.size, 40);

  const log = await logsOf(apps);
  const per = new Map();
  for (const m of log.filter((x) => x.delivered)) {
    const id = m.headers['webhook-id'];
    if (!per.has(id)) per.set(id, []);
    per.get(id).push(m);
  }
  for (const id of recordedBy.keys()) assert.ok(per.has(id), `${id} delivered: nothing lost`);
  // What the killed pushd sent: what it recorded was an earlier round's; the rest, its last
  // round, was rolled back with it and recorded by another pushd.
  const sentByVictim = new Set(log.filter((m) => victimPorts.has(m.remote_port))
    .map((m) => m.headers['webhook-id']));
  const rolledBack = [...sentByVictim].filter((id) => !recordedBy.get(id).includes(`:${victim.pid}:`));
  assert.ok(rolledBack.length >= 1, 'the killed pushd\'s last round had requests of ours');
  for (const id of rolledBack) {
    assert.ok(stack.pids.some((pid) => recordedBy.get(id).includes(`:${pid}:`)), `${id}: sent again by the stack's pushd`);
  }
  let repeats = 0;
  for (const [id, ms] of per) {
    if (ms.length === 1) continue;
    repeats += ms.length - 1;
    assert.equal(ms.length, 2, `${id}: at most once more`);
    assert.ok(rolledBack.includes(id), `${id} went twice but was not in the killed pushd's last round`);
    assert.equal(ms[1].duplicate, true, 'the receiver can tell by the webhook-id');
    assert.equal(ms[1].raw_body, ms[0].raw_body, 'the same message');
  }
  t.diagnostic(`killed with ${rolledBack.length} message(s) of ours sent or in flight; ` +
    `${repeats} repeated delivery(ies); all sent ${recovered} ms after the kill`);
});
