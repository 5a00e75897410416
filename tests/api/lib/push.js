'use strict';
/*
 * push.js: what the progress-push tests share (API.md sections 6 and 11): the fake push
 * gateway, WeChat subscribe log and SMS gateway of tests/fakes/server.js as seen from a test
 * (their logs and injected failures, always scoped by application_id or touser so that the
 * other test files sharing the stack and its pushd are not disturbed), a citizen reachable
 * on every channel, an item with a long name and its staff, the outbox as pushd leaves it
 * (read from the stack's database: the API does not show single rows), and the Standard
 * Webhooks signature check.
 *
 * Environment: as lib/staff.js, plus YIWANG_TEST_FAKE_PUSH (the fake gateway's base URL),
 * YIWANG_PUSH_SECRET (whsec_<base64 key>, the secret pushd signs with) and
 * YIWANG_WECHAT_TEMPLATE (the subscribe template), all exported by scripts/test, which also
 * gives the stack's pushd fast retries (YIWANG_PUSHD_RETRY_BASE_MS=300, _RETRY_CAP_MS=3000,
 * _MAX_ATTEMPTS=10).
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { Webhook } = require('standardwebhooks');
const { api } = require('./client');
const fx = require('./fixtures');
const cz = require('./citizen');
const st = require('./staff');

const FAKE_PUSH = process.env.YIWANG_TEST_FAKE_PUSH;
const PUSH_SECRET = process.env.YIWANG_PUSH_SECRET;
const TEMPLATE = process.env.YIWANG_WECHAT_TEMPLATE || 'TMPL_progress_test';

/* A skip reason for node:test, or false. */
const NEEDS_PUSH = cz.NEEDS_FAKES || st.NEEDS_DB ||
  (!(FAKE_PUSH && PUSH_SECRET) && 'the fake push gateway is not running ' +
    '(YIWANG_TEST_FAKE_PUSH, YIWANG_PUSH_SECRET)');

/* --- the fakes ------------------------------------------------------------------------------- */

const q = (params) => new URLSearchParams(Object.entries(params)
  .filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)])).toString();

/* Every request the push gateway received for an application (oldest first). */
function pushLog(applicationId, extra = {}) {
  return cz.fake(FAKE_PUSH, 'GET', `/__messages?${q({ application_id: applicationId, ...extra })}`);
}

/* The requests the gateway accepted (204) for an application, oldest first. */
async function pushDelivered(applicationId) {
  return (await pushLog(applicationId)).filter((m) => m.delivered);
}

/* POST /__fail on the push gateway, scoped to one application. */
function pushFail(applicationId, mode, count = 1, extra = {}) {
  assert.ok(applicationId, 'push failures are scoped by application');
  return cz.fake(FAKE_PUSH, 'POST', '/__fail',
    { mode: String(mode), count, application_id: String(applicationId), ...extra });
}

/* POST /__delay on the push gateway, scoped to one application. */
function pushDelay(applicationId, ms, count = 1) {
  assert.ok(applicationId, 'push delays are scoped by application');
  return cz.fake(FAKE_PUSH, 'POST', '/__delay', { ms, count, application_id: String(applicationId) });
}

/* Removes the failure and delay rules of one application. */
async function pushClear(applicationId) {
  const a = encodeURIComponent(String(applicationId));
  await cz.fake(FAKE_PUSH, 'DELETE', `/__fail?application_id=${a}`);
  await cz.fake(FAKE_PUSH, 'DELETE', `/__delay?application_id=${a}`);
}

/* Marks device tokens gone (410) at the gateway. */
function pushGone(tokens) {
  return cz.fake(FAKE_PUSH, 'POST', '/__gone', { tokens });
}

/* Every subscribe/send the fake WeChat received for an openid (oldest first). */
function wechatLog(openid) {
  return cz.fake(cz.FAKE_WECHAT, 'GET', `/__subscribe?${q({ touser: openid })}`);
}

/*
 * The sends for an openid that carried a valid access token (oldest first). A send refused
 * for a stale token (40001/42001 because another file reset the fake or invalidated its
 * tokens) is pushd fetching a fresh token and sending again: not a message of its own.
 */
async function wechatSends(openid) {
  return (await wechatLog(openid)).filter((m) => m.token === 'ok');
}

async function wechatDelivered(openid) {
  return (await wechatLog(openid)).filter((m) => m.delivered);
}

/* POST /__subscribe_fail for one openid: {errcode} or {http}. */
function wechatFail(openid, failure, count = 1) {
  assert.ok(openid, 'WeChat failures are scoped by touser');
  return cz.fake(cz.FAKE_WECHAT, 'POST', '/__subscribe_fail', { ...failure, count, touser: openid });
}

function wechatClear(openid) {
  return cz.fake(cz.FAKE_WECHAT, 'DELETE', `/__subscribe_fail?touser=${encodeURIComponent(openid)}`);
}

/* The progress SMS (template status_changed) the gateway received for a phone. */
async function smsProgress(phone) {
  const all = await cz.fake(cz.FAKE_SMS, 'GET', `/__messages?phone=${encodeURIComponent(phone)}`);
  return all.filter((m) => m.template === 'status_changed');
}

/* --- Standard Webhooks --------------------------------------------------------------------- */

/*
 * Checks a request the gateway logged against the secret pushd was given (tech-contracts
 * 3.1): one v1 signature over "<webhook-id>.<webhook-timestamp>.<raw body>" matches, and the
 * timestamp is the real time of the request (within 60 s). Answers the problems (empty: good).
 */
function signatureProblems(msg, secret = PUSH_SECRET) {
  const out = [];
  const h = msg.headers;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const id = h['webhook-id'];
  const ts = h['webhook-timestamp'];
  if (!/^[0-9]+$/.test(ts || '')) return ['webhook-timestamp is not unix seconds'];
  const want = crypto.createHmac('sha256', key)
    .update(Buffer.from(`${id}.${ts}.${msg.raw_body}`, 'utf8')).digest('base64');
  const sigs = String(h['webhook-signature'] || '').split(' ');
  if (!sigs.includes(`v1,${want}`)) out.push(`no v1 signature matches (got ${h['webhook-signature']})`);
  const skew = Date.parse(msg.at) / 1000 - Number(ts);
  if (Math.abs(skew) > 60) out.push(`webhook-timestamp ${ts} is ${skew} s off the real time`);
  // And as a receiver would check it: the reference library of Standard Webhooks (npm
  // standardwebhooks), which also holds the timestamp to 5 minutes of now.
  try {
    new Webhook(secret).verify(msg.raw_body, {
      'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': h['webhook-signature'],
    });
  } catch (e) {
    out.push(`the standardwebhooks library refuses it: ${e.message}`);
  }
  return out;
}

/* --- the pushd binary on its own ------------------------------------------------------------ */

/* The stack's yiwang-pushd (the executable of the pid in $DATA/run/pushd.pid), or null. */
function pushdBinary() {
  try {
    const pid = fs.readFileSync(path.join(st.DATA, 'run', 'pushd.pid'), 'utf8').trim();
    const exe = fs.readlinkSync(`/proc/${pid}/exe`);
    return fs.existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

/*
 * Runs the pushd binary alone, with only the environment given (no configuration file, and a
 * database that does not exist, so that it never claims the stack's rows), until it exits or
 * `ms` pass (then SIGTERM): {code, signal, exited (on its own), lines: its JSON log lines}.
 */
function runPushd(env, { ms = 1500 } = {}) {
  const bin = pushdBinary();
  assert.ok(bin, 'the stack\'s yiwang-pushd');
  return new Promise((resolve) => {
    const child = spawn(bin, [], {
      env: { PATH: process.env.PATH, YIWANG_DB_SOCKET: '/nonexistent/yiwang-test.sock',
        YIWANG_DB_CONNECT_TIMEOUT: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    let exited = true;
    child.stderr.on('data', (c) => { err += c; });
    const timer = setTimeout(() => {
      exited = false;
      child.kill('SIGTERM');
    }, ms);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = err.split('\n').filter(Boolean).map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return { msg: l };
        }
      });
      resolve({ code, signal, exited, lines });
    });
  });
}

/* A whsec_ secret of n random bytes. */
const whsec = (n) => `whsec_${crypto.randomBytes(n).toString('base64')}`;

/* --- people, items, applications ------------------------------------------------------------ */

/*
 * A real-name verified citizen signed in by WeChat, reachable as asked: {token, id, user,
 * openid, phone, devices: [{platform, token}]}. phone: binds a fresh phone (SMS channel);
 * devices: platforms to register a new token for each (app channel); grants: one-time
 * WeChat grants of the template (0: none).
 */
async function reachableCitizen({ phone = false, devices = [], grants = 0, wechat = true } = {}) {
  let s;
  let user = null;
  let number = null;
  if (wechat) {
    user = cz.wechatUser();
    s = await cz.wechatSignIn(user);
  } else {
    number = cz.uniqPhone();
    s = await cz.smsSignIn(number);
  }
  const token = s.access_token;
  if (wechat && phone) {
    number = cz.uniqPhone();
    const r = await cz.call('POST', '/api/v1/me/phone',
      { token, body: { phone: number, code: await cz.sendCode(number) } });
    assert.equal(r.status, 200, `bind phone: ${r.text.slice(0, 300)}`);
    assert.equal(r.body.merged, false);
  }
  const r = await cz.call('POST', '/api/v1/me/real-name',
    { token, body: { name: '王五', id_number: cz.idNumber() } });
  assert.equal(r.status, 200, `real-name: ${r.text.slice(0, 300)}`);
  const c = { token, id: s.user.id, user, openid: user && `oFAKE_${user}`, phone: number, devices: [] };
  for (const platform of devices) await addDevice(c, platform);
  if (grants > 0) await addGrants(c, grants);
  return c;
}

/* Registers a new device token for the citizen; answers {platform, token}. */
async function addDevice(c, platform = 'ios') {
  // (Not remembered as a secret: DELETE /api/v1/me/devices/{token} puts it in the access log.)
  const d = { platform, token: `${platform}-${fx.uniq('d')}-${crypto.randomBytes(8).toString('hex')}` };
  const r = await cz.call('POST', '/api/v1/me/devices', { token: c.token, body: d });
  assert.equal(r.status, 201, `device: ${r.text.slice(0, 300)}`);
  c.devices.push(d);
  return d;
}

/* Adds one-time WeChat grants of the template; answers the remaining count. */
async function addGrants(c, count, template = TEMPLATE) {
  const r = await cz.call('POST', '/api/v1/me/wechat-subscriptions',
    { token: c.token, body: { template_id: template, count } });
  assert.equal(r.status, 201, `grants: ${r.text.slice(0, 300)}`);
  return r.body.remaining;
}

/* The citizen's remaining grants of the template, from the database (0 when none). */
function grantsLeft(c, template = TEMPLATE) {
  const rows = st.sql(`SELECT remaining FROM wechat_grants WHERE citizen_id = ${Number(c.id)} ` +
    `AND template_id = '${template.replace(/'/g, "''")}'`);
  return rows.length ? Number(rows[0][0]) : 0;
}

/*
 * A department of its own with an item (name given, or a long one: over 20 characters, with
 * a character outside the BMP as its 20th) and a clerk and a reviewer: {dept, code, name,
 * clerk, reviewer}.
 */
async function world({ name } = {}) {
  const dept = await fx.createDepartment({ name: `推送测试部门-${fx.uniq()}` });
  const code = fx.uniqCode('PU');
  const itemName = name || `进度推送测试${fx.uniqHan(5)}超长事项名称𠮷之审批与核准流程`;
  await fx.putItem(code, {
    name: itemName, dept_id: dept.id, depth: 3, visits_required: 0, legal_days: 20,
    promised_days: 5, materials: st.MATERIALS,
    form: [{ key: 'applicant_name', label: '申请人姓名', type: 'text', required: true,
      max_length: 50, options: null }],
    parallel_dept_ids: [],
  });
  return {
    dept, code, name: itemName,
    clerk: await st.member(['clerk'], dept),
    reviewer: await st.member(['reviewer'], dept),
  };
}

/* A submitted application of the world's item by the citizen: the 201 body. */
async function submit(w, c) {
  const r = await api('POST', '/api/v1/applications', {
    token: c.token,
    headers: { 'Idempotency-Key': fx.uniq('k') },
    body: { item_code: w.code, form: { applicant_name: '东营测试' }, submit: true },
  });
  assert.equal(r.status, 201, `create: ${r.text.slice(0, 300)}`);
  assert.equal(r.body.status, 'submitted');
  return r.body;
}

/* The citizen submits again after a supplement request; answers the citizen's view. */
async function resubmit(app, c) {
  const r = await api('POST', `/api/v1/applications/${app.id}/submit`, { token: c.token });
  assert.equal(r.status, 200, `resubmit: ${r.text.slice(0, 300)}`);
  app.version = r.body.version;
  app.status = r.body.status;
  return r.body;
}

/* --- the outbox ------------------------------------------------------------------------------ */

/*
 * The outbox rows of an application for the citizen (oldest first; the provincial platform's
 * 'upstream' rows, when it is configured, only when asked for by channel): {id, channel,
 * status, state, attempts, last_error, claimed_by}.
 */
function outboxRows(applicationId, channel) {
  const rows = st.sql('SELECT id, channel, status, state, attempts, IFNULL(last_error, \'\'), ' +
    `IFNULL(claimed_by, '') FROM outbox WHERE application_id = ${Number(applicationId)}` +
    (channel ? ` AND channel = '${channel}'` : ' AND channel <> \'upstream\'') + ' ORDER BY id');
  return rows.map(([id, ch, status, state, attempts, lastError, claimedBy]) => ({
    id, channel: ch, status, state, attempts: Number(attempts), last_error: lastError,
    claimed_by: claimedBy,
  }));
}

/* Waits until every outbox row of the application for the citizen is done (sent, dead or
 * skipped); want: how many there must be. */
async function settled(applicationId, { timeout = 30000, want } = {}) {
  let rows = [];
  const ok = await fx.eventually(() => {
    rows = outboxRows(applicationId);
    return rows.length > 0 && (want === undefined || rows.length === want) &&
      rows.every((r) => ['sent', 'dead', 'skipped'].includes(r.state));
  }, { timeout, interval: 100 });
  assert.ok(ok, `the outbox of application ${applicationId} settles: ${JSON.stringify(rows)}`);
  return rows;
}

/* The attempts recorded for an outbox row, oldest first: {outcome, http_status, detail, worker}. */
function attempts(outboxId) {
  return st.sql('SELECT outcome, IFNULL(http_status, \'\'), detail, worker FROM outbox_attempts ' +
    `WHERE outbox_id = ${Number(outboxId)} ORDER BY id`)
    .map(([outcome, http, detail, worker]) => ({ outcome, http_status: http === '' ? null : Number(http), detail, worker }));
}

/* The webhook-id of an app-channel outbox row. */
const webhookId = (outboxId) => `msg_yw${outboxId}`;

/* The first n code points of a string. */
const codePoints = (s, n) => [...s].slice(0, n).join('');

/* "2026年11月29日 16:05" of an RFC 3339 time, in Asia/Shanghai (time4 of the template). */
function wechatTime(rfc3339) {
  const d = new Date(Date.parse(rfc3339) + 8 * 3600 * 1000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ` +
    `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/* Retries fn until truthy; fails with what(last value) when time runs out. */
async function until(fn, what, { timeout = 20000, interval = 100 } = {}) {
  let last;
  const ok = await fx.eventually(async () => {
    last = await fn();
    return last;
  }, { timeout, interval });
  assert.ok(ok, typeof what === 'function' ? what(last) : what);
  return ok;
}

module.exports = {
  FAKE_PUSH, PUSH_SECRET, TEMPLATE, NEEDS_PUSH,
  pushLog, pushDelivered, pushFail, pushDelay, pushClear, pushGone,
  wechatLog, wechatSends, wechatDelivered, wechatFail, wechatClear, smsProgress,
  signatureProblems, pushdBinary, runPushd, whsec,
  reachableCitizen, addDevice, addGrants, grantsLeft, world, submit, resubmit,
  outboxRows, settled, attempts, webhookId, codePoints, wechatTime, until,
};
