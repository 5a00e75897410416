'use strict';
/*
 * open311.test.js: the Open311 GeoReport v2 facade (API.md section 8) as a GeoReport client
 * uses it: the service list and definitions from the catalogue, filing a request with a
 * form (or JSON) and the citizen's bearer token, following it (status, status_notes,
 * expected_datetime), the caller's own list with GeoReport's filters, and GeoReport's error
 * format. Field lists are GeoReport v2's (http://wiki.open311.org/GeoReport_v2).
 *
 * Each test makes its own department, item and staff; one citizen per file files (a second
 * one where privacy is tested). No test moves the clock.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { api } = require('./lib/client');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');
const st = require('./lib/staff');

const skip = cz.NEEDS_FAKES;

/* GeoReport v2's fields, in its order. */
const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type',
  'keywords', 'group'];
const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name',
  'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime',
  'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long',
  'media_url'];
const W3_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

test.before(async () => { if (!skip) await st.citizen(); });

/* POST /open311/v2/requests.json as a GeoReport client sends it (form-urlencoded). */
function postForm(fields, token) {
  return api('POST', '/open311/v2/requests.json', {
    raw: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    token,
  });
}

async function citizenToken() {
  return (await st.citizen()).token;
}

/* Files a request that must succeed; answers its service_request_id. */
async function fileRequest(fields, token) {
  const r = await postForm(fields, token || await citizenToken());
  assert.equal(r.status, 201, r.text);
  return r.body[0].service_request_id;
}

function getRequest(id, token) {
  return api('GET', `/open311/v2/requests/${id}.json`, { token });
}

/* Asserts GeoReport's error format: the status, and an array of {code, description}. */
function assertGeoError(r, status, msg) {
  const where = msg ? `${msg}: ` : '';
  assert.equal(r.status, status, `${where}${r.status} ${r.text.slice(0, 300)}`);
  assert.ok(Array.isArray(r.body) && r.body.length > 0, `${where}an array: ${r.text.slice(0, 300)}`);
  for (const e of r.body) {
    assert.deepEqual(Object.keys(e).sort(), ['code', 'description']);
    assert.equal(e.code, status);
    assert.equal(typeof e.description, 'string');
  }
  return r.body;
}

/* The descriptions of a GeoReport error, joined (they name the fields). */
function described(r) {
  return r.body.map((e) => e.description).join(' | ');
}

/* --- services ----------------------------------------------------------------------------- */

test('services.json lists the catalogue with GeoReport\'s fields: each item, and a service per department', async () => {
  const dept = await fx.createDepartment({ name: `开放311部门-${fx.uniq()}` });
  const code = fx.uniqCode('O311');
  const item = await fx.putItem(code, { dept_id: dept.id });
  const r = await api('GET', '/open311/v2/services.json');
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.body) && r.body.length >= 40, 'the catalogue, at least the demo items');
  for (const s of r.body) {
    assert.deepEqual(Object.keys(s), SERVICE_FIELDS, JSON.stringify(s));
    // GeoReport v2: metadata true = the client must fetch the service definition (kind).
    assert.deepEqual([s.metadata, s.type], [true, 'realtime']);
  }
  const mine = r.body.filter((s) => s.group === dept.name);
  assert.deepEqual(mine.map((s) => s.service_code), [code, `dept:${dept.id}`],
    'the department\'s items, then its service for matters of no item');
  assert.equal(mine[0].service_name, item.definition.name);
  assert.match(mine[0].keywords, /行政许可/);
  assert.match(mine[1].service_name, new RegExp(dept.name));
  // Each service that says it has metadata has a definition with its attribute.
  for (const s of mine) {
    const d = await api('GET', `/open311/v2/services/${encodeURIComponent(s.service_code)}.json`);
    assert.equal(d.status, 200, `${s.service_code}: ${d.text}`);
    assert.deepEqual(d.body.attributes.map((a) => a.code), ['kind'], s.service_code);
  }

  assert.match(r.headers.etag, /^"[0-9a-f]{32}"$/);
  assert.match(r.headers['cache-control'], /max-age=60/);
  const again = await api('GET', '/open311/v2/services.json', { headers: { 'If-None-Match': r.headers.etag } });
  assert.equal(again.status, 304);
});

test('services/{code}.json defines the optional kind attribute; an unknown code is 404 in GeoReport\'s format', async () => {
  const dept = await fx.createDepartment();
  const code = fx.uniqCode('O311');
  await fx.putItem(code, { dept_id: dept.id });
  for (const c of [code, `dept:${dept.id}`]) {
    const r = await api('GET', `/open311/v2/services/${encodeURIComponent(c)}.json`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.service_code, c);
    assert.equal(r.body.attributes.length, 1);
    const a = r.body.attributes[0];
    assert.deepEqual([a.code, a.datatype, a.required, a.variable, a.order], ['kind', 'singlevaluelist', false, true, 1]);
    assert.deepEqual(a.values.map((v) => v.key), ['complaint', 'consult']);
  }
  for (const c of [fx.uniqCode('NONE'), 'dept:999999999999', 'dept:x', 'dept:'])
    assertGeoError(await api('GET', `/open311/v2/services/${encodeURIComponent(c)}.json`), 404, c);
  // Only the JSON format is offered.
  const xml = await api('GET', `/open311/v2/services/${code}.xml`);
  assert.equal(xml.status, 404);
});

/* --- filing and following a request ------------------------------------------------------- */

test('a GeoReport client files a complaint with a form and the citizen\'s token; it is a consultation of the item\'s department', { skip }, async () => {
  const w = await st.world();
  const r = await postForm({
    api_key: 'ignored', jurisdiction_id: 'dongying.gov.cn', service_code: w.code,
    lat: '37.4612344', long: '118.4941', address_string: '东营区府前大街59号',
    email: 'someone@example.com', first_name: '三', last_name: '张', phone: '13800000000',
    device_id: 'dev-1', account_id: '42', media_url: 'https://example.com/a.jpg',
    'attribute[other]': 'x', unknown_field: 'y',
    description: '窗口排队过久\n等了两个小时仍未叫号，请核查。',
  }, await citizenToken());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.length, 1);
  assert.deepEqual(Object.keys(r.body[0]), ['service_request_id', 'service_notice']);
  assert.match(r.body[0].service_request_id, /^[1-9][0-9]*$/);
  assert.ok(r.body[0].service_notice.includes(w.dept.name), r.body[0].service_notice);

  const c = await api('GET', `/api/v1/consultations/${r.body[0].service_request_id}`,
    { token: await citizenToken() });
  assert.equal(c.status, 200, c.text);
  assert.deepEqual([c.body.kind, c.body.item.code, c.body.dept.id, c.body.days],
    ['complaint', w.code, w.dept.id, 5], 'a complaint by default');
  assert.equal(c.body.title, '窗口排队过久', 'the first line');
  assert.equal(c.body.content, '窗口排队过久\n等了两个小时仍未叫号，请核查。');
  assert.deepEqual(c.body.location, { lat: 37.461234, long: 118.4941, address: '东营区府前大街59号' });
});

test('GET requests/{id}.json has exactly GeoReport v2\'s fields and follows the answers to closed', { skip }, async () => {
  const w = await st.world();
  const token = await citizenToken();
  const id = await fileRequest({ service_code: w.code, description: '办事指南与实际要求不一致',
    lat: '37.5', long: '118.5' }, token);
  const c = (await api('GET', `/api/v1/consultations/${id}`, { token })).body;

  let r = await getRequest(id, token);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.length, 1);
  let q = r.body[0];
  assert.deepEqual(Object.keys(q), REQUEST_FIELDS);
  assert.equal(q.service_request_id, id);
  assert.deepEqual([q.status, q.status_notes, q.service_code, q.agency_responsible],
    ['open', null, w.code, w.dept.name]);
  assert.equal(q.description, '办事指南与实际要求不一致');
  assert.equal(q.expected_datetime, c.due_at, 'the deadline');
  assert.equal(q.requested_datetime, c.created_at);
  for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime'])
    assert.match(q[k], W3_DATETIME, k);
  assert.deepEqual([q.lat, q.long, q.address, q.address_id, q.zipcode, q.media_url],
    [37.5, 118.5, null, null, null, null]);
  assert.equal(typeof q.service_notice, 'string');

  const a = await api('POST', `/api/v1/staff/consultations/${id}/reply`,
    { token: w.clerk.token, body: { content: '已核实，指南将于本周更新。' } });
  assert.equal(a.status, 200, a.text);
  q = (await getRequest(id, token)).body[0];
  assert.deepEqual([q.status, q.status_notes], ['open', '已核实，指南将于本周更新。'], 'answered is still open');

  const z = await api('POST', `/api/v1/staff/consultations/${id}/reply`,
    { token: w.clerk.token, body: { content: '指南已更新，办结。', close: true } });
  assert.equal(z.status, 200, z.text);
  q = (await getRequest(id, token)).body[0];
  assert.deepEqual([q.status, q.status_notes], ['closed', '指南已更新，办结。']);
  assert.equal(q.updated_datetime, z.body.closed_at, 'updated_datetime is when it was closed');
});

test('a JSON body works too: attribute kind consult, a department\'s service, numbers for lat and long', { skip }, async () => {
  const w = await st.world();
  const token = await citizenToken();
  const r = await api('POST', '/open311/v2/requests.json', { token, body: {
    service_code: `dept:${w.dept.id}`, description: '请问周末是否办公？', lat: 37.25, long: 118.75,
    attribute: { kind: 'consult' } } });
  assert.equal(r.status, 201, r.text);
  const id = r.body[0].service_request_id;
  const c = (await api('GET', `/api/v1/consultations/${id}`, { token })).body;
  assert.deepEqual([c.kind, c.item, c.dept.id, c.days], ['consult', null, w.dept.id, 3]);
  const q = (await getRequest(id, token)).body[0];
  assert.equal(q.service_code, `dept:${w.dept.id}`);
  assert.ok(q.service_name.includes(w.dept.name));
  const f = await postForm({ service_code: w.code, description: '咨询', 'attribute[kind]': 'consult' }, token);
  assert.equal(f.status, 201, f.text);
});

/* --- errors ------------------------------------------------------------------------------- */

test('without a citizen\'s token: 401 (missing or unknown), 403 (staff), in GeoReport\'s format', { skip }, async () => {
  const w = await st.world();
  const id = await fileRequest({ service_code: w.code, description: '测试' });
  const bogus = 'x'.repeat(43);
  for (const token of [undefined, bogus]) {
    assertGeoError(await postForm({ service_code: w.code, description: 'x' }, token), 401, 'POST');
    assertGeoError(await api('GET', '/open311/v2/requests.json', { token }), 401, 'GET list');
    assertGeoError(await getRequest(id, token), 401, 'GET one');
  }
  assertGeoError(await postForm({ service_code: w.code, description: 'x' }, w.clerk.token), 403);
  assertGeoError(await api('GET', '/open311/v2/requests.json', { token: w.clerk.token }), 403);
  assertGeoError(await getRequest(id, w.clerk.token), 403);
});

test('bad requests are 400 with one GeoReport error per problem; an unknown service is 404', { skip }, async () => {
  const w = await st.world();
  const token = await citizenToken();
  let r = await postForm({}, token);
  assertGeoError(r, 400);
  assert.equal(r.body.length, 2);
  assert.match(described(r), /service_code/);
  assert.match(described(r), /description/);
  const cases = [
    [{ service_code: w.code, description: '  ' }, /description/],
    [{ service_code: w.code, description: 'x', lat: '37.5' }, /long/],
    [{ service_code: w.code, description: 'x', lat: 'north', long: '118.5' }, /lat/],
    [{ service_code: w.code, description: 'x', lat: '95', long: '118.5' }, /lat/],
    [{ service_code: w.code, description: 'x', lat: '37', long: '181' }, /long/],
    [{ service_code: w.code, description: 'x', 'attribute[kind]': 'question' }, /attribute\[kind\]/],
    [{ service_code: w.code, description: '长'.repeat(4001) }, /description/],
    [{ service_code: w.code, description: 'x', address_string: '址'.repeat(256) }, /address_string/],
  ];
  for (const [fields, field] of cases) {
    r = await postForm(fields, token);
    assertGeoError(r, 400, JSON.stringify(fields).slice(0, 80));
    assert.match(described(r), field);
  }
  r = await api('POST', '/open311/v2/requests.json', { token,
    raw: `service_code=${encodeURIComponent(w.code)}&service_code=x&description=x`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assertGeoError(r, 400, 'a field given twice');
  r = await api('POST', '/open311/v2/requests.json', { token, raw: 'service_code=x',
    headers: { 'Content-Type': 'text/plain' } });
  assertGeoError(r, 400, 'another Content-Type');
  r = await api('POST', '/open311/v2/requests.json', { token, raw: '{"service_code":',
    headers: { 'Content-Type': 'application/json' } });
  assertGeoError(r, 400, 'malformed JSON');
  r = await api('POST', '/open311/v2/requests.json', { token, body: { service_code: 5, description: 'x' } });
  assertGeoError(r, 400, 'a number for service_code');
  r = await postForm({ service_code: fx.uniqCode('NONE'), description: 'x' }, token);
  assertGeoError(r, 404, 'an unknown service');
  assert.match(described(r), /service_code/);
  // Nothing was filed by any of these.
  const list = await api('GET', '/open311/v2/requests.json', { token });
  assert.ok(!list.body.some((q) => q.description === 'x'));
});

/* --- the caller's own list ---------------------------------------------------------------- */

test('GET requests.json lists the caller\'s own only, newest first, with GeoReport\'s filters', { skip }, async () => {
  const w = await st.world();
  const s = await cz.smsSignIn(cz.uniqPhone());
  const mine = s.access_token;
  const a1 = await fileRequest({ service_code: w.code, description: '第一件' }, mine);
  const a2 = await fileRequest({ service_code: `dept:${w.dept.id}`, description: '第二件' }, mine);
  const b1 = await fileRequest({ service_code: w.code, description: '别人的' });
  const ids = async (query) => {
    const r = await api('GET', `/open311/v2/requests.json${query}`, { token: mine });
    assert.equal(r.status, 200, r.text);
    for (const q of r.body) assert.deepEqual(Object.keys(q), REQUEST_FIELDS);
    return r.body.map((q) => q.service_request_id);
  };
  assert.deepEqual(await ids(''), [a2, a1], 'the caller\'s own, newest first');
  assert.deepEqual(await ids(`?service_request_id=${b1},${a1}`), [a1], 'someone else\'s is left out');
  assert.deepEqual(await ids(`?service_request_id=${a1},${a2}&status=closed`), [a1, a2],
    'the ids override the other arguments');
  assert.deepEqual(await ids(`?service_code=${encodeURIComponent(w.code)}`), [a1]);
  assert.deepEqual(await ids(`?service_code=${encodeURIComponent(`dept:${w.dept.id},${w.code}`)}`), [a2, a1]);
  assert.deepEqual(await ids('?status=closed'), []);
  const close = await api('POST', `/api/v1/staff/consultations/${a1}/reply`,
    { token: w.clerk.token, body: { content: '办结。', close: true } });
  assert.equal(close.status, 200, close.text);
  assert.deepEqual(await ids('?status=closed'), [a1]);
  assert.deepEqual(await ids('?status=open'), [a2]);
  assert.deepEqual(await ids('?status=open,closed&jurisdiction_id=dongying.gov.cn'), [a2, a1]);

  const now = Date.now();
  const iso = (ms) => cz.shanghaiTime(ms);
  assert.deepEqual(await ids(`?start_date=${encodeURIComponent(iso(now + 3600e3))}`), []);
  assert.deepEqual(await ids(`?end_date=${encodeURIComponent(iso(now - 3600e3))}`), []);
  assert.deepEqual(await ids(`?start_date=${encodeURIComponent(iso(now - 3600e3))}&end_date=${encodeURIComponent(iso(now + 3600e3))}`), [a2, a1]);
  assert.deepEqual(await ids(`?start_date=${iso(now).slice(0, 10)}`), [a2, a1], 'a date is that day');

  for (const bad of ['?status=pending', '?start_date=yesterday',
    `?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`]) {
    const r = await api('GET', `/open311/v2/requests.json${bad}`, { token: mine });
    assertGeoError(r, 400, bad);
  }
  assertGeoError(await getRequest(b1, mine), 404, 'someone else\'s request');
  assertGeoError(await getRequest('999999999999', mine), 404);
  assertGeoError(await getRequest('abc', mine), 404);
});
