'use strict';
/*
 * notify.test.js: progress push as the citizen's app sees it (API.md section 6): the inbox
 * fills with one entry per status change of the caller's applications (a submission by
 * the citizen, a supplement request and an acceptance by a clerk), newest first, paged by
 * keyset and stable under new entries; the unread count and marking read up to an id touch
 * only the caller's entries; WeChat one-time subscription grants add up per template; a
 * push token belongs to one citizen, moves to whoever registers it again, and only its
 * owner can delete it. Staff tokens are 403, no token 401, bad bodies 400 or 422.
 *
 * Each test signs in citizens of its own (SMS and real name through the fakes,
 * YIWANG_TEST_FAKE_*), so that the counts it reads are its own; staff actions go through
 * lib/staff.js. One test moves the server's clock a few minutes ahead
 * (YIWANG_TEST_CLOCK_FILE); one reads the devices table (YIWANG_TEST_DATA_DIR).
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { api, assertError, errorFields } = require('./lib/client');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');
const st = require('./lib/staff');

const skip = cz.NEEDS_FAKES;
const skipClock = cz.NEEDS_FAKES_AND_CLOCK;
const skipDb = cz.NEEDS_FAKES || st.NEEDS_DB;

const INBOX = '/api/v1/me/notifications';
const READ = '/api/v1/me/notifications/read';
const GRANTS = '/api/v1/me/wechat-subscriptions';
const DEVICES = '/api/v1/me/devices';

test.after(() => cz.clearClock());

/* --- helpers ------------------------------------------------------------------------------ */

/* A new real-name verified citizen: {token, id}. */
async function citizen() {
  const s = await cz.smsSignIn(cz.uniqPhone());
  const r = await cz.call('POST', '/api/v1/me/real-name',
    { token: s.access_token, body: { name: '李四', id_number: cz.idNumber() } });
  assert.equal(r.status, 200, `real-name: ${r.text.slice(0, 300)}`);
  return { token: s.access_token, id: s.user.id };
}

/* A submitted application of the world's item by a citizen: the 201 body. */
async function submit(w, who) {
  const r = await api('POST', '/api/v1/applications', {
    token: who.token,
    headers: { 'Idempotency-Key': fx.uniq('k') },
    body: { item_code: w.code, form: { applicant_name: '东营测试' }, submit: true },
  });
  assert.equal(r.status, 201, `create: ${r.text.slice(0, 300)}`);
  assert.equal(r.body.status, 'submitted');
  return r.body;
}

/* The citizen resubmits after a supplement request. */
async function resubmit(app, who) {
  const r = await api('POST', `/api/v1/applications/${app.id}/submit`, { token: who.token });
  assert.equal(r.status, 200, `resubmit: ${r.text.slice(0, 300)}`);
  app.version = r.body.version;
  app.status = r.body.status;
}

/* Three entries: submitted, supplement_required, submitted (oldest first). */
async function threeChanges(w, who) {
  const app = await submit(w, who);
  await st.must(w.clerk, app, 'request-supplement', { materials: ['m1'], note: '请补充身份证明' });
  await resubmit(app, who);
  return app;
}

/* GET the inbox (query: e.g. "limit=1"); asserts 200 and no-store; answers the body. */
async function inbox(who, query = 'limit=100') {
  const r = await api('GET', `${INBOX}${query ? `?${query}` : ''}`, { token: who.token });
  assert.equal(r.status, 200, `inbox: ${r.text.slice(0, 300)}`);
  assert.equal(r.headers['cache-control'], 'no-store');
  return r.body;
}

function markRead(who, upTo) {
  return api('POST', READ, { token: who.token, body: { up_to_id: upTo } });
}

function grant(who, body) {
  return api('POST', GRANTS, { token: who.token, body });
}

function register(who, platform, token) {
  return api('POST', DEVICES, { token: who.token, body: { platform, token } });
}

function unregister(who, token) {
  return api('DELETE', `${DEVICES}/${encodeURIComponent(token)}`, { token: who.token });
}

/* A device token as an app gets one: 64 hex digits (APNs) or FCM's longer form. */
function deviceToken(kind = 'apns') {
  const hex = fx.uniq('').padEnd(64, '0').slice(0, 64);
  return kind === 'apns' ? hex : `${hex.slice(0, 22)}:APA91b${hex}-_x`;
}

/* The field -> code map of an error. */
function codes(r) {
  return Object.fromEntries(((r.body.error && r.body.error.fields) || []).map((f) => [f.field, f.code]));
}

/* --- the inbox ---------------------------------------------------------------------------- */

test('each status change of the caller\'s application is in the inbox, newest first, with its status, title and application', { skip }, async () => {
  const w = await st.world();
  const me = await citizen();
  const other = await citizen();
  const app = await submit(w, me);
  const theirs = await submit(w, other);
  await st.must(w.clerk, app, 'request-supplement', { materials: ['m1'], note: '请补充清晰的身份证明' });
  await resubmit(app, me);
  await st.must(w.clerk, app, 'accept', { note: '材料齐全' });

  const body = await inbox(me);
  assert.deepEqual(body.data.map((n) => n.status),
    ['accepted', 'submitted', 'supplement_required', 'submitted'], 'newest first');
  assert.equal(body.next_cursor, null);
  assert.equal(body.unread, 4);
  const ids = body.data.map((n) => BigInt(n.id));
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i] < ids[i - 1], 'ids decrease');
  for (const n of body.data) {
    assert.equal(typeof n.id, 'string');
    assert.equal(n.application_id, app.id, 'only the caller\'s application');
    assert.equal(n.kind, 'status');
    assert.equal(n.read, false);
    assert.ok(n.title.length > 0, 'a title');
    assert.ok(n.body.includes(app.number), 'the body names the application number');
    assert.match(n.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  }
  assert.ok(body.data[2].body.includes('请补充清晰的身份证明'), 'the supplement request says what is missing');
  for (let i = 1; i < body.data.length; i++)
    assert.ok(Date.parse(body.data[i].at) <= Date.parse(body.data[i - 1].at), 'times do not go forward');

  // The other citizen sees their own entry only.
  const o = await inbox(other);
  assert.deepEqual(o.data.map((n) => [n.application_id, n.status]), [[theirs.id, 'submitted']]);
  assert.equal(o.unread, 1);
});

test('a citizen without applications has an empty inbox and nothing unread', { skip }, async () => {
  const me = await citizen();
  assert.deepEqual(await inbox(me, ''), { data: [], next_cursor: null, unread: 0 });
});

test('marking read up to an id reads the caller\'s entries up to it and leaves another citizen\'s alone', { skip }, async () => {
  const w = await st.world();
  const me = await citizen();
  const other = await citizen();
  await threeChanges(w, other); // the other citizen's entries are older than mine
  await threeChanges(w, me);
  const mine = (await inbox(me)).data;
  const theirs = (await inbox(other)).data;
  assert.equal(mine.length, 3);
  assert.equal(theirs.length, 3);

  // Up to the middle entry (an id as a string): the two oldest are read.
  let r = await markRead(me, mine[1].id);
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  let now = await inbox(me);
  assert.deepEqual(now.data.map((n) => n.read), [false, true, true]);
  assert.equal(now.unread, 1);
  assert.equal((await inbox(other)).unread, 3, 'the other citizen\'s entries are untouched');

  // The other citizen marks up to my newest id (an integer): all of theirs are read, none
  // of mine changes.
  r = await markRead(other, Number(mine[0].id));
  assert.equal(r.status, 204, r.text);
  const o = await inbox(other);
  assert.equal(o.unread, 0);
  assert.deepEqual(o.data.map((n) => n.read), [true, true, true]);
  now = await inbox(me);
  assert.deepEqual(now.data.map((n) => n.read), [false, true, true]);
  assert.equal(now.unread, 1);

  // Up to the newest: nothing unread; again, and beyond the newest: still 204.
  for (const upTo of [mine[0].id, mine[0].id, '999999999999999999']) {
    r = await markRead(me, upTo);
    assert.equal(r.status, 204, r.text);
  }
  now = await inbox(me);
  assert.equal(now.unread, 0);
  assert.ok(now.data.every((n) => n.read));
});

test('a new entry after marking read is unread', { skip }, async () => {
  const w = await st.world();
  const me = await citizen();
  const app = await submit(w, me);
  const first = (await inbox(me)).data;
  assert.equal((await markRead(me, first[0].id)).status, 204);
  await st.must(w.clerk, app, 'accept');
  const now = await inbox(me);
  assert.deepEqual(now.data.map((n) => [n.status, n.read]), [['accepted', false], ['submitted', true]]);
  assert.equal(now.unread, 1);
});

test('keyset paging with limit=1 walks every entry once, newest first, stable under new entries', { skip }, async () => {
  const w = await st.world();
  const me = await citizen();
  const app = await threeChanges(w, me);
  await st.must(w.clerk, app, 'accept');
  const all = (await inbox(me)).data;
  assert.equal(all.length, 4);

  const seen = [];
  const cursors = new Set();
  let cursor = null;
  for (let page = 0; page < 10; page++) {
    const body = await inbox(me, `limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(body.data.length <= 1, 'a page over the limit');
    assert.equal(body.unread, page === 0 ? 4 : 5, 'unread counts every entry, the new one too');
    seen.push(...body.data);
    if (page === 0) {
      // A change while the citizen pages: the new entry comes before the first page.
      await st.must(w.reviewer, app, 'suspend');
    }
    cursor = body.next_cursor;
    if (cursor === null) break;
    assert.ok(!cursors.has(cursor), 'next_cursor repeats');
    cursors.add(cursor);
  }
  assert.equal(cursor, null, 'the walk ends');
  assert.deepEqual(seen.map((n) => n.id), all.map((n) => n.id), 'each entry once, in order');
  const now = await inbox(me);
  assert.deepEqual(now.data.map((n) => n.status),
    ['suspended', 'accepted', 'submitted', 'supplement_required', 'submitted']);

  // Pages of 2 end on the last entry with a null cursor.
  const p1 = await inbox(me, 'limit=2');
  const p2 = await inbox(me, `limit=2&cursor=${encodeURIComponent(p1.next_cursor)}`);
  const p3 = await inbox(me, `limit=2&cursor=${encodeURIComponent(p2.next_cursor)}`);
  assert.deepEqual([...p1.data, ...p2.data, ...p3.data].map((n) => n.id), now.data.map((n) => n.id));
  assert.equal(p3.next_cursor, null);
});

test('a bad limit or cursor is 400 with the field named', { skip }, async () => {
  const w = await st.world();
  const me = await citizen();
  await submit(w, me);
  await submit(w, me);
  const apps = await api('GET', '/api/v1/applications?limit=1', { token: me.token });
  assert.equal(apps.status, 200);
  const foreign = apps.body.next_cursor; // a cursor of another list
  assert.ok(foreign, 'the applications list has a next page');
  for (const [query, field] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=x', 'limit'],
    ['cursor=not-a-cursor', 'cursor'], [`cursor=${encodeURIComponent(foreign)}`, 'cursor'],
    [`cursor=${Buffer.from('n:abc').toString('base64url')}`, 'cursor'],
    [`cursor=${Buffer.from('n:0').toString('base64url')}`, 'cursor']]) {
    const r = await api('GET', `${INBOX}?${query}`, { token: me.token });
    assertError(r, 400, 'bad_request', query);
    assert.deepEqual(errorFields(r), [field], query);
  }
});

test('mark-read bodies: a wrong type is 400, a value that is no id is 422', { skip }, async () => {
  const me = await citizen();
  const cases = [
    [{}, 422, 'validation_failed', { up_to_id: 'required' }],
    [{ up_to_id: null }, 422, 'validation_failed', { up_to_id: 'required' }],
    [{ up_to_id: 'abc' }, 422, 'validation_failed', { up_to_id: 'invalid' }],
    [{ up_to_id: '012' }, 422, 'validation_failed', { up_to_id: 'invalid' }],
    [{ up_to_id: '' }, 422, 'validation_failed', { up_to_id: 'invalid' }],
    [{ up_to_id: 0 }, 422, 'validation_failed', { up_to_id: 'invalid' }],
    [{ up_to_id: -3 }, 422, 'validation_failed', { up_to_id: 'invalid' }],
    [{ up_to_id: true }, 400, 'bad_request', { up_to_id: 'invalid_type' }],
    [{ up_to_id: 1.5 }, 400, 'bad_request', { up_to_id: 'invalid_type' }],
    [{ up_to_id: ['1'] }, 400, 'bad_request', { up_to_id: 'invalid_type' }],
    [{ up_to_id: '1', all: true }, 400, 'bad_request', { all: 'unknown_field' }],
  ];
  for (const [body, status, code, fields] of cases) {
    const r = await api('POST', READ, { token: me.token, body });
    assertError(r, status, code, JSON.stringify(body));
    assert.deepEqual(codes(r), fields, JSON.stringify(body));
  }
  assertError(await api('POST', READ, { token: me.token, raw: '{"up_to_id":', headers: { 'Content-Type': 'application/json' } }),
    400, 'invalid_json');
  assertError(await api('POST', READ, { token: me.token, raw: '[1]', headers: { 'Content-Type': 'application/json' } }),
    400, 'bad_request');
  assertError(await api('POST', READ, { token: me.token, raw: 'up_to_id=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
    415, 'unsupported_media_type');
});

/* --- WeChat subscription grants ----------------------------------------------------------- */

test('WeChat grants add up per template and per citizen, at most 1000', { skip }, async () => {
  const me = await citizen();
  const other = await citizen();
  const tpl = `tpl-${fx.uniq()}_AbC`;
  const tpl2 = `tpl-${fx.uniq()}`;
  let r = await grant(me, { template_id: tpl, count: 2 });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body, { template_id: tpl, remaining: 2 });
  r = await grant(me, { template_id: tpl, count: 3 });
  assert.deepEqual([r.status, r.body], [201, { template_id: tpl, remaining: 5 }]);
  r = await grant(me, { template_id: tpl2, count: 1 });
  assert.deepEqual([r.status, r.body], [201, { template_id: tpl2, remaining: 1 }], 'another template counts apart');
  r = await grant(other, { template_id: tpl, count: 1 });
  assert.deepEqual([r.status, r.body], [201, { template_id: tpl, remaining: 1 }], 'another citizen counts apart');
  r = await grant(me, { template_id: tpl.toUpperCase(), count: 1 });
  assert.deepEqual(r.body, { template_id: tpl.toUpperCase(), remaining: 1 }, 'template ids are case-sensitive');
  for (let i = 0; i < 10; i++) r = await grant(me, { template_id: tpl, count: 100 });
  assert.deepEqual([r.status, r.body], [201, { template_id: tpl, remaining: 1000 }], 'capped at 1000');
  r = await grant(me, { template_id: tpl, count: 1 });
  assert.equal(r.body.remaining, 1000);
});

test('WeChat grant bodies: a wrong type is 400, a bad value 422', { skip }, async () => {
  const me = await citizen();
  const cases = [
    [{}, 422, { template_id: 'required', count: 'required' }],
    [{ template_id: 't1', count: 0 }, 422, { count: 'out_of_range' }],
    [{ template_id: 't1', count: 101 }, 422, { count: 'out_of_range' }],
    [{ template_id: '', count: 1 }, 422, { template_id: 'required' }],
    [{ template_id: 'x'.repeat(129), count: 1 }, 422, { template_id: 'too_long' }],
    [{ template_id: 'has space', count: 1 }, 422, { template_id: 'invalid' }],
    [{ template_id: '模板', count: 1 }, 422, { template_id: 'invalid' }],
    [{ template_id: 't1', count: '2' }, 400, { count: 'invalid_type' }],
    [{ template_id: 't1', count: 1.5 }, 400, { count: 'invalid_type' }],
    [{ template_id: 7, count: 1 }, 400, { template_id: 'invalid_type' }],
    [{ template_id: 't1', count: 1, scene: 1 }, 400, { scene: 'unknown_field' }],
  ];
  for (const [body, status, fields] of cases) {
    const r = await grant(me, body);
    assertError(r, status, status === 400 ? 'bad_request' : 'validation_failed', JSON.stringify(body).slice(0, 80));
    assert.deepEqual(codes(r), fields, JSON.stringify(body).slice(0, 80));
  }
  const r = await grant(me, { template_id: 'x'.repeat(128), count: 1 });
  assert.deepEqual([r.status, r.body.remaining], [201, 1], '128 characters are fine');
});

/* --- devices ------------------------------------------------------------------------------- */

test('a device registers for its citizen; registering it again keeps its date, someone else\'s registration starts anew', { skip: skipClock }, async () => {
  const me = await citizen();
  const token = deviceToken();
  const r = await register(me, 'ios', token);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(Object.keys(r.body).sort(), ['created_at', 'platform', 'token']);
  assert.equal(r.body.platform, 'ios');
  assert.equal(r.body.token, token);
  assert.match(r.body.created_at, /\+08:00$/);
  // The app registers at every start: the same registration, its date kept.
  const again = await cz.atTime(Date.now() + 5 * 60000, () => register(me, 'ios', token));
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.body, r.body);
  // Someone else registering it later starts a new registration, of their own date.
  const other = await citizen();
  const later = Date.now() + 10 * 60000;
  const moved = await cz.atTime(later, () => register(other, 'ios', token));
  assert.equal(moved.status, 201, moved.text);
  assert.equal(moved.body.created_at, cz.shanghaiTime(later));
  assert.equal((await unregister(other, token)).status, 204);
});

test('a refused request to a device\'s path (413) leaves its token out of every log', { skip }, async () => {
  const me = await citizen();
  const token = deviceToken();
  // scripts/test's log hygiene step looks for it in every log of the run.
  require('./lib/secrets').rememberSecret(token);
  assert.equal((await register(me, 'ios', token)).status, 201);
  const r = await api('DELETE', `${DEVICES}/${encodeURIComponent(token)}`,
    { token: me.token, raw: Buffer.alloc(2 * 1024 * 1024), headers: { 'Content-Type': 'application/json' } });
  assertError(r, 413, 'payload_too_large');
  assert.equal((await unregister(me, token)).status, 204);
});

test('a token registered by someone else moves to them; the first citizen can no longer delete it', { skip }, async () => {
  const first = await citizen();
  const second = await citizen();
  const token = deviceToken('fcm');
  assert.equal((await register(first, 'android', token)).status, 201);
  const moved = await register(second, 'harmony', token);
  assert.equal(moved.status, 201, moved.text);
  assert.deepEqual([moved.body.platform, moved.body.token], ['harmony', token]);
  assertError(await unregister(first, token), 404, 'not_found', 'no longer the first citizen\'s');
  const d = await unregister(second, token);
  assert.equal(d.status, 204, d.text);
  assert.equal(d.text, '');
  assertError(await unregister(second, token), 404, 'not_found', 'gone');
});

test('the devices table holds one row per token, owned by whoever registered it last', { skip: skipDb }, async () => {
  const first = await citizen();
  const second = await citizen();
  const token = deviceToken();
  const owner = () => st.sql(`SELECT citizen_id, platform FROM devices WHERE token = '${token}'`);
  await register(first, 'ios', token);
  assert.deepEqual(owner(), [[first.id, 'ios']]);
  await register(second, 'android', token);
  assert.deepEqual(owner(), [[second.id, 'android']]);
  await register(first, 'ios', token);
  assert.deepEqual(owner(), [[first.id, 'ios']]);
});

test('someone else\'s device or an unknown token is 404 on delete, and the device stays', { skip }, async () => {
  const owner = await citizen();
  const stranger = await citizen();
  const token = deviceToken();
  assert.equal((await register(owner, 'ios', token)).status, 201);
  assertError(await unregister(stranger, token), 404, 'not_found', 'someone else\'s');
  assertError(await unregister(stranger, deviceToken()), 404, 'not_found', 'unknown');
  assertError(await unregister(owner, 'has space'), 404, 'not_found', 'not a token');
  assertError(await unregister(owner, 'x'.repeat(256)), 404, 'not_found', 'too long');
  assert.equal((await unregister(owner, token)).status, 204, 'still the owner\'s');
});

test('a token with characters that need percent-encoding registers and deletes', { skip }, async () => {
  const me = await citizen();
  const token = `${fx.uniq()}/a+b:c%d?e#f&g=h~!`;
  const r = await register(me, 'android', token);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.token, token);
  assert.equal((await unregister(me, token)).status, 204);
});

test('a citizen keeps the 10 most recently registered devices', { skip }, async () => {
  const me = await citizen();
  const tokens = [];
  for (let i = 0; i < 10; i++) {
    tokens.push(deviceToken());
    assert.equal((await register(me, 'android', tokens[i])).status, 201);
  }
  // The first is registered again (the app started): the second is now the oldest.
  assert.equal((await register(me, 'android', tokens[0])).status, 201);
  const eleventh = deviceToken();
  assert.equal((await register(me, 'ios', eleventh)).status, 201);
  assertError(await unregister(me, tokens[1]), 404, 'not_found', 'the least recently registered is forgotten');
  for (const t of [tokens[0], ...tokens.slice(2), eleventh])
    assert.equal((await unregister(me, t)).status, 204, t);
});

test('device bodies: a wrong type is 400, a bad value 422', { skip }, async () => {
  const me = await citizen();
  const cases = [
    [{}, 422, { platform: 'required', token: 'required' }],
    [{ platform: 'windows', token: 'abc' }, 422, { platform: 'invalid' }],
    [{ platform: 'IOS', token: 'abc' }, 422, { platform: 'invalid' }],
    [{ platform: 'ios', token: '' }, 422, { token: 'required' }],
    [{ platform: 'ios', token: 'a'.repeat(256) }, 422, { token: 'too_long' }],
    [{ platform: 'ios', token: 'ab cd' }, 422, { token: 'invalid' }],
    [{ platform: 'ios', token: '设备令牌' }, 422, { token: 'invalid' }],
    [{ platform: 'ios', token: 'ab\tcd' }, 422, { token: 'invalid' }],
    [{ platform: 1, token: 'abc' }, 400, { platform: 'invalid_type' }],
    [{ platform: 'ios', token: ['abc'] }, 400, { token: 'invalid_type' }],
    [{ platform: 'ios', token: 'abc', app_version: '1.0' }, 400, { app_version: 'unknown_field' }],
  ];
  for (const [body, status, fields] of cases) {
    const r = await api('POST', DEVICES, { token: me.token, body });
    assertError(r, status, status === 400 ? 'bad_request' : 'validation_failed', JSON.stringify(body).slice(0, 80));
    assert.deepEqual(codes(r), fields, JSON.stringify(body).slice(0, 80));
  }
  assertError(await api('POST', DEVICES, { token: me.token, raw: '{', headers: { 'Content-Type': 'application/json' } }),
    400, 'invalid_json');
  const long = 'a'.repeat(255);
  const r = await register(me, 'ios', long);
  assert.equal(r.status, 201, '255 characters are fine');
  assert.equal((await unregister(me, long)).status, 204);
});

/* --- who may call --------------------------------------------------------------------------- */

test('a staff token is 403 and no token is 401 on every notify endpoint', { skip }, async () => {
  const staff = await fx.staffToken(['clerk'], await fx.sharedDepartment());
  const calls = [
    ['GET', INBOX, undefined],
    ['POST', READ, { up_to_id: '1' }],
    ['POST', GRANTS, { template_id: 't1', count: 1 }],
    ['POST', DEVICES, { platform: 'ios', token: 'abc' }],
    ['DELETE', `${DEVICES}/abc`, undefined],
  ];
  for (const [method, path, body] of calls) {
    assertError(await api(method, path, { token: staff, body }), 403, 'forbidden', `${method} ${path}`);
    assertError(await api(method, path, { body }), 401, 'unauthenticated', `${method} ${path}`);
    assertError(await api(method, path, { body, token: 'not-a-token' }), 401, 'unauthenticated', `${method} ${path}`);
  }
});

test('other methods are 405 with Allow', { skip }, async () => {
  const me = await citizen();
  for (const [method, path, allow] of [['POST', INBOX, /GET/], ['GET', READ, /POST/],
    ['GET', GRANTS, /POST/], ['GET', DEVICES, /POST/], ['GET', `${DEVICES}/abc`, /DELETE/]]) {
    const r = await api(method, path, { token: me.token, body: method === 'POST' ? {} : undefined });
    assertError(r, 405, 'method_not_allowed', `${method} ${path}`);
    assert.match(r.headers.allow, allow, `${method} ${path}`);
  }
});
