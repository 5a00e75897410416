'use strict';
/*
 * Administration (API.md section 9): departments, items and staff accounts, with the
 * authentication, authorisation and body-validation rules every admin endpoint shares.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { api, assertError, errorFields } = require('./lib/client');
const fx = require('./lib/fixtures');

/* One request per admin endpoint, each with a valid body. */
async function adminRequests() {
  const dept = await fx.sharedDepartment();
  return [
    ['POST', '/api/v1/admin/departments', { name: `部门-${fx.uniq()}`, region_code: '370500' }],
    ['PUT', `/api/v1/admin/items/${fx.uniqCode('AUTH')}`, fx.itemDefinition(dept.id)],
    ['POST', '/api/v1/admin/staff', { username: fx.uniq('u'), password: 'long-enough-1', name: '某人',
      dept_id: dept.id, roles: ['clerk'] }],
  ];
}

test('admin endpoints without a token are 401 unauthenticated', async () => {
  for (const [method, path, body] of await adminRequests()) {
    const r = await api(method, path, { body });
    assertError(r, 401, 'unauthenticated', `${method} ${path}`);
  }
});

test('admin endpoints with a garbage token are 401 unauthenticated', async () => {
  const garbage = [
    { token: 'garbage' },
    { token: 'A'.repeat(43) },
    { headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } },
    { headers: { Authorization: 'Bearer' } },
  ];
  for (const [method, path, body] of await adminRequests()) {
    for (const g of garbage) {
      const r = await api(method, path, { body, ...g });
      assertError(r, 401, 'unauthenticated', `${method} ${path} ${JSON.stringify(g)}`);
    }
  }
});

test('a refresh token is not an access token (401)', async () => {
  const s = await fx.createStaff(['admin']);
  const tokens = await fx.login(s.username, s.password);
  const [method, path, body] = (await adminRequests())[0];
  const r = await api(method, path, { body, token: tokens.refresh_token });
  assertError(r, 401, 'unauthenticated');
});

test('admin endpoints with a clerk token are 403 forbidden', async () => {
  const dept = await fx.sharedDepartment();
  const token = await fx.staffToken(['clerk'], dept);
  for (const [method, path, body] of await adminRequests()) {
    const r = await api(method, path, { body, token });
    assertError(r, 403, 'forbidden', `${method} ${path}`);
  }
});

test('create department answers 201 with id, name and region_code', async () => {
  const name = `东营区行政审批服务局-${fx.uniq()}`;
  const r = await api('POST', '/api/v1/admin/departments',
    { body: { name, region_code: '370502' }, token: await fx.adminToken() });
  assert.equal(r.status, 201);
  assert.equal(r.body.name, name);
  assert.equal(r.body.region_code, '370502');
  assert.match(r.body.id, /^[1-9][0-9]*$/);
  const listed = await fx.eventually(async () => {
    const rows = await fx.walk('/api/v1/departments?region=370502&limit=100');
    return rows.find((d) => d.id === r.body.id);
  });
  assert.deepEqual(listed, r.body, 'the list shows it as created');
});

test('duplicate department name in the same region is 409 conflict', async () => {
  const token = await fx.adminToken();
  const name = `重复部门-${fx.uniq()}`;
  const first = await api('POST', '/api/v1/admin/departments', { body: { name, region_code: '370503' }, token });
  assert.equal(first.status, 201);
  const again = await api('POST', '/api/v1/admin/departments', { body: { name, region_code: '370503' }, token });
  assertError(again, 409, 'conflict');
  const elsewhere = await api('POST', '/api/v1/admin/departments', { body: { name, region_code: '370505' }, token });
  assert.equal(elsewhere.status, 201, 'the same name in another region is another department');
});

test('department in an unknown region is 422 with field region_code', async () => {
  const token = await fx.adminToken();
  for (const region_code of ['999999', '37050X']) {
    const r = await api('POST', '/api/v1/admin/departments',
      { body: { name: `部门-${fx.uniq()}`, region_code }, token });
    assertError(r, 422, 'validation_failed', region_code);
    assert.ok(errorFields(r).includes('region_code'));
  }
});

test('department without a name lists every missing field (422)', async () => {
  const r = await api('POST', '/api/v1/admin/departments', { body: {}, token: await fx.adminToken() });
  assertError(r, 422, 'validation_failed');
  const fields = errorFields(r);
  assert.ok(fields.includes('name') && fields.includes('region_code'), JSON.stringify(fields));
});

test('PUT item creates it (201), then replaces it (200), and GET shows the change', async () => {
  const code = fx.uniqCode('PUT');
  const created = await fx.putItem(code);
  assert.equal(created.status, 201);
  assert.equal(created.headers.location, `/api/v1/items/${code}`);
  assert.equal(created.body.version, 1);
  assert.equal(created.headers.etag, '"1"');
  const replaced = await fx.putItem(code, { name: `替换后的名称-${fx.uniq()}`, fee: '按标准收费', promised_days: 3 });
  assert.equal(replaced.status, 200);
  assert.equal(replaced.body.version, 2);
  assert.equal(replaced.body.name, replaced.definition.name);
  const got = await fx.eventually(async () => {
    const r = await api('GET', `/api/v1/items/${code}`);
    return r.body.version === 2 ? r : null;
  });
  assert.ok(got, 'GET shows version 2 within 1.5 s');
  assert.deepEqual(got.body, replaced.body, 'PUT answers the guide exactly as GET returns it');
  assert.equal(got.body.fee, '按标准收费');
  assert.equal(got.body.promised_days, 3);
});

/* GET /api/v1/items/{code} once it shows the version (the catalogue's cache follows within 1.5 s). */
async function guideAt(code, version) {
  const got = await fx.eventually(async () => {
    const r = await api('GET', `/api/v1/items/${code}`);
    return r.status === 200 && r.body.version === version ? r : null;
  });
  assert.ok(got, `GET ${code} shows version ${version}`);
  return got.body;
}

test('PUT item takes the guide as GET returns it, one field changed and dept_id added (read-only fields ignored)', async () => {
  const code = fx.uniqCode('RT');
  const dept = await fx.createDepartment();
  const par = await fx.createDepartment();
  const token = await fx.adminToken();
  await fx.putItem(code, { dept_id: dept.id });
  const guide = await guideAt(code, 1);
  // Every read-only field of the guide is there: the body below is really GET's.
  for (const k of ['dept', 'depth_label', 'parallel_depts', 'version', 'updated_at'])
    assert.ok(k in guide, k);
  const body = { ...guide, fee: `按标准收费-${fx.uniq()}`, dept_id: guide.dept.id };
  const r = await api('PUT', `/api/v1/admin/items/${code}`, { body, token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.version, 2);
  const after = await guideAt(code, 2);
  assert.equal(after.fee, body.fee);
  const same = (g) => { const { fee, version, updated_at: u, ...rest } = g; return rest; };
  assert.deepEqual(same(after), same(guide), 'nothing else changed');

  // The read-only fields are ignored, whatever they say.
  const stale = { ...after, dept_id: dept.id, version: 99, depth_label: '乱写', updated_at: 'x',
    dept: { id: '1', name: '别的部门' } };
  const r2 = await api('PUT', `/api/v1/admin/items/${code}`, { body: stale, token });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.body.version, 3);
  assert.deepEqual(r2.body.dept, { id: String(dept.id), name: dept.name });
  assert.equal(r2.body.depth_label, after.depth_label);

  // Parallel departments go back by parallel_dept_ids; without them they would be dropped.
  const withPar = await api('PUT', `/api/v1/admin/items/${code}`,
    { body: { ...r2.body, dept_id: dept.id, parallel_dept_ids: [par.id] }, token });
  assert.equal(withPar.status, 200, withPar.text);
  assert.deepEqual(withPar.body.parallel_depts.map((p) => p.id), [String(par.id)]);
  const back = await api('PUT', `/api/v1/admin/items/${code}`,
    { body: { ...withPar.body, dept_id: dept.id, parallel_dept_ids: [par.id] }, token });
  assert.equal(back.status, 200, back.text);
  assert.deepEqual(back.body.parallel_depts, withPar.body.parallel_depts);
  const dropped = await api('PUT', `/api/v1/admin/items/${code}`,
    { body: { ...withPar.body, dept_id: dept.id }, token });
  assertError(dropped, 422, 'validation_failed');
  assert.deepEqual(errorFields(dropped), ['parallel_dept_ids']);

  // Without dept_id the guide's dept does not stand in for it; unknown fields still fail.
  const noDeptId = await api('PUT', `/api/v1/admin/items/${code}`, { body: { ...after }, token });
  assertError(noDeptId, 422, 'validation_failed');
  assert.ok(errorFields(noDeptId).includes('dept_id'), JSON.stringify(errorFields(noDeptId)));
  const unknown = await api('PUT', `/api/v1/admin/items/${code}`,
    { body: { ...after, dept_id: dept.id, colour: 'red' }, token });
  assertError(unknown, 400, 'bad_request');
  assert.deepEqual(errorFields(unknown), ['colour']);
  const nested = await api('PUT', `/api/v1/admin/items/${code}`,
    { body: { ...after, dept_id: dept.id, materials: [{ ...after.materials[0], colour: 'red' }] }, token });
  assertError(nested, 400, 'bad_request');
  assert.deepEqual(errorFields(nested), ['materials[0].colour']);
});

test('PUT item fills defaults: copies 1, max_bytes 20 MiB, empty note and conditions', async () => {
  const code = fx.uniqCode('DEF');
  const { body } = await fx.putItem(code, {
    conditions: undefined,
    materials: [{ id: 'm1', name: '身份证明', required: true, formats: ['png'] }],
    form: [{ key: 'phone', label: '联系电话', type: 'phone', required: true }],
  });
  assert.deepEqual(body.materials, [{ id: 'm1', name: '身份证明', required: true, copies: 1,
    formats: ['png'], max_bytes: 20971520, note: '' }]);
  assert.deepEqual(body.form, [{ key: 'phone', label: '联系电话', type: 'phone', required: true,
    max_length: null, options: null }]);
  assert.equal(body.conditions, '');
});

test('an invalid item definition is 422 validation_failed listing every problem at once', async () => {
  const dept = await fx.sharedDepartment();
  const def = fx.itemDefinition(dept.id, {
    depth: 4,
    promised_days: 30,
    legal_days: 20,
    dept_id: '999999999',
  });
  delete def.name;
  def.materials[0].formats = ['pdf', 'exe'];
  def.form[1].options = null; // a select without options
  const r = await api('PUT', `/api/v1/admin/items/${fx.uniqCode('BAD')}`, { body: def, token: await fx.adminToken() });
  assertError(r, 422, 'validation_failed');
  const fields = new Set(errorFields(r));
  for (const f of ['depth', 'name', 'materials[0].formats', 'form[1].options', 'promised_days', 'dept_id'])
    assert.ok(fields.has(f), `fields name ${f}: ${JSON.stringify([...fields])}`);
});

test('more invalid item definitions are 422 with the offending field', async () => {
  const dept = await fx.sharedDepartment();
  const cases = [
    ['kind', { kind: '不存在的类型' }],
    ['region_code', { region_code: '999999' }],
    ['visits_required', { depth: 3, visits_required: 1 }],
    ['materials[1].id', { materials: [fx.itemDefinition(dept.id).materials[0], fx.itemDefinition(dept.id).materials[0]] }],
    ['form[0].type', { form: [{ key: 'x', label: '某字段', type: 'colour', required: true }] }],
    ['form[0].options', { form: [{ key: 'x', label: '某字段', type: 'text', required: true, options: ['a'] }] }],
    ['parallel_dept_ids', { parallel_dept_ids: [dept.id] }],
    ['code', { code: 'SOMETHING-ELSE' }],
  ];
  for (const [field, overrides] of cases) {
    const r = await api('PUT', `/api/v1/admin/items/${fx.uniqCode('BAD')}`,
      { body: fx.itemDefinition(dept.id, overrides), token: await fx.adminToken() });
    assertError(r, 422, 'validation_failed', field);
    assert.ok(errorFields(r).some((f) => f === field || f.startsWith(`${field}[`)),
      `${field}: ${JSON.stringify(errorFields(r))}`);
  }
});

test('nothing is written when a definition is invalid', async () => {
  const code = fx.uniqCode('NOWRITE');
  const dept = await fx.sharedDepartment();
  const r = await api('PUT', `/api/v1/admin/items/${code}`,
    { body: fx.itemDefinition(dept.id, { depth: 9 }), token: await fx.adminToken() });
  assert.equal(r.status, 422);
  assertError(await api('GET', `/api/v1/items/${code}`), 404, 'not_found');
});

test('malformed JSON is 400 invalid_json', async () => {
  const token = await fx.adminToken();
  for (const raw of ['{"name": ', '{"name":"x",}', 'nul', '{"a":1}{"b":2}']) {
    const r = await api('POST', '/api/v1/admin/departments',
      { raw, headers: { 'Content-Type': 'application/json' }, token });
    assertError(r, 400, 'invalid_json', raw);
  }
});

test('an empty body is 400 invalid_json', async () => {
  const r = await api('POST', '/api/v1/admin/departments',
    { raw: '', headers: { 'Content-Type': 'application/json' }, token: await fx.adminToken() });
  assertError(r, 400, 'invalid_json');
});

test('invalid UTF-8 in the body is 400 invalid_json', async () => {
  const raw = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from('","region_code":"370500"}')]);
  const r = await api('POST', '/api/v1/admin/departments',
    { raw, headers: { 'Content-Type': 'application/json; charset=utf-8' }, token: await fx.adminToken() });
  assertError(r, 400, 'invalid_json');
});

test('wrong JSON types are 400 bad_request with fields', async () => {
  const token = await fx.adminToken();
  const dept = await fx.sharedDepartment();
  const item = await api('PUT', `/api/v1/admin/items/${fx.uniqCode('TYPE')}`,
    { body: fx.itemDefinition(dept.id, { depth: '3', materials: 'none' }), token });
  assertError(item, 400, 'bad_request');
  const fields = errorFields(item);
  assert.ok(fields.includes('depth') && fields.includes('materials'), JSON.stringify(fields));

  const d = await api('POST', '/api/v1/admin/departments', { body: { name: 42, region_code: '370500' }, token });
  assertError(d, 400, 'bad_request');
  assert.ok(errorFields(d).includes('name'));

  const arr = await api('POST', '/api/v1/admin/departments', { body: [1, 2], token });
  assertError(arr, 400, 'bad_request', 'a JSON array body');
});

test('an unknown field is 400 bad_request naming it', async () => {
  const dept = await fx.sharedDepartment();
  const r = await api('PUT', `/api/v1/admin/items/${fx.uniqCode('UNK')}`,
    { body: fx.itemDefinition(dept.id, { colour: 'red' }), token: await fx.adminToken() });
  assertError(r, 400, 'bad_request');
  assert.ok(errorFields(r).includes('colour'));
});

test('a body over 1 MiB is a JSON 413 payload_too_large', async () => {
  const body = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 16), region_code: '370500' });
  const r = await api('POST', '/api/v1/admin/departments',
    { raw: body, headers: { 'Content-Type': 'application/json' }, token: await fx.adminToken() });
  assertError(r, 413, 'payload_too_large');
});

test('a body that is not application/json is 415 unsupported_media_type', async () => {
  const token = await fx.adminToken();
  const json = JSON.stringify({ name: `部门-${fx.uniq()}`, region_code: '370500' });
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', undefined]) {
    const r = await api('POST', '/api/v1/admin/departments', { raw: json, headers: { 'Content-Type': ct }, token });
    assertError(r, 415, 'unsupported_media_type', String(ct));
  }
});

test('create staff answers 201 with id, username, name, dept and roles', async () => {
  const dept = await fx.sharedDepartment();
  const username = fx.uniq('u');
  const r = await api('POST', '/api/v1/admin/staff', {
    body: { username, password: 'correct-horse-1', name: '李娜', dept_id: dept.id, roles: ['reviewer', 'clerk'] },
    token: await fx.adminToken(),
  });
  assert.equal(r.status, 201);
  assert.match(r.body.id, /^[1-9][0-9]*$/);
  assert.equal(r.body.username, username);
  assert.equal(r.body.name, '李娜');
  assert.deepEqual(r.body.dept, { id: dept.id, name: dept.name });
  assert.deepEqual([...r.body.roles].sort(), ['clerk', 'reviewer']);
});

test('a supervisor needs no department (dept is null)', async () => {
  const { staff } = await fx.createStaff(['supervisor']);
  assert.equal(staff.dept, null);
  assert.deepEqual(staff.roles, ['supervisor']);
});

test('duplicate username is 409 conflict', async () => {
  const dept = await fx.sharedDepartment();
  const { username } = await fx.createStaff(['clerk'], dept);
  const r = await api('POST', '/api/v1/admin/staff', {
    body: { username, password: 'another-pass-1', name: '王芳', dept_id: dept.id, roles: ['clerk'] },
    token: await fx.adminToken(),
  });
  assertError(r, 409, 'conflict');
});

test('a password under 8 characters is 422 with field password', async () => {
  const dept = await fx.sharedDepartment();
  for (const password of ['short', '1234567', '']) {
    const r = await api('POST', '/api/v1/admin/staff', {
      body: { username: fx.uniq('u'), password, name: '王芳', dept_id: dept.id, roles: ['clerk'] },
      token: await fx.adminToken(),
    });
    assertError(r, 422, 'validation_failed', JSON.stringify(password));
    assert.ok(errorFields(r).includes('password'));
  }
});

test('an unknown role is 422 with field roles[0]', async () => {
  const dept = await fx.sharedDepartment();
  const r = await api('POST', '/api/v1/admin/staff', {
    body: { username: fx.uniq('u'), password: 'long-enough-1', name: '王芳', dept_id: dept.id, roles: ['root'] },
    token: await fx.adminToken(),
  });
  assertError(r, 422, 'validation_failed');
  assert.ok(errorFields(r).includes('roles[0]'), JSON.stringify(errorFields(r)));
  const none = await api('POST', '/api/v1/admin/staff', {
    body: { username: fx.uniq('u'), password: 'long-enough-1', name: '王芳', dept_id: dept.id, roles: [] },
    token: await fx.adminToken(),
  });
  assertError(none, 422, 'validation_failed', 'no roles');
  assert.ok(errorFields(none).includes('roles'));
});

test('a clerk without a department, or with an unknown one, is 422 with field dept_id', async () => {
  for (const dept_id of [null, '999999999']) {
    const r = await api('POST', '/api/v1/admin/staff', {
      body: { username: fx.uniq('u'), password: 'long-enough-1', name: '王芳', dept_id, roles: ['clerk'] },
      token: await fx.adminToken(),
    });
    assertError(r, 422, 'validation_failed', String(dept_id));
    assert.ok(errorFields(r).includes('dept_id'));
  }
});

test('a username with characters outside [a-z0-9_.-] is 422 with field username', async () => {
  const r = await api('POST', '/api/v1/admin/staff', {
    body: { username: 'Bad Name!', password: 'long-enough-1', name: '王芳', dept_id: null, roles: ['supervisor'] },
    token: await fx.adminToken(),
  });
  assertError(r, 422, 'validation_failed');
  assert.ok(errorFields(r).includes('username'));
});
