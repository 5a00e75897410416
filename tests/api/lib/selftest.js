'use strict';
/*
 * selftest.js: proves the response validator (lib/spec.js) against hand-written answers,
 * with no server: each good sample must pass, each bad one must be caught.
 *   node lib/selftest.js      (exit status 1 on any mismatch)
 * spec.test.js runs the same cases inside the suite.
 */
const { validator } = require('./spec');

const RID = 'abc-123';
const JSON_CT = 'application/json; charset=utf-8';

function json(status, body, headers = {}) {
  return { status, headers: { 'content-type': JSON_CT, 'x-request-id': RID, ...headers },
    body: JSON.stringify(body) };
}

function error(status, code, extra = {}, headers = {}) {
  return json(status, { error: { code, message: '出错了', ...extra }, request_id: RID }, headers);
}

const CACHE = { etag: '"h0123456789abcdef"', 'cache-control': 'public, max-age=60' };
const DEPT = { id: '3', name: '东营市市场监督管理局' };

function guide() {
  return JSON.parse(JSON.stringify(validator().spec.components.examples.ItemGuide.value));
}

function withGuide(mutate) {
  const g = guide();
  mutate(g);
  return json(200, g, { etag: '"3"', 'cache-control': 'public, max-age=60' });
}

const regions = {
  data: [{ code: '370500', name: '东营市', level: 'city', children: [
    { code: '370502', name: '东营区', level: 'district', children: [] },
    { code: '370571', name: '东营经济技术开发区', level: 'zone', children: [] },
  ] }],
};

const summary = { code: 'A-1', name: '个体工商户设立登记', dept: DEPT, depth: 3, promised_days: 1,
  visits_required: 0 };

const login = { access_token: 'a'.repeat(43), refresh_token: 'b'.repeat(43), expires_in: 1800,
  token_type: 'Bearer', staff: { id: '12', username: 'zhangwei', name: '张伟', dept: DEPT,
    roles: ['clerk'] } };

/* [name, method, path, response]: each must validate with no problem. */
const GOOD = [
  ['regions tree', 'GET', '/api/v1/regions', json(200, regions, CACHE)],
  ['departments page', 'GET', '/api/v1/departments?limit=1',
    json(200, { data: [{ id: '3', name: '市场监管局', region_code: '370500' }], next_cursor: 'ZDoz' }, CACHE)],
  ['items page, last', 'GET', '/api/v1/items', json(200, { data: [summary], next_cursor: null }, CACHE)],
  ['items page, weak ETag after gzip', 'GET', '/api/v1/items',
    json(200, { data: [], next_cursor: null }, { ...CACHE, etag: 'W/"h01"' })],
  ['item guide', 'GET', '/api/v1/items/SCJG-GTGSH-001', withGuide(() => {})],
  ['item guide, staff dept null elsewhere', 'GET', '/api/v1/items/X', withGuide((g) => { g.parallel_depts = []; })],
  ['304', 'GET', '/api/v1/items/X', { status: 304, headers: { 'x-request-id': RID, etag: '"3"' }, body: '' }],
  ['unknown item', 'GET', '/api/v1/items/NOPE', error(404, 'not_found')],
  ['bad limit', 'GET', '/api/v1/items?limit=0', error(400, 'bad_request', { fields: [{ field: 'limit', code: 'out_of_range' }] })],
  ['login', 'POST', '/api/v1/staff/auth/login', json(200, login, { 'cache-control': 'no-store' })],
  ['login, admin without dept', 'POST', '/api/v1/staff/auth/login',
    json(200, { ...login, staff: { ...login.staff, dept: null, roles: ['admin'] } }, { 'cache-control': 'no-store' })],
  ['wrong password', 'POST', '/api/v1/staff/auth/login', error(401, 'unauthenticated')],
  ['department created', 'POST', '/api/v1/admin/departments',
    json(201, { id: '17', name: '行政审批服务局', region_code: '370500' })],
  ['item created', 'PUT', '/api/v1/admin/items/X',
    { ...withGuide(() => {}), status: 201, headers: { ...withGuide(() => {}).headers, location: '/api/v1/items/X' } }],
  ['item replaced', 'PUT', '/api/v1/admin/items/X', withGuide(() => {})],
  ['item invalid', 'PUT', '/api/v1/admin/items/X',
    error(422, 'validation_failed', { fields: [{ field: 'depth', code: 'out_of_range' }] })],
  ['staff created', 'POST', '/api/v1/admin/staff', json(201, login.staff)],
  ['staff duplicate', 'POST', '/api/v1/admin/staff', error(409, 'conflict')],
  ['too large', 'POST', '/api/v1/admin/staff', error(413, 'payload_too_large')],
  ['rate limited', 'POST', '/api/v1/staff/auth/login', error(429, 'rate_limited', {}, { 'retry-after': '1' })],
  ['database down', 'GET', '/readyz', error(503, 'unavailable', {}, { 'retry-after': '5' })],
  ['healthz', 'GET', '/healthz', json(200, { status: 'ok' })],
  ['metrics', 'GET', '/metrics', { status: 200, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    'x-request-id': RID }, body: 'yiwang_http_requests_total{app="catalog"} 1\n' }],
  ['docs', 'GET', '/docs', { status: 200, headers: { 'content-type': 'text/html', 'x-request-id': RID }, body: '<html></html>' }],
  ['405 on a declared path', 'DELETE', '/api/v1/regions', error(405, 'method_not_allowed', {}, { allow: 'GET, HEAD' })],
  ['nginx 404 on an undeclared path', 'GET', '/nothing', error(404, 'not_found')],
  ['nginx 502 on an undeclared path', 'GET', '/api/v1/nope', error(502, 'unavailable')],
  ['nginx 413 on a declared path, undeclared method', 'PATCH', '/api/v1/regions', error(413, 'payload_too_large')],
];

/* [name, method, path, response]: each must be reported. */
const BAD = [
  ['a stray field in an item summary', 'GET', '/api/v1/items',
    json(200, { data: [{ ...summary, extra: 1 }], next_cursor: null }, CACHE)],
  ['no next_cursor', 'GET', '/api/v1/items', json(200, { data: [] }, CACHE)],
  ['next_cursor on the regions tree', 'GET', '/api/v1/regions', json(200, { ...regions, next_cursor: null }, CACHE)],
  ['a region without children', 'GET', '/api/v1/regions',
    json(200, { data: [{ code: '370500', name: '东营市', level: 'city' }] }, CACHE)],
  ['a numeric department id', 'GET', '/api/v1/departments',
    json(200, { data: [{ id: 3, name: 'x', region_code: '370500' }], next_cursor: null }, CACHE)],
  ['no ETag on a catalogue read', 'GET', '/api/v1/items',
    json(200, { data: [], next_cursor: null }, { 'cache-control': 'public, max-age=60' })],
  ['no X-Request-Id', 'GET', '/healthz', { status: 200, headers: { 'content-type': JSON_CT }, body: '{"status":"ok"}' }],
  ['an invalid X-Request-Id', 'GET', '/healthz', json(200, { status: 'ok' }, { 'x-request-id': 'a b' })],
  ['request_id differs from the header', 'GET', '/api/v1/items/NOPE',
    json(404, { error: { code: 'not_found', message: 'x' }, request_id: 'other' })],
  ['an undeclared status', 'GET', '/api/v1/regions', error(418, 'teapot')],
  ['a 500 where the spec has none', 'GET', '/docs', error(500, 'internal')],
  ['an HTML error', 'GET', '/api/v1/items/NOPE',
    { status: 404, headers: { 'content-type': 'text/html', 'x-request-id': RID }, body: '<html>404</html>' }],
  ['an HTML 404 on an undeclared path', 'GET', '/nothing',
    { status: 404, headers: { 'content-type': 'text/html', 'x-request-id': RID }, body: '<html>404</html>' }],
  ['200 on an undeclared path', 'GET', '/nothing', json(200, { ok: true })],
  ['JSON without charset', 'GET', '/healthz',
    { status: 200, headers: { 'content-type': 'application/json', 'x-request-id': RID }, body: '{"status":"ok"}' }],
  ['a body that is not JSON', 'GET', '/healthz', { ...json(200, {}), body: '{status:ok}' }],
  ['a 304 with a body', 'GET', '/api/v1/items/X', { status: 304, headers: { 'x-request-id': RID, etag: '"3"' }, body: '{}' }],
  ['a 304 without ETag', 'GET', '/api/v1/items/X', { status: 304, headers: { 'x-request-id': RID }, body: '' }],
  ['updated_at not in +08:00', 'GET', '/api/v1/items/X', withGuide((g) => { g.updated_at = '2026-03-02T02:15:00Z'; })],
  ['depth 4', 'GET', '/api/v1/items/X', withGuide((g) => { g.depth = 4; })],
  ['no version', 'GET', '/api/v1/items/X', withGuide((g) => { delete g.version; })],
  ['a material format outside pdf/jpg/png', 'GET', '/api/v1/items/X', withGuide((g) => { g.materials[0].formats = ['exe']; })],
  ['a form field without options', 'GET', '/api/v1/items/X', withGuide((g) => { delete g.form[0].options; })],
  ['a stray field in a window', 'GET', '/api/v1/items/X', withGuide((g) => { g.windows[0].fax = '1'; })],
  ['a 405 without Allow', 'DELETE', '/api/v1/regions', error(405, 'method_not_allowed')],
  ['another status for an undeclared method', 'DELETE', '/api/v1/regions', error(404, 'not_found')],
  ['a 401 with another code', 'POST', '/api/v1/admin/staff', error(401, 'forbidden')],
  ['a 422 without fields', 'POST', '/api/v1/admin/staff', error(422, 'validation_failed')],
  ['an error with a stray field', 'GET', '/api/v1/items/NOPE', error(404, 'not_found', { detail: 'x' })],
  ['an error without request_id', 'GET', '/api/v1/items/NOPE',
    json(404, { error: { code: 'not_found', message: 'x' } })],
  ['an nginx 404 with another code', 'GET', '/nothing', error(404, 'missing')],
  ['a 429 without Retry-After', 'POST', '/api/v1/staff/auth/login', error(429, 'rate_limited')],
  ['login without Cache-Control: no-store', 'POST', '/api/v1/staff/auth/login', json(200, login)],
  ['token_type not Bearer', 'POST', '/api/v1/staff/auth/login',
    json(200, { ...login, token_type: 'bearer' }, { 'cache-control': 'no-store' })],
  ['a login answer with the password hash', 'POST', '/api/v1/staff/auth/login',
    json(200, { ...login, staff: { ...login.staff, password_hash: '$argon2id$' } }, { 'cache-control': 'no-store' })],
  ['an unknown role', 'POST', '/api/v1/admin/staff', json(201, { ...login.staff, roles: ['root'] })],
  ['a department created with 200', 'POST', '/api/v1/admin/departments',
    json(200, { id: '17', name: 'x', region_code: '370500' })],
  ['an item created without Location', 'PUT', '/api/v1/admin/items/X', { ...withGuide(() => {}), status: 201 }],
  ['healthz with another status word', 'GET', '/healthz', json(200, { status: 'fine' })],
  ['metrics as JSON', 'GET', '/metrics', json(200, { requests: 1 })],
];

/* Runs every case; answers the list of failures (empty when the validator is right). */
function run() {
  const v = validator();
  const failures = [];
  for (const [name, method, path, res] of GOOD) {
    const { problems } = v.validateResponse({ method, path, ...res });
    if (problems.length) failures.push(`good sample "${name}" was rejected: ${problems.join('; ')}`);
  }
  for (const [name, method, path, res] of BAD) {
    const { problems } = v.validateResponse({ method, path, ...res });
    if (!problems.length) failures.push(`bad sample "${name}" was accepted`);
  }
  // The spec itself: every error response names its codes; every operation names its app.
  for (const [name, r] of Object.entries(v.spec.components.responses))
    if (r.content && ((r.content['application/json'] || {}).schema || {}).$ref === '#/components/schemas/Error' &&
      !Array.isArray(r['x-error-codes'])) failures.push(`error response ${name} has no x-error-codes`);
  for (const { method, template, operation } of v.operations()) {
    if (!operation['x-yiwang-app']) failures.push(`${method} ${template} has no x-yiwang-app`);
    for (const [status, r] of Object.entries(operation.responses)) {
      const { obj } = v.resolve(r, '');
      const hs = obj.headers || {};
      if (!hs['X-Request-Id']) failures.push(`${method} ${template} ${status} does not declare X-Request-Id`);
    }
  }
  return failures;
}

module.exports = { run, GOOD, BAD };

if (require.main === module) {
  const failures = run();
  for (const f of failures) console.error(`FAIL ${f}`);
  console.log(`${GOOD.length + BAD.length - failures.length} passed, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
}
