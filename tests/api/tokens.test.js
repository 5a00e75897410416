'use strict';
/*
 * Tokens (API.md section 3): refresh with rotation and replay detection, sign-out,
 * expiry, and what a citizen's or a staff member's token is good for.
 * Citizens sign in through the fakes (YIWANG_TEST_FAKE_*); the expiry test moves the
 * server's clock (YIWANG_TEST_CLOCK_FILE).
 */
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { api, assertError, errorFields } = require('./lib/client');
const { rememberSecret } = require('./lib/secrets');
const fx = require('./lib/fixtures');
const c = require('./lib/citizen');

const skip = c.NEEDS_FAKES;
const REFRESH = '/api/v1/auth/refresh';
const LOGOUT = '/api/v1/auth/logout';

after(() => c.clearClock());

const refresh = (token) => c.call('POST', REFRESH, { body: { refresh_token: token } });
const logout = (token) => c.call('POST', LOGOUT, { token });

async function citizen() {
  return c.wechatSignIn(c.wechatUser());
}

/* A staff member with the admin role, signed in: {access_token, refresh_token, ...}. */
async function staffSession() {
  const s = await fx.createStaff(['admin']);
  rememberSecret(s.password);
  const body = await fx.login(s.username, s.password);
  rememberSecret(body.access_token, body.refresh_token);
  return body;
}

/* An admin-only request that writes nothing (an empty body fails validation after auth). */
const adminProbe = (token) => api('POST', '/api/v1/admin/departments', { body: {}, token });

test('refresh answers a new pair: both new tokens differ and work', { skip }, async () => {
  const s = await citizen();
  const r = await refresh(s.refresh_token);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers['cache-control'], /no-store/);
  assert.equal(r.body.token_type, 'Bearer');
  assert.ok(r.body.expires_in > 0);
  assert.notEqual(r.body.access_token, s.access_token);
  assert.notEqual(r.body.refresh_token, s.refresh_token);
  const me = await c.me(r.body.access_token);
  assert.equal(me.status, 200);
  assert.equal(me.body.id, s.user.id);
  assert.equal((await refresh(r.body.refresh_token)).status, 200, 'the new refresh token rotates too');
});

test('after a refresh the earlier access token keeps working until it expires', { skip }, async () => {
  const s = await citizen();
  assert.equal((await refresh(s.refresh_token)).status, 200);
  const me = await c.me(s.access_token);
  assert.equal(me.status, 200);
  assert.equal(me.body.id, s.user.id);
});

test('replaying a used refresh token is 401 and revokes the whole sign-in, new tokens included', { skip }, async () => {
  const s = await citizen();
  const rotated = await refresh(s.refresh_token);
  assert.equal(rotated.status, 200);
  assertError(await refresh(s.refresh_token), 401, 'unauthenticated', 'the replayed refresh token');
  assertError(await refresh(rotated.body.refresh_token), 401, 'unauthenticated', 'the refresh token from the rotation');
  assertError(await c.me(rotated.body.access_token), 401, 'unauthenticated', 'the access token from the rotation');
  assertError(await c.me(s.access_token), 401, 'unauthenticated', 'the first access token');
});

test('a replay ends only that sign-in: the same citizen signed in elsewhere stays signed in', { skip }, async () => {
  const user = c.wechatUser();
  const phoneApp = await c.wechatSignIn(user);
  const web = await c.wechatSignIn(user);
  assert.equal((await refresh(phoneApp.refresh_token)).status, 200);
  assertError(await refresh(phoneApp.refresh_token), 401, 'unauthenticated');
  assert.equal((await c.me(web.access_token)).status, 200, 'the other sign-in');
  assert.equal((await refresh(web.refresh_token)).status, 200);
});

test('an access token is not a refresh token, and an unknown refresh token is 401', { skip }, async () => {
  const s = await citizen();
  assertError(await refresh(s.access_token), 401, 'unauthenticated', 'an access token');
  assertError(await refresh('A'.repeat(43)), 401, 'unauthenticated', 'an unknown token');
  assertError(await refresh('short'), 401, 'unauthenticated', 'a malformed token');
  assert.equal((await refresh(s.refresh_token)).status, 200, 'the failures did not burn the real one');
});

test('a refresh without refresh_token is 422; with a wrong type 400', async () => {
  const missing = await c.call('POST', REFRESH, { body: {} });
  assertError(missing, 422, 'validation_failed');
  assert.deepEqual(errorFields(missing), ['refresh_token']);
  assertError(await c.call('POST', REFRESH, { body: { refresh_token: 42 } }), 400, 'bad_request');
});

test('staff tokens refresh the same way, and the new access token works on an admin endpoint', async () => {
  const s = await staffSession();
  const r = await refresh(s.refresh_token);
  assert.equal(r.status, 200, r.text);
  assert.notEqual(r.body.access_token, s.access_token);
  assert.equal((await adminProbe(r.body.access_token)).status, 422, 'the new token is an admin token');
  assertError(await refresh(s.refresh_token), 401, 'unauthenticated', 'staff replay');
  assertError(await adminProbe(r.body.access_token), 401, 'unauthenticated', 'the family is revoked');
});

test('logout is 204; the access and refresh tokens stop working at once', { skip }, async () => {
  const s = await citizen();
  const r = await logout(s.access_token);
  assert.equal(r.status, 204);
  assert.equal(r.raw.length, 0);
  assertError(await c.me(s.access_token), 401, 'unauthenticated', 'the access token');
  assertError(await refresh(s.refresh_token), 401, 'unauthenticated', 'the refresh token');
  assertError(await logout(s.access_token), 401, 'unauthenticated', 'a second logout');
});

test('logout after a refresh ends the rotated tokens and the earlier access token too', { skip }, async () => {
  const s = await citizen();
  const rotated = await refresh(s.refresh_token);
  assert.equal(rotated.status, 200);
  assert.equal((await logout(rotated.body.access_token)).status, 204);
  assertError(await c.me(s.access_token), 401, 'unauthenticated');
  assertError(await c.me(rotated.body.access_token), 401, 'unauthenticated');
  assertError(await refresh(rotated.body.refresh_token), 401, 'unauthenticated');
});

test('logout ends only its own sign-in', { skip }, async () => {
  const user = c.wechatUser();
  const a = await c.wechatSignIn(user);
  const b = await c.wechatSignIn(user);
  assert.equal((await logout(a.access_token)).status, 204);
  assert.equal((await c.me(b.access_token)).status, 200);
});

test('staff logout is 204 and the staff token stops working', async () => {
  const s = await staffSession();
  assert.equal((await adminProbe(s.access_token)).status, 422);
  assert.equal((await logout(s.access_token)).status, 204);
  assertError(await adminProbe(s.access_token), 401, 'unauthenticated');
  assertError(await refresh(s.refresh_token), 401, 'unauthenticated');
});

test('logout without a token is 401', async () => {
  assertError(await logout(undefined), 401, 'unauthenticated');
  assertError(await c.call('POST', LOGOUT, { headers: { Authorization: 'Bearer nonsense' } }), 401, 'unauthenticated');
});

test('an access token past its lifetime is 401; the refresh token still gives a new pair', { skip: c.NEEDS_FAKES_AND_CLOCK }, async () => {
  const s = await citizen();
  assert.equal((await c.me(s.access_token)).status, 200);
  const later = Date.now() + (s.expires_in + 60) * 1000;
  const expired = await c.atTime(later, () => c.me(s.access_token));
  assertError(expired, 401, 'unauthenticated');
  const renewed = await c.atTime(later, () => refresh(s.refresh_token));
  assert.equal(renewed.status, 200, renewed.text);
  assert.equal((await c.atTime(later, () => c.me(renewed.body.access_token))).status, 200);
});

test('a citizen token is 403 on an admin endpoint', { skip }, async () => {
  const s = await citizen();
  assertError(await adminProbe(s.access_token), 403, 'forbidden');
});

test('a staff token is 403 on the citizen endpoints', async () => {
  const s = await staffSession();
  assertError(await c.me(s.access_token), 403, 'forbidden', 'GET /me');
  assertError(await c.call('POST', '/api/v1/me/phone', { body: { phone: c.uniqPhone(), code: '123456' }, token: s.access_token }),
    403, 'forbidden', 'POST /me/phone');
  assertError(await c.call('POST', '/api/v1/me/real-name', { body: { name: '张三', id_number: c.idNumber() }, token: s.access_token }),
    403, 'forbidden', 'POST /me/real-name');
});

test('GET /me without a token, or with a malformed one, is 401', async () => {
  assertError(await c.me(undefined), 401, 'unauthenticated');
  assertError(await c.call('GET', '/api/v1/me', { headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } }), 401, 'unauthenticated');
  assertError(await c.me('x'.repeat(43)), 401, 'unauthenticated');
});

test('another citizen\'s token shows that citizen, never the first one', { skip }, async () => {
  const phone = c.uniqPhone();
  const a = await c.smsSignIn(phone);
  const b = await citizen();
  assert.notEqual(a.user.id, b.user.id);
  const meB = await c.me(b.access_token);
  assert.equal(meB.body.id, b.user.id);
  assert.equal(meB.body.phone_masked, null);
  assert.ok(!meB.text.includes(phone.slice(-4) + '"'), 'the first citizen\'s phone');
  const meA = await c.me(a.access_token);
  assert.equal(meA.body.id, a.user.id);
  assert.equal(meA.body.phone_masked, c.maskedPhone(phone));
});
