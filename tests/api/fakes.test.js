'use strict';
/*
 * The fakes of tests/fakes/server.js keep the real services' contracts (tech-contracts
 * section 1, API.md section 11), so that what passes against them means something.
 * These talk to the fakes directly, not to yiwang. Needs YIWANG_TEST_FAKE_* and, for the
 * WeChat credentials, YIWANG_WECHAT_APPID and YIWANG_WECHAT_SECRET (scripts/test sets all).
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const c = require('./lib/citizen');

const APPID = process.env.YIWANG_WECHAT_APPID;
const SECRET = process.env.YIWANG_WECHAT_SECRET;
const skip = c.NEEDS_FAKES || ((!APPID || !SECRET) && 'YIWANG_WECHAT_APPID / _SECRET are not set');

async function get(base, path) {
  const res = await fetch(base + path);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

async function jscode2session({ appid = APPID, secret = SECRET, code, grant = 'authorization_code' }) {
  const q = new URLSearchParams({ appid, secret, js_code: code, grant_type: grant });
  const r = await get(c.FAKE_WECHAT, `/sns/jscode2session?${q}`);
  return { ...r, body: /json/.test(r.type) ? JSON.parse(r.text) : undefined };
}

async function stableToken(body) {
  const res = await fetch(`${c.FAKE_WECHAT}/cgi-bin/stable_token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return res.json();
}

test('fake WeChat: success has openid and a base64 session_key and no errcode; unionid only for u-users', { skip }, async () => {
  const w = await jscode2session({ code: c.wechatCode('ok', 'wfake1') });
  assert.equal(w.status, 200);
  assert.deepEqual(Object.keys(w.body).sort(), ['openid', 'session_key']);
  assert.equal(w.body.openid, 'oFAKE_wfake1');
  assert.match(w.body.session_key, /^[A-Za-z0-9+/]+=*$/);
  const u = await jscode2session({ code: c.wechatCode('ok', 'ufake1') });
  assert.equal(u.body.unionid, 'UFAKE_ufake1');
});

test('fake WeChat: wrong appid 40013, wrong secret 40125, wrong grant_type 40002', { skip }, async () => {
  assert.equal((await jscode2session({ appid: 'wxother', code: c.wechatCode('ok', 'w') })).body.errcode, 40013);
  assert.equal((await jscode2session({ secret: 'nope', code: c.wechatCode('ok', 'w') })).body.errcode, 40125);
  assert.equal((await jscode2session({ grant: 'client_credential', code: c.wechatCode('ok', 'w') })).body.errcode, 40002);
});

test('fake WeChat: each behaviour answers its errcode, and every code works once', { skip }, async () => {
  for (const [behaviour, errcode] of [['invalid', 40029], ['risky', 40226], ['ratelimit', 45011], ['busy', -1]]) {
    const r = await jscode2session({ code: c.wechatCode(behaviour, 'w') });
    assert.equal(r.body.errcode, errcode, behaviour);
    assert.match(r.body.errmsg, /rid: /);
  }
  const code = c.wechatCode('ok', 'w');
  assert.ok((await jscode2session({ code })).body.openid);
  assert.equal((await jscode2session({ code })).body.errcode, 40163);
  const html = await jscode2session({ code: c.wechatCode('html', 'w') });
  assert.equal(html.status, 502);
  assert.match(html.type, /text\/html/);
});

test('fake WeChat: /__calls records calls without the secret', { skip }, async () => {
  const code = c.wechatCode('ok', 'wcalls');
  await jscode2session({ code });
  const calls = await c.fake(c.FAKE_WECHAT, 'GET', '/__calls');
  const mine = calls.find((x) => x.query.js_code === code);
  assert.ok(mine);
  assert.equal(mine.query.secret, undefined);
  assert.ok(!JSON.stringify(calls).includes(SECRET), 'the secret is in /__calls');
});

test('fake WeChat: stable_token gives the same token until force_refresh', { skip }, async () => {
  const req = { grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: false };
  const a = await stableToken(req);
  const b = await stableToken(req);
  assert.equal(b.access_token, a.access_token);
  assert.ok(a.expires_in > 300 && a.expires_in <= 7200);
  assert.equal((await stableToken({ ...req, secret: 'nope' })).errcode, 40125);
  const forced = await stableToken({ ...req, force_refresh: true });
  assert.notEqual(forced.access_token, a.access_token);
  assert.equal((await stableToken(req)).access_token, forced.access_token);
  const q = new URLSearchParams({ grant_type: 'client_credential', appid: APPID, secret: SECRET });
  const classic = JSON.parse((await get(c.FAKE_WECHAT, `/cgi-bin/token?${q}`)).text);
  assert.equal(classic.expires_in, 7200);
  assert.notEqual(classic.access_token, forced.access_token, 'cgi-bin/token is separate from stable_token');
});

test('fake SMS gateway: records what it receives and fails on demand', { skip }, async () => {
  const phone = c.uniqPhone();
  const send = () => fetch(`${c.FAKE_SMS}/send`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone, template: 'status_changed', params: { number: 'X1' } }),
  });
  assert.equal((await send()).status, 200);
  await c.fake(c.FAKE_SMS, 'POST', '/__fail', { count: 1, mode: '500' });
  assert.equal((await send()).status, 500);
  assert.equal((await send()).status, 200, 'only count sends fail');
  const msgs = await c.fake(c.FAKE_SMS, 'GET', `/__messages?phone=${phone}`);
  assert.deepEqual(msgs.map((m) => m.delivered), [true, false, true]);
  assert.deepEqual(msgs[0].params, { number: 'X1' });
});

test('fake identity provider: match unless registered as a mismatch; 503 while down', { skip }, async () => {
  const verify = (id_number) => fetch(`${c.FAKE_IDP}/verify`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: '张三', id_number }),
  });
  const id = c.idNumber();
  assert.deepEqual(await (await verify(id)).json(), { match: true });
  await c.fake(c.FAKE_IDP, 'POST', '/__mismatch', { id_number: id });
  assert.deepEqual(await (await verify(id)).json(), { match: false });
  await c.fake(c.FAKE_IDP, 'POST', '/__down', { down: true });
  try {
    assert.equal((await verify(c.idNumber())).status, 503);
  } finally {
    await c.fake(c.FAKE_IDP, 'POST', '/__down', { down: false });
  }
});
