'use strict';
/*
 * Uploads of materials (API.md section 4): tus 1.0.0 resumable uploads at /api/v1/uploads
 * (creation, termination, expiration, checksum) and multipart/form-data uploads at
 * /api/v1/uploads/form as wx.uploadFile sends them.
 *
 * Citizens sign in by SMS through the fake gateway (lib/citizen.js; skipped without the
 * fakes). The stock tus client is tus-js-client (pinned in package.json) with its Node
 * HTTP stack; its requests bypass lib/client.js, everything else goes through it and so is
 * checked against api-spec/openapi.yaml.
 * Environment: as lib/citizen.js (YIWANG_TEST_FAKE_*, YIWANG_TEST_CLOCK_FILE).
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');
const tus = require('tus-js-client');
const { api, assertError, errorFields, BASE_URL } = require('./lib/client');
const cz = require('./lib/citizen');

const UPLOADS = '/api/v1/uploads';
const MIB = 1024 * 1024;
const MAX_BYTES = 20 * MIB;
const TUS = { 'Tus-Resumable': '1.0.0' };
const skip = cz.NEEDS_FAKES;

/* --- fixtures ---------------------------------------------------------------------------- */

/* A citizen signed in by SMS with a fresh phone: {token, refresh}. */
async function citizen() {
  const b = await cz.smsSignIn(cz.uniqPhone());
  return { token: b.access_token, refresh: b.refresh_token };
}

let ownerPromise = null;
/* The citizen most tests upload as (signed in once per file). */
function owner() {
  if (!ownerPromise) {
    ownerPromise = citizen();
    ownerPromise.catch(() => { ownerPromise = null; });
  }
  return ownerPromise;
}

/* Content of n bytes that starts as a file of the given kind. */
function fileOf(kind, n) {
  const heads = {
    pdf: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
    png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    jpg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]),
    txt: Buffer.from('Just some notes, not a document.\n'),
  };
  const head = heads[kind];
  const buf = crypto.randomBytes(n);
  head.copy(buf, 0, 0, Math.min(head.length, n));
  return buf;
}

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');
const sha1b64 = (b) => crypto.createHash('sha1').update(b).digest('base64');
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');

/* Upload-Metadata for a file name (and type). */
function metadata(filename, filetype) {
  const pairs = [`filename ${b64(filename)}`];
  if (filetype) pairs.push(`filetype ${b64(filetype)}`);
  return pairs.join(',');
}

/* POST /api/v1/uploads (tus creation). */
function create(token, length, filename = 'application.pdf', headers = {}) {
  return api('POST', UPLOADS, {
    token,
    headers: { ...TUS, 'Upload-Length': String(length), 'Upload-Metadata': metadata(filename), ...headers },
  });
}

/* Creates an upload (201 expected); answers {id, path, body}. */
async function created(token, length, filename) {
  const r = await create(token, length, filename);
  assert.equal(r.status, 201, `create: ${r.text.slice(0, 300)}`);
  return { id: r.body.upload_id, path: r.headers.location, body: r.body };
}

/* PATCH (or POST with the override) of bytes at an offset. */
function patch(token, path, offset, bytes, { override = false, headers = {} } = {}) {
  const h = { ...TUS, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', ...headers };
  if (override) h['X-HTTP-Method-Override'] = 'PATCH';
  return api(override ? 'POST' : 'PATCH', path, { token, raw: bytes, headers: h });
}

function head(token, path) {
  return api('HEAD', path, { token, headers: TUS });
}

/* A multipart/form-data body as wx.uploadFile builds it: formData fields, then the file. */
function formBody(parts, boundary = `----wxUpload${crypto.randomBytes(8).toString('hex')}`) {
  const chunks = [];
  for (const p of parts) {
    let disp = `form-data; name="${p.name}"`;
    if (p.filename !== undefined) disp += `; filename="${p.filename}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n` +
      (p.type ? `Content-Type: ${p.type}\r\n` : '') + '\r\n'));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

function formUpload(token, parts) {
  const f = formBody(parts);
  return api('POST', `${UPLOADS}/form`, { token, raw: f.body, headers: { 'Content-Type': f.type } });
}

/* --- tus protocol ------------------------------------------------------------------------- */

test('OPTIONS advertises tus 1.0.0, its extensions, the size limit and sha1', async () => {
  const r = await api('OPTIONS', UPLOADS);
  assert.equal(r.status, 204);
  assert.equal(r.headers['tus-resumable'], '1.0.0');
  assert.equal(r.headers['tus-version'], '1.0.0');
  assert.deepEqual(r.headers['tus-extension'].split(',').sort(),
    ['checksum', 'creation', 'expiration', 'termination']);
  assert.equal(r.headers['tus-max-size'], String(MAX_BYTES));
  assert.equal(r.headers['tus-checksum-algorithm'], 'sha1');
});

test('create, HEAD, PATCH twice, GET: the upload completes with its SHA-256 and type', { skip }, async () => {
  const { token } = await owner();
  const file = fileOf('pdf', 300000);
  const r = await create(token, file.length, '营业执照 (副本).pdf');
  assert.equal(r.status, 201);
  assert.equal(r.headers['tus-resumable'], '1.0.0');
  assert.match(r.headers.location, /^\/api\/v1\/uploads\/[0-9a-f]{32}$/);
  assert.ok(Date.parse(r.headers['upload-expires']) > Date.now() + 23 * 3600 * 1000);
  assert.deepEqual({ ...r.body, expires_at: undefined }, {
    upload_id: r.headers.location.split('/').pop(), filename: '营业执照 (副本).pdf',
    bytes: file.length, offset: 0, complete: false, sha256: null, detected_type: null,
    expires_at: undefined,
  });
  const path = r.headers.location;

  let h = await head(token, path);
  assert.equal(h.status, 200);
  assert.equal(h.headers['upload-offset'], '0');
  assert.equal(h.headers['upload-length'], String(file.length));
  assert.match(h.headers['cache-control'], /no-store/);
  assert.ok(h.headers['upload-expires']);

  const first = file.subarray(0, 100000);
  let p = await patch(token, path, 0, first, { headers: { 'Upload-Checksum': `sha1 ${sha1b64(first)}` } });
  assert.equal(p.status, 204);
  assert.equal(p.headers['upload-offset'], '100000');
  assert.equal(p.headers['tus-resumable'], '1.0.0');
  h = await head(token, path);
  assert.equal(h.headers['upload-offset'], '100000');

  p = await patch(token, path, 100000, file.subarray(100000));
  assert.equal(p.status, 204);
  assert.equal(p.headers['upload-offset'], String(file.length));
  assert.equal(p.headers['upload-expires'], undefined, 'a complete upload does not expire');

  const g = await api('GET', path, { token });
  assert.equal(g.status, 200);
  assert.deepEqual(g.body, {
    upload_id: path.split('/').pop(), filename: '营业执照 (副本).pdf', bytes: file.length,
    offset: file.length, complete: true, sha256: sha256(file), detected_type: 'pdf',
    expires_at: null,
  });
  h = await head(token, path);
  assert.equal(h.headers['upload-offset'], String(file.length));
  assert.equal(h.headers['upload-expires'], undefined);
});

/*
 * The stock client uploads a 5 MiB PDF in 1 MiB chunks and is stopped after the first one;
 * a second PATCH is then cut off mid-body (the connection dies with half the bytes sent);
 * a new tus-js-client given the upload's URL asks HEAD and resumes from the server's offset.
 */
async function cutOffAndResume(overridePatchMethod) {
  const { token } = await owner();
  const file = fileOf('pdf', 5 * MIB + 12345);
  const common = {
    chunkSize: MIB,
    retryDelays: [],
    overridePatchMethod,
    headers: { Authorization: `Bearer ${token}` },
    metadata: { filename: `长文件-${overridePatchMethod ? 'override' : 'patch'}.pdf`, filetype: 'application/pdf' },
  };
  const methods = [];
  const onBeforeRequest = (req) => {
    methods.push({ method: req.getMethod(), offset: req.getHeader('Upload-Offset'),
      override: req.getHeader('X-HTTP-Method-Override') });
  };

  // 1. Upload the first chunk, then stop.
  const url = await new Promise((resolve, reject) => {
    const up = new tus.Upload(file, {
      ...common,
      endpoint: BASE_URL + UPLOADS,
      onBeforeRequest,
      onError: reject,
      onSuccess: () => reject(new Error('the upload was not cut off')),
      onChunkComplete: (chunk, accepted) => {
        if (accepted >= MIB) up.abort().then(() => resolve(up.url), reject);
      },
    });
    up.start();
  });
  const path = new URL(url).pathname;
  let h = await head(token, path);
  assert.equal(h.headers['upload-offset'], String(MIB), 'the first chunk is stored');

  // 2. The connection dies in the middle of the next chunk's body.
  await new Promise((resolve) => {
    const req = http.request(BASE_URL + path, {
      method: overridePatchMethod ? 'POST' : 'PATCH',
      headers: {
        ...TUS, Authorization: `Bearer ${token}`, 'Upload-Offset': String(MIB),
        'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(MIB),
        ...(overridePatchMethod ? { 'X-HTTP-Method-Override': 'PATCH' } : {}),
      },
    });
    req.on('error', () => resolve());
    req.on('response', (res) => { res.resume(); resolve(); });
    req.write(file.subarray(MIB, MIB + 300 * 1024), () => {
      setTimeout(() => { req.destroy(); resolve(); }, 100);
    });
  });
  h = await head(token, path);
  assert.equal(h.headers['upload-offset'], String(MIB), 'half a chunk moves nothing');

  // 3. A new client resumes from the server's offset and finishes.
  methods.length = 0;
  await new Promise((resolve, reject) => {
    const up = new tus.Upload(file, { ...common, uploadUrl: url, onBeforeRequest, onError: reject, onSuccess: resolve });
    up.start();
  });
  assert.equal(methods[0].method, 'HEAD', 'the client asks for the offset first');
  const writes = methods.filter((m) => m.method !== 'HEAD');
  assert.equal(writes[0].offset, String(MIB), 'and resumes from the server\'s offset');
  for (const w of writes) {
    assert.equal(w.method, overridePatchMethod ? 'POST' : 'PATCH');
    if (overridePatchMethod) assert.equal(w.override, 'PATCH');
  }
  assert.equal(writes.length, 5, 'four more chunks and the rest');

  const g = await api('GET', path, { token });
  assert.equal(g.status, 200);
  assert.equal(g.body.complete, true);
  assert.equal(g.body.bytes, file.length);
  assert.equal(g.body.sha256, sha256(file), 'the stored bytes are the file\'s');
  assert.equal(g.body.detected_type, 'pdf');
}

test('tus-js-client is cut off and resumes from the server\'s offset (PATCH)', { skip, timeout: 120000 }, () =>
  cutOffAndResume(false));

test('tus-js-client is cut off and resumes with overridePatchMethod (POST + X-HTTP-Method-Override)', { skip, timeout: 120000 }, () =>
  cutOffAndResume(true));

test('a PATCH at a wrong offset is 409 upload_offset_mismatch and stores nothing', { skip }, async () => {
  const { token } = await owner();
  const file = fileOf('png', 5000);
  const { path } = await created(token, file.length, 'x.png');
  assert.equal((await patch(token, path, 0, file.subarray(0, 1000))).status, 204);
  const behind = await patch(token, path, 0, file.subarray(0, 1000));
  assertError(behind, 409, 'upload_offset_mismatch');
  assert.equal(behind.headers['upload-offset'], '1000', 'the answer says where to resume');
  assertError(await patch(token, path, 2000, file.subarray(2000, 3000)), 409, 'upload_offset_mismatch');
  const h = await head(token, path);
  assert.equal(h.headers['upload-offset'], '1000');
  assert.equal((await patch(token, path, 1000, file.subarray(1000))).status, 204);
  assert.equal((await api('GET', path, { token })).body.sha256, sha256(file));
});

test('an upload over the limit is 413 payload_too_large', { skip }, async () => {
  const { token } = await owner();
  assertError(await create(token, MAX_BYTES + 1), 413, 'payload_too_large');
  assert.equal((await create(token, MAX_BYTES)).status, 201, 'exactly the limit is fine');

  const file = fileOf('pdf', 2000);
  const { path } = await created(token, file.length);
  assertError(await patch(token, path, 0, Buffer.concat([file, Buffer.alloc(1)])), 413,
    'payload_too_large', 'bytes past Upload-Length');
  assert.equal((await head(token, path)).headers['upload-offset'], '0');

  const big = formBody([{ name: 'file', filename: 'big.pdf', type: 'application/pdf', data: fileOf('pdf', MAX_BYTES + 1) }]);
  assertError(await api('POST', `${UPLOADS}/form`, { token, raw: big.body, headers: { 'Content-Type': big.type } }),
    413, 'payload_too_large', 'a multipart file over the limit');

  // A request body over 32 MiB never reaches the app: nginx answers in the same shape, and
  // as a tus server (Tus-Resumable on every answer).
  const huge = await patch(token, path, 0, Buffer.alloc(33 * MIB));
  assertError(huge, 413, 'payload_too_large');
  assert.equal(huge.headers['tus-resumable'], '1.0.0', 'nginx\'s 413 on an upload');
});

test('a citizen keeps at most 100 uploads and 1 GiB that no application uses: 429 beyond, room again after a DELETE', { skip, timeout: 120000 }, async () => {
  const { token } = await citizen();
  const made = [];
  for (let i = 0; i < 100; i++) made.push(await created(token, 10));
  const over = await create(token, 10);
  assertError(over, 429, 'rate_limited', 'the 101st');
  assert.match(over.headers['retry-after'] || '', /^[0-9]+$/);
  const form = formBody([{ name: 'file', filename: 'a.pdf', type: 'application/pdf', data: fileOf('pdf', 100) }]);
  assertError(await api('POST', `${UPLOADS}/form`, { token, raw: form.body, headers: { 'Content-Type': form.type } }),
    429, 'rate_limited', 'a multipart upload too');
  assert.equal((await api('DELETE', made[0].path, { token, headers: TUS })).status, 204);
  assert.equal((await create(token, 10)).status, 201, 'room for one again');

  // Bytes: 51 uploads of the 20 MiB limit fit in 1 GiB, a 52nd does not.
  const { token: big } = await citizen();
  for (let i = 0; i < 51; i++) await created(big, MAX_BYTES);
  assertError(await create(big, MAX_BYTES), 429, 'rate_limited', 'past 1 GiB');
  assert.equal((await create(big, 1024 * 1024 * 1024 - 51 * MAX_BYTES)).status, 201, 'up to 1 GiB exactly');

  // Under parallel requests the quota holds: 90 made, then 20 at once, 10 of which fit.
  const { token: busy } = await citizen();
  for (let i = 0; i < 90; i++) await created(busy, 10);
  const burst = await Promise.all(Array.from({ length: 20 }, () => create(busy, 10)));
  assert.deepEqual(burst.map((x) => x.status).sort(), [...Array(10).fill(201), ...Array(10).fill(429)]);
});

test('the type comes from the content, not the name: a PNG called x.pdf is a png, text is 415', { skip }, async () => {
  const { token } = await owner();
  const png = fileOf('png', 4000);
  const { path } = await created(token, png.length, 'x.pdf');
  assert.equal((await patch(token, path, 0, png)).status, 204);
  const g = await api('GET', path, { token });
  assert.equal(g.body.detected_type, 'png');
  assert.equal(g.body.filename, 'x.pdf');

  // Text: refused on the first chunk already, and the upload is gone.
  const txt = fileOf('txt', 3000);
  const t = await created(token, txt.length, 'x.pdf');
  assertError(await patch(token, t.path, 0, txt), 415, 'unsupported_media_type');
  assert.equal((await head(token, t.path)).status, 404, 'HEAD: no body, just the status');

  // A lie that only shows at the end: the first bytes could still be a PNG.
  const sly = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x00]);
  const s = await created(token, 8, 'x.png');
  assert.equal((await patch(token, s.path, 0, sly.subarray(0, 3))).status, 204);
  assertError(await patch(token, s.path, 3, sly.subarray(3)), 415, 'unsupported_media_type');
  assertError(await api('GET', s.path, { token }), 404, 'not_found');

  // The same by multipart, and an empty tus upload.
  const jpgAsPdf = await formUpload(token, [{ name: 'file', filename: 'scan.pdf', type: 'application/pdf', data: fileOf('jpg', 2048) }]);
  assert.equal(jpgAsPdf.status, 201);
  assert.equal(jpgAsPdf.body.detected_type, 'jpg');
  assertError(await formUpload(token, [{ name: 'file', filename: 'notes.pdf', data: fileOf('txt', 100) }]),
    415, 'unsupported_media_type');
  assertError(await create(token, 0, 'empty.pdf'), 415, 'unsupported_media_type');
});

test('a chunk that does not match Upload-Checksum is 460 and nothing is stored', { skip }, async () => {
  const { token } = await owner();
  const file = fileOf('jpg', 6000);
  const { path } = await created(token, file.length, 'photo.jpg');
  const wrong = await patch(token, path, 0, file, { headers: { 'Upload-Checksum': `sha1 ${sha1b64(Buffer.from('other'))}` } });
  assertError(wrong, 460, 'checksum_mismatch');
  assert.equal((await head(token, path)).headers['upload-offset'], '0');
  assertError(await patch(token, path, 0, file, { headers: { 'Upload-Checksum': `md5 ${crypto.createHash('md5').update(file).digest('base64')}` } }),
    400, 'bad_request', 'an algorithm the server does not offer');
  assertError(await patch(token, path, 0, file, { headers: { 'Upload-Checksum': 'sha1 !!!' } }), 400, 'bad_request');
  const ok = await patch(token, path, 0, file, { headers: { 'Upload-Checksum': `sha1 ${sha1b64(file)}` } });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers['upload-offset'], String(file.length));
});

test('someone else\'s upload is 404 for HEAD, GET, PATCH, POST override and DELETE', { skip }, async () => {
  const { token } = await owner();
  const other = await citizen();
  const file = fileOf('pdf', 1000);
  const { path } = await created(token, file.length);
  assert.equal((await head(other.token, path)).status, 404, 'HEAD: no body, just the status');
  assertError(await api('GET', path, { token: other.token }), 404, 'not_found');
  assertError(await patch(other.token, path, 0, file), 404, 'not_found');
  assertError(await patch(other.token, path, 0, file, { override: true }), 404, 'not_found');
  assertError(await api('DELETE', path, { token: other.token, headers: TUS }), 404, 'not_found');
  // Still there for its owner, untouched.
  assert.equal((await head(token, path)).headers['upload-offset'], '0');
  // Unknown ids and ids that are not ids answer the same.
  assertError(await api('GET', `${UPLOADS}/${'0'.repeat(32)}`, { token }), 404, 'not_found');
  assert.equal((await head(token, `${UPLOADS}/..%2f..%2fetc%2fpasswd`)).status, 404, 'HEAD: no body, just the status');
});

test('DELETE terminates an upload: 204, then it is gone', { skip }, async () => {
  const { token } = await owner();
  const file = fileOf('pdf', 3000);
  const { path } = await created(token, file.length);
  assert.equal((await patch(token, path, 0, file.subarray(0, 1000))).status, 204);
  const d = await api('DELETE', path, { token, headers: TUS });
  assert.equal(d.status, 204);
  assert.equal(d.headers['tus-resumable'], '1.0.0');
  assert.equal((await head(token, path)).status, 404, 'HEAD: no body, just the status');
  assertError(await patch(token, path, 1000, file.subarray(1000)), 404, 'not_found');
  assertError(await api('DELETE', path, { token, headers: TUS }), 404, 'not_found');
  // A complete one too.
  const done = await formUpload(token, [{ name: 'file', filename: 'a.png', data: fileOf('png', 500) }]);
  assert.equal((await api('DELETE', done.headers.location, { token, headers: TUS })).status, 204);
  assertError(await api('GET', done.headers.location, { token }), 404, 'not_found');
});

test('a tus request without Tus-Resumable: 1.0.0 is 412 with Tus-Version', { skip }, async () => {
  const { token } = await owner();
  const noVersion = await api('POST', UPLOADS, { token, headers: { 'Upload-Length': '10', 'Upload-Metadata': metadata('a.pdf') } });
  assertError(noVersion, 412, 'version_mismatch');
  assert.equal(noVersion.headers['tus-version'], '1.0.0');
  const { path } = await created(token, 10);
  const old = await api('HEAD', path, { token, headers: { 'Tus-Resumable': '0.2.2' } });
  assert.equal(old.status, 412);
  assert.equal(old.headers['tus-version'], '1.0.0');
});

test('creation checks Upload-Length and Upload-Metadata', { skip }, async () => {
  const { token } = await owner();
  const bad = (headers) => api('POST', UPLOADS, { token, headers: { ...TUS, ...headers } });
  assertError(await bad({ 'Upload-Metadata': metadata('a.pdf') }), 400, 'bad_request', 'no Upload-Length');
  for (const len of ['-1', '+5', '1.5', '0x10', '99999999999999999999', ''])
    assertError(await bad({ 'Upload-Length': len, 'Upload-Metadata': metadata('a.pdf') }), 400, 'bad_request', `Upload-Length ${len}`);
  assertError(await bad({ 'Upload-Length': '10', 'Upload-Metadata': 'filename !!!' }), 400, 'bad_request', 'bad base64');
  assertError(await bad({ 'Upload-Length': '10', 'Upload-Metadata': `filename ${b64('a')},filename ${b64('b')}` }), 400, 'bad_request');

  let r = await bad({ 'Upload-Length': '10', 'Upload-Metadata': `filetype ${b64('application/pdf')}` });
  assertError(r, 422, 'validation_failed', 'no filename');
  assert.deepEqual(r.body.error.fields, [{ field: 'filename', code: 'required' }]);
  for (const [name, code] of [['a\u0000.pdf', 'invalid'], ['\n.pdf', 'invalid'], ['dir/', 'required'],
    ['', 'required'], [`${'文'.repeat(256)}`, 'too_long']]) {
    r = await bad({ 'Upload-Length': '10', 'Upload-Metadata': `filename ${b64(name)}` });
    assertError(r, 422, 'validation_failed', JSON.stringify(name));
    assert.deepEqual(r.body.error.fields, [{ field: 'filename', code }]);
  }
  r = await bad({ 'Upload-Length': '10', 'Upload-Metadata': `filename ${Buffer.from([0xff, 0x2e]).toString('base64')}` });
  assertError(r, 422, 'validation_failed', 'a name that is not UTF-8');
  assert.equal((await create(token, 10, `${'文'.repeat(255)}`)).status, 201, '255 characters are fine');

  const withBody = await api('POST', UPLOADS, { token, raw: '%PDF-', headers: { ...TUS, 'Upload-Length': '5', 'Upload-Metadata': metadata('a.pdf'), 'Content-Type': 'application/offset+octet-stream' } });
  assertError(withBody, 400, 'bad_request', 'creation-with-upload is not offered');
});

test('PATCH needs application/offset+octet-stream and a plain Upload-Offset', { skip }, async () => {
  const { token } = await owner();
  const file = fileOf('pdf', 100);
  const { path } = await created(token, file.length);
  assertError(await patch(token, path, 0, file, { headers: { 'Content-Type': 'application/octet-stream' } }),
    415, 'unsupported_media_type');
  assertError(await patch(token, path, 0, file, { headers: { 'Upload-Offset': '-0' } }), 400, 'bad_request');
  assertError(await api('PATCH', path, { token, raw: file, headers: { ...TUS, 'Content-Type': 'application/offset+octet-stream' } }),
    400, 'bad_request', 'no Upload-Offset');
  assertError(await api('POST', path, { token, raw: file, headers: { ...TUS, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' } }),
    400, 'bad_request', 'POST without X-HTTP-Method-Override');
  assert.equal((await head(token, path)).headers['upload-offset'], '0');
  const ok = await patch(token, path, 0, file, { override: true });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers['upload-offset'], '100');
});

test('an incomplete upload expires after 24 hours', { skip: skip || cz.NEEDS_CLOCK }, async () => {
  const me = await citizen();
  const file = fileOf('pdf', 2000);
  const { path, body } = await created(me.token, file.length);
  const expires = Date.parse(body.expires_at);
  assert.ok(Math.abs(expires - (Date.now() + 24 * 3600 * 1000)) < 120000, 'expires_at is 24 h ahead');
  await cz.atTime(expires + 60000, async () => {
    // The access token has expired by then too: a refreshed one sees the upload gone.
    const r = await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: me.refresh } });
    assert.equal(r.status, 200, r.text.slice(0, 200));
    require('./lib/secrets').rememberTokens(r.body);
    assert.equal((await head(r.body.access_token, path)).status, 404, 'HEAD: no body, just the status');
    assertError(await patch(r.body.access_token, path, 0, file), 404, 'not_found');
  });
});

test('HEAD repeats the Upload-Metadata the upload was created with', { skip }, async () => {
  const { token } = await owner();
  const file = fileOf('pdf', 1000);
  const sent = `filename ${b64('营业执照.pdf')},filetype ${b64('application/pdf')},lang ${b64('zh')},flag`;
  const r = await create(token, file.length, undefined, { 'Upload-Metadata': sent });
  assert.equal(r.status, 201, r.text);
  let h = await head(token, r.headers.location);
  assert.equal(h.status, 200);
  assert.equal(h.headers['upload-metadata'], sent);
  assert.equal((await patch(token, r.headers.location, 0, file)).status, 204);
  h = await head(token, r.headers.location);
  assert.equal(h.headers['upload-metadata'], sent, 'a complete upload too');
  // A multipart upload had no Upload-Metadata, and HEAD sends none.
  const f = await formUpload(token, [{ name: 'file', filename: 'a.pdf', data: fileOf('pdf', 100) }]);
  h = await head(token, f.headers.location);
  assert.equal(h.status, 200);
  assert.equal(h.headers['upload-metadata'], undefined);
});

test('POST with X-HTTP-Method-Override: HEAD or DELETE acts as that method', { skip }, async () => {
  const { token } = await owner();
  const file = fileOf('pdf', 3000);
  const { path } = await created(token, file.length);
  assert.equal((await patch(token, path, 0, file.subarray(0, 1000), { override: true })).status, 204);
  const override = (m, headers = TUS) =>
    api('POST', path, { token, headers: { ...headers, 'X-HTTP-Method-Override': m } });
  const h = await override('HEAD');
  assert.equal(h.status, 200, h.text);
  assert.equal(h.headers['upload-offset'], '1000');
  assert.equal(h.headers['upload-length'], '3000');
  assert.equal(h.headers['tus-resumable'], '1.0.0');
  assert.equal(h.raw.length, 0, 'no body, as for HEAD');
  assert.equal((await override('head')).status, 200, 'the method name in any case');
  assertError(await override('GET'), 400, 'bad_request', 'an override that is not offered');
  assertError(await override('DELETE', {}), 412, 'version_mismatch', 'DELETE without Tus-Resumable');
  const d = await override('DELETE');
  assert.equal(d.status, 204, d.text);
  assert.equal(d.headers['tus-resumable'], '1.0.0');
  assert.equal((await head(token, path)).status, 404, 'HEAD: no body, just the status');
  assertError(await override('DELETE'), 404, 'not_found');
});

test('a tus version mismatch is not reported as a stale If-Match', { skip }, async () => {
  const { token } = await owner();
  const fx = require('./lib/fixtures');
  const code = fx.uniqCode('UPV');
  await fx.putItem(code, { depth: 3, visits_required: 0 });
  const app = await cz.call('POST', '/api/v1/applications',
    { token, body: { item_code: code }, headers: { 'Idempotency-Key': fx.uniq('k') } });
  assert.equal(app.status, 201, app.text);
  for (const lang of ['zh-CN', 'en']) {
    const stale = await cz.call('PUT', `/api/v1/applications/${app.body.id}/form`,
      { token, body: { form: {} }, headers: { 'If-Match': '"99"', 'Accept-Language': lang } });
    assertError(stale, 412, 'version_mismatch');
    const tusOld = await api('POST', UPLOADS, { token, headers: { 'Tus-Resumable': '0.2.2',
      'Upload-Length': '10', 'Upload-Metadata': metadata('a.pdf'), 'Accept-Language': lang } });
    assertError(tusOld, 412, 'version_mismatch');
    assert.equal(tusOld.headers['tus-version'], '1.0.0');
    assert.notEqual(tusOld.body.error.message, stale.body.error.message, lang);
  }
});

test('a tus filename with a directory is reduced to its last segment, as in multipart', { skip }, async () => {
  const { token } = await owner();
  for (const [sent, kept] of [['dir/a.pdf', 'a.pdf'], ['/tmp/x/营业执照.pdf', '营业执照.pdf'],
    ['C:\\Users\\x\\b.pdf', 'b.pdf'], ['wxfile://tmp_3f2a1c.jpg', 'tmp_3f2a1c.jpg']]) {
    const r = await create(token, 10, sent);
    assert.equal(r.status, 201, `${sent}: ${r.text}`);
    assert.equal(r.body.filename, kept, sent);
    const g = await api('GET', r.headers.location, { token });
    assert.equal(g.body.filename, kept, sent);
  }
  for (const sent of ['dir/', 'a\\']) {
    const r = await create(token, 10, sent);
    assertError(r, 422, 'validation_failed', sent);
    assert.deepEqual(r.body.error.fields, [{ field: 'filename', code: 'required' }]);
  }
});

/* --- multipart/form-data ------------------------------------------------------------------ */

test('a multipart upload as wx.uploadFile sends it is stored complete with its SHA-256', { skip }, async () => {
  const { token } = await owner();
  const file = fileOf('jpg', 150000);
  const r = await formUpload(token, [
    { name: 'material_id', data: 'm1' },
    { name: 'item_code', data: 'SCJG-GTGSH-001' },
    { name: 'file', filename: 'wxfile://tmp_3f2a1c.jpg', type: 'image/jpeg', data: file },
  ]);
  assert.equal(r.status, 201, r.text.slice(0, 300));
  assert.match(r.headers.location, /^\/api\/v1\/uploads\/[0-9a-f]{32}$/);
  assert.deepEqual({ ...r.body, upload_id: undefined }, {
    upload_id: undefined, filename: 'tmp_3f2a1c.jpg', bytes: file.length, offset: file.length,
    complete: true, sha256: sha256(file), detected_type: 'jpg', expires_at: null,
  });
  const g = await api('GET', r.headers.location, { token });
  assert.deepEqual(g.body, r.body);
  const h = await head(token, r.headers.location);
  assert.equal(h.headers['upload-offset'], String(file.length));
});

test('a multipart file name with a path or in filename* is reduced to the name', { skip }, async () => {
  const { token } = await owner();
  const boundary = 'b0undary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="C:\\Users\\x\\a.pdf"; ` +
      `filename*=UTF-8''${encodeURIComponent('申请书.pdf')}\r\n\r\n`),
    fileOf('pdf', 300), Buffer.from(`\r\n--${boundary}--`)]);
  const r = await api('POST', `${UPLOADS}/form`, { token, raw: body, headers: { 'Content-Type': `multipart/form-data; boundary="${boundary}"` } });
  assert.equal(r.status, 201, r.text.slice(0, 300));
  assert.equal(r.body.filename, '申请书.pdf');
  const plain = await formUpload(token, [{ name: 'file', filename: 'C:\\Users\\x\\b.pdf', data: fileOf('pdf', 300) }]);
  assert.equal(plain.body.filename, 'b.pdf');
});

test('malformed multipart is 400, no file part is 422, another Content-Type is 415', { skip }, async () => {
  const { token } = await owner();
  const post = (raw, type) => api('POST', `${UPLOADS}/form`, { token, raw, headers: { 'Content-Type': type } });
  const good = formBody([{ name: 'file', filename: 'a.pdf', data: fileOf('pdf', 100) }], 'XyZ');
  assertError(await post(good.body.subarray(0, good.body.length - 12), good.type), 400, 'bad_request', 'cut off');
  assertError(await post(good.body, 'multipart/form-data'), 400, 'bad_request', 'no boundary');
  assertError(await post(good.body, 'multipart/form-data; boundary=other'), 400, 'bad_request', 'wrong boundary');
  assertError(await post(Buffer.from('--XyZ\nContent-Disposition: form-data; name="file"; filename="a.pdf"\n\n%PDF-\n--XyZ--'), good.type),
    400, 'bad_request', 'LF line ends');
  assertError(await post(Buffer.from('--XyZ\r\nContent-Type: application/pdf\r\n\r\n%PDF-\r\n--XyZ--'), good.type),
    400, 'bad_request', 'no Content-Disposition');
  assertError(await post(Buffer.alloc(0), good.type), 400, 'bad_request', 'empty body');

  const none = formBody([{ name: 'material_id', data: 'm1' }, { name: 'file', data: 'not a file part' }]);
  let r = await post(none.body, none.type);
  assertError(r, 422, 'validation_failed');
  assert.deepEqual(r.body.error.fields, [{ field: 'file', code: 'required' }]);
  const two = formBody([{ name: 'file', filename: 'a.pdf', data: fileOf('pdf', 10) }, { name: 'file', filename: 'b.pdf', data: fileOf('pdf', 10) }]);
  r = await post(two.body, two.type);
  assertError(r, 422, 'validation_failed');
  assert.deepEqual(errorFields(r), ['file']);
  const slash = formBody([{ name: 'file', filename: 'dir/', data: fileOf('pdf', 10) }]);
  r = await post(slash.body, slash.type);
  assertError(r, 422, 'validation_failed', 'a name that is only a directory');
  assert.deepEqual(errorFields(r), ['filename']);

  assertError(await post(fileOf('pdf', 100), 'application/pdf'), 415, 'unsupported_media_type');
  assertError(await api('POST', `${UPLOADS}/form`, { token, body: { file: 'x' } }), 415, 'unsupported_media_type');
});

test('uploads are for citizens: no token is 401, a staff token 403', async () => {
  const anon = await api('POST', UPLOADS, { headers: { ...TUS, 'Upload-Length': '10', 'Upload-Metadata': metadata('a.pdf') } });
  assertError(anon, 401, 'unauthenticated');
  // Answers made before the upload handlers run are tus answers too.
  assert.equal(anon.headers['tus-resumable'], '1.0.0', 'the 401 of a creation');
  const h401 = await api('HEAD', `${UPLOADS}/${'a'.repeat(32)}`, { headers: TUS });
  assert.equal(h401.status, 401);
  assert.equal(h401.headers['tus-resumable'], '1.0.0', 'the 401 of a HEAD');
  const m405 = await api('PATCH', UPLOADS, { headers: TUS, raw: Buffer.alloc(1) });
  assertError(m405, 405, 'method_not_allowed');
  assert.equal(m405.headers['tus-resumable'], '1.0.0', 'the 405 of a PATCH without an id');
  assertError(await api('GET', `${UPLOADS}/${'a'.repeat(32)}`), 401, 'unauthenticated');
  const staff = await require('./lib/fixtures').staffToken(['clerk'], await require('./lib/fixtures').sharedDepartment());
  assertError(await formUpload(staff, [{ name: 'file', filename: 'a.pdf', data: fileOf('pdf', 10) }]), 403, 'forbidden');
});
