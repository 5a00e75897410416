'use strict';
/*
 * client.js: the one way the API tests talk to the server.
 *
 *   const r = await api('GET', '/api/v1/items?limit=2', {headers, body, raw, token});
 *   r.status, r.headers (lower-case names), r.body (parsed JSON, or text), r.raw (Buffer,
 *   decoded from gzip when it was sent compressed), r.wire (the bytes as received)
 *
 * body: a value sent as JSON (Content-Type application/json; charset=utf-8 unless headers
 * say otherwise). raw: a Buffer or string sent as is. token: sent as a bearer token.
 *
 * Every response is checked against api-spec/openapi.yaml (lib/spec.js) before the test
 * sees it; a mismatch throws, so a test cannot pass on an answer the spec does not allow.
 * Built on node:http rather than fetch so that the bytes on the wire are ours: no implicit
 * Accept-Encoding, no transparent decompression, exact bodies (invalid UTF-8 included).
 */
const http = require('node:http');
const https = require('node:https');
const zlib = require('node:zlib');
const assert = require('node:assert/strict');
const { validator } = require('./spec');

const BASE_URL = (process.env.YIWANG_TEST_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

function send(method, url, headers, payload) {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    let answered = false;
    const req = mod.request(url, { method, headers, agent: agents[url.protocol] }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ res, wire: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    // A server may answer (413) and close before it has read the whole body: what counts
    // is the answer, not the failed rest of the write.
    req.on('error', (e) => { if (!answered) reject(e); });
    req.setTimeout(20000, () => req.destroy(new Error(`${method} ${url.pathname}: timed out`)));
    if (payload !== undefined && payload.length > 0) req.write(payload);
    req.end();
  });
}

async function api(method, path, opts = {}) {
  const { headers = {}, body, raw, token } = opts;
  const url = new URL(BASE_URL + path);
  const h = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && v !== null) h[k] = v;
  const has = (name) => Object.keys(h).some((k) => k.toLowerCase() === name);
  let payload;
  if (raw !== undefined) {
    payload = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw), 'utf8');
  } else if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body), 'utf8');
    if (!has('content-type')) h['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (payload !== undefined) h['Content-Length'] = String(payload.length);
  else if (['POST', 'PUT', 'PATCH'].includes(method.toUpperCase())) h['Content-Length'] = '0';
  if (token !== undefined && !has('authorization')) h.Authorization = `Bearer ${token}`;

  const { res, wire } = await send(method.toUpperCase(), url, h, payload);
  const encoding = String(res.headers['content-encoding'] || '').toLowerCase();
  let bytes = wire;
  if (encoding === 'gzip' && wire.length > 0) bytes = zlib.gunzipSync(wire);
  else if (encoding && encoding !== 'identity')
    assert.fail(`${method} ${path}: unexpected Content-Encoding ${encoding}`);

  const check = validator().validateResponse({
    method, path: url.pathname, status: res.statusCode, headers: res.headers, body: bytes,
  });
  if (check.problems.length > 0) {
    assert.fail(`response does not match api-spec/openapi.yaml (${check.operation || 'no operation'}):\n  ` +
      check.problems.join('\n  '));
  }
  const text = bytes.toString('utf8');
  let parsed = text;
  if (check.json !== undefined) parsed = check.json;
  else if (/json/i.test(String(res.headers['content-type'] || '')) && text.length > 0) {
    try { parsed = JSON.parse(text); } catch { parsed = text; }
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, raw: bytes, wire, text };
}

/* Asserts an error answer: status and error.code (never the message). */
function assertError(r, status, code, msg) {
  const where = msg ? `${msg}: ` : '';
  assert.equal(r.status, status, `${where}status ${r.status}, body ${r.text.slice(0, 300)}`);
  assert.equal(r.body && r.body.error && r.body.error.code, code,
    `${where}error.code in ${r.text.slice(0, 300)}`);
}

/* The field paths an error body names. */
function errorFields(r) {
  return ((r.body && r.body.error && r.body.error.fields) || []).map((f) => f.field);
}

module.exports = { api, assertError, errorFields, BASE_URL };
