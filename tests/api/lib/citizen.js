'use strict';
/*
 * citizen.js: what the identity tests share: the fakes (tests/fakes/server.js), citizens
 * signed in by WeChat or SMS, the test clock, phone numbers and valid ID numbers.
 *
 * Environment: YIWANG_TEST_FAKE_WECHAT, YIWANG_TEST_FAKE_SMS, YIWANG_TEST_FAKE_IDP (the
 * fakes' base URLs, set by scripts/test), YIWANG_TEST_CLOCK_FILE (the server's clock file),
 * YIWANG_TEST_RATE_AUTH (nginx's sign-in rate per client address, e.g. 20r/s).
 *
 * call() is lib/client.js's api() (so every answer is checked against the spec) that also
 * keeps sign-in requests under nginx's per-address rate and remembers every token it sees
 * (lib/secrets.js).
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const { api } = require('./client');
const { rememberSecret, rememberTokens, rememberSmsCode } = require('./secrets');
const fx = require('./fixtures');

const FAKE_WECHAT = process.env.YIWANG_TEST_FAKE_WECHAT;
const FAKE_SMS = process.env.YIWANG_TEST_FAKE_SMS;
const FAKE_IDP = process.env.YIWANG_TEST_FAKE_IDP;
const CLOCK_FILE = process.env.YIWANG_TEST_CLOCK_FILE;

/* A skip reason for node:test, or false. */
const NEEDS_FAKES = !(FAKE_WECHAT && FAKE_SMS && FAKE_IDP) &&
  'the fakes are not running (YIWANG_TEST_FAKE_WECHAT, _SMS, _IDP)';
const NEEDS_CLOCK = !CLOCK_FILE && 'YIWANG_TEST_CLOCK_FILE is not set';
const NEEDS_FAKES_AND_CLOCK = NEEDS_FAKES || NEEDS_CLOCK;

/* --- calls to the API ------------------------------------------------------------------- */

/* Milliseconds between two sign-in requests: half of nginx's per-address rate. */
function authInterval() {
  const m = /^([0-9.]+)r\/(s|m)$/.exec(process.env.YIWANG_TEST_RATE_AUTH || '20r/s');
  const perSecond = m ? Number(m[1]) / (m[2] === 'm' ? 60 : 1) : 20;
  return Math.ceil(2000 / Math.max(perSecond, 0.1));
}
const AUTH_INTERVAL = authInterval();
const SIGN_IN_PATH = /^\/api\/v1\/(auth|staff\/auth)\//;
let nextSignIn = 0;

async function call(method, path, opts = {}) {
  if (SIGN_IN_PATH.test(path)) {
    const wait = nextSignIn - Date.now();
    if (wait > 0) await fx.sleep(wait);
    nextSignIn = Date.now() + AUTH_INTERVAL;
  }
  const r = await api(method, path, opts);
  rememberTokens(r.body);
  return r;
}

/* GET /api/v1/me with a token. */
function me(token) {
  return call('GET', '/api/v1/me', { token });
}

/* --- the fakes ---------------------------------------------------------------------------- */

/* A call to a fake's own endpoint; answers the parsed JSON (fails on a non-2xx). */
async function fake(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `fake ${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

/* --- WeChat ------------------------------------------------------------------------------- */

/* A WeChat user name for the fake; one starting with "u" also gets a unionid. */
function wechatUser(withUnionid = false) {
  return fx.uniq(withUnionid ? 'u' : 'w');
}

/* A fresh login code telling the fake WeChat how to answer (see tests/fakes/server.js). */
function wechatCode(behaviour, user) {
  const code = `${behaviour}.${user}.${crypto.randomBytes(6).toString('hex')}`;
  rememberSecret(code);
  return code;
}

/* POST /api/v1/auth/wechat with a code; answers the response. */
function wechatLogin(code) {
  return call('POST', '/api/v1/auth/wechat', { body: { code } });
}

/* The fake WeChat's record of the jscode2session call for a code (the last one). */
async function wechatCall(code) {
  const calls = await fake(FAKE_WECHAT, 'GET', '/__calls');
  return calls.filter((c) => c.path === '/sns/jscode2session' && c.query.js_code === code).pop();
}

/*
 * Signs a WeChat user in with a new code; answers the 200 body. The session_key the fake
 * handed out is remembered as a secret and must not be in the answer.
 */
async function wechatSignIn(user) {
  const code = wechatCode('ok', user);
  const r = await wechatLogin(code);
  assert.equal(r.status, 200, `WeChat sign-in: ${r.text.slice(0, 300)}`);
  const c = await wechatCall(code);
  assert.ok(c && c.response && c.response.session_key, 'the fake WeChat was asked');
  rememberSecret(c.response.session_key);
  assert.ok(!r.text.includes(c.response.session_key), 'the session_key leaks');
  return r.body;
}

/* --- phones and SMS ----------------------------------------------------------------------- */

/* A mainland mobile number no other test uses: 139 and 8 random digits. */
function uniqPhone() {
  return `139${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;
}

/* The phone as the API masks it: 138****1234. */
function maskedPhone(phone) {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/* The last login code the fake gateway received for a phone (delivered or not). */
async function lastSms(phone) {
  const msgs = await fake(FAKE_SMS, 'GET', `/__messages?phone=${encodeURIComponent(phone)}`);
  const m = msgs.filter((x) => x.template === 'login_code').pop();
  if (m && m.params) rememberSmsCode(m.params.code);
  return m;
}

/* The server time of each phone's last code, so that the next one can be sent later. */
const lastSent = new Map();

/*
 * POST /api/v1/auth/sms-code. A phone that was sent a code less than 62 s ago gets its
 * request at a server time at least 62 s after that one (through the clock file, for this
 * request only), so that tests need not wait out the per-phone interval of 60 s. The clock
 * file holds whole seconds (hence rounded up), and the server read its own clock a little
 * after this process read Date.now() (hence 62 s, not 61). Answers the response.
 */
async function requestCode(phone) {
  const last = lastSent.get(phone);
  let at = null;
  if (last !== undefined && Date.now() < last + 62000) {
    assert.ok(CLOCK_FILE, 'a second code within 62 s needs YIWANG_TEST_CLOCK_FILE');
    at = Math.ceil((last + 62000) / 1000) * 1000;
  }
  const send = () => call('POST', '/api/v1/auth/sms-code', { body: { phone } });
  const before = Date.now();
  const r = at === null ? await send() : await atTime(at, send);
  if (r.status === 202) lastSent.set(phone, at === null ? before : at);
  return r;
}

/* Requests a code (202 expected) and answers the code the fake gateway received. */
async function sendCode(phone) {
  const r = await requestCode(phone);
  assert.equal(r.status, 202, `sms-code for a phone: ${r.text.slice(0, 300)}`);
  const m = await lastSms(phone);
  assert.ok(m && /^[0-9]{6}$/.test(m.params.code), 'the gateway received a 6-digit login code');
  return m.params.code;
}

/* POST /api/v1/auth/sms. */
function smsLogin(phone, code) {
  return call('POST', '/api/v1/auth/sms', { body: { phone, code } });
}

/* Signs in by SMS (a new code); answers the 200 body. */
async function smsSignIn(phone) {
  const code = await sendCode(phone);
  const r = await smsLogin(phone, code);
  assert.equal(r.status, 200, `SMS sign-in: ${r.text.slice(0, 300)}`);
  return r.body;
}

/* --- the test clock ----------------------------------------------------------------------- */

/* An RFC 3339 time in +08:00 for epoch milliseconds. */
function shanghaiTime(ms) {
  return new Date(ms + 8 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/* Epoch milliseconds of today (Asia/Shanghai) at hh:mm. */
function todayAt(hh, mm = 0) {
  const day = shanghaiTime(Date.now()).slice(0, 10);
  return Date.parse(`${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);
}

function setClock(ms) {
  assert.ok(CLOCK_FILE, 'YIWANG_TEST_CLOCK_FILE is not set');
  fs.writeFileSync(CLOCK_FILE, `${shanghaiTime(ms)}\n`);
}

function clearClock() {
  if (CLOCK_FILE) fs.rmSync(CLOCK_FILE, { force: true });
}

/* Runs fn with the server's clock at ms, then back to real time whatever happens. */
async function atTime(ms, fn) {
  setClock(ms);
  try {
    return await fn();
  } finally {
    clearClock();
  }
}

/* --- ID numbers (GB 11643) ---------------------------------------------------------------- */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/* The MOD 11-2 check character of the first 17 digits. */
function checkChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/*
 * A valid ID number no other test uses: region 370502 (东营区), a birth date in the past
 * (birth: YYYYMMDD, random when absent), a random sequence, the right check character.
 * check: 'X' forces a number whose check character is X. Remembered as a secret.
 */
function idNumber({ region = '370502', birth, check } = {}) {
  for (;;) {
    let b = birth;
    if (!b) {
      const d = new Date(Date.UTC(1950 + crypto.randomInt(0, 55), crypto.randomInt(0, 12), 1 + crypto.randomInt(0, 28)));
      b = d.toISOString().slice(0, 10).replace(/-/g, '');
    }
    const first17 = `${region}${b}${String(crypto.randomInt(0, 1000)).padStart(3, '0')}`;
    const c = checkChar(first17);
    if (check && c !== check) continue;
    const id = first17 + c;
    rememberSecret(id);
    return id;
  }
}

/* The same number with a wrong check character. */
function withWrongCheck(id) {
  const c = checkChar(id.slice(0, 17));
  const wrong = CHECK[(CHECK.indexOf(c) + 1) % 11];
  const out = id.slice(0, 17) + wrong;
  rememberSecret(out);
  return out;
}

/* The ID number as the API masks it: first 4, ten '*', last 4. */
function maskedId(id) {
  return `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`;
}

module.exports = {
  FAKE_WECHAT, FAKE_SMS, FAKE_IDP, CLOCK_FILE, NEEDS_FAKES, NEEDS_CLOCK, NEEDS_FAKES_AND_CLOCK,
  call, me, fake,
  wechatUser, wechatCode, wechatLogin, wechatCall, wechatSignIn,
  uniqPhone, maskedPhone, lastSms, requestCode, sendCode, smsLogin, smsSignIn,
  shanghaiTime, todayAt, setClock, clearClock, atTime,
  checkChar, idNumber, withWrongCheck, maskedId,
};
