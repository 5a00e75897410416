'use strict';
/*
 * Operations (API.md sections 1 and 10): health, readiness, metrics, documentation, and the
 * conventions every answer shares: JSON errors for unknown routes and methods, request ids,
 * security headers.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { api, assertError } = require('./lib/client');

test('healthz answers 200 {"status":"ok"}', async () => {
  const r = await api('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok' });
});

test('readyz answers 200 {"status":"ok"} while the database answers', async () => {
  const r = await api('GET', '/readyz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok' });
});

test('metrics from loopback is Prometheus text with yiwang_http_requests_total', async () => {
  await api('GET', '/api/v1/regions');
  const r = await api('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/plain/);
  assert.match(r.text, /^# TYPE yiwang_http_requests_total counter$/m);
  assert.match(r.text, /^yiwang_http_requests_total\{[^}]*\} [0-9]+(\.[0-9]+)?$/m);
});

test('metrics show how far the working-day calendar is loaded: the end of its last year', async () => {
  const fx = require('./lib/fixtures');
  // A staff queue reads the calendar (the staff app's sweep does too, every 20 s).
  const token = await fx.staffToken(['clerk'], await fx.sharedDepartment());
  assert.equal((await api('GET', '/api/v1/staff/tasks', { token })).status, 200);
  const r = await api('GET', '/metrics');
  const m = r.text.match(/^yiwang_calendar_covered_until_seconds ([0-9]+)$/m);
  assert.ok(m, 'the gauge is there');
  assert.match(r.text, /^# TYPE yiwang_calendar_covered_until_seconds gauge$/m);
  // Midnight of a 1 January in Beijing, no earlier than 2027 (the seed has 2025 and 2026).
  const until = new Date((Number(m[1]) + 8 * 3600) * 1000);
  assert.deepEqual([until.getUTCMonth(), until.getUTCDate(), until.getUTCHours(), until.getUTCMinutes()], [0, 1, 0, 0]);
  assert.ok(until.getUTCFullYear() >= 2027, until.toISOString());
});

test('unknown routes are JSON 404 not_found', async () => {
  for (const path of ['/api/v1/nope', '/nothing', '/api/v1/items/a/b', '/api/v1/admin/nope',
    '/api/v2/items', '/api/v1/regions/370500/extra']) {
    const r = await api('GET', path);
    assertError(r, 404, 'not_found', path);
  }
});

test('a wrong method is 405 method_not_allowed with an Allow header', async () => {
  const cases = [
    ['DELETE', '/api/v1/regions', 'GET'],
    ['POST', '/api/v1/items', 'GET'],
    ['PUT', '/api/v1/items/ANY-CODE', 'GET'],
    ['GET', '/api/v1/admin/departments', 'POST'],
    ['DELETE', '/api/v1/admin/items/ANY-CODE', 'PUT'],
    ['GET', '/api/v1/staff/auth/login', 'POST'],
    ['POST', '/healthz', 'GET'],
  ];
  for (const [method, path, allowed] of cases) {
    const r = await api(method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
    assertError(r, 405, 'method_not_allowed', `${method} ${path}`);
    const allow = String(r.headers.allow).split(',').map((m) => m.trim());
    assert.ok(allow.includes(allowed), `${method} ${path}: Allow ${r.headers.allow} lists ${allowed}`);
    assert.ok(!allow.includes(method), `${method} ${path}: Allow does not list ${method}`);
  }
});

test('a valid client X-Request-Id is echoed, in the header and in an error body', async () => {
  const ok = await api('GET', '/healthz', { headers: { 'X-Request-Id': 'abc-123' } });
  assert.equal(ok.headers['x-request-id'], 'abc-123');
  const id64 = 'A.b_C-'.repeat(10) + 'abcd';
  const long = await api('GET', '/api/v1/regions', { headers: { 'X-Request-Id': id64 } });
  assert.equal(long.headers['x-request-id'], id64, 'up to 64 characters');
  const err = await api('GET', '/api/v1/items/NO-SUCH-ITEM-X', { headers: { 'X-Request-Id': 'abc-123' } });
  assert.equal(err.status, 404);
  assert.equal(err.headers['x-request-id'], 'abc-123');
  assert.equal(err.body.request_id, 'abc-123');
  const nginx404 = await api('GET', '/nothing', { headers: { 'X-Request-Id': 'abc-124' } });
  assert.equal(nginx404.body.request_id, 'abc-124', 'nginx errors echo it too');
});

test('an invalid client X-Request-Id is replaced', async () => {
  for (const bad of ['x'.repeat(200), 'x'.repeat(65), 'abc 123', 'abc/123', 'é']) {
    const r = await api('GET', '/api/v1/regions', { headers: { 'X-Request-Id': encodeHeader(bad) } });
    assert.notEqual(r.headers['x-request-id'], bad, JSON.stringify(bad));
    assert.match(r.headers['x-request-id'], /^[A-Za-z0-9._-]{1,64}$/);
  }
});

test('each request without an id gets a new one', async () => {
  const a = await api('GET', '/healthz');
  const b = await api('GET', '/healthz');
  assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
});

test('answers carry X-Content-Type-Options: nosniff, errors included', async () => {
  for (const path of ['/api/v1/regions', '/api/v1/items/NO-SUCH-ITEM-Y', '/nothing', '/healthz']) {
    const r = await api('GET', path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
  }
});

test('/docs returns the API documentation as HTML', async () => {
  const r = await api('GET', '/docs');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.match(r.text, /<html/i);
  assert.match(r.text, /yiwang/i);
});

test('Accept-Language: en gives another message but the same code', async () => {
  const zh = await api('GET', '/api/v1/items/NO-SUCH-ITEM-Z');
  const en = await api('GET', '/api/v1/items/NO-SUCH-ITEM-Z', { headers: { 'Accept-Language': 'en' } });
  assert.equal(zh.body.error.code, en.body.error.code);
  assert.notEqual(zh.body.error.message, en.body.error.message);
});

/* Header values are Latin-1 on the wire; send other characters as their UTF-8 bytes. */
function encodeHeader(s) {
  return Buffer.from(s, 'utf8').toString('latin1');
}

/* One raw exchange over a socket, for requests no HTTP client would send: answers
 * {status, headers (lower-case names), body (parsed JSON or null), text}. */
function rawExchange(bytes) {
  const net = require('node:net');
  const { hostname, port } = new URL(require('./lib/client').BASE_URL);
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: hostname, port: Number(port) || 80 }, () => s.end(bytes));
    const chunks = [];
    s.setTimeout(5000, () => s.destroy(new Error('no answer in 5 s')));
    s.on('data', (c) => chunks.push(c));
    s.on('error', reject);
    s.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const lines = head.split('\r\n');
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      let body = null;
      try { body = JSON.parse(rest.join('\r\n\r\n')); } catch { /* not JSON */ }
      resolve({ status: Number((lines[0].match(/^HTTP\/1\.[01] (\d{3})/) || [])[1]), headers, body, text });
    });
  });
}

test('requests nginx cannot parse get the JSON error shape, never an HTML page', async () => {
  const cases = [
    ['a URI over 8 KB', `GET /api/v1/items?q=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
    ['a space in the request target', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a bad method token', 'G@T /api/v1/regions HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a header line without a colon', 'GET /api/v1/regions HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400],
  ];
  for (const [what, req, status] of cases) {
    const r = await rawExchange(req);
    assert.equal(r.status, status, `${what}: ${r.text.slice(0, 200)}`);
    assert.match(r.headers['content-type'] || '', /^application\/json/, what);
    assert.equal(r.body?.error?.code, 'bad_request', `${what}: ${r.text.slice(0, 300)}`);
    assert.match(r.headers['x-request-id'] || '', /^[0-9a-f]{32}$/, what);
    assert.equal(r.body.request_id, r.headers['x-request-id'], what);
  }
  // The error pages' internal locations are not reachable from outside.
  const r = await rawExchange('GET /__yw_error/400 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(r.status, 404);
  assert.equal(r.body?.error?.code, 'not_found');
});
