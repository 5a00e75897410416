'use strict';
/*
 * push.test.js: progress push as the gateways see it (API.md sections 6 and 11, tech-
 * contracts 1.3 and 3.1): pushd delivers each status change of an application on every
 * channel the citizen can be reached on, at least once and in order per application and
 * channel, and gives up as the contract says.
 *
 *   - app push gateway: Standard Webhooks signed POST (webhook-id msg_yw<outbox id>, the same
 *     on every retry), the body of section 11 with every device of the citizen; a gone
 *     device token (410) is removed and the message goes again to the others;
 *   - WeChat subscribe message: one one-time grant per message (none: not sent, the inbox
 *     still has it), values cut to WeChat's limits, 40001 a fresh token and the message
 *     again, 43101 the grant gone, 47003 a dead letter;
 *   - SMS: only supplement_required and the final statuses;
 *   - an outage of the gateway: retried with backoff, then everything exactly once, in order;
 *   - what a webhook answer means (Standard Webhooks): only 2xx delivers; 3xx, 401, 403, 404,
 *     409, 429 and 5xx are retried with backoff (Retry-After honoured); 400, 413, 422 and a
 *     410 that removes no device are dead letters at once; the same on the provincial
 *     platform; a WeChat 200 that is not JSON is retried like errcode -1;
 *   - start-up: the default retry window (about 3 days) and the 24-64 byte secrets, on the
 *     stack's pushd binary run alone;
 *   - dead letters: GET /api/v1/admin/outbox counts them, POST .../requeue sends them again.
 *
 * Every injected failure is scoped to the test's own application (push gateway) or openid
 * (WeChat), and no test clears the fakes' logs: the other files share the stack and its
 * pushd. The outbox rows are read from the stack's database (YIWANG_TEST_DATA_DIR).
 * Needs the fakes with the push gateway (YIWANG_TEST_FAKE_*, YIWANG_PUSH_SECRET).
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { api, assertError } = require('./lib/client');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');
const st = require('./lib/staff');
const pu = require('./lib/push');

const { runPushd } = pu;

const skip = pu.NEEDS_PUSH;
const OUTBOX = '/api/v1/admin/outbox';
const REQUEUE = '/api/v1/admin/outbox/requeue';

// pushd reads the same clock as the apps: these tests run at real time.
test.before(() => cz.clearClock());
test.after(() => cz.clearClock());

/* --- helpers ------------------------------------------------------------------------------ */

let worldPromise = null;
/* One department, item (long name) and staff for the file. */
function sharedWorld() {
  if (!worldPromise) {
    worldPromise = pu.world();
    worldPromise.catch(() => { worldPromise = null; });
  }
  return worldPromise;
}

/* A draft (no status change yet, so no outbox row): failures can be scoped to its id first. */
async function draft(w, c) {
  const r = await api('POST', '/api/v1/applications', {
    token: c.token,
    headers: { 'Idempotency-Key': fx.uniq('k') },
    body: { item_code: w.code, form: { applicant_name: '东营测试' }, submit: false },
  });
  assert.equal(r.status, 201, `draft: ${r.text.slice(0, 300)}`);
  assert.equal(r.body.status, 'draft');
  return r.body;
}

/* The citizen's inbox entries of an application, oldest first. */
async function inboxOf(c, applicationId) {
  const r = await api('GET', '/api/v1/me/notifications?limit=100', { token: c.token });
  assert.equal(r.status, 200, `inbox: ${r.text.slice(0, 300)}`);
  return r.body.data.filter((n) => n.application_id === String(applicationId)).reverse();
}

/* webhook-id -> number of requests the gateway accepted with it. */
function deliveredPerId(log) {
  const n = new Map();
  for (const m of log) if (m.delivered) n.set(m.headers['webhook-id'], (n.get(m.headers['webhook-id']) || 0) + 1);
  return n;
}

async function adminOutbox() {
  const r = await api('GET', OUTBOX, { token: await fx.adminToken() });
  assert.equal(r.status, 200, `admin outbox: ${r.text.slice(0, 300)}`);
  return r.body.channels;
}

/*
 * One application through every kind of change, by a citizen reachable on all three
 * channels (WeChat with grants, a phone, two devices): submitted, supplement_required,
 * submitted, accepted, completed. Shared by the per-channel tests below; answers {w, c,
 * app, statuses, labels, rows} once every outbox row is settled.
 */
let flowPromise = null;
function fullFlow() {
  if (!flowPromise) {
    flowPromise = (async () => {
      const w = await sharedWorld();
      const c = await pu.reachableCitizen({ phone: true, devices: ['ios', 'android'], grants: 10 });
      const app = await pu.submit(w, c);
      const statuses = [app.status];
      const labels = [app.status_label];
      const step = (view) => {
        statuses.push(view.status);
        labels.push(view.status_label);
      };
      step(await st.must(w.clerk, app, 'request-supplement', { materials: ['m1'], note: '请补充身份证明' }));
      step(await pu.resubmit(app, c));
      step(await st.must(w.clerk, app, 'accept'));
      step(await st.must(w.reviewer, app, 'approve'));
      assert.deepEqual(statuses, ['submitted', 'supplement_required', 'submitted', 'accepted', 'completed']);
      const rows = await pu.settled(app.id, { want: 12 });
      return { w, c, app, statuses, labels, rows };
    })();
    flowPromise.catch(() => { flowPromise = null; });
  }
  return flowPromise;
}

/* --- each channel ---------------------------------------------------------------------------- */

test('every status change is one outbox row per reachable channel, each sent once', { skip }, async () => {
  const { statuses, rows } = await fullFlow();
  const by = (ch) => rows.filter((r) => r.channel === ch);
  assert.deepEqual(by('app').map((r) => r.status), statuses, 'app: one row per change');
  assert.deepEqual(by('wechat').map((r) => r.status), statuses, 'wechat: one row per change');
  assert.deepEqual(by('sms').map((r) => r.status), ['supplement_required', 'completed'],
    'sms: only supplement_required and the final status');
  for (const r of rows) {
    assert.equal(r.state, 'sent', `row ${r.id} (${r.channel} ${r.status}): ${r.last_error}`);
    assert.equal(r.claimed_by, '', 'no lease left behind');
    const a = pu.attempts(r.id);
    assert.equal(r.attempts, a.length, `row ${r.id}: every attempt recorded`);
    assert.equal(a[a.length - 1].outcome, 'sent');
    if (r.channel === 'wechat') {
      // At most one retry: an access token gone stale (another file reset the fake WeChat).
      assert.ok(a.length <= 2, `row ${r.id}: ${JSON.stringify(a)}`);
      for (const x of a.slice(0, -1)) assert.match(x.detail, /^errcode (40001|42001)/, `row ${r.id}`);
    } else {
      assert.equal(a.length, 1, `row ${r.id} (${r.channel}) took one attempt: ${JSON.stringify(a)}`);
    }
  }
});

test('app push: Standard Webhooks signed, webhook-id msg_yw<outbox id>, the body of section 11 with every device', { skip }, async () => {
  const { c, app, statuses, rows } = await fullFlow();
  const log = await pu.pushLog(app.id);
  const appRows = rows.filter((r) => r.channel === 'app');
  assert.equal(log.length, appRows.length, `one request per change: ${JSON.stringify(log.map((m) => m.verdict))}`);
  const inbox = await inboxOf(c, app.id);
  assert.deepEqual(inbox.map((n) => n.status), statuses, 'the inbox has every change');
  log.forEach((m, i) => {
    assert.equal(m.verdict, 'ok', `request ${i}: ${m.verdict} ${JSON.stringify(m.errors)}`);
    assert.equal(m.delivered, true);
    assert.equal(m.duplicate, false);
    assert.equal(m.method, 'POST');
    assert.match(m.headers['content-type'], /^application\/json/);
    assert.equal(m.headers['webhook-id'], pu.webhookId(appRows[i].id), 'webhook-id names the outbox row');
    assert.deepEqual(pu.signatureProblems(m), [], `request ${i}: signature`);
    const b = m.body;
    assert.deepEqual(Object.keys(b).sort(),
      ['application_id', 'at', 'body', 'devices', 'number', 'status', 'title', 'type']);
    assert.equal(b.type, 'application.status_changed');
    assert.equal(b.application_id, String(app.id));
    assert.equal(b.number, app.number);
    assert.equal(b.status, statuses[i]);
    assert.equal(b.title, inbox[i].title, 'title as in the inbox');
    assert.equal(b.body, inbox[i].body, 'body as in the inbox');
    assert.match(b.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/);
    assert.equal(Date.parse(b.at), Date.parse(inbox[i].at), 'at: the time of the change');
    const key = (d) => `${d.platform}:${d.token}`;
    assert.deepEqual(b.devices.map(key).sort(), c.devices.map(key).sort(), 'every device of the citizen');
  });
  // Another secret does not verify: the check above means something.
  assert.notDeepEqual(pu.signatureProblems(log[0], 'whsec_' + Buffer.alloc(32, 7).toString('base64')), []);
});

test('WeChat: the template of section 11, values cut to WeChat\'s limits (thing2: 20 code points)', { skip }, async () => {
  const { w, c, app, labels } = await fullFlow();
  assert.ok([...w.name].length > 20, 'the item name is over 20 characters');
  const log = await pu.wechatSends(c.openid);
  assert.equal(log.length, labels.length, `one send per change: ${JSON.stringify(log.map((m) => m.errcode))}`);
  const inbox = await inboxOf(c, app.id);
  log.forEach((m, i) => {
    assert.equal(m.delivered, true, `send ${i}: ${m.errcode} ${m.errmsg}`);
    assert.equal(m.token, 'ok');
    assert.equal(m.touser, c.openid);
    assert.equal(m.template_id, pu.TEMPLATE);
    assert.equal(m.page, `pages/applications/detail?id=${app.id}`);
    assert.equal(m.unknown_fields, undefined, 'no other top-level fields');
    assert.deepEqual(Object.keys(m.data).sort(), ['character_string1', 'phrase3', 'thing2', 'time4']);
    for (const k of Object.keys(m.data)) assert.deepEqual(Object.keys(m.data[k]), ['value'], `data.${k}`);
    assert.equal(m.data.character_string1.value, app.number);
    assert.equal(m.data.thing2.value, pu.codePoints(w.name, 20), 'thing2: the first 20 code points');
    assert.equal([...m.data.thing2.value].length, 20);
    assert.equal(m.data.phrase3.value, pu.codePoints(labels[i], 5), 'phrase3: the status label');
    assert.equal(m.data.time4.value, pu.wechatTime(inbox[i].at), 'time4: the change, in Asia/Shanghai');
  });
  assert.equal(pu.grantsLeft(c), 10 - labels.length, 'one grant per message');
});

test('SMS: only supplement_required and the final status, {number, status, status_label}', { skip }, async () => {
  const { c, app, statuses, labels } = await fullFlow();
  const msgs = await pu.smsProgress(c.phone);
  const want = statuses.map((s, i) => [s, labels[i]]).filter(([s]) => ['supplement_required', 'completed'].includes(s));
  assert.equal(msgs.length, want.length, JSON.stringify(msgs.map((m) => m.params && m.params.status)));
  msgs.forEach((m, i) => {
    assert.equal(m.delivered, true);
    assert.equal(m.phone, c.phone);
    assert.deepEqual(m.params, { number: app.number, status: want[i][0], status_label: want[i][1] });
  });
});

/* --- order -------------------------------------------------------------------------------- */

test('changes in quick succession arrive in order on every channel, through retries and a slow gateway', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ phone: true, devices: ['harmony'], grants: 10 });
  const app = await draft(w, c);
  // The first push is slow, the next two fail once each; the first WeChat send hits the quota.
  await pu.pushDelay(app.id, 400, 1);
  await pu.pushFail(app.id, 503, 2);
  await pu.wechatFail(c.openid, { errcode: 45009 }, 1);
  const statuses = [];
  const labels = [];
  const step = (view) => {
    statuses.push(view.status);
    labels.push(view.status_label);
  };
  step(await pu.resubmit(app, c));
  step(await st.must(w.clerk, app, 'request-supplement', { materials: ['m2'], note: '请补充场所证明' }));
  step(await pu.resubmit(app, c));
  step(await st.must(w.clerk, app, 'accept'));
  step(await st.must(w.reviewer, app, 'suspend'));
  step(await st.must(w.reviewer, app, 'resume'));
  step(await st.must(w.reviewer, app, 'approve'));
  const rows = await pu.settled(app.id, { want: 7 + 7 + 2 });
  for (const r of rows) assert.equal(r.state, 'sent', `row ${r.id} (${r.channel} ${r.status}): ${r.last_error}`);

  const delivered = await pu.pushDelivered(app.id);
  assert.deepEqual(delivered.map((m) => m.body.status), statuses, 'app: in order');
  const ids = delivered.map((m) => Number(m.headers['webhook-id'].replace('msg_yw', '')));
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'app: in outbox order');
  assert.equal(new Set(ids).size, ids.length, 'app: each once');
  // Nothing of a later change went out before the earlier one was accepted.
  const log = await pu.pushLog(app.id);
  let highest = 0;
  for (const m of log) {
    const id = Number(m.headers['webhook-id'].replace('msg_yw', ''));
    assert.ok(id >= highest, `request for ${id} after one for ${highest}`);
    highest = id;
  }
  assert.ok(log.filter((m) => m.verdict === 'injected').length === 2, 'the two failures were retried');

  const wx = await pu.wechatDelivered(c.openid);
  assert.deepEqual(wx.map((m) => m.data.phrase3.value), labels.map((l) => pu.codePoints(l, 5)), 'WeChat: in order');
  assert.equal(pu.grantsLeft(c), 10 - 7, 'a retried WeChat message uses no second grant');

  const sms = await pu.smsProgress(c.phone);
  assert.deepEqual(sms.map((m) => m.params.status), ['supplement_required', 'completed'], 'SMS: in order');
});

/* --- WeChat grants and errors ----------------------------------------------------------------- */

test('no grant: no WeChat send, the inbox still has it, the row is skipped; then one grant per message', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({});
  const app = await pu.submit(w, c);
  let rows = await pu.settled(app.id, { want: 2 });
  const byCh = (ch) => rows.filter((r) => r.channel === ch);
  assert.equal(byCh('wechat')[0].state, 'skipped');
  assert.match(byCh('wechat')[0].last_error, /grant/);
  assert.equal(byCh('app')[0].state, 'skipped', 'no device: no app push');
  assert.match(byCh('app')[0].last_error, /device/);
  assert.deepEqual(await pu.wechatLog(c.openid), [], 'nothing sent to WeChat');
  assert.deepEqual(await pu.pushLog(app.id), [], 'nothing sent to the push gateway');
  assert.deepEqual((await inboxOf(c, app.id)).map((n) => n.status), ['submitted'], 'the inbox has it');

  // Two grants, three changes: the first two are sent, the third is not.
  assert.equal(await pu.addGrants(c, 2), 2);
  const labels = [];
  labels.push((await st.must(w.clerk, app, 'accept')).status_label);
  labels.push((await st.must(w.reviewer, app, 'suspend')).status_label);
  labels.push((await st.must(w.reviewer, app, 'resume')).status_label);
  rows = await pu.settled(app.id, { want: 8 });
  assert.deepEqual(byCh('wechat').map((r) => r.state), ['skipped', 'sent', 'sent', 'skipped']);
  const sent = await pu.wechatSends(c.openid);
  assert.equal(sent.length, 2, 'two sends');
  assert.ok(sent.every((m) => m.delivered));
  assert.deepEqual(sent.map((m) => m.data.phrase3.value), labels.slice(0, 2).map((l) => pu.codePoints(l, 5)));
  assert.equal(pu.grantsLeft(c), 0);
  assert.equal((await inboxOf(c, app.id)).length, 4, 'the inbox has all four');
});

test('WeChat 40001: a fresh access token and the message again, delivered exactly once', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ grants: 3 });
  const app = await draft(w, c);
  await pu.wechatFail(c.openid, { errcode: 40001 }, 1);
  await pu.resubmit(app, c);
  await st.must(w.clerk, app, 'accept');
  const rows = (await pu.settled(app.id, { want: 4 })).filter((r) => r.channel === 'wechat');
  assert.deepEqual(rows.map((r) => r.state), ['sent', 'sent'], JSON.stringify(rows));
  const log = await pu.wechatSends(c.openid);
  assert.equal(log.length, 3, `a refused send and two deliveries: ${JSON.stringify(log.map((m) => m.errcode))}`);
  assert.equal(log[0].errcode, 40001);
  assert.equal(log[0].delivered, false);
  assert.ok(log[1].delivered && log[2].delivered);
  assert.equal(log[1].data.phrase3.value, log[0].data.phrase3.value, 'the same message again');
  assert.ok(log[1].token_serial > log[0].token_serial, 'with a newer token');
  const delivered = log.filter((m) => m.delivered).map((m) => m.data.phrase3.value);
  assert.equal(new Set(delivered).size, 2, 'exactly one send per status');
  assert.equal(pu.grantsLeft(c), 1, 'one grant per message, none for the retry');
  const a = pu.attempts(rows[0].id);
  assert.deepEqual(a.map((x) => x.outcome), [...Array(a.length - 1).fill('retry'), 'sent']);
  assert.ok(a.length <= 3, JSON.stringify(a));
  for (const x of a.slice(0, -1)) assert.match(x.detail, /40001/);
});

test('WeChat 43101: the grant is gone, later messages are skipped until a new grant', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ grants: 5 });
  const app = await draft(w, c);
  await pu.wechatFail(c.openid, { errcode: 43101 }, 1);
  await pu.resubmit(app, c);
  let rows = await pu.settled(app.id, { want: 2 });
  let wx = rows.filter((r) => r.channel === 'wechat');
  assert.equal(wx[0].state, 'skipped', JSON.stringify(wx));
  assert.match(wx[0].last_error, /43101/);
  assert.equal(pu.grantsLeft(c), 0, 'every grant of the template is gone');

  await st.must(w.clerk, app, 'accept');
  rows = await pu.settled(app.id, { want: 4 });
  wx = rows.filter((r) => r.channel === 'wechat');
  assert.equal(wx[1].state, 'skipped');
  assert.equal((await pu.wechatSends(c.openid)).length, 1, 'no send without a grant');

  assert.equal(await pu.addGrants(c, 1), 1);
  const label = (await st.must(w.reviewer, app, 'suspend')).status_label;
  rows = await pu.settled(app.id, { want: 6 });
  wx = rows.filter((r) => r.channel === 'wechat');
  assert.equal(wx[2].state, 'sent', JSON.stringify(wx[2]));
  const log = await pu.wechatSends(c.openid);
  assert.equal(log.length, 2);
  assert.equal(log[1].delivered, true);
  assert.equal(log[1].data.phrase3.value, pu.codePoints(label, 5));
  assert.equal((await inboxOf(c, app.id)).length, 3, 'the inbox has every change');
});

/* --- the push gateway's failures ------------------------------------------------------------ */

test('the gateway down for a while: retried with backoff, then every message exactly once, in order', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ wechat: false, devices: ['android'] });
  const app = await draft(w, c);
  await pu.pushFail(app.id, 'close', 1);
  await pu.pushFail(app.id, 503, -1);
  try {
    await pu.resubmit(app, c);
    await st.must(w.clerk, app, 'accept');
    await st.must(w.reviewer, app, 'suspend');
    // A few failed attempts of the first message, and nothing of the later ones.
    await pu.until(async () => (await pu.pushLog(app.id)).filter((m) => m.injected).length >= 4,
      'four failed attempts', { timeout: 20000 });
    const during = await pu.pushLog(app.id);
    assert.equal(new Set(during.map((m) => m.headers['webhook-id'])).size, 1,
      'the later messages wait for the first: one webhook-id, the same on every retry');
    assert.ok(during.every((m) => !m.delivered));
    const rows = pu.outboxRows(app.id, 'app');
    assert.equal(rows.length, 3);
    assert.equal(during[0].headers['webhook-id'], pu.webhookId(rows[0].id));
    assert.ok(['pending', 'sending'].includes(rows[0].state));
    // (libcurl may resend at once on a fresh connection what a closed kept-alive one lost:
    // two requests, one attempt.)
    assert.ok(rows[0].attempts >= 3, JSON.stringify(rows[0]));
    // The backlog shows.
    const ch = (await adminOutbox()).app;
    assert.ok(ch.states.pending + ch.states.sending >= 3, JSON.stringify(ch));
    assert.equal(typeof ch.oldest_pending_seconds, 'number');
  } finally {
    await pu.pushClear(app.id);
  }
  const rows = await pu.settled(app.id, { want: 3, timeout: 30000 });
  for (const r of rows) assert.equal(r.state, 'sent', `row ${r.id}: ${r.last_error}`);
  const log = await pu.pushLog(app.id);
  const per = deliveredPerId(log);
  assert.deepEqual([...per.keys()], rows.map((r) => pu.webhookId(r.id)), 'in order');
  for (const [id, n] of per) assert.equal(n, 1, `${id} delivered once`);
  assert.ok(log.every((m) => !m.duplicate), 'no duplicate: no request timed out');
  assert.deepEqual((await pu.pushDelivered(app.id)).map((m) => m.body.status), ['submitted', 'accepted', 'suspended']);
  for (const m of log.filter((x) => x.verdict !== 'closed')) assert.deepEqual(pu.signatureProblems(m), []);
  // Every attempt is recorded: the failures as retries, then one send.
  const a = pu.attempts(rows[0].id);
  assert.ok(a.length >= 4, JSON.stringify(a));
  assert.deepEqual(a.slice(0, -1).map((x) => x.outcome), Array(a.length - 1).fill('retry'));
  assert.equal(a[a.length - 1].outcome, 'sent');
  assert.equal(a[a.length - 2].http_status, 503);
  assert.equal(rows[0].attempts, a.length, 'one attempt counted per try');
  assert.equal(pu.outboxRows(app.id, 'app').filter((r) => r.attempts !== 1).length, 1,
    'the later messages went once, after the first');
});

test('a gone device token (410) is removed and the message still reaches the other device', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ wechat: false, devices: ['ios', 'android'] });
  const [gone, kept] = c.devices;
  await pu.pushGone([gone.token]);
  const app = await pu.submit(w, c);
  let rows = await pu.settled(app.id, { want: 1 });
  assert.equal(rows[0].state, 'sent', rows[0].last_error);
  let log = await pu.pushLog(app.id);
  assert.equal(log.length, 2, JSON.stringify(log.map((m) => m.verdict)));
  assert.equal(log[0].verdict, 'gone');
  assert.equal(log[0].body.devices.length, 2);
  assert.equal(log[1].verdict, 'ok');
  assert.equal(log[1].headers['webhook-id'], log[0].headers['webhook-id'], 'the same message');
  assert.deepEqual(log[1].body.devices, [kept]);
  assert.deepEqual(pu.signatureProblems(log[1]), []);
  assertError(await api('DELETE', `/api/v1/me/devices/${encodeURIComponent(gone.token)}`, { token: c.token }),
    404, 'not_found', 'the gone device was removed');
  // The next message goes to the device left, at once.
  await st.must(w.clerk, app, 'accept');
  rows = await pu.settled(app.id, { want: 2 });
  log = await pu.pushLog(app.id);
  assert.equal(log.length, 3);
  assert.equal(log[2].delivered, true);
  assert.deepEqual(log[2].body.devices, [kept]);

  // A citizen whose only device is gone: nothing delivered, the row skipped.
  const d = await pu.reachableCitizen({ wechat: false, devices: ['ios'] });
  await pu.pushGone([d.devices[0].token]);
  const app2 = await pu.submit(w, d);
  const rows2 = await pu.settled(app2.id, { want: 1 });
  assert.equal(rows2[0].state, 'skipped', JSON.stringify(rows2));
  const log2 = await pu.pushLog(app2.id);
  assert.deepEqual(log2.map((m) => m.verdict), ['gone']);
  assert.equal((await inboxOf(d, app2.id)).length, 1, 'the inbox still has it');
});

/* --- what an answer means (Standard Webhooks, tech-contracts 3.1) -------------------------------- */

test('a 410 without gone_tokens (the receiver gave up on the endpoint) is a dead letter at once, with no retry', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ wechat: false, devices: ['ios'] });
  const app = await draft(w, c);
  await pu.pushFail(app.id, '410', -1);
  let row;
  try {
    await pu.resubmit(app, c);
    [row] = await pu.settled(app.id, { want: 1 });
    assert.equal(row.state, 'dead', JSON.stringify(row));
    assert.match(row.last_error, /^HTTP 410: the gateway gave up on this endpoint/);
    await fx.sleep(1500);
    const log = await pu.pushLog(app.id);
    assert.deepEqual(log.map((m) => m.injected), ['410'], 'one request: a receiver that said stop is not asked again');
    assert.deepEqual(pu.attempts(row.id).map((x) => [x.outcome, x.http_status]), [['dead', 410]]);
    assert.equal(pu.outboxRows(app.id, 'app')[0].attempts, 1);
  } finally {
    await pu.pushClear(app.id);
  }
  // No device was removed: the next change goes to the same device.
  await st.must(w.clerk, app, 'accept');
  const rows = await pu.settled(app.id, { want: 2 });
  assert.equal(rows[1].state, 'sent', rows[1].last_error);
  const last = (await pu.pushLog(app.id)).pop();
  assert.deepEqual(last.body.devices, c.devices);
});

test('3xx, 401, 403, 404 and 409 are retried with backoff (not dead at once), then delivered', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ wechat: false, devices: ['android'] });
  const app = await draft(w, c);
  const modes = ['401', '404', '301', '403', '409'];
  for (const mode of modes) await pu.pushFail(app.id, mode, 1);
  try {
    await pu.resubmit(app, c);
    const [row] = await pu.settled(app.id, { want: 1, timeout: 30000 });
    assert.equal(row.state, 'sent', JSON.stringify(row));
    const a = pu.attempts(row.id);
    assert.deepEqual(a.map((x) => [x.outcome, x.http_status]),
      [...modes.map((m) => ['retry', Number(m)]), ['sent', 204]]);
    assert.equal(a[0].detail, 'HTTP 401');
    const log = await pu.pushLog(app.id);
    assert.deepEqual(log.map((m) => m.injected || m.verdict), [...modes, 'ok']);
    assert.equal(new Set(log.map((m) => m.headers['webhook-id'])).size, 1, 'one message');
    assert.ok(!log.some((m) => m.path !== '/push'), 'the redirect was not followed');
    // With backoff: the first retry waits at least half of retry_base_ms (300 ms in the tests).
    const t = log.map((m) => Date.parse(m.at));
    assert.ok(t[1] - t[0] >= 140, `first retry after ${t[1] - t[0]} ms`);
  } finally {
    await pu.pushClear(app.id);
  }
});

test('Retry-After on a 429 (or any retried answer) is honoured over a shorter backoff', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ wechat: false, devices: ['ios'] });
  const app = await draft(w, c);
  await pu.pushFail(app.id, '429', 1, { retry_after: 2 });
  await pu.pushFail(app.id, '401', 1, { retry_after: 2 });
  try {
    await pu.resubmit(app, c);
    const [row] = await pu.settled(app.id, { want: 1, timeout: 30000 });
    assert.equal(row.state, 'sent', JSON.stringify(row));
    const t = (await pu.pushLog(app.id)).map((m) => Date.parse(m.at));
    assert.equal(t.length, 3);
    assert.ok(t[1] - t[0] >= 1900 && t[2] - t[1] >= 1900, `gaps ${t[1] - t[0]}, ${t[2] - t[1]} ms`);
  } finally {
    await pu.pushClear(app.id);
  }
});

test('400, 413 and 422 refuse the body: a dead letter at once', { skip }, async () => {
  const w = await sharedWorld();
  for (const mode of ['400', '413', '422']) {
    const c = await pu.reachableCitizen({ wechat: false, devices: ['harmony'] });
    const app = await draft(w, c);
    await pu.pushFail(app.id, mode, -1);
    try {
      await pu.resubmit(app, c);
      const [row] = await pu.settled(app.id, { want: 1 });
      assert.equal(row.state, 'dead', `${mode}: ${JSON.stringify(row)}`);
      assert.equal(row.last_error, `HTTP ${mode}: the body was refused`);
      assert.deepEqual(pu.attempts(row.id).map((x) => x.outcome), ['dead'], mode);
    } finally {
      await pu.pushClear(app.id);
    }
  }
});

test('the provincial platform: a 401 or a redirect is retried, a 410 is a dead letter', { skip: skip || (!process.env.YIWANG_UPSTREAM_URL && 'no provincial platform (YIWANG_UPSTREAM_URL)') }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ wechat: false });
  const app = await draft(w, c);
  assert.ok(app.number, 'a draft has its number');
  await cz.fake(pu.FAKE_PUSH, 'POST', '/__fail', { mode: '401', number: app.number });
  await cz.fake(pu.FAKE_PUSH, 'POST', '/__fail', { mode: '307', number: app.number });
  const upstream = () => pu.outboxRows(app.id, 'upstream');
  const done = (r) => ['sent', 'dead', 'skipped'].includes(r.state);
  try {
    await pu.resubmit(app, c);
    await pu.until(() => upstream().length === 1 && done(upstream()[0]),
      () => `the upstream row settles: ${JSON.stringify(upstream())}`, { timeout: 30000 });
    const [row] = upstream();
    assert.equal(row.state, 'sent', JSON.stringify(row));
    assert.deepEqual(pu.attempts(row.id).map((x) => [x.outcome, x.http_status]),
      [['retry', 401], ['retry', 307], ['sent', 204]]);
    await cz.fake(pu.FAKE_PUSH, 'POST', '/__fail', { mode: '410', count: -1, number: app.number });
    await st.must(w.clerk, app, 'accept');
    await pu.until(() => upstream().length === 2 && done(upstream()[1]),
      () => `the second upstream row settles: ${JSON.stringify(upstream())}`, { timeout: 30000 });
    const second = upstream()[1];
    assert.equal(second.state, 'dead', JSON.stringify(second));
    assert.match(second.last_error, /^HTTP 410/);
    assert.deepEqual(pu.attempts(second.id).map((x) => x.outcome), ['dead']);
  } finally {
    await cz.fake(pu.FAKE_PUSH, 'DELETE', `/__fail?number=${encodeURIComponent(app.number)}`);
  }
});

test('WeChat: HTTP 200 with a body that is not JSON is retried (as errcode -1), then delivered once', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ grants: 1 });
  const app = await draft(w, c);
  await pu.wechatFail(c.openid, { http: 200 }, 1);
  await pu.resubmit(app, c);
  const row = (await pu.settled(app.id, { want: 2 })).find((r) => r.channel === 'wechat');
  assert.equal(row.state, 'sent', JSON.stringify(row));
  const a = pu.attempts(row.id).filter((x) => !/^errcode (40001|42001)/.test(x.detail));
  assert.deepEqual(a.map((x) => x.outcome), ['retry', 'sent']);
  assert.match(a[0].detail, /not a JSON object/);
  assert.deepEqual((await pu.wechatSends(c.openid)).map((m) => m.delivered), [false, true]);
  assert.equal(pu.grantsLeft(c), 0, 'one grant for the message and its retry');
});

/* --- start-up: the retry window and the secrets -------------------------------------------------- */

const skipBin = skip || (!pu.pushdBinary() && 'the stack\'s pushd binary is not found (YIWANG_TEST_DATA_DIR/run/pushd.pid)');
const started = (r) => r.lines.some((l) => /^pushd .*: push on/.test(l.msg || ''));

test('pushd\'s defaults retry for about 3 days: 18 attempts, 5 s doubling to a 24 h cap', { skip: skipBin }, async () => {
  const r = await runPushd({ YIWANG_PUSH_URL: 'http://127.0.0.1:9/push', YIWANG_PUSH_SECRET: pu.whsec(32) });
  assert.ok(!r.exited && started(r), JSON.stringify(r.lines));
  const line = r.lines.find((l) => /^retries: /.test(l.msg || ''));
  assert.ok(line, JSON.stringify(r.lines));
  assert.match(line.msg, /max_attempts 18, retry_base_ms 5000, retry_cap_ms 86400000: /);
  // 17 waits, each between half and all of min(5 s * 2^(n-1), 24 h): 336 635 s at most.
  assert.match(line.msg, /retried for 168318 to 336635 s \(1\.95 to 3\.90 days, 2\.92 on average\)/);
  // The bounds allow it: 100 attempts, a 24 h cap.
  const big = await runPushd({ YIWANG_PUSH_URL: 'http://127.0.0.1:9/push', YIWANG_PUSH_SECRET: pu.whsec(32),
    YIWANG_PUSHD_MAX_ATTEMPTS: '100', YIWANG_PUSHD_RETRY_CAP_MS: '86400000', YIWANG_PUSHD_RETRY_BASE_MS: '1000' });
  assert.match(big.lines.find((l) => /^retries: /.test(l.msg || '')).msg,
    /max_attempts 100, retry_base_ms 1000, retry_cap_ms 86400000: /);
});

test('pushd refuses to start with a push or upstream secret outside 24-64 bytes (Standard Webhooks)', { skip: skipBin }, async () => {
  const url = 'http://127.0.0.1:9/push';
  for (const n of [16, 23, 65]) {
    const r = await runPushd({ YIWANG_PUSH_URL: url, YIWANG_PUSH_SECRET: pu.whsec(n) });
    assert.ok(r.exited && r.code === 1, `${n} bytes: ${JSON.stringify(r)}`);
    assert.ok(!started(r));
    const msg = r.lines.map((l) => l.msg).join('\n');
    assert.match(msg, /push_secret must be whsec_<base64 of 24-64 bytes> \(Standard Webhooks\) when push_url is set: its key is (shorter than 24|longer than 64) bytes/, `${n} bytes`);
  }
  for (const bad of ['', 'whsec_not base64!', 'c2VjcmV0LWtleS0zMi1ieXRlcy4uLi4uLi4uLi4uLg==']) {
    const r = await runPushd({ YIWANG_PUSH_URL: url, YIWANG_PUSH_SECRET: bad });
    assert.ok(r.exited && r.code === 1, `${JSON.stringify(bad)}: ${JSON.stringify(r)}`);
  }
  const up = await runPushd({ YIWANG_UPSTREAM_URL: 'http://127.0.0.1:9/upstream', YIWANG_UPSTREAM_SECRET: pu.whsec(16) });
  assert.ok(up.exited && up.code === 1, JSON.stringify(up));
  assert.match(up.lines.map((l) => l.msg).join('\n'), /upstream_secret must be whsec_<base64 of 24-64 bytes>/);
  // The secret itself is never logged.
  const secret = pu.whsec(20);
  const quiet = await runPushd({ YIWANG_PUSH_URL: url, YIWANG_PUSH_SECRET: secret });
  assert.ok(!JSON.stringify(quiet.lines).includes(secret.slice(6, 20)));
  for (const n of [24, 32, 64]) {
    const r = await runPushd({ YIWANG_PUSH_URL: url, YIWANG_PUSH_SECRET: pu.whsec(n),
      YIWANG_UPSTREAM_URL: 'http://127.0.0.1:9/upstream', YIWANG_UPSTREAM_SECRET: pu.whsec(n) });
    assert.ok(!r.exited && started(r), `${n} bytes: ${JSON.stringify(r.lines)}`);
    assert.ok(r.lines.some((l) => l.msg === 'stopped'), 'and it stops on SIGTERM');
  }
});

/* --- dead letters ------------------------------------------------------------------------------ */

test('a refusal dead-letters at once; the admin outbox counts it; requeue delivers it once the fault is gone', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ grants: 2 });
  const app = await draft(w, c);
  const since = new Date(Date.now() - 2000).toISOString();
  const before = (await adminOutbox()).wechat.states.dead;
  await pu.wechatFail(c.openid, { errcode: 47003 }, -1);
  let row;
  try {
    await pu.resubmit(app, c);
    row = (await pu.settled(app.id, { want: 2 })).find((r) => r.channel === 'wechat');
    assert.equal(row.state, 'dead', JSON.stringify(row));
    assert.match(row.last_error, /47003/);
    const tries = pu.attempts(row.id);
    assert.equal(tries[tries.length - 1].outcome, 'dead');
    assert.match(tries[tries.length - 1].detail, /47003/);
    // (a retry before it only for an access token gone stale)
    for (const x of tries.slice(0, -1)) assert.match(x.detail, /^errcode (40001|42001)/);
    assert.ok((await adminOutbox()).wechat.states.dead >= before + 1, 'the admin outbox counts it');
    await fx.sleep(1000);
    assert.equal((await pu.wechatSends(c.openid)).length, 1, 'no retry of a refusal');
    assert.equal(pu.outboxRows(app.id, 'wechat')[0].state, 'dead');
  } finally {
    await pu.wechatClear(c.openid);
  }
  const r = await api('POST', REQUEUE, { token: await fx.adminToken(), body: { channel: 'wechat', since } });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.requeued >= 1, r.text);
  await pu.until(() => pu.outboxRows(app.id, 'wechat')[0].state === 'sent',
    () => `the requeued row is sent: ${JSON.stringify(pu.outboxRows(app.id, 'wechat'))}`);
  const log = await pu.wechatSends(c.openid);
  assert.deepEqual(log.map((m) => m.delivered), [false, true]);
  const a = pu.attempts(row.id).map((x) => x.outcome);
  assert.ok(a.includes('dead'), JSON.stringify(a));
  assert.equal(a[a.length - 1], 'sent');
});

// (max_attempts 10: YIWANG_PUSHD_MAX_ATTEMPTS=10 in scripts/test; the default is 18, about 3 days.)
test('the gateway failing every time: dead after max attempts (10); requeued, the same message is delivered once', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ wechat: false, devices: ['ios'] });
  const app = await draft(w, c);
  const since = new Date(Date.now() - 2000).toISOString();
  await pu.pushFail(app.id, 500, -1);
  let row;
  try {
    await pu.resubmit(app, c);
    // Backoff 300 ms doubling to the 3 s cap (scripts/test): 10 attempts take 10 to 20 s.
    await pu.until(() => pu.outboxRows(app.id, 'app')[0].state === 'dead',
      () => `dead after 10 attempts: ${JSON.stringify(pu.outboxRows(app.id, 'app'))}`, { timeout: 45000 });
    [row] = pu.outboxRows(app.id, 'app');
    assert.equal(row.attempts, 10, 'max_attempts');
    assert.match(row.last_error, /500/);
    const a = pu.attempts(row.id);
    assert.deepEqual(a.map((x) => x.outcome), [...Array(9).fill('retry'), 'dead']);
    const log = await pu.pushLog(app.id);
    assert.equal(log.length, 10, 'ten requests');
    assert.equal(new Set(log.map((m) => m.headers['webhook-id'])).size, 1, 'one webhook-id');
    // The waits grow (exponential backoff): the last gap is longer than the first.
    const t = log.map((m) => Date.parse(m.at));
    assert.ok(t[9] - t[8] > t[1] - t[0], `gaps ${t.slice(1).map((x, i) => x - t[i]).join(', ')} ms`);
    assert.ok((await adminOutbox()).app.states.dead >= 1, 'the admin outbox counts it');
  } finally {
    await pu.pushClear(app.id);
  }
  const r = await api('POST', REQUEUE, { token: await fx.adminToken(), body: { channel: 'app', since } });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.requeued >= 1, r.text);
  await pu.until(() => pu.outboxRows(app.id, 'app')[0].state === 'sent',
    () => `the requeued row is sent: ${JSON.stringify(pu.outboxRows(app.id, 'app'))}`);
  const log = await pu.pushLog(app.id);
  assert.equal(log.length, 11);
  assert.equal(log[10].delivered, true);
  assert.equal(log[10].headers['webhook-id'], pu.webhookId(row.id), 'the same webhook-id after requeue');
  assert.deepEqual(pu.signatureProblems(log[10]), []);
});

test('a requeued WeChat message does not use a second grant', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ grants: 1 });
  const app = await draft(w, c);
  const since = new Date(Date.now() - 2000).toISOString();
  await pu.wechatFail(c.openid, { errcode: 47003 }, 1);
  await pu.resubmit(app, c);
  const row = (await pu.settled(app.id, { want: 2 })).find((r) => r.channel === 'wechat');
  assert.equal(row.state, 'dead', JSON.stringify(row));
  const r = await api('POST', REQUEUE, { token: await fx.adminToken(), body: { channel: 'wechat', since } });
  assert.equal(r.status, 200, r.text);
  await pu.until(() => ['sent', 'skipped', 'dead'].includes(pu.outboxRows(app.id, 'wechat')[0].state),
    'the requeued row is done');
  const again = pu.outboxRows(app.id, 'wechat')[0];
  assert.equal(again.state, 'sent', `the one grant the message took still counts: ${again.last_error}`);
});

/* --- the admin outbox ------------------------------------------------------------------------ */

test('GET /api/v1/admin/outbox: admin only; counts per channel and state, oldest pending age', { skip }, async () => {
  const w = await sharedWorld();
  const c = await pu.reachableCitizen({ wechat: false });
  assertError(await api('GET', OUTBOX), 401, 'unauthenticated');
  assertError(await api('GET', OUTBOX, { token: w.clerk.token }), 403, 'forbidden', 'a clerk');
  assertError(await api('GET', OUTBOX, { token: w.reviewer.token }), 403, 'forbidden', 'a reviewer');
  assertError(await api('GET', OUTBOX, { token: c.token }), 403, 'forbidden', 'a citizen');
  assertError(await api('POST', REQUEUE, { body: {} }), 401, 'unauthenticated');
  assertError(await api('POST', REQUEUE, { token: w.clerk.token, body: {} }), 403, 'forbidden');
  assertError(await api('POST', REQUEUE, { token: c.token, body: {} }), 403, 'forbidden');

  const r = await api('GET', OUTBOX, { token: await fx.adminToken() });
  assert.equal(r.status, 200);
  assert.equal(r.headers['cache-control'], 'no-store');
  const channels = r.body.channels;
  assert.deepEqual(Object.keys(channels).sort(), ['app', 'sms', 'upstream', 'wechat']);
  for (const [name, ch] of Object.entries(channels)) {
    assert.deepEqual(Object.keys(ch.states).sort(), ['dead', 'pending', 'sending', 'sent', 'skipped'], name);
    for (const n of Object.values(ch.states)) assert.ok(Number.isInteger(n) && n >= 0, `${name}: ${n}`);
    const age = ch.oldest_pending_seconds;
    assert.ok(age === null || (Number.isInteger(age) && age >= 0), `${name}: ${age}`);
  }
  // The counts are the table's.
  const db = st.sql('SELECT channel, state, COUNT(*) FROM outbox GROUP BY channel, state');
  const now = await adminOutbox();
  for (const [ch, state, n] of db) {
    if (state === 'sent' || state === 'skipped') assert.ok(now[ch].states[state] >= Number(n), `${ch} ${state}`);
  }
  assert.ok(channels.app.states.sent > 0, 'this run sent app pushes');

  const admin = await fx.adminToken();
  assertError(await api('POST', REQUEUE, { token: admin, body: { channel: 'fax' } }), 422, 'validation_failed');
  assertError(await api('POST', REQUEUE, { token: admin, body: { since: 'yesterday' } }), 422, 'validation_failed');
  assertError(await api('POST', REQUEUE, { token: admin, body: { channel: 1 } }), 400, 'bad_request');
  const ok = await api('POST', REQUEUE, { token: admin, body: { channel: 'upstream', since: new Date(Date.now() + 3600e3).toISOString() } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.requeued, 0);
});
