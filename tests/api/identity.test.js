'use strict';
/*
 * One person, one account (API.md section 3): binding a phone to a WeChat-created account,
 * merging it into the phone's own account, and real-name verification (GB 11643 checks,
 * then the identity provider). Runs against the fakes of tests/fakes (YIWANG_TEST_FAKE_*);
 * a second code for the same phone within 60 s moves the server's clock
 * (YIWANG_TEST_CLOCK_FILE) for that one request.
 */
const { test, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { assertError, errorFields } = require('./lib/client');
const { assertCodesNotLogged } = require('./lib/secrets');
const c = require('./lib/citizen');
const fx = require('./lib/fixtures');

const skip = c.NEEDS_FAKES;
const skipClock = c.NEEDS_FAKES_AND_CLOCK;
const PHONE = '/api/v1/me/phone';
const REAL_NAME = '/api/v1/me/real-name';

afterEach(async () => {
  c.clearClock();
  if (!skip) await c.fake(c.FAKE_IDP, 'POST', '/__down', { down: false });
});
after(() => c.clearClock());

const bind = (token, phone, code) => c.call('POST', PHONE, { token, body: { phone, code } });
const realName = (token, name, id_number) => c.call('POST', REAL_NAME, { token, body: { name, id_number } });

/* The field errors of a 422 as {field: code}. */
function fieldCodes(r) {
  const out = {};
  for (const f of (r.body && r.body.error && r.body.error.fields) || []) out[f.field] = f.code;
  return out;
}

/* --- phone binding ------------------------------------------------------------------------ */

test('a WeChat-created account binds a fresh phone: merged false, same user, tokens unchanged', { skip }, async () => {
  const user = c.wechatUser();
  const s = await c.wechatSignIn(user);
  const phone = c.uniqPhone();
  const code = await c.sendCode(phone);
  const r = await bind(s.access_token, phone, code);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.merged, false);
  assert.equal(r.body.access_token, undefined, 'no new tokens without a merge');
  assert.deepEqual(r.body.user, {
    id: s.user.id, phone_masked: c.maskedPhone(phone), wechat_bound: true,
    real_name_verified: false, name_masked: null, id_number_masked: null,
  });
  assert.ok(!r.text.includes(phone), 'the full phone');
  const me = await c.me(s.access_token);
  assert.equal(me.status, 200, 'the caller\'s token still works');
  assert.equal(me.body.phone_masked, c.maskedPhone(phone));
  // Both sign-ins now reach the same citizen.
  assert.equal((await c.smsSignIn(phone)).user.id, s.user.id, 'SMS sign-in');
  assert.equal((await c.wechatSignIn(user)).user.id, s.user.id, 'WeChat sign-in');
});

test('binding a phone that has an SMS-created account merges the two: one user id for both sign-ins', { skip: skipClock }, async () => {
  const phone = c.uniqPhone();
  const bySms = await c.smsSignIn(phone);
  const user = c.wechatUser(true);
  const byWechat = await c.wechatSignIn(user);
  assert.notEqual(byWechat.user.id, bySms.user.id, 'two accounts before the merge');

  const code = await c.sendCode(phone); // 61 s after the sign-in code, on the server's clock
  const r = await bind(byWechat.access_token, phone, code);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.merged, true);
  assert.equal(r.body.token_type, 'Bearer');
  assert.ok(r.body.expires_in > 0);
  assert.deepEqual(r.body.user, {
    id: bySms.user.id, phone_masked: c.maskedPhone(phone), wechat_bound: true,
    real_name_verified: false, name_masked: null, id_number_masked: null,
  });

  assertError(await c.me(byWechat.access_token), 401, 'unauthenticated', 'the merged-away account\'s token');
  assertError(await c.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: byWechat.refresh_token } }),
    401, 'unauthenticated', 'its refresh token');
  const me = await c.me(r.body.access_token);
  assert.equal(me.status, 200);
  assert.equal(me.body.id, bySms.user.id);
  assert.equal((await c.me(bySms.access_token)).body.id, bySms.user.id, 'the survivor\'s own tokens keep working');

  assert.equal((await c.wechatSignIn(user)).user.id, bySms.user.id, 'WeChat sign-in after the merge');
  assert.equal((await c.smsSignIn(phone)).user.id, bySms.user.id, 'SMS sign-in after the merge');
});

test('a merge carries the real-name verification of the WeChat account over', { skip: skipClock }, async () => {
  const phone = c.uniqPhone();
  const bySms = await c.smsSignIn(phone);
  const user = c.wechatUser();
  const byWechat = await c.wechatSignIn(user);
  const id = c.idNumber();
  const v = await realName(byWechat.access_token, '王小明', id);
  assert.equal(v.status, 200, v.text);
  const r = await bind(byWechat.access_token, phone, await c.sendCode(phone));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.merged, true);
  assert.equal(r.body.user.id, bySms.user.id);
  assert.equal(r.body.user.real_name_verified, true);
  assert.equal(r.body.user.name_masked, '王**');
  assert.equal(r.body.user.id_number_masked, c.maskedId(id));
  assert.ok(!r.text.includes(id));
  // The number is still taken: by the survivor now, not by the retired account.
  const again = await realName(r.body.access_token, '王小明', id);
  assert.equal(again.status, 200, 'verifying the survivor again with its own number');
  const stranger = await c.wechatSignIn(c.wechatUser());
  assertError(await realName(stranger.access_token, '王小明', id), 409, 'conflict');
});

test('binding with a wrong code is 401 sms_code_invalid and changes nothing', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const phone = c.uniqPhone();
  const code = await c.sendCode(phone);
  const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
  assertError(await bind(s.access_token, phone, wrong), 401, 'sms_code_invalid');
  assertError(await bind(s.access_token, phone, 'abc'), 401, 'sms_code_invalid');
  assert.equal((await c.me(s.access_token)).body.phone_masked, null);
  assert.equal((await bind(s.access_token, phone, code)).status, 200, 'the right code still works');
});

test('a code sent to one phone does not bind another phone', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const mine = c.uniqPhone();
  const code = await c.sendCode(mine);
  assertError(await bind(s.access_token, c.uniqPhone(), code), 401, 'sms_code_invalid');
});

test('binding a second, free phone to an account that has one is 422 already_bound', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const first = c.uniqPhone();
  assert.equal((await bind(s.access_token, first, await c.sendCode(first))).status, 200);
  const second = c.uniqPhone();
  const r = await bind(s.access_token, second, await c.sendCode(second));
  assertError(r, 422, 'validation_failed');
  assert.deepEqual(fieldCodes(r), { phone: 'already_bound' });
  assert.equal((await c.me(s.access_token)).body.phone_masked, c.maskedPhone(first));
});

test('binding the phone the account already has is 200 merged false', { skip: skipClock }, async () => {
  const phone = c.uniqPhone();
  const s = await c.smsSignIn(phone);
  const r = await bind(s.access_token, phone, await c.sendCode(phone));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.merged, false);
  assert.equal(r.body.user.id, s.user.id);
});

test('two WeChat identities never merge: 409 conflict', { skip: skipClock }, async () => {
  const phone = c.uniqPhone();
  const a = await c.wechatSignIn(c.wechatUser());
  assert.equal((await bind(a.access_token, phone, await c.sendCode(phone))).status, 200);
  const b = await c.wechatSignIn(c.wechatUser());
  assertError(await bind(b.access_token, phone, await c.sendCode(phone)), 409, 'conflict');
  assert.equal((await c.me(b.access_token)).status, 200, 'the refused merge left the caller signed in');
  assert.equal((await c.me(a.access_token)).body.phone_masked, c.maskedPhone(phone));
});

test('a phone binding with a malformed phone is 422 with field phone; without a token 401', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  for (const phone of ['12345678901', '+8613800000000', '1380000000']) {
    const r = await bind(s.access_token, phone, '123456');
    assertError(r, 422, 'validation_failed', phone);
    assert.deepEqual(errorFields(r), ['phone']);
  }
  assertError(await c.call('POST', PHONE, { body: { phone: c.uniqPhone(), code: '123456' } }), 401, 'unauthenticated');
});

/* --- real-name verification --------------------------------------------------------------- */

test('a valid ID number verifies the citizen: masked name and number, never the full number', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const id = c.idNumber();
  const r = await realName(s.access_token, '张三', id);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers['cache-control'], /no-store/);
  assert.deepEqual(r.body, {
    id: s.user.id, phone_masked: null, wechat_bound: true, real_name_verified: true,
    name_masked: '张*', id_number_masked: c.maskedId(id),
  });
  assert.ok(!r.text.includes(id), 'the full ID number in the answer');
  assert.ok(!r.text.includes(id.slice(4, 14)), 'the hidden digits in the answer');
  const me = await c.me(s.access_token);
  assert.deepEqual(me.body, r.body);
  assert.ok(!me.text.includes(id), 'the full ID number in GET /me');
  const again = await c.wechatSignIn(c.wechatUser());
  assert.ok(!(await c.me(again.access_token)).text.includes(id.slice(-4) + '"'), 'another citizen');
});

test('an ID number ending in a lower-case x is accepted and shown with X', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const id = c.idNumber({ check: 'X' });
  const r = await realName(s.access_token, '李四', id.toLowerCase());
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id_number_masked, c.maskedId(id));
  assert.ok(r.body.id_number_masked.endsWith('X'));
  // The same person with the upper-case X is the same number.
  const other = await c.wechatSignIn(c.wechatUser());
  assertError(await realName(other.access_token, '李四', id), 409, 'conflict');
});

test('ID number checks: check digit, birth date, region and length each have their field code', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const good = c.idNumber();
  const future = new Date(Date.now() + 400 * 86400 * 1000).toISOString().slice(0, 10).replace(/-/g, '');
  const cases = [
    [c.withWrongCheck(good), 'invalid_check_digit'],
    [c.idNumber({ birth: future }), 'invalid_birth_date'],
    [c.idNumber({ birth: '19901301' }), 'invalid_birth_date'],
    [c.idNumber({ birth: '19900230' }), 'invalid_birth_date'],
    [c.idNumber({ birth: '18991231' }), 'invalid_birth_date'],
    [c.idNumber({ region: '990502' }), 'invalid_region'],
    [c.idNumber({ region: '000000' }), 'invalid_region'],
    [good.slice(0, 17), 'invalid_format'],
    [good.slice(0, 15), 'invalid_format'],
    [`${good.slice(0, 16)}A${good.slice(17)}`, 'invalid_format'],
    [`${good.slice(0, 17)}Y`, 'invalid_format'],
  ];
  for (const [id, code] of cases) {
    const r = await realName(s.access_token, '张三', id);
    assertError(r, 422, 'validation_failed', `${code}: ${id.length} characters`);
    assert.deepEqual(fieldCodes(r), { id_number: code }, code);
    assert.ok(!r.text.includes(id), 'the submitted number is not echoed');
  }
  const long = await realName(s.access_token, '张三', `${good}1`);
  assertError(long, 422, 'validation_failed', '19 characters');
  assert.deepEqual(errorFields(long).filter((f) => f !== 'id_number'), []);
  assert.equal((await c.me(s.access_token)).body.real_name_verified, false, 'nothing was verified');
  assert.equal((await realName(s.access_token, '张三', good)).status, 200, 'the good number still verifies');
});

test('a leap-day birth date is valid in a leap year', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const r = await realName(s.access_token, '赵六', c.idNumber({ birth: '20000229' }));
  assert.equal(r.status, 200, r.text);
});

test('an invalid name is 422 with field name; missing fields are 422; wrong types 400', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const id = c.idNumber();
  const one = await realName(s.access_token, '张', id);
  assertError(one, 422, 'validation_failed');
  assert.deepEqual(fieldCodes(one), { name: 'invalid' });
  const digits = await realName(s.access_token, '张三3', id);
  assertError(digits, 422, 'validation_failed');
  assert.deepEqual(fieldCodes(digits), { name: 'invalid' });
  const missing = await c.call('POST', REAL_NAME, { token: s.access_token, body: {} });
  assertError(missing, 422, 'validation_failed');
  assert.deepEqual(errorFields(missing).sort(), ['id_number', 'name']);
  assertError(await c.call('POST', REAL_NAME, { token: s.access_token, body: { name: '张三', id_number: 370502 } }),
    400, 'bad_request');
});

test('the identity provider saying no is 422 identity_mismatch', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const id = c.idNumber();
  await c.fake(c.FAKE_IDP, 'POST', '/__mismatch', { id_number: id });
  const r = await realName(s.access_token, '张三', id);
  assertError(r, 422, 'validation_failed');
  assert.deepEqual(fieldCodes(r), { id_number: 'identity_mismatch' });
  assert.ok(!r.text.includes(id));
  assert.equal((await c.me(s.access_token)).body.real_name_verified, false);
});

test('the identity provider down is 503 upstream_unavailable and verifies nothing', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const id = c.idNumber();
  await c.fake(c.FAKE_IDP, 'POST', '/__down', { down: true });
  assertError(await realName(s.access_token, '张三', id), 503, 'upstream_unavailable');
  await c.fake(c.FAKE_IDP, 'POST', '/__down', { down: false });
  assert.equal((await c.me(s.access_token)).body.real_name_verified, false);
  assert.equal((await realName(s.access_token, '张三', id)).status, 200, 'works once it is back');
});

test('the same ID number on a second account is 409 conflict', { skip }, async () => {
  const id = c.idNumber();
  const a = await c.wechatSignIn(c.wechatUser());
  assert.equal((await realName(a.access_token, '张三', id)).status, 200);
  const b = await c.smsSignIn(c.uniqPhone());
  const r = await realName(b.access_token, '张三', id);
  assertError(r, 409, 'conflict');
  assert.ok(!r.text.includes(id));
  assert.equal((await c.me(b.access_token)).body.real_name_verified, false);
});

test('a verified citizen cannot switch to another ID number (409), and re-verifying the same one is 200', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const id = c.idNumber();
  assert.equal((await realName(s.access_token, '张三', id)).status, 200);
  assertError(await realName(s.access_token, '张三', c.idNumber()), 409, 'conflict');
  const again = await realName(s.access_token, '张三', id);
  assert.equal(again.status, 200);
  assert.equal(again.body.id_number_masked, c.maskedId(id));
});

test('real-name verification without a token is 401', async () => {
  assertError(await c.call('POST', REAL_NAME, { body: { name: '张三', id_number: c.idNumber() } }), 401, 'unauthenticated');
});

test('no SMS code appears in any log', { skip }, () => {
  assertCodesNotLogged();
});

test('real-name attempts that reach the identity provider are limited to 10 a day per account', { skip }, async () => {
  const s = await c.wechatSignIn(c.wechatUser());
  const wrong = c.idNumber();
  await c.fake(c.FAKE_IDP, 'POST', '/__mismatch', { id_number: wrong });
  for (let i = 0; i < 10; i++) {
    const r = await realName(s.access_token, '张三', wrong);
    assertError(r, 422, 'validation_failed', `attempt ${i + 1}`);
    assert.deepEqual(fieldCodes(r), { id_number: 'identity_mismatch' });
  }
  const blocked = await realName(s.access_token, '张三', c.idNumber());
  assertError(blocked, 429, 'rate_limited', 'the eleventh attempt');
  const after = Number(blocked.headers['retry-after']);
  assert.ok(after >= 1 && after <= 86400, `Retry-After ${blocked.headers['retry-after']}`);
  assert.equal((await c.me(s.access_token)).body.real_name_verified, false);
});

test('a merge carries the inbox, the devices and the WeChat grants over; grants add up', { skip: skipClock }, async () => {
  const phone = c.uniqPhone();
  const bySms = await c.smsSignIn(phone);
  const byWechat = await c.wechatSignIn(c.wechatUser());
  const device = `merge-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const reg = await c.call('POST', '/api/v1/me/devices',
    { token: byWechat.access_token, body: { platform: 'android', token: device } });
  assert.equal(reg.status, 201, reg.text);
  for (const [s, n] of [[byWechat, 3], [bySms, 2]]) {
    const g = await c.call('POST', '/api/v1/me/wechat-subscriptions',
      { token: s.access_token, body: { template_id: 'TMPL_merge', count: n } });
    assert.equal(g.status, 201, g.text);
  }
  const filed = await c.call('POST', '/api/v1/consultations', { token: byWechat.access_token,
    body: { kind: 'consult', dept_id: (await fx.sharedDepartment()).id, title: '合并前的咨询', content: '请问？' } });
  assert.equal(filed.status, 201, filed.text);
  const r = await bind(byWechat.access_token, phone, await c.sendCode(phone));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.merged, true);
  const token = r.body.access_token;
  // The consultation filed from the retired account is the survivor's.
  const seen = await c.call('GET', `/api/v1/consultations/${filed.body.id}`, { token });
  assert.equal(seen.status, 200, seen.text);
  // The device is the survivor's now: removing it works, and only once.
  const del = await c.call('DELETE', `/api/v1/me/devices/${encodeURIComponent(device)}`, { token });
  assert.equal(del.status, 204, del.text);
  // 3 + 2 grants on the survivor: one more makes 6.
  const g = await c.call('POST', '/api/v1/me/wechat-subscriptions',
    { token, body: { template_id: 'TMPL_merge', count: 1 } });
  assert.equal(g.status, 201, g.text);
  assert.equal(g.body.remaining, 6);
});
