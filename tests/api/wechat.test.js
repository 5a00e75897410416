'use strict';
/*
 * WeChat sign-in (API.md section 3, tech-contracts section 1.1) against the fake WeChat of
 * tests/fakes: the login code tells the fake how to answer (<behaviour>.<user>.<nonce>).
 * Needs YIWANG_TEST_FAKE_WECHAT (scripts/test starts the fakes and sets it).
 */
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { assertError, errorFields } = require('./lib/client');
const { rememberSecret } = require('./lib/secrets');
const c = require('./lib/citizen');

const skip = c.NEEDS_FAKES;
const WECHAT = '/api/v1/auth/wechat';

after(() => c.clearClock());

test('a first WeChat sign-in creates a citizen and answers tokens and the masked user', { skip }, async () => {
  const user = c.wechatUser();
  const code = c.wechatCode('ok', user);
  const r = await c.wechatLogin(code);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers['cache-control'], /no-store/);
  assert.equal(r.body.token_type, 'Bearer');
  assert.ok(r.body.expires_in > 0);
  assert.notEqual(r.body.access_token, r.body.refresh_token);
  assert.deepEqual(r.body.user, {
    id: r.body.user.id, phone_masked: null, wechat_bound: true, real_name_verified: false,
    name_masked: null, id_number_masked: null,
  });
  const me = await c.me(r.body.access_token);
  assert.equal(me.status, 200);
  assert.deepEqual(me.body, r.body.user);
});

test('the fake WeChat is asked once with the configured appid, the code and grant_type authorization_code', { skip }, async () => {
  const code = c.wechatCode('ok', c.wechatUser());
  const r = await c.wechatLogin(code);
  assert.equal(r.status, 200, r.text);
  const calls = (await c.fake(c.FAKE_WECHAT, 'GET', '/__calls'))
    .filter((x) => x.path === '/sns/jscode2session' && x.query.js_code === code);
  assert.equal(calls.length, 1, 'one call per code, never retried');
  assert.equal(calls[0].method, 'GET');
  assert.equal(calls[0].query.appid, process.env.YIWANG_WECHAT_APPID || 'wxtest');
  assert.equal(calls[0].query.grant_type, 'authorization_code');
  assert.equal(calls[0].response.errcode, undefined, 'the fake answered success without errcode');
});

test('a second sign-in of the same WeChat user with another code reaches the same user id', { skip }, async () => {
  const user = c.wechatUser();
  const first = await c.wechatSignIn(user);
  const second = await c.wechatSignIn(user);
  assert.equal(second.user.id, first.user.id);
  assert.notEqual(second.access_token, first.access_token, 'every sign-in issues new tokens');
  assert.equal((await c.me(first.access_token)).status, 200, 'the first sign-in still works');
});

test('a WeChat user with a unionid signs in too', { skip }, async () => {
  const user = c.wechatUser(true);
  const first = await c.wechatSignIn(user);
  const second = await c.wechatSignIn(user);
  assert.equal(second.user.id, first.user.id);
  const other = await c.wechatSignIn(c.wechatUser(true));
  assert.notEqual(other.user.id, first.user.id, 'another WeChat user is another citizen');
});

test('a login code used once already is 401 wechat_code_invalid', { skip }, async () => {
  const code = c.wechatCode('ok', c.wechatUser());
  assert.equal((await c.wechatLogin(code)).status, 200);
  const again = await c.wechatLogin(code);
  assertError(again, 401, 'wechat_code_invalid');
  const call = await c.wechatCall(code);
  assert.equal(call.response.errcode, 40163, 'the fake saw the second use');
});

test('an invalid or expired code (40029) is 401 wechat_code_invalid', { skip }, async () => {
  assertError(await c.wechatLogin(c.wechatCode('invalid', c.wechatUser())), 401, 'wechat_code_invalid');
});

test('a code WeChat does not know at all is 401 wechat_code_invalid', { skip }, async () => {
  const code = `nonsense-${c.wechatUser()}`;
  rememberSecret(code);
  assertError(await c.wechatLogin(code), 401, 'wechat_code_invalid');
});

test('a user blocked by WeChat risk control (40226) is 401 wechat_code_invalid', { skip }, async () => {
  assertError(await c.wechatLogin(c.wechatCode('risky', c.wechatUser())), 401, 'wechat_code_invalid');
});

test('WeChat rate limiting (45011) is 429 rate_limited with Retry-After', { skip }, async () => {
  const r = await c.wechatLogin(c.wechatCode('ratelimit', c.wechatUser()));
  assertError(r, 429, 'rate_limited');
  assert.ok(Number(r.headers['retry-after']) >= 1, `Retry-After ${r.headers['retry-after']}`);
});

test('WeChat busy (-1) is 503 upstream_unavailable', { skip }, async () => {
  assertError(await c.wechatLogin(c.wechatCode('busy', c.wechatUser())), 503, 'upstream_unavailable');
});

test('WeChat answering an HTML 502 page is 503 upstream_unavailable', { skip }, async () => {
  assertError(await c.wechatLogin(c.wechatCode('html', c.wechatUser())), 503, 'upstream_unavailable');
});

test('WeChat too slow to answer is 503 upstream_unavailable within a bounded time', { skip }, async () => {
  const t0 = Date.now();
  const r = await c.wechatLogin(c.wechatCode('slow', c.wechatUser()));
  const elapsed = Date.now() - t0;
  assertError(r, 503, 'upstream_unavailable');
  assert.ok(elapsed < 5000, `answered after ${elapsed} ms`);
});

test('a failed WeChat sign-in creates no citizen: the same user signs in normally afterwards', { skip }, async () => {
  const user = c.wechatUser();
  assertError(await c.wechatLogin(c.wechatCode('busy', user)), 503, 'upstream_unavailable');
  const first = await c.wechatSignIn(user);
  const second = await c.wechatSignIn(user);
  assert.equal(first.user.id, second.user.id);
});

test('the login code reaches WeChat URL-escaped, exactly as sent', { skip }, async () => {
  const code = `invalid.${c.wechatUser()}&appid=evil&secret=x#+ %`;
  rememberSecret(code);
  assertError(await c.wechatLogin(code), 401, 'wechat_code_invalid');
  const call = await c.wechatCall(code);
  assert.ok(call, 'the fake saw the whole code as js_code');
  assert.equal(call.query.appid, process.env.YIWANG_WECHAT_APPID || 'wxtest');
});

test('the session_key never appears in any answer', { skip }, async () => {
  const user = c.wechatUser(true);
  const body = await c.wechatSignIn(user); // checks the sign-in answer itself
  const calls = await c.fake(c.FAKE_WECHAT, 'GET', '/__calls');
  const keys = calls.map((x) => x.response && x.response.session_key).filter(Boolean);
  rememberSecret(keys);
  const me = await c.me(body.access_token);
  const refreshed = await c.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: body.refresh_token } });
  assert.equal(refreshed.status, 200);
  for (const r of [me, refreshed])
    for (const k of keys) assert.ok(!r.text.includes(k), 'a session_key leaks');
  assert.ok(!JSON.stringify(body).includes('session_key'));
  assert.ok(!me.text.includes('openid') && !me.text.includes('oFAKE_'), 'the openid is not shown');
});

test('a missing, empty or overlong code is 422 with field code; a wrong type is 400', { skip }, async () => {
  const missing = await c.call('POST', WECHAT, { body: {} });
  assertError(missing, 422, 'validation_failed');
  assert.deepEqual(errorFields(missing), ['code']);
  const empty = await c.call('POST', WECHAT, { body: { code: '' } });
  assertError(empty, 422, 'validation_failed');
  assert.deepEqual(errorFields(empty), ['code']);
  const long = await c.call('POST', WECHAT, { body: { code: `ok.${'a'.repeat(200)}.n` } });
  assertError(long, 422, 'validation_failed');
  assert.deepEqual(errorFields(long), ['code']);
  const typed = await c.call('POST', WECHAT, { body: { code: 12345 } });
  assertError(typed, 400, 'bad_request');
  const extra = await c.call('POST', WECHAT, { body: { code: 'ok.x.y', openid: 'oFAKE_someone' } });
  assertError(extra, 400, 'bad_request');
  assert.ok(errorFields(extra).includes('openid'), 'a client cannot name its own openid');
});

test('a WeChat sign-in body that is not JSON is 415 or 400', { skip }, async () => {
  const form = await c.call('POST', WECHAT, { raw: 'code=ok.a.b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assertError(form, 415, 'unsupported_media_type');
  const broken = await c.call('POST', WECHAT, { raw: '{"code":', headers: { 'Content-Type': 'application/json' } });
  assertError(broken, 400, 'invalid_json');
});
