'use strict';
/*
 * upstream.test.js: the provincial platform (互联互通, API.md section 11): every status change
 * is also sent, at least once and in order per application, as a Standard Webhooks signed
 * POST to YIWANG_UPSTREAM_URL, with no personal data beyond what the exchange needs. The fake
 * (tests/fakes/server.js, POST /upstream) checks the signature with YIWANG_UPSTREAM_SECRET and
 * the exact field list; a message it accepted is `delivered`.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');

const FAKE = process.env.YIWANG_TEST_FAKE_PUSH;
const skip = !FAKE || !process.env.YIWANG_UPSTREAM_URL || cz.NEEDS_FAKES
  ? 'needs the fakes with the provincial platform (YIWANG_TEST_FAKE_PUSH, YIWANG_UPSTREAM_URL)' : false;

async function upstreamMessages(number) {
  const r = await fetch(`${FAKE}/__messages`);
  const all = await r.json();
  return all.filter((m) => m.upstream && m.body && m.body.number === number);
}

test('each status change reaches the provincial platform once, in order, signed, without personal data', { skip }, async () => {
  const s = await cz.smsSignIn(cz.uniqPhone());
  const v = await cz.call('POST', '/api/v1/me/real-name',
    { token: s.access_token, body: { name: '钱七', id_number: cz.idNumber() } });
  assert.equal(v.status, 200, v.text);
  const dept = await fx.createDepartment();
  const code = fx.uniqCode('UPS');
  await fx.putItem(code, { dept_id: dept.id, depth: 3, visits_required: 0, materials: [], form: [] });
  const created = await cz.call('POST', '/api/v1/applications', { token: s.access_token,
    body: { item_code: code, form: {}, submit: true }, headers: { 'Idempotency-Key': fx.uniq('k') } });
  assert.equal(created.status, 201, created.text);
  const clerk = await fx.staffToken(['clerk'], dept);
  const acc = await cz.call('POST', `/api/v1/staff/applications/${created.body.id}/accept`,
    { token: clerk, headers: { 'If-Match': '"1"' } });
  assert.equal(acc.status, 200, acc.text);
  const w = await cz.call('POST', `/api/v1/applications/${created.body.id}/withdraw`,
    { token: s.access_token, body: { reason: '不再需要' } });
  assert.equal(w.status, 200, w.text);

  let msgs;
  await fx.eventually(async () => {
    msgs = (await upstreamMessages(created.body.number)).filter((m) => m.delivered);
    return msgs.length >= 3;
  }, { timeout: 15000, interval: 200 });
  assert.equal(msgs.length, 3, JSON.stringify(msgs.map((m) => [m.verdict, m.errors])));
  assert.deepEqual(msgs.map((m) => m.body.status), ['submitted', 'accepted', 'withdrawn']);
  for (const m of msgs) {
    assert.deepEqual(Object.keys(m.body).sort(),
      ['at', 'dept_id', 'item_code', 'number', 'region_code', 'status', 'type']);
    assert.equal(m.body.item_code, code);
    assert.equal(m.body.dept_id, String(dept.id));
    assert.equal(m.body.region_code, '370500');
    assert.match(m.headers['webhook-id'], /^msg_/);
    assert.equal(m.duplicate, false);
  }
  assert.equal(new Set(msgs.map((m) => m.headers['webhook-id'])).size, 3);
});
