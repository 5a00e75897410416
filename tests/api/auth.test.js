'use strict';
/*
 * Staff sign-in (API.md section 3) and what a token is good for.
 * YIWANG_TEST_CLOCK_FILE: the file the server reads "now" from (the server's
 * YIWANG_CLOCK_FILE); without it the expiry test is skipped.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { api, assertError, errorFields } = require('./lib/client');
const fx = require('./lib/fixtures');

const LOGIN = '/api/v1/staff/auth/login';
const CLOCK_FILE = process.env.YIWANG_TEST_CLOCK_FILE;

/* An RFC 3339 time in +08:00, ms milliseconds from now. */
function shanghaiTime(ms) {
  const d = new Date(Date.now() + ms + 8 * 3600 * 1000);
  return d.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

test('staff login returns tokens and the staff member with roles', async () => {
  const dept = await fx.sharedDepartment();
  const s = await fx.createStaff(['clerk', 'reviewer'], dept);
  const r = await api('POST', LOGIN, { body: { username: s.username, password: s.password } });
  assert.equal(r.status, 200);
  assert.equal(r.body.token_type, 'Bearer');
  assert.ok(r.body.expires_in > 0);
  assert.notEqual(r.body.access_token, r.body.refresh_token);
  assert.match(r.headers['cache-control'], /no-store/);
  assert.deepEqual(r.body.staff, {
    id: s.staff.id, username: s.username, name: s.staff.name,
    dept: { id: dept.id, name: dept.name }, roles: r.body.staff.roles,
  });
  assert.deepEqual([...r.body.staff.roles].sort(), ['clerk', 'reviewer']);
  const again = await fx.login(s.username, s.password);
  assert.notEqual(again.access_token, r.body.access_token, 'every login issues new tokens');
});

test('the bootstrap admin signs in with YIWANG_TEST_ADMIN_PASSWORD', async () => {
  const b = await fx.login('admin', fx.ADMIN_PASSWORD);
  assert.equal(b.staff.username, 'admin');
  assert.ok(b.staff.roles.includes('admin'));
});

test('wrong password is 401 unauthenticated', async () => {
  const s = await fx.createStaff(['supervisor']);
  const r = await api('POST', LOGIN, { body: { username: s.username, password: `${s.password}x` } });
  assertError(r, 401, 'unauthenticated');
});

test('unknown user is 401 with the same code as a wrong password', async () => {
  const r = await api('POST', LOGIN, { body: { username: fx.uniq('nobody'), password: 'whatever-123' } });
  assertError(r, 401, 'unauthenticated');
});

test('5 failed sign-ins in a row lock a username for a minute: 429 even with the right password; the same for unknown names', { skip: !CLOCK_FILE && 'YIWANG_TEST_CLOCK_FILE is not set' }, async () => {
  const s = await fx.createStaff(['clerk'], await fx.sharedDepartment());
  const wrong = () => api('POST', LOGIN, { body: { username: s.username, password: `${s.password}x` } });
  const right = () => api('POST', LOGIN, { body: { username: s.username, password: s.password } });
  for (let i = 0; i < 5; i++) assertError(await wrong(), 401, 'unauthenticated', `failure ${i + 1}`);
  const locked = await right();
  assertError(locked, 429, 'rate_limited', 'locked: the right password does not open it');
  const after = Number(locked.headers['retry-after']);
  assert.ok(after >= 1 && after <= 60, `Retry-After ${locked.headers['retry-after']}`);
  // The name compares as sign-in does, without regard to case: no fresh guesses per spelling.
  assertError(await api('POST', LOGIN, { body: { username: s.username.toUpperCase(), password: s.password } }),
    429, 'rate_limited', 'the same name in capitals');
  // An unknown name is counted and locked alike: the answers tell nothing of who exists.
  const nobody = fx.uniq('nobody');
  for (let i = 0; i < 5; i++) {
    assertError(await api('POST', LOGIN, { body: { username: nobody, password: 'whatever-123' } }),
      401, 'unauthenticated');
  }
  assertError(await api('POST', LOGIN, { body: { username: nobody, password: 'whatever-123' } }),
    429, 'rate_limited');
  try {
    fs.writeFileSync(CLOCK_FILE, `${shanghaiTime(61 * 1000)}\n`);
    const r = await right();
    assert.equal(r.status, 200, `after the minute: ${r.text}`);
    // A success starts the count again: four failures lock nothing.
    for (let i = 0; i < 4; i++) assertError(await wrong(), 401, 'unauthenticated');
    assert.equal((await right()).status, 200);
  } finally {
    fs.rmSync(CLOCK_FILE, { force: true });
  }
});

test('failed sign-ins sent at once all count: eight wrong guesses in parallel lock the name', async () => {
  const s = await fx.createStaff(['clerk'], await fx.sharedDepartment());
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    api('POST', LOGIN, { body: { username: s.username, password: `${s.password}-${i}` } })));
  // Each is refused (401), or locked out already (429) once five were counted.
  for (const a of answers) assert.ok([401, 429].includes(a.status), `${a.status} ${a.text}`);
  assert.ok(answers.filter((a) => a.status === 401).length >= 5);
  assertError(await api('POST', LOGIN, { body: { username: s.username, password: s.password } }),
    429, 'rate_limited', 'locked after eight failures');
});

test('a login token works on an admin endpoint', async () => {
  const s = await fx.createStaff(['admin']);
  const { access_token: token } = await fx.login(s.username, s.password);
  const r = await api('POST', '/api/v1/admin/departments',
    { body: { name: `登录验证部门-${fx.uniq()}`, region_code: '370500' }, token });
  assert.equal(r.status, 201);
  const lower = await api('POST', '/api/v1/admin/departments',
    { body: { name: `登录验证部门-${fx.uniq()}`, region_code: '370500' },
      headers: { Authorization: `bearer ${token}` } });
  assert.equal(lower.status, 201, 'the scheme name is case-insensitive');
});

test('malformed login body is 400 invalid_json', async () => {
  const r = await api('POST', LOGIN, { raw: '{"username":', headers: { 'Content-Type': 'application/json' } });
  assertError(r, 400, 'invalid_json');
});

test('login with a wrong type is 400 bad_request; without a password 422', async () => {
  const typed = await api('POST', LOGIN, { body: { username: 'admin', password: 12345678 } });
  assertError(typed, 400, 'bad_request');
  assert.ok(errorFields(typed).includes('password'));
  const missing = await api('POST', LOGIN, { body: { username: 'admin' } });
  assertError(missing, 422, 'validation_failed');
  assert.ok(errorFields(missing).includes('password'));
});

test('login with a form-encoded body is 415 unsupported_media_type', async () => {
  const r = await api('POST', LOGIN, {
    raw: 'username=admin&password=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assertError(r, 415, 'unsupported_media_type');
});

test('an expired access token is 401 unauthenticated', { skip: !CLOCK_FILE && 'YIWANG_TEST_CLOCK_FILE is not set' }, async () => {
  const s = await fx.createStaff(['admin']);
  const { access_token: token } = await fx.login(s.username, s.password);
  // An empty body passes authentication and fails validation: a probe that writes nothing.
  const probe = () => api('POST', '/api/v1/admin/departments', { body: {}, token });
  assert.equal((await probe()).status, 422, 'the token works now');
  try {
    fs.writeFileSync(CLOCK_FILE, `${shanghaiTime(24 * 3600 * 1000)}\n`);
    assertError(await probe(), 401, 'unauthenticated', 'a day later');
  } finally {
    fs.rmSync(CLOCK_FILE, { force: true });
  }
  assert.equal((await probe()).status, 422, 'back to real time');
});
