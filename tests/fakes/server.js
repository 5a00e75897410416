#!/usr/bin/env node
'use strict';
/*
 * server.js: stand-ins for the services yiwang calls (API.md section 11), for the test stack.
 * Node 20, no dependencies. One process, three loopback listeners:
 *
 *   node tests/fakes/server.js --wechat-port P1 --sms-port P2 --idp-port P3 \
 *        --appid wxtest --secret S [--pidfile F]
 *
 * WeChat (the real paths and fields, tech-contracts section 1):
 *   GET  /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code
 *        js_code is chosen by the tests as <behaviour>.<user>.<nonce>:
 *          ok         {"openid":"oFAKE_<user>","session_key":"<base64>"} (no errcode, as WeChat
 *                     may answer), plus "unionid":"UFAKE_<user>" when <user> starts with "u"
 *          invalid    {"errcode":40029,"errmsg":"invalid code, rid: ..."}
 *          risky      40226 (high-risk user)     ratelimit  45011
 *          busy       -1 (system busy)           slow       the ok answer after 30 s
 *          html       HTTP 502 with an HTML page
 *        Every code is single-use: a second use of any code is {"errcode":40163}.
 *        A wrong appid is 40013, a wrong secret 40125, another grant_type 40002, no js_code
 *        41008.
 *   POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh}
 *        {access_token, expires_in}: the same token until it is within 5 minutes of expiry
 *        (then a new one; the old one stays valid for those 5 minutes) or force_refresh.
 *   GET  /cgi-bin/token?grant_type=client_credential&appid=&secret=
 *        a new token at every call, which invalidates the previous one (isolated from
 *        stable_token, as on WeChat).
 *   Control: GET /__calls (every call: method, path, query without the secret, time, and
 *   the JSON the fake answered), POST /__reset.
 *
 * SMS gateway: POST /send {phone, template, params} -> 200 {"ok":true}.
 *   Control: GET /__messages?phone= (list of {phone, template, params, at, delivered});
 *   POST /__fail {count, mode: "500"|"hang"|"close"} fails the next `count` sends that way
 *   (hang: no answer for 60 s; the message is still recorded, delivered false); POST /__reset.
 *
 * Identity provider: POST /verify {name, id_number} -> {"match": true}, or false for an
 *   id_number registered with POST /__mismatch {id_number}; POST /__down {down} answers 503
 *   while down; GET /__calls counts calls (no personal data); POST /__reset.
 *
 * The fakes log only their start and stop and malformed control requests: never a code, a
 * token, a secret, a phone number or an ID number. SIGTERM or SIGINT stops the process.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');

/* --- command line --------------------------------------------------------------------------- */

function parseArgs(argv) {
  const opts = { appid: 'wxtest', secret: null, pidfile: null, host: '127.0.0.1' };
  const names = {
    '--wechat-port': 'wechatPort', '--sms-port': 'smsPort', '--idp-port': 'idpPort',
    '--appid': 'appid', '--secret': 'secret', '--pidfile': 'pidfile', '--host': 'host',
  };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) usage(`unknown or incomplete argument ${argv[i]}`);
    opts[key] = argv[++i];
  }
  for (const k of ['wechatPort', 'smsPort', 'idpPort']) {
    const n = Number(opts[k]);
    if (!Number.isInteger(n) || n < 0 || n > 65535) usage(`--${k} must be a port`);
    opts[k] = n;
  }
  if (!opts.secret) usage('--secret is required');
  return opts;
}

function usage(msg) {
  process.stderr.write(`fakes: ${msg}\nusage: server.js --wechat-port P1 --sms-port P2 ` +
    '--idp-port P3 --appid APPID --secret SECRET [--pidfile FILE]\n');
  process.exit(2);
}

/* --- shared helpers ------------------------------------------------------------------------- */

const MAX_BODY = 1 << 20;

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/* Answers JSON unless the client has gone (a timed-out caller closes its end). */
function sendJson(res, status, value) {
  if (res.destroyed || res.writableEnded) return;
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length });
  res.end(body);
}

function sendHtml(res, status, html) {
  if (res.destroyed || res.writableEnded) return;
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

function rid() {
  return `${crypto.randomBytes(4).toString('hex')}-${crypto.randomBytes(4).toString('hex')}`;
}

/* Requests held open on purpose (slow, hang), ended on reset and at exit. */
const held = new Set();
function hold(res, ms, then) {
  const entry = { res, timer: null };
  entry.timer = setTimeout(() => {
    held.delete(entry);
    then();
  }, ms);
  res.on('close', () => {
    clearTimeout(entry.timer);
    held.delete(entry);
  });
  held.add(entry);
}
function releaseHeld() {
  for (const e of held) {
    clearTimeout(e.timer);
    e.res.destroy();
  }
  held.clear();
}

function log(msg) {
  process.stderr.write(`${new Date().toISOString()} fakes: ${msg}\n`);
}

/* --- WeChat --------------------------------------------------------------------------------- */

function wechat(opts) {
  let calls = [];
  let usedCodes = new Set();
  let stable = null; // {token, expiresAt}
  let previousStable = null; // {token, validUntil}: the overlap after a rotation
  let classic = null;

  const newToken = () => `FAKE_AT_${crypto.randomBytes(36).toString('base64url')}`;
  const now = () => Date.now();

  function record(req, url, extra) {
    const query = {};
    for (const [k, v] of url.searchParams) if (k !== 'secret') query[k] = v;
    const entry = { method: req.method, path: url.pathname, query, time: new Date().toISOString() };
    calls.push(Object.assign(entry, extra));
    return entry;
  }

  /* The credential checks shared by every endpoint; an error body or null. */
  function credentialError(appid, secret) {
    if (appid !== opts.appid) return { errcode: 40013, errmsg: `invalid appid rid: ${rid()}` };
    if (secret !== opts.secret) return { errcode: 40125, errmsg: `invalid appsecret rid: ${rid()}` };
    return null;
  }

  function jscode2session(req, res, url, entry) {
    const q = url.searchParams;
    const answer = (status, value) => {
      entry.status = status;
      entry.response = value;
      sendJson(res, status, value);
    };
    const cred = credentialError(q.get('appid'), q.get('secret'));
    if (cred) return answer(200, cred);
    if (q.get('grant_type') !== 'authorization_code')
      return answer(200, { errcode: 40002, errmsg: `invalid grant_type rid: ${rid()}` });
    const code = q.get('js_code');
    if (!code) return answer(200, { errcode: 41008, errmsg: `missing code rid: ${rid()}` });
    if (usedCodes.has(code)) return answer(200, { errcode: 40163, errmsg: `code been used, rid: ${rid()}` });
    usedCodes.add(code);
    const m = /^([a-z]+)\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{0,64})$/.exec(code);
    const behaviour = m ? m[1] : 'invalid';
    const user = m ? m[2] : '';
    const ok = () => {
      const body = { openid: `oFAKE_${user}`, session_key: crypto.randomBytes(16).toString('base64') };
      if (user.startsWith('u')) body.unionid = `UFAKE_${user}`;
      return body;
    };
    switch (behaviour) {
    case 'ok': return answer(200, ok());
    case 'risky': return answer(200, { errcode: 40226, errmsg: `code blocked, rid: ${rid()}` });
    case 'ratelimit': return answer(200, { errcode: 45011, errmsg: `api minute-quota reach limit  mustslower  retry next minute, rid: ${rid()}` });
    case 'busy': return answer(200, { errcode: -1, errmsg: `system error, rid: ${rid()}` });
    case 'slow': {
      const body = ok();
      entry.response = body;
      entry.status = 200;
      return hold(res, 30000, () => sendJson(res, 200, body));
    }
    case 'html':
      entry.status = 502;
      return sendHtml(res, 502, '<html><head><title>502 Bad Gateway</title></head><body>' +
        '<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n');
    default:
      return answer(200, { errcode: 40029, errmsg: `invalid code, rid: ${rid()}` });
    }
  }

  async function stableToken(req, res, entry) {
    const body = parseJson(await readBody(req));
    const answer = (value) => {
      entry.status = 200;
      entry.response = value;
      sendJson(res, 200, value);
    };
    if (!body || typeof body !== 'object')
      return answer({ errcode: 47001, errmsg: `data format error rid: ${rid()}` });
    entry.body = { grant_type: body.grant_type, appid: body.appid, force_refresh: body.force_refresh };
    const cred = credentialError(body.appid, body.secret);
    if (cred) return answer(cred);
    if (body.grant_type !== 'client_credential')
      return answer({ errcode: 40002, errmsg: `invalid grant_type rid: ${rid()}` });
    const t = now();
    if (body.force_refresh === true || !stable || stable.expiresAt - t < 300 * 1000) {
      if (stable && body.force_refresh !== true && stable.expiresAt > t)
        previousStable = { token: stable.token, validUntil: stable.expiresAt };
      else previousStable = null;
      stable = { token: newToken(), expiresAt: t + 7200 * 1000 };
    }
    return answer({ access_token: stable.token, expires_in: Math.floor((stable.expiresAt - t) / 1000) });
  }

  function classicToken(req, res, url, entry) {
    const q = url.searchParams;
    const answer = (value) => {
      entry.status = 200;
      entry.response = value;
      sendJson(res, 200, value);
    };
    const cred = credentialError(q.get('appid'), q.get('secret'));
    if (cred) return answer(cred);
    if (q.get('grant_type') !== 'client_credential')
      return answer({ errcode: 40002, errmsg: `invalid grant_type rid: ${rid()}` });
    classic = { token: newToken(), expiresAt: now() + 7200 * 1000 };
    return answer({ access_token: classic.token, expires_in: 7200 });
  }

  /* A token a business API would accept now (for later capabilities and their fakes). */
  function tokenValid(token) {
    const t = now();
    return Boolean(token) && ((stable && stable.token === token && stable.expiresAt > t) ||
      (previousStable && previousStable.token === token && previousStable.validUntil > t) ||
      (classic && classic.token === token && classic.expiresAt > t));
  }

  return {
    name: 'wechat',
    tokenValid,
    async handle(req, res) {
      const url = new URL(req.url, 'http://fake');
      if (url.pathname === '/__calls' && req.method === 'GET') return sendJson(res, 200, calls);
      if (url.pathname === '/__reset' && req.method === 'POST') {
        this.reset();
        return sendJson(res, 200, { ok: true });
      }
      if (url.pathname === '/sns/jscode2session' && req.method === 'GET')
        return jscode2session(req, res, url, record(req, url));
      if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST')
        return stableToken(req, res, record(req, url));
      if (url.pathname === '/cgi-bin/token' && req.method === 'GET')
        return classicToken(req, res, url, record(req, url));
      record(req, url, { status: 404 });
      return sendJson(res, 404, { errcode: 404, errmsg: 'not found' });
    },
    reset() {
      calls = [];
      usedCodes = new Set();
      stable = previousStable = classic = null;
      releaseHeld();
    },
  };
}

/* --- SMS gateway ---------------------------------------------------------------------------- */

function sms() {
  let messages = [];
  let fail = { count: 0, mode: '500' };

  return {
    name: 'sms',
    async handle(req, res) {
      const url = new URL(req.url, 'http://fake');
      if (url.pathname === '/__messages' && req.method === 'GET') {
        const phone = url.searchParams.get('phone');
        return sendJson(res, 200, phone === null ? messages : messages.filter((m) => m.phone === phone));
      }
      if (url.pathname === '/__fail' && req.method === 'POST') {
        const body = parseJson(await readBody(req)) || {};
        const count = Number(body.count === undefined ? 1 : body.count);
        const mode = String(body.mode || '500');
        if (!Number.isInteger(count) || count < 0 || !['500', 'hang', 'close'].includes(mode)) {
          log('sms: bad /__fail request');
          return sendJson(res, 400, { ok: false, error: 'count >= 0 and mode 500|hang|close' });
        }
        fail = { count, mode };
        return sendJson(res, 200, { ok: true });
      }
      if (url.pathname === '/__reset' && req.method === 'POST') {
        this.reset();
        return sendJson(res, 200, { ok: true });
      }
      if (url.pathname !== '/send') return sendJson(res, 404, { ok: false, error: 'not_found' });
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'method_not_allowed' });
      const body = parseJson(await readBody(req));
      if (!body || typeof body.phone !== 'string' || typeof body.template !== 'string' ||
          !body.params || typeof body.params !== 'object' || Array.isArray(body.params))
        return sendJson(res, 400, { ok: false, error: 'bad_request' });
      const msg = { phone: body.phone, template: body.template, params: body.params,
        at: new Date().toISOString(), delivered: true };
      messages.push(msg);
      if (fail.count > 0) {
        fail.count -= 1;
        msg.delivered = false;
        if (fail.mode === 'close') return req.socket.destroy();
        if (fail.mode === 'hang') return hold(res, 60000, () => res.destroy());
        return sendJson(res, 500, { ok: false, error: 'gateway_error' });
      }
      return sendJson(res, 200, { ok: true });
    },
    reset() {
      messages = [];
      fail = { count: 0, mode: '500' };
      releaseHeld();
    },
  };
}

/* --- identity provider ---------------------------------------------------------------------- */

function idp() {
  let mismatches = new Set();
  let down = false;
  let calls = 0;

  return {
    name: 'idp',
    async handle(req, res) {
      const url = new URL(req.url, 'http://fake');
      if (url.pathname === '/__mismatch' && req.method === 'POST') {
        const body = parseJson(await readBody(req)) || {};
        if (typeof body.id_number !== 'string') {
          log('idp: bad /__mismatch request');
          return sendJson(res, 400, { ok: false, error: 'id_number is required' });
        }
        mismatches.add(body.id_number.toUpperCase());
        return sendJson(res, 200, { ok: true });
      }
      if (url.pathname === '/__down' && req.method === 'POST') {
        const body = parseJson(await readBody(req)) || {};
        down = body.down === true;
        return sendJson(res, 200, { ok: true, down });
      }
      if (url.pathname === '/__calls' && req.method === 'GET') return sendJson(res, 200, { calls });
      if (url.pathname === '/__reset' && req.method === 'POST') {
        this.reset();
        return sendJson(res, 200, { ok: true });
      }
      if (url.pathname !== '/verify') return sendJson(res, 404, { error: 'not_found' });
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed' });
      const body = parseJson(await readBody(req));
      calls += 1;
      if (down) return sendJson(res, 503, { error: 'unavailable' });
      if (!body || typeof body.name !== 'string' || typeof body.id_number !== 'string')
        return sendJson(res, 400, { error: 'bad_request' });
      return sendJson(res, 200, { match: !mismatches.has(body.id_number.toUpperCase()) });
    },
    reset() {
      mismatches = new Set();
      down = false;
      calls = 0;
    },
  };
}

/* --- main ----------------------------------------------------------------------------------- */

function listen(service, port, host) {
  const server = http.createServer((req, res) => {
    Promise.resolve(service.handle(req, res)).catch((e) => {
      log(`${service.name}: handler failed: ${e && e.name}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'fake_failed' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const services = [[wechat(opts), opts.wechatPort], [sms(), opts.smsPort], [idp(), opts.idpPort]];
  const servers = [];
  try {
    for (const [svc, port] of services) servers.push(await listen(svc, port, opts.host));
  } catch (e) {
    log(`cannot listen: ${e.code || e.message}`);
    process.exit(1);
  }
  const ports = servers.map((s) => s.address().port);
  if (opts.pidfile) fs.writeFileSync(opts.pidfile, `${process.pid}\n`);
  log(`listening on ${opts.host}: wechat ${ports[0]}, sms ${ports[1]}, idp ${ports[2]}`);

  let stopping = false;
  const stop = (sig) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping`);
    releaseHeld();
    for (const s of servers) {
      s.close();
      if (s.closeAllConnections) s.closeAllConnections();
    }
    if (opts.pidfile) {
      try {
        if (fs.readFileSync(opts.pidfile, 'utf8').trim() === String(process.pid)) fs.rmSync(opts.pidfile);
      } catch { /* already gone */ }
    }
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main();
