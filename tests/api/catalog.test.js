'use strict';
/*
 * The public service catalogue (API.md section 2): regions, departments, items, guides,
 * paging, search, caching and compression. Every response is checked against the spec by
 * lib/client.js; these tests check the behaviour on top of that.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const zlib = require('node:zlib');
const { api, assertError, errorFields } = require('./lib/client');
const fx = require('./lib/fixtures');

const DONGYING_CHILDREN = ['370502', '370503', '370505', '370522', '370523', '370571', '370572'];

/* Whether an item summary matches q as the server's collation does (case, width). */
function matches(item, q) {
  const norm = (x) => x.normalize('NFKC').toLowerCase();
  return norm(item.name).includes(norm(q)) || norm(item.code).includes(norm(q));
}

/* The codes of a list walk, failing on a repeated one. */
function codesOnce(rows, what) {
  const codes = rows.map((r) => r.code);
  const dup = codes.filter((c, i) => codes.indexOf(c) !== i);
  assert.deepEqual(dup, [], `${what}: items listed more than once`);
  return codes;
}

test('regions tree is Dongying (370500) with its 7 districts, counties and zones', async () => {
  const r = await api('GET', '/api/v1/regions');
  assert.equal(r.status, 200);
  assert.equal(r.body.data.length, 1, 'one root: the city');
  const root = r.body.data[0];
  assert.equal(root.code, '370500');
  assert.equal(root.level, 'city');
  assert.equal(root.name, '东营市');
  assert.deepEqual(root.children.map((c) => c.code).sort(), DONGYING_CHILDREN);
  const level = Object.fromEntries(root.children.map((c) => [c.code, c.level]));
  assert.equal(level['370502'], 'district');
  assert.equal(level['370522'], 'county');
  assert.equal(level['370571'], 'zone');
  assert.equal(level['370572'], 'zone');
  for (const c of root.children) assert.deepEqual(c.children, [], `${c.code} has no children`);
});

test('departments list pages through every department once, in id order', async () => {
  const all = await fx.walk('/api/v1/departments?limit=100', { limit: 100 });
  assert.ok(all.length >= 1, 'demo departments exist');
  const small = await fx.walk('/api/v1/departments?limit=3', { limit: 3 });
  const ids = small.map((d) => BigInt(d.id));
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1], 'ids increase');
  const smallIds = new Set(small.map((d) => d.id));
  for (const d of all) assert.ok(smallIds.has(d.id), `department ${d.id} missing from the small-page walk`);
});

test('departments ?region= lists only that region\'s departments', async () => {
  const mine = await fx.createDepartment({ region_code: '370523' });
  const rows = await fx.eventually(async () => {
    const list = await fx.walk('/api/v1/departments?region=370523&limit=100');
    return list.some((d) => d.id === mine.id) ? list : null;
  });
  assert.ok(rows, 'the new department is listed under its region');
  for (const d of rows) assert.equal(d.region_code, '370523');
  const city = await fx.walk('/api/v1/departments?region=370500&limit=100');
  assert.ok(!city.some((d) => d.id === mine.id), 'not listed under another region');
});

test('departments of an unknown region is an empty list', async () => {
  const r = await api('GET', '/api/v1/departments?region=999999');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { data: [], next_cursor: null });
});

test('a malformed region filter is 400 bad_request', async () => {
  for (const path of ['/api/v1/departments?region=abc', '/api/v1/items?region=37050']) {
    const r = await api('GET', path);
    assertError(r, 400, 'bad_request', path);
    assert.ok(errorFields(r).includes('region'), `${path}: fields name region`);
  }
});

test('items list with limit=2 walks every item exactly once via next_cursor', async () => {
  const before = codesOnce(await fx.walk('/api/v1/items?limit=100', { limit: 100 }), 'limit=100');
  assert.ok(before.length >= 40, `at least 40 items (demo data), got ${before.length}`);
  const small = codesOnce(await fx.walk('/api/v1/items?limit=2', { limit: 2 }), 'limit=2');
  const got = new Set(small);
  const missing = before.filter((c) => !got.has(c));
  assert.deepEqual(missing, [], 'every item is listed');
});

test('items walk is stable when items are inserted mid-walk', async () => {
  const dept = await fx.createDepartment();
  const p = fx.uniqCode('PG');
  const originals = ['B1', 'B2', 'B3', 'B4', 'B5'].map((s) => `${p}-${s}`);
  for (const code of originals) await fx.putItem(code, { dept_id: dept.id });
  const before = `${p}-A0`;
  const after = `${p}-Z9`;
  const rows = await fx.walk(`/api/v1/items?dept=${dept.id}&limit=2`, {
    limit: 2,
    onPage: async (body, page) => {
      if (page !== 0) return;
      assert.deepEqual(body.data.map((i) => i.code), originals.slice(0, 2));
      await fx.putItem(before, { dept_id: dept.id });
      await fx.putItem(after, { dept_id: dept.id });
    },
  });
  const codes = codesOnce(rows, 'walk with inserts');
  assert.deepEqual(codes, [...originals, after],
    'each original once; the insert after the cursor appears, the one before it does not');
});

test('q finds an item by a Chinese substring of its name', async () => {
  const han = fx.uniqHan(4);
  const code = fx.uniqCode('Q');
  await fx.putItem(code, { name: `${han}登记测试事项` });
  const r = await api('GET', `/api/v1/items?q=${encodeURIComponent(han)}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.data.map((i) => i.code), [code]);
  assert.equal(r.body.data[0].name, `${han}登记测试事项`);

  const all = await fx.walk(`/api/v1/items?q=${encodeURIComponent('登记')}&limit=100`);
  assert.ok(all.some((i) => i.code === code), 'q=登记 finds the item');
  for (const i of all) assert.ok(matches(i, '登记'), `${i.code} ${i.name} matches 登记`);
});

test('q finds an item by its code', async () => {
  const code = fx.uniqCode('QC');
  await fx.putItem(code);
  for (const q of [code, code.slice(3)]) {
    const r = await api('GET', `/api/v1/items?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data.map((i) => i.code), [code], `q=${q}`);
  }
});

test('dept, region and depth filters list only matching items', async () => {
  const dept = await fx.createDepartment();
  const a = fx.uniqCode('FA');
  const b = fx.uniqCode('FB');
  await fx.putItem(a, { dept_id: dept.id, region_code: '370571', depth: 3, visits_required: 0 });
  await fx.putItem(b, { dept_id: dept.id, region_code: '370500', depth: 1, visits_required: 2 });

  const byDept = await api('GET', `/api/v1/items?dept=${dept.id}`);
  assert.deepEqual(byDept.body.data.map((i) => i.code).sort(), [a, b].sort());
  for (const i of byDept.body.data) assert.deepEqual(i.dept, { id: dept.id, name: dept.name });

  const byRegion = await api('GET', `/api/v1/items?dept=${dept.id}&region=370571`);
  assert.deepEqual(byRegion.body.data.map((i) => i.code), [a]);

  const byDepth = await api('GET', `/api/v1/items?dept=${dept.id}&depth=1`);
  assert.deepEqual(byDepth.body.data.map((i) => i.code), [b]);

  const depth3 = await fx.walk('/api/v1/items?depth=3&limit=100');
  assert.ok(depth3.some((i) => i.code === a));
  for (const i of depth3) assert.equal(i.depth, 3, `${i.code} has depth 3`);

  const none = await api('GET', '/api/v1/items?dept=999999999');
  assert.deepEqual(none.body, { data: [], next_cursor: null });
});

test('bad limit (0, 101, abc, -1) is 400 bad_request', async () => {
  for (const list of ['/api/v1/items', '/api/v1/departments']) {
    for (const limit of ['0', '101', 'abc', '-1', '2.5']) {
      const r = await api('GET', `${list}?limit=${limit}`);
      assertError(r, 400, 'bad_request', `${list}?limit=${limit}`);
      assert.ok(errorFields(r).includes('limit'), `${list}?limit=${limit}: fields name limit`);
    }
    const ok = await api('GET', `${list}?limit=100`);
    assert.equal(ok.status, 200);
    assert.ok(ok.body.data.length <= 100);
  }
});

test('bad filters (dept=x, depth=4) are 400 bad_request', async () => {
  for (const [q, field] of [['dept=x', 'dept'], ['dept=0', 'dept'], ['depth=4', 'depth'], ['depth=abc', 'depth']]) {
    const r = await api('GET', `/api/v1/items?${q}`);
    assertError(r, 400, 'bad_request', q);
    assert.ok(errorFields(r).includes(field), `${q}: fields name ${field}`);
  }
});

test('a cursor the server did not make is 400 bad_request', async () => {
  const depts = await api('GET', '/api/v1/departments?limit=1');
  const foreign = depts.body.next_cursor; // a departments cursor, used on items
  const bad = ['garbage!!', 'Zm9v', 'A'.repeat(500), '%00'];
  if (foreign) bad.push(foreign);
  for (const c of bad) {
    const r = await api('GET', `/api/v1/items?cursor=${c === '%00' ? c : encodeURIComponent(c)}`);
    assertError(r, 400, 'bad_request', `cursor ${c.slice(0, 20)}`);
  }
  const r = await api('GET', `/api/v1/departments?cursor=${encodeURIComponent('garbage!!')}`);
  assertError(r, 400, 'bad_request', 'departments cursor');
});

test('item detail returns the full service guide', async () => {
  const lead = await fx.createDepartment();
  const parallel = await fx.createDepartment();
  const code = fx.uniqCode('D');
  const put = await fx.putItem(code, {
    dept_id: lead.id, parallel_dept_ids: [parallel.id], depth: 3, visits_required: 0,
    region_code: '370502', kind: '公共服务',
  });
  assert.equal(put.status, 201);
  const def = put.definition;
  const r = await api('GET', `/api/v1/items/${code}`);
  assert.equal(r.status, 200);
  const g = r.body;
  assert.equal(g.code, code);
  assert.equal(g.name, def.name);
  assert.equal(g.kind, '公共服务');
  assert.deepEqual(g.dept, { id: lead.id, name: lead.name });
  assert.equal(g.region_code, '370502');
  assert.equal(g.depth, 3);
  assert.ok(g.depth_label.length > 0, 'depth_label');
  assert.equal(g.legal_days, def.legal_days);
  assert.equal(g.promised_days, def.promised_days);
  assert.equal(g.visits_required, 0);
  assert.equal(g.fee, def.fee);
  assert.equal(g.legal_basis, def.legal_basis);
  assert.equal(g.conditions, def.conditions);
  assert.deepEqual(g.materials, def.materials);
  assert.deepEqual(g.form, def.form);
  assert.deepEqual(g.windows, def.windows);
  assert.deepEqual(g.parallel_depts, [{ id: parallel.id, name: parallel.name }]);
  assert.equal(g.version, 1);
  assert.ok(Math.abs(Date.parse(g.updated_at) - Date.now()) < 10 * 60 * 1000, 'updated_at is now');
});

test('depth labels differ by depth', async () => {
  const labels = new Set();
  for (const [depth, visits] of [[1, 1], [2, 1], [3, 0]]) {
    const code = fx.uniqCode('DL');
    const { body } = await fx.putItem(code, { depth, visits_required: visits });
    assert.equal(body.depth, depth);
    labels.add(body.depth_label);
  }
  assert.equal(labels.size, 3);
});

test('unknown item is a JSON 404 not_found', async () => {
  const r = await api('GET', `/api/v1/items/${fx.uniqCode('NOPE')}`);
  assertError(r, 404, 'not_found');
  const bad = await api('GET', `/api/v1/items/${'x'.repeat(65)}`);
  assertError(bad, 404, 'not_found', 'a code over 64 characters');
});

test('item detail sends ETag and Cache-Control; If-None-Match gives 304 with an empty body', async () => {
  const code = fx.uniqCode('E');
  await fx.putItem(code);
  const r = await api('GET', `/api/v1/items/${code}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.etag, `"${r.body.version}"`, 'the ETag is the version in quotes');
  assert.match(r.headers['cache-control'], /max-age=\d+/);
  const nm = await api('GET', `/api/v1/items/${code}`, { headers: { 'If-None-Match': r.headers.etag } });
  assert.equal(nm.status, 304);
  assert.equal(nm.wire.length, 0);
  assert.equal(nm.headers.etag, r.headers.etag);
  const other = await api('GET', `/api/v1/items/${code}`, { headers: { 'If-None-Match': '"999999"' } });
  assert.equal(other.status, 200);
  const list = await api('GET', `/api/v1/items/${code}`, {
    headers: { 'If-None-Match': `"999999", ${r.headers.etag}` } });
  assert.equal(list.status, 304, 'a list of tags that includes the current one');
});

test('an admin PUT changes the item ETag within 1 s', async () => {
  const code = fx.uniqCode('EC');
  await fx.putItem(code);
  const first = await api('GET', `/api/v1/items/${code}`);
  const etag = first.headers.etag;
  const put = await fx.putItem(code, { name: `改名后的事项-${fx.uniq()}` });
  assert.equal(put.status, 200);
  const start = Date.now();
  const changed = await fx.eventually(async () => {
    const r = await api('GET', `/api/v1/items/${code}`, { headers: { 'If-None-Match': etag } });
    return r.status === 200 ? r : null;
  }, { timeout: 1000, interval: 50 });
  assert.ok(changed, `the old ETag still matched after ${Date.now() - start} ms`);
  assert.notEqual(changed.headers.etag, etag);
  assert.equal(changed.body.name, put.definition.name);
  assert.equal(changed.body.version, first.body.version + 1);
});

test('lists send ETag and Cache-Control and honour If-None-Match', async () => {
  // The item list is one department's own, so that other tests' inserts cannot change it.
  const dept = await fx.createDepartment();
  await fx.putItem(fx.uniqCode('LE'), { dept_id: dept.id });
  for (const path of ['/api/v1/regions', '/api/v1/departments?limit=5', `/api/v1/items?dept=${dept.id}`]) {
    const r = await api('GET', path);
    assert.equal(r.status, 200);
    assert.ok(r.headers['cache-control'], `${path}: Cache-Control`);
    const nm = await api('GET', path, { headers: { 'If-None-Match': r.headers.etag } });
    assert.equal(nm.status, 304, path);
    assert.equal(nm.wire.length, 0, `${path}: 304 has no body`);
  }
});

test('a list response over 1 KB is gzip-compressed when the client accepts gzip', async () => {
  const r = await api('GET', '/api/v1/items?limit=100', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.ok(r.raw.length > 1024, `the list is over 1 KB (${r.raw.length} bytes)`);
  assert.equal(r.headers['content-encoding'], 'gzip');
  assert.ok(r.wire.length < r.raw.length, 'compressed is smaller');
  assert.deepEqual(JSON.parse(zlib.gunzipSync(r.wire).toString('utf8')), r.body);
  const plain = await api('GET', '/api/v1/items?limit=100');
  assert.equal(plain.headers['content-encoding'], undefined, 'not compressed unless asked');
});

test('SQL metacharacters in q, dept, region, cursor and code are harmless', async () => {
  const nasty = ["' OR 1=1 --", '%', '_', '\\', '\\\\', '";DROP TABLE items;--', "'; SELECT SLEEP(5); --"];
  for (const v of nasty) {
    const e = encodeURIComponent(v);
    const q = await api('GET', `/api/v1/items?q=${e}&limit=100`);
    assert.equal(q.status, 200, `q=${v}`);
    for (const i of q.body.data)
      assert.ok(matches(i, v), `q=${v} matched ${i.code} ${i.name}`);
    for (const param of ['dept', 'region', 'cursor']) {
      const r = await api('GET', `/api/v1/items?${param}=${e}`);
      assertError(r, 400, 'bad_request', `${param}=${v}`);
    }
    const d = await api('GET', `/api/v1/departments?region=${e}`);
    assertError(d, 400, 'bad_request', `departments region=${v}`);
    const item = await api('GET', `/api/v1/items/${e}`);
    assertError(item, 404, 'not_found', `item code ${v}`);
  }
  const after = await fx.walk('/api/v1/items?limit=100');
  assert.ok(after.length >= 40, 'items still exist');
  const depts = await api('GET', '/api/v1/departments?limit=1');
  assert.equal(depts.body.data.length, 1, 'departments still exist');
});

test('% and _ in q match literally, not as LIKE wildcards', async () => {
  const tag = fx.uniqHan(3);
  const pct = fx.uniqCode('PCT');
  const under = fx.uniqCode('UND');
  await fx.putItem(pct, { name: `${tag}减免100%事项` });
  await fx.putItem(under, { name: `${tag}下划线_事项` });
  await fx.putItem(fx.uniqCode('PLAIN'), { name: `${tag}普通事项` });

  const p = await api('GET', `/api/v1/items?q=${encodeURIComponent(`${tag}减免100%`)}`);
  assert.deepEqual(p.body.data.map((i) => i.code), [pct]);
  const all = await fx.walk(`/api/v1/items?q=${encodeURIComponent('%')}&limit=100`);
  assert.ok(all.some((i) => i.code === pct));
  for (const i of all) assert.ok(matches(i, '%'), `q=% matched ${i.name}`);

  const u = await fx.walk(`/api/v1/items?q=${encodeURIComponent('_')}&limit=100`);
  assert.ok(u.some((i) => i.code === under));
  for (const i of u) assert.ok(matches(i, '_'), `q=_ matched ${i.code} ${i.name}`);

  const mine = await api('GET', `/api/v1/items?q=${encodeURIComponent(tag)}`);
  assert.equal(mine.body.data.length, 3, 'the three test items share the tag');
});

test('a q over 50 characters is 400 bad_request', async () => {
  const r = await api('GET', `/api/v1/items?q=${encodeURIComponent('登'.repeat(51))}`);
  assertError(r, 400, 'bad_request');
  assert.ok(errorFields(r).includes('q'));
});
