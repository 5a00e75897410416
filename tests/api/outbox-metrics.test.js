'use strict';
/*
 * outbox-metrics.test.js: the outbox on /metrics (issue 6, operations): deliveries by
 * channel and outcome, and the backlog per channel, rendered by any app's /metrics.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { api } = require('./lib/client');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');

function sample(text, name, labels) {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${want}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function metrics() {
  const r = await api('GET', '/metrics');
  assert.equal(r.status, 200);
  return r.text;
}

test('/metrics has the outbox families for every channel', async () => {
  const text = await metrics();
  for (const ch of ['wechat', 'app', 'sms', 'upstream']) {
    for (const outcome of ['sent', 'retry', 'dead', 'skipped'])
      assert.notEqual(sample(text, 'yiwang_outbox_deliveries_total', { channel: ch, outcome }), undefined, `${ch} ${outcome}`);
    assert.ok(sample(text, 'yiwang_outbox_backlog', { channel: ch }) >= 0);
    assert.ok(sample(text, 'yiwang_outbox_oldest_pending_seconds', { channel: ch }) >= 0);
  }
  assert.match(text, /# TYPE yiwang_outbox_deliveries_total counter/);
  assert.match(text, /# TYPE yiwang_outbox_backlog gauge/);
});

test('a status change of a citizen without a device counts as a skipped app delivery', { skip: cz.NEEDS_FAKES }, async () => {
  const before = sample(await metrics(), 'yiwang_outbox_deliveries_total', { channel: 'app', outcome: 'skipped' });
  const s = await cz.smsSignIn(cz.uniqPhone());
  const v = await cz.call('POST', '/api/v1/me/real-name',
    { token: s.access_token, body: { name: '赵六', id_number: cz.idNumber() } });
  assert.equal(v.status, 200, v.text);
  const code = fx.uniqCode('OBM');
  await fx.putItem(code, { depth: 3, visits_required: 0, materials: [], form: [] });
  const r = await cz.call('POST', '/api/v1/applications', { token: s.access_token,
    body: { item_code: code, form: {}, submit: true }, headers: { 'Idempotency-Key': fx.uniq('k') } });
  assert.equal(r.status, 201, r.text);
  let now;
  await fx.eventually(async () => {
    now = sample(await metrics(), 'yiwang_outbox_deliveries_total', { channel: 'app', outcome: 'skipped' });
    return now >= before + 1;
  }, { timeout: 10000, interval: 200 });
  assert.ok(now >= before + 1, `${before} -> ${now}`);
});
