#!/usr/bin/env node
'use strict';
/*
 * server.js: stand-ins for the services yiwang calls (API.md section 11), for the test stack.
 * Node 20, no dependencies. One process, three (four with --push-port) loopback listeners:
 *
 *   node tests/fakes/server.js --wechat-port P1 --sms-port P2 --idp-port P3 \
 *        --appid wxtest --secret S [--pidfile F] [--template TEMPLATE_ID] \
 *        [--push-port P4 --push-secret whsec_<base64 key> [--push-tolerance SECONDS]
 *         [--upstream-secret whsec_<base64 key>]]  (POST /upstream: the provincial platform)
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
 *        Tokens live 7200 s of real time (the fakes never read YIWANG_CLOCK_FILE). A token
 *        superseded (cgi-bin/token again, force_refresh) or invalidated is "invalid"
 *        (business APIs: 40001); one past its expiry is "expired" (42001).
 *   POST /cgi-bin/message/subscribe/send?access_token=  {touser, template_id, page, data,
 *        [miniprogram_state, lang]} -> {"errcode":0,"errmsg":"ok","msgid":<19-digit integer,
 *        over 2^53 as WeChat's are: parse it as an integer, not a double>}. Checks, in order:
 *          no access_token 41001; unknown, superseded or invalidated 40001; expired 42001;
 *          then the injected failures (below); body not JSON 47001; touser not an openid the
 *          fake hands out (oFAKE_...) 40003; template_id empty, or not --template when given,
 *          40037; page not "pages/..." 41030; data 47003 with the field in errmsg
 *          ("argument invalid! data.thing2.value invalid rid: ..."): data must have exactly the
 *          keys of API.md section 11, character_string1, thing2, phrase3, time4, each
 *          {"value": string}; empty is "... is empty"; limits: thing <= 20 characters and no
 *          leading space, phrase 1-5 CJK characters only, character_string <= 32 printable
 *          ASCII without spaces, time 24 h "H:MM" after an optional date ("2025年3月4日 09:30",
 *          "2025-03-04 09:30"), or a range joined by "~".
 *   Control:
 *     GET /__calls (every call: method, path, query without the secret, time, and the JSON
 *       the fake answered), POST /__reset (everything: calls, codes, tokens, subscribe log
 *       and rules).
 *     GET /__subscribe?touser=&template_id= every subscribe/send received, as {at, token:
 *       ok|missing|invalid|expired, token_serial (1, 2, ... in order of issue: tells which
 *       token was used), touser, template_id, page, data, [miniprogram_state, lang,
 *       unknown_fields], injected, http_status, errcode, errmsg, msgid (a string) | null,
 *       delivered}; DELETE /__subscribe clears it.
 *     POST /__subscribe_fail {errcode: <nonzero> | http: 200|500|502|503|504, count: 1 (default),
 *       or -1 for every send until cleared, touser: only sends to that openid (optional)}
 *       queues a failure for the next matching sends that carry a valid token. errcode 40001
 *       also invalidates the token the send carried, 42001 expires it: that token then fails
 *       on its own, and the next stable_token (normal mode) or cgi-bin/token hands out a new
 *       one. 43101 (user refused / no grant), 45009 (quota), 47003, -1 (busy) or any other
 *       code only answer that code. http: an HTML error page with that status (200: an HTML
 *       page, not JSON, with status 200).
 *       GET /__subscribe_fail lists the queued rules, DELETE /__subscribe_fail clears them
 *       (?touser=: only the rules for that openid).
 *     GET /__template: {template_id: the --template, or null when any template_id goes}.
 *     POST /__invalidate_tokens {access_token?}: that token, or every token issued so far,
 *       becomes invalid (40001); POST /__expire_tokens {access_token?}: expired (42001).
 *       Either way the next token call hands out a new token. Answers {ok, tokens: <count>}.
 *
 * SMS gateway: POST /send {phone, template, params} -> 200 {"ok":true}.
 *   Templates of API.md section 11: login_code {code}; status_changed {number, status,
 *   status_label}: all three non-empty strings, nothing else, status one of
 *   supplement_required, completed, denied, rejected, withdrawn (else 400 {ok: false, error:
 *   "bad_request", detail}, not recorded). Other templates are taken as they come.
 *   Control: GET /__messages?phone= (list of {phone, template, params, at, delivered});
 *   POST /__fail {count, mode: "500"|"hang"|"close"} fails the next `count` sends that way
 *   (hang: no answer for 60 s; the message is still recorded, delivered false); POST /__reset.
 *
 * Identity provider: POST /verify {name, id_number} -> {"match": true}, or false for an
 *   id_number registered with POST /__mismatch {id_number}; POST /__down {down} answers 503
 *   while down; GET /__calls counts calls (no personal data); POST /__reset.
 *
 * App push gateway (only with --push-port; API.md section 11): POST /push (any path that does
 *   not start with /__) with {type: "application.status_changed", application_id, number,
 *   status, title, body, devices: [{platform, token}], at} and Standard Webhooks headers
 *   (tech-contracts 3.1) signed with --push-secret whsec_<base64 key of 24-64 bytes>.
 *   Checks, in order (after the injected failures and delays, below):
 *     - webhook-id (non-empty, no "."), webhook-timestamp (unix seconds), webhook-signature
 *       (space-separated; one "v1,<base64 HMAC-SHA256(key, id.timestamp.raw body)>" must
 *       match; others, v1a, ... are ignored), computed on the raw bytes: else 401 {error:
 *       "bad_headers"|"bad_signature"}.
 *     - webhook-timestamp within --push-tolerance seconds (default 300, as the SDKs) of the
 *       fake's REAL clock: else 401 {error: "stale_timestamp"}. pushd must sign with the real
 *       time (time(2)), never with the test clock of YIWANG_CLOCK_FILE. --push-tolerance 0
 *       takes any timestamp.
 *     - Content-Type application/json and the body: type exactly as above; application_id a
 *       string of digits; number, title, body non-empty strings; status a status an
 *       application can move to (submitted, accepted, supplement_required, suspended,
 *       completed, denied, rejected, withdrawn); at RFC 3339 with +08:00; devices a
 *       non-empty array of {platform: ios|android|harmony, token: non-empty string}; no other
 *       fields anywhere: else 400 {error: "bad_body", errors: ["<field>: <problem>", ...]}.
 *     - A device token marked gone: 410 {"gone_tokens": ["<the gone tokens of this
 *       request>"]}: NOTHING of this request is delivered; pushd deletes those devices and
 *       sends again to the remaining ones, if any (same webhook-id, re-signed).
 *     - Else 204, no body: delivered.
 *   Control:
 *     GET /__messages?application_id=&webhook_id=&verdict=&token= every request received
 *       (oldest first), as {at, method, path, headers (all, lower-case names), raw_body,
 *       body (parsed, or null), status, verdict: ok | bad_headers | bad_signature |
 *       stale_timestamp | bad_body | bad_method | gone | injected | closed | hung | pending
 *       (not answered yet) | client_gone (the caller hung up first), errors, duplicate (a
 *       request with this webhook-id was answered 204 before), delivered, remote_port (the
 *       sender's TCP port: which process sent it), [injected: mode, delayed_ms]};
 *       DELETE /__messages clears it.
 *     POST /__fail {mode: "500"|"502"|"503"|"504"|"429"|"close"|"hang", or one of the
 *       other statuses "301"|"302"|"307" (with a Location, not to be followed), "400"|"401"|
 *       "403"|"404"|"409"|"410" (no gone_tokens: the receiver gives up on the endpoint)|"413"|
 *       "422", count: 1 (default) or -1 (until cleared), retry_after: seconds (optional, sent
 *       as Retry-After), application_id (optional: only requests whose body has it), number
 *       (optional: likewise; the provincial platform's bodies have no application_id)}: the
 *       next matching requests fail that way before any check (close: the connection is
 *       closed with no answer; hang: no answer for 60 s, then closed). Rules queue up; the
 *       first matching one is used. GET /__fail lists them, DELETE /__fail clears them
 *       (?application_id= or ?number=: only the rules for that application or number).
 *     POST /__delay {ms: 0..600000, count: 1 (default) or -1, application_id (optional)}:
 *       matching requests are answered (or failed) ms later. GET/DELETE /__delay likewise.
 *     Tests that share the stack with pushd should always scope rules by application_id
 *     (WeChat: by touser), and not clear /__messages, so as not to disturb each other.
 *     POST /__gone {tokens: [...]} marks device tokens gone; GET /__gone lists them, DELETE
 *       /__gone clears them.
 *     POST /__reset clears everything of the push gateway.
 *
 * The fakes log only their start and stop and malformed control requests: never a code, a
 * token, a secret, a phone number or an ID number. SIGTERM or SIGINT stops the process.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');

/* --- command line --------------------------------------------------------------------------- */

function parseArgs(argv) {
  const opts = { appid: 'wxtest', secret: null, pidfile: null, host: '127.0.0.1', template: null,
    pushPort: null, pushSecret: null, pushTolerance: '300', upstreamSecret: null };
  const names = {
    '--wechat-port': 'wechatPort', '--sms-port': 'smsPort', '--idp-port': 'idpPort',
    '--appid': 'appid', '--secret': 'secret', '--pidfile': 'pidfile', '--host': 'host',
    '--template': 'template', '--push-port': 'pushPort', '--push-secret': 'pushSecret',
    '--push-tolerance': 'pushTolerance', '--upstream-secret': 'upstreamSecret',
  };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) usage(`unknown or incomplete argument ${argv[i]}`);
    opts[key] = argv[++i];
  }
  for (const k of ['wechatPort', 'smsPort', 'idpPort', 'pushPort']) {
    if (k === 'pushPort' && opts[k] === null) continue;
    const n = Number(opts[k]);
    if (!Number.isInteger(n) || n < 0 || n > 65535) usage(`--${k} must be a port`);
    opts[k] = n;
  }
  if (!opts.secret) usage('--secret is required');
  const tolerance = Number(opts.pushTolerance);
  if (!/^[0-9]+$/.test(opts.pushTolerance) || !Number.isSafeInteger(tolerance))
    usage('--push-tolerance must be a whole number of seconds (0: any timestamp)');
  opts.pushTolerance = tolerance;
  if (opts.pushPort !== null) {
    opts.pushKey = webhookKey(opts.pushSecret);
    if (!opts.pushKey) usage('--push-secret must be whsec_<base64 of 24 to 64 bytes>');
  } else if (opts.pushSecret !== null) {
    usage('--push-secret needs --push-port');
  }
  if (opts.upstreamSecret !== null) {
    if (opts.pushPort === null) usage('--upstream-secret needs --push-port');
    opts.upstreamKey = webhookKey(opts.upstreamSecret);
    if (!opts.upstreamKey) usage('--upstream-secret must be whsec_<base64 of 24 to 64 bytes>');
  }
  return opts;
}

/* The HMAC key of a Standard Webhooks secret whsec_<base64>, or null when malformed. */
function webhookKey(secret) {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret || '');
  if (!m || m[1].length % 4 !== 0) return null;
  const key = Buffer.from(m[1], 'base64');
  return key.length >= 24 && key.length <= 64 ? key : null;
}

function usage(msg) {
  process.stderr.write(`fakes: ${msg}\nusage: server.js --wechat-port P1 --sms-port P2 ` +
    '--idp-port P3 --appid APPID --secret SECRET [--pidfile FILE] [--template TEMPLATE_ID] ' +
    '[--push-port P4 --push-secret whsec_KEY [--push-tolerance SECONDS] [--upstream-secret whsec_KEY]]\n');
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

/* The raw body as a Buffer (the push gateway signs the exact bytes); null when over MAX_BODY. */
function readRaw(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
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
  /* Every token handed out: token -> {serial, expiresAt, invalid}. A token is accepted while
   * it is neither invalid (superseded, force-refreshed, invalidated: 40001) nor past
   * expiresAt (42001). */
  let issued = new Map();
  let serial = 0;
  let subscribe = subscribeState();

  const now = () => Date.now();
  const newToken = (expiresAt) => {
    const token = `FAKE_AT_${crypto.randomBytes(36).toString('base64url')}`;
    serial += 1;
    issued.set(token, { serial, expiresAt, invalid: false });
    return token;
  };
  const invalidate = (token) => {
    const t = token && issued.get(token);
    if (t) t.invalid = true;
  };
  /* Forgets token as a current one, so that the next stable_token (normal mode) or
   * cgi-bin/token call hands out a new token. */
  const forgetCurrent = (token) => {
    if (stable && stable.token === token) stable = null;
    if (previousStable && previousStable.token === token) previousStable = null;
    if (classic && classic.token === token) classic = null;
  };

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
      if (stable && body.force_refresh !== true && stable.expiresAt > t) {
        previousStable = { token: stable.token, validUntil: stable.expiresAt };
      } else {
        if (body.force_refresh === true) {
          invalidate(stable && stable.token);
          invalidate(previousStable && previousStable.token);
        }
        previousStable = null;
      }
      const expiresAt = t + 7200 * 1000;
      stable = { token: newToken(expiresAt), expiresAt };
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
    invalidate(classic && classic.token);
    const expiresAt = now() + 7200 * 1000;
    classic = { token: newToken(expiresAt), expiresAt };
    return answer({ access_token: classic.token, expires_in: 7200 });
  }

  /* What a business API makes of a token: 'ok', 'missing', 'invalid' (40001), 'expired'
   * (42001). */
  function tokenState(token) {
    if (!token) return 'missing';
    const t = issued.get(token);
    if (!t || t.invalid) return 'invalid';
    return t.expiresAt > now() ? 'ok' : 'expired';
  }
  const tokenValid = (token) => tokenState(token) === 'ok';

  /* POST /cgi-bin/message/subscribe/send?access_token= (tech-contracts 1.3, API.md 11). */
  async function subscribeSend(req, res, url, entry) {
    const token = url.searchParams.get('access_token');
    const state = tokenState(token);
    const raw = await readBody(req);
    const body = parseJson(raw);
    const msg = { at: new Date().toISOString(), token: state,
      token_serial: state === 'missing' ? null : (issued.get(token) || {}).serial || null,
      touser: null, template_id: null, page: null, data: null, injected: false,
      http_status: 200, errcode: 0, errmsg: 'ok', msgid: null, delivered: false };
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      msg.touser = body.touser === undefined ? null : body.touser;
      msg.template_id = body.template_id === undefined ? null : body.template_id;
      msg.page = body.page === undefined ? null : body.page;
      msg.data = body.data === undefined ? null : body.data;
      for (const k of ['miniprogram_state', 'lang']) if (body[k] !== undefined) msg[k] = body[k];
      const extra = Object.keys(body).filter((k) => !SUBSCRIBE_FIELDS.includes(k));
      if (extra.length) msg.unknown_fields = extra;
    } else {
      msg.raw_body = raw.slice(0, 2000);
    }
    subscribe.messages.push(msg);
    const answer = (value, status = 200) => {
      msg.http_status = status;
      if (value && typeof value === 'object') {
        msg.errcode = value.errcode;
        msg.errmsg = value.errmsg;
      }
      entry.status = status;
      entry.response = value;
      if (status !== 200)
        return sendHtml(res, status, `<html><body><h1>${status} ${http.STATUS_CODES[status]}</h1></body></html>\n`);
      return sendJson(res, 200, value);
    };
    const err = (errcode, text) => answer({ errcode, errmsg: `${text} rid: ${rid()}` });

    if (state === 'missing') return err(41001, 'access_token missing');
    if (state === 'invalid') return err(40001, 'invalid credential, access_token is invalid or not latest');
    if (state === 'expired') return err(42001, 'access_token expired');

    const touser = msg.touser;
    const rule = takeRule(subscribe.rules, (r) => !r.touser || r.touser === touser);
    if (rule) {
      msg.injected = true;
      if (rule.http === 200) {
        /* 200 with a page that is not JSON (a proxy's or a portal's): nothing delivered. */
        msg.errcode = null;
        msg.errmsg = null;
        entry.status = 200;
        entry.response = null;
        return sendHtml(res, 200, '<html><body><h1>Service busy, please retry</h1></body></html>\n');
      }
      if (rule.http) return answer(null, rule.http);
      if (rule.errcode === 40001 || rule.errcode === 42001) {
        /* The token this call had is gone: 40001 invalidates it, 42001 expires it; the
         * next stable_token (normal mode) or cgi-bin/token call hands out a new one. */
        const t = issued.get(token);
        if (rule.errcode === 40001) t.invalid = true;
        else t.expiresAt = Math.min(t.expiresAt, now());
        forgetCurrent(token);
      }
      return err(rule.errcode, SUBSCRIBE_ERRMSG[rule.errcode] || 'injected error');
    }

    if (!body || typeof body !== 'object' || Array.isArray(body))
      return err(47001, 'data format error');
    if (typeof touser !== 'string' || !/^oFAKE_[A-Za-z0-9_-]{1,64}$/.test(touser))
      return err(40003, 'invalid openid');
    if (typeof body.template_id !== 'string' || body.template_id === '' ||
        (opts.template && body.template_id !== opts.template))
      return err(40037, 'invalid template_id');
    if (body.page !== undefined && (typeof body.page !== 'string' ||
        !/^pages\/[A-Za-z0-9_/-]+(\?[^\s#]*)?$/.test(body.page)))
      return err(41030, 'invalid page');
    if (body.miniprogram_state !== undefined &&
        !['developer', 'trial', 'formal'].includes(body.miniprogram_state))
      return err(47003, 'argument invalid! miniprogram_state invalid');
    if (body.lang !== undefined && !['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(body.lang))
      return err(47003, 'argument invalid! lang invalid');
    const bad = subscribeDataError(body.data);
    if (bad) return err(47003, `argument invalid! ${bad}`);

    subscribe.msgid += 1n;
    msg.msgid = subscribe.msgid.toString();
    msg.delivered = true;
    entry.status = 200;
    entry.response = { errcode: 0, errmsg: 'ok', msgid: msg.msgid };
    /* The msgid is a 19-digit integer, as WeChat's are: over 2^53, so it is written by hand
     * (a double would round it). */
    if (res.destroyed || res.writableEnded) return undefined;
    const text = Buffer.from(`{"errcode":0,"errmsg":"ok","msgid":${msg.msgid}}`, 'utf8');
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': text.length });
    return res.end(text);
  }

  async function subscribeControl(req, res, url) {
    if (url.pathname === '/__subscribe' && req.method === 'GET') {
      const q = url.searchParams;
      return sendJson(res, 200, subscribe.messages.filter((m) =>
        (!q.has('touser') || m.touser === q.get('touser')) &&
        (!q.has('template_id') || m.template_id === q.get('template_id'))));
    }
    if (url.pathname === '/__subscribe' && req.method === 'DELETE') {
      subscribe.messages = [];
      return sendJson(res, 200, { ok: true });
    }
    if (url.pathname === '/__subscribe_fail' && req.method === 'GET') return sendJson(res, 200, subscribe.rules);
    if (url.pathname === '/__template' && req.method === 'GET')
      return sendJson(res, 200, { template_id: opts.template });
    if (url.pathname === '/__subscribe_fail' && req.method === 'DELETE') {
      const touser = url.searchParams.get('touser');
      subscribe.rules = touser === null ? [] : subscribe.rules.filter((r) => r.touser !== touser);
      return sendJson(res, 200, { ok: true });
    }
    if (url.pathname === '/__subscribe_fail' && req.method === 'POST') {
      const body = parseJson(await readBody(req)) || {};
      const count = body.count === undefined ? 1 : body.count;
      const okCount = Number.isInteger(count) && (count > 0 || count === -1);
      const okCode = body.http === undefined ? Number.isInteger(body.errcode) && body.errcode !== 0
        : body.errcode === undefined && [200, 500, 502, 503, 504].includes(body.http);
      const okUser = body.touser === undefined || (typeof body.touser === 'string' && body.touser !== '');
      if (!okCount || !okCode || !okUser) {
        log('wechat: bad /__subscribe_fail request');
        return sendJson(res, 400, { ok: false,
          error: '{errcode: nonzero integer | http: 200|500|502|503|504, count: >0 or -1, touser?}' });
      }
      const rule = { count, touser: body.touser || null };
      if (body.http !== undefined) rule.http = body.http;
      else rule.errcode = body.errcode;
      subscribe.rules.push(rule);
      return sendJson(res, 200, { ok: true });
    }
    if ((url.pathname === '/__invalidate_tokens' || url.pathname === '/__expire_tokens') &&
        req.method === 'POST') {
      const body = parseJson(await readBody(req)) || {};
      if (body.access_token !== undefined && typeof body.access_token !== 'string') {
        log('wechat: bad token control request');
        return sendJson(res, 400, { ok: false, error: 'access_token must be a string' });
      }
      const which = body.access_token === undefined ? [...issued.keys()] : [body.access_token];
      let n = 0;
      for (const token of which) {
        const t = issued.get(token);
        if (!t) continue;
        n += 1;
        if (url.pathname === '/__invalidate_tokens') t.invalid = true;
        else t.expiresAt = Math.min(t.expiresAt, now());
        forgetCurrent(token);
      }
      return sendJson(res, 200, { ok: true, tokens: n });
    }
    return null;
  }

  return {
    name: 'wechat',
    tokenValid,
    tokenState,
    async handle(req, res) {
      const url = new URL(req.url, 'http://fake');
      if (url.pathname === '/__calls' && req.method === 'GET') return sendJson(res, 200, calls);
      if (url.pathname === '/__reset' && req.method === 'POST') {
        this.reset();
        return sendJson(res, 200, { ok: true });
      }
      if (url.pathname.startsWith('/__') && (await subscribeControl(req, res, url)) !== null)
        return undefined;
      if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST')
        return subscribeSend(req, res, url, record(req, url));
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
      issued = new Map();
      subscribe = subscribeState();
      releaseHeld();
    },
  };
}

/* The subscribe-message part of the WeChat fake: what it received, the injected failures. */
function subscribeState() {
  /* msgid: 19 digits, counting up from a random start (WeChat's are over 2^53). */
  return { messages: [], rules: [],
    msgid: 1000000000000000000n + BigInt(crypto.randomInt(0, 2 ** 47)) * 1000n };
}

const SUBSCRIBE_FIELDS = ['touser', 'template_id', 'page', 'data', 'miniprogram_state', 'lang'];
const SUBSCRIBE_ERRMSG = {
  40001: 'invalid credential, access_token is invalid or not latest',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  47003: 'argument invalid! data.thing2.value invalid',
  40003: 'invalid openid',
  40037: 'invalid template_id',
  41030: 'invalid page',
  [-1]: 'system error',
};
/* The template of API.md section 11: exactly these keys. */
const SUBSCRIBE_KEYS = ['character_string1', 'thing2', 'phrase3', 'time4'];

/* Takes one use of the first rule that matches (count -1: every time); the rule or null. */
function takeRule(rules, matches) {
  const i = rules.findIndex((r) => r.count !== 0 && matches(r));
  if (i < 0) return null;
  const rule = rules[i];
  if (rule.count > 0) {
    rule.count -= 1;
    if (rule.count === 0) rules.splice(i, 1);
  }
  return rule;
}

/* WeChat's 24 h time, optionally after a date (2019年10月1日, 2019-10-01 or 2019/10/01),
 * or a range of two joined by ~. */
function wechatTimeValid(v) {
  const one = (s) => {
    const m = /^(?:(\d{4})(?:年(\d{1,2})月(\d{1,2})日|-(\d{1,2})-(\d{1,2})|\/(\d{1,2})\/(\d{1,2})) ?)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
    if (!m) return false;
    if (m[1]) {
      const mo = Number(m[2] || m[4] || m[6]);
      const d = Number(m[3] || m[5] || m[7]);
      if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    }
    return Number(m[8]) <= 23 && Number(m[9]) <= 59 && (m[10] === undefined || Number(m[10]) <= 59);
  };
  const parts = v.split('~');
  return parts.length <= 2 && parts.every(one);
}

/* Checks one value of a template key by its type, as WeChat does (tech-contracts 1.3). */
function wechatValueValid(type, v) {
  const n = [...v].length;
  const cjk = /^[\u3400-\u4dbf\u4e00-\u9fff]+$/u;
  switch (type) {
  case 'thing': return n <= 20 && !/^\s/.test(v) && !/[\u0000-\u001f\u007f]/.test(v);
  case 'character_string': return n <= 32 && /^[\x21-\x7e]+$/.test(v);
  case 'phrase': return n <= 5 && cjk.test(v);
  case 'time': return wechatTimeValid(v);
  case 'number': return /^-?[0-9]+(\.[0-9]+)?$/.test(v) && v.replace(/[^0-9]/g, '').length <= 32;
  case 'letter': return /^[A-Za-z]{1,32}$/.test(v);
  case 'symbol': return n <= 5 && /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+$/.test(v);
  case 'date': return /^\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?/.test(v);
  case 'amount': return /^[¥￥$€£]?[0-9]{1,10}(\.[0-9]{1,2})?元?$/.test(v);
  case 'phone_number': return /^[0-9+\-() ]{1,17}$/.test(v);
  case 'car_number': return n <= 8;
  case 'name': return cjk.test(v) ? n <= 10 : n <= 20;
  default: return true;
  }
}

/* The errmsg tail of a 47003 for a subscribe message's data, or null when it is good. */
function subscribeDataError(data) {
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0)
    return 'data is empty';
  for (const key of SUBSCRIBE_KEYS)
    if (!(key in data)) return `data.${key}.value is empty`;
  for (const [key, item] of Object.entries(data)) {
    const m = /^([a-z_]+?)([0-9]+)$/.exec(key);
    if (!SUBSCRIBE_KEYS.includes(key) || !m) return `data.${key} invalid`;
    if (!item || typeof item !== 'object' || Array.isArray(item) || typeof item.value !== 'string')
      return `data.${key}.value invalid`;
    if (item.value === '') return `data.${key}.value is empty`;
    if (!wechatValueValid(m[1], item.value)) return `data.${key}.value invalid`;
  }
  return null;
}

/* --- SMS gateway ---------------------------------------------------------------------------- */

/* The templates of API.md section 11 the gateway checks (others are taken as they come):
 * each answers what is wrong with its params, or null. */
const SMS_TEMPLATES = {
  status_changed(params) {
    for (const k of ['number', 'status', 'status_label'])
      if (typeof params[k] !== 'string' || params[k] === '') return `params.${k} must be a non-empty string`;
    const extra = Object.keys(params).filter((k) => !['number', 'status', 'status_label'].includes(k));
    if (extra.length) return `unknown params ${extra.join(', ')}`;
    if (!SMS_PROGRESS_STATUSES.includes(params.status))
      return `params.status must be one of ${SMS_PROGRESS_STATUSES.join(', ')}`;
    return null;
  },
};
/* SMS on progress only for supplement_required and the final statuses (API.md 6 and 11). */
const SMS_PROGRESS_STATUSES = ['supplement_required', 'completed', 'denied', 'rejected', 'withdrawn'];

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
      const problem = SMS_TEMPLATES[body.template] && SMS_TEMPLATES[body.template](body.params);
      if (problem) return sendJson(res, 400, { ok: false, error: 'bad_request', detail: problem });
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

/* --- app push gateway ----------------------------------------------------------------------- */

const PUSH_STATUSES = ['submitted', 'accepted', 'supplement_required', 'suspended', 'completed',
  'denied', 'rejected', 'withdrawn'];
const PUSH_FIELDS = ['type', 'application_id', 'number', 'status', 'title', 'body', 'devices', 'at'];
const PUSH_PLATFORMS = ['ios', 'android', 'harmony'];
const PUSH_FAIL_MODES = ['429', '500', '502', '503', '504', 'close', 'hang',
  // Standard Webhooks answers that are not a throttle (tech-contracts 3.1): a redirect (not to
  // be followed), refusals of the request, and 410 without gone_tokens (a receiver that gives
  // up on the endpoint).
  '301', '302', '307', '400', '401', '403', '404', '409', '410', '413', '422'];

/* Checks the Standard Webhooks headers and signature (tech-contracts 3.1); a verdict and the
 * problems, or null when the request is authentic. */
function webhookProblem(opts, headers, raw, key = opts.pushKey) {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sig = headers['webhook-signature'];
  if (typeof id !== 'string' || id === '' || id.length > 256 || id.includes('.'))
    return ['bad_headers', 'webhook-id: missing, empty, over 256 characters or with a "."'];
  if (typeof ts !== 'string' || !/^[0-9]{1,12}$/.test(ts))
    return ['bad_headers', 'webhook-timestamp: not integer unix seconds'];
  if (typeof sig !== 'string' || sig.trim() === '')
    return ['bad_headers', 'webhook-signature: missing'];
  const expected = crypto.createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${id}.${ts}.`, 'utf8'), raw])).digest();
  let match = false;
  for (const part of sig.split(' ')) {
    const m = /^v1,([A-Za-z0-9+/]+={0,2})$/.exec(part);
    if (!m) continue;
    const got = Buffer.from(m[1], 'base64');
    if (got.length === expected.length && crypto.timingSafeEqual(got, expected)) match = true;
  }
  if (!match) return ['bad_signature', 'no v1 signature in webhook-signature matches'];
  const skew = Math.floor(Date.now() / 1000) - Number(ts);
  if (opts.pushTolerance > 0 && Math.abs(skew) > opts.pushTolerance)
    return ['stale_timestamp', `webhook-timestamp is ${skew} s off the real clock ` +
      `(tolerance ${opts.pushTolerance} s; sign with the real time, not the test clock)`];
  return null;
}

/* Checks the JSON body of API.md section 11; the list of problems (empty when good). */
/* A reply to a consultation or complaint (yiwang's addition to section 11). */
const CONSULTATION_FIELDS = ['type', 'consultation_id', 'status', 'title', 'body', 'devices', 'at'];
function consultationBodyProblems(body) {
  const out = [];
  for (const k of Object.keys(body)) if (!CONSULTATION_FIELDS.includes(k)) out.push(`${k}: unknown field`);
  if (typeof body.consultation_id !== 'string' || !/^[0-9]{1,20}$/.test(body.consultation_id))
    out.push('consultation_id: must be a string of digits');
  if (!['open', 'answered', 'closed'].includes(body.status)) out.push('status: must be open, answered or closed');
  for (const k of ['title', 'body'])
    if (typeof body[k] !== 'string' || body[k] === '') out.push(`${k}: must be a non-empty string`);
  if (typeof body.at !== 'string' || !/\+08:00$/.test(body.at) || Number.isNaN(Date.parse(body.at)))
    out.push('at: must be RFC 3339 with +08:00');
  if (!Array.isArray(body.devices) || body.devices.length === 0) out.push('devices: must be a non-empty array');
  return out;
}

function pushBodyProblems(body) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return ['body: not a JSON object'];
  if (body.type === 'consultation.replied') return consultationBodyProblems(body);
  const out = [];
  const str = (k) => typeof body[k] === 'string' && body[k] !== '';
  for (const k of Object.keys(body)) if (!PUSH_FIELDS.includes(k)) out.push(`${k}: unknown field`);
  if (body.type !== 'application.status_changed') out.push('type: must be "application.status_changed"');
  if (typeof body.application_id !== 'string' || !/^[0-9]{1,20}$/.test(body.application_id))
    out.push('application_id: must be a string of digits (IDs are JSON strings)');
  if (!str('number')) out.push('number: must be a non-empty string');
  if (!PUSH_STATUSES.includes(body.status)) out.push(`status: must be one of ${PUSH_STATUSES.join(', ')}`);
  if (!str('title')) out.push('title: must be a non-empty string');
  if (!str('body')) out.push('body: must be a non-empty string');
  if (typeof body.at !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?\+08:00$/.test(body.at) ||
      Number.isNaN(Date.parse(body.at)))
    out.push('at: must be RFC 3339 with +08:00');
  if (!Array.isArray(body.devices) || body.devices.length === 0) {
    out.push('devices: must be a non-empty array');
  } else {
    body.devices.forEach((d, i) => {
      if (!d || typeof d !== 'object' || Array.isArray(d)) return out.push(`devices[${i}]: not an object`);
      for (const k of Object.keys(d))
        if (k !== 'platform' && k !== 'token') out.push(`devices[${i}].${k}: unknown field`);
      if (!PUSH_PLATFORMS.includes(d.platform)) out.push(`devices[${i}].platform: must be ios, android or harmony`);
      if (typeof d.token !== 'string' || d.token === '') out.push(`devices[${i}].token: must be a non-empty string`);
      return undefined;
    });
  }
  return out;
}

/* The provincial platform's body (API.md section 11): exactly these fields, no personal data. */
const UPSTREAM_FIELDS = ['type', 'item_code', 'number', 'status', 'at', 'dept_id', 'region_code'];
function upstreamBodyProblems(body) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return ['body: not a JSON object'];
  const out = [];
  for (const k of Object.keys(body)) if (!UPSTREAM_FIELDS.includes(k)) out.push(`${k}: unknown field`);
  for (const k of UPSTREAM_FIELDS)
    if (typeof body[k] !== 'string' || body[k] === '') out.push(`${k}: must be a non-empty string`);
  if (body.type !== 'application.status_changed') out.push('type: must be "application.status_changed"');
  if (!PUSH_STATUSES.includes(body.status)) out.push(`status: must be one of ${PUSH_STATUSES.join(', ')}`);
  if (typeof body.region_code === 'string' && !/^[0-9]{6}$/.test(body.region_code))
    out.push('region_code: six digits');
  if (typeof body.at !== 'string' || !/\+08:00$/.test(body.at) || Number.isNaN(Date.parse(body.at)))
    out.push('at: must be RFC 3339 with +08:00');
  return out;
}

function push(opts) {
  let messages = [];
  let failRules = [];
  let delayRules = [];
  let gone = new Set();
  let accepted = new Set(); // webhook-ids answered 2xx

  /* A rule from a control body: {count (default 1; -1 = until cleared), application_id?}. */
  function ruleFrom(body) {
    const count = body.count === undefined ? 1 : body.count;
    if (!Number.isInteger(count) || !(count > 0 || count === -1)) return null;
    if (body.application_id !== undefined && typeof body.application_id !== 'string') return null;
    if (body.number !== undefined && (typeof body.number !== 'string' || body.number === '')) return null;
    const rule = { count, application_id: body.application_id === undefined ? null : body.application_id };
    if (body.number !== undefined) rule.number = body.number;
    return rule;
  }
  const matchesApp = (body) => (r) => (!r.application_id ||
    (body && typeof body === 'object' && body.application_id === r.application_id)) &&
    (!r.number || (body && typeof body === 'object' && body.number === r.number));

  async function control(req, res, url) {
    const p = url.pathname;
    const m = req.method;
    if (p === '/__messages' && m === 'GET') {
      const q = url.searchParams;
      const has = (k) => q.has(k);
      return sendJson(res, 200, messages.filter((x) =>
        (!has('application_id') || (x.body && x.body.application_id === q.get('application_id'))) &&
        (!has('webhook_id') || x.headers['webhook-id'] === q.get('webhook_id')) &&
        (!has('verdict') || x.verdict === q.get('verdict')) &&
        (!has('token') || (x.body && Array.isArray(x.body.devices) &&
          x.body.devices.some((d) => d && d.token === q.get('token'))))));
    }
    if (p === '/__messages' && m === 'DELETE') {
      messages = [];
      return sendJson(res, 200, { ok: true });
    }
    if (p === '/__fail' || p === '/__delay' || p === '/__gone') {
      const rules = { '/__fail': failRules, '/__delay': delayRules };
      if (m === 'GET') return sendJson(res, 200, p === '/__gone' ? [...gone] : rules[p]);
      if (m === 'DELETE') {
        const app = url.searchParams.get('application_id');
        const num = url.searchParams.get('number');
        const keep = (r) => (app !== null || num !== null) &&
          (app === null || r.application_id !== app) && (num === null || r.number !== num);
        if (p === '/__fail') failRules = failRules.filter(keep);
        else if (p === '/__delay') delayRules = delayRules.filter(keep);
        else gone = new Set();
        return sendJson(res, 200, { ok: true });
      }
      if (m !== 'POST') return sendJson(res, 405, { ok: false, error: 'method_not_allowed' });
      const body = parseJson(await readBody(req)) || {};
      if (p === '/__gone') {
        if (!Array.isArray(body.tokens) || !body.tokens.every((t) => typeof t === 'string' && t !== '')) {
          log('push: bad /__gone request');
          return sendJson(res, 400, { ok: false, error: '{tokens: [non-empty strings]}' });
        }
        for (const t of body.tokens) gone.add(t);
        return sendJson(res, 200, { ok: true });
      }
      const rule = ruleFrom(body);
      if (p === '/__fail') {
        const mode = String(body.mode === undefined ? '500' : body.mode);
        const ra = body.retry_after;
        if (!rule || !PUSH_FAIL_MODES.includes(mode) ||
            (ra !== undefined && !(Number.isInteger(ra) && ra >= 0))) {
          log('push: bad /__fail request');
          return sendJson(res, 400, { ok: false, error: `{mode: ${PUSH_FAIL_MODES.join('|')}, ` +
            'count: >0 or -1, retry_after?: seconds, application_id?, number?}' });
        }
        failRules.push(Object.assign(rule, { mode }, ra === undefined ? {} : { retry_after: ra }));
        return sendJson(res, 200, { ok: true });
      }
      if (!rule || !Number.isInteger(body.ms) || body.ms < 0 || body.ms > 600000) {
        log('push: bad /__delay request');
        return sendJson(res, 400, { ok: false, error: '{ms: 0..600000, count?: >0 or -1, application_id?}' });
      }
      delayRules.push(Object.assign(rule, { ms: body.ms }));
      return sendJson(res, 200, { ok: true });
    }
    if (p === '/__reset' && m === 'POST') {
      this.reset();
      return sendJson(res, 200, { ok: true });
    }
    return null;
  }

  /* Records a push as it arrives (verdict "pending" until answered; "client_gone" when the
   * caller hung up first, e.g. during a delay). */
  function arrive(req, res, raw, body) {
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = v;
    const msg = { at: new Date().toISOString(), method: req.method, path: req.url, headers,
      raw_body: raw.toString('utf8'), body: body === undefined ? null : body, status: null,
      verdict: 'pending', errors: [], duplicate: false, delivered: false,
      remote_port: req.socket.remotePort };
    messages.push(msg);
    res.on('close', () => {
      if (msg.verdict === 'pending') msg.verdict = 'client_gone';
    });
    return msg;
  }

  /* Answers a push (after its delay, if any). */
  function deliver(req, res, raw, body, msg) {
    const headers = msg.headers;
    const answer = (status, verdict, value, extraHeaders = {}) => {
      msg.status = status;
      msg.verdict = verdict;
      if (res.destroyed || res.writableEnded) return;
      if (status === 204) {
        res.writeHead(204, extraHeaders);
        res.end();
        return;
      }
      const out = Buffer.from(JSON.stringify(value), 'utf8');
      res.writeHead(status, Object.assign({ 'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': out.length }, extraHeaders));
      res.end(out);
    };

    const fail = takeRule(failRules, matchesApp(body));
    if (fail) {
      msg.injected = fail.mode;
      if (fail.mode === 'close') {
        msg.verdict = 'closed';
        return req.socket.destroy();
      }
      if (fail.mode === 'hang') {
        msg.verdict = 'hung';
        return hold(res, 60000, () => res.destroy());
      }
      const h = fail.retry_after === undefined ? {} : { 'Retry-After': String(fail.retry_after) };
      if (/^3/.test(fail.mode)) h.Location = `http://127.0.0.1:1${req.url}`;
      return answer(Number(fail.mode), 'injected', { error: 'injected_failure' }, h);
    }
    if (req.method !== 'POST') return answer(405, 'bad_method', { error: 'method_not_allowed' }, { Allow: 'POST' });
    /* POST /upstream (with --upstream-secret): the provincial platform (互联互通). */
    const upstream = opts.upstreamKey && new URL(req.url, 'http://fake').pathname === '/upstream';
    msg.upstream = Boolean(upstream);
    const auth = webhookProblem(opts, headers, raw, upstream ? opts.upstreamKey : opts.pushKey);
    if (auth) {
      msg.errors.push(auth[1]);
      return answer(401, auth[0], { error: auth[0], detail: auth[1] });
    }
    msg.duplicate = accepted.has(headers['webhook-id']);
    const type = String(headers['content-type'] || '');
    if (!/^application\/json\s*(;|$)/i.test(type)) msg.errors.push('content-type: must be application/json');
    if (body === undefined) msg.errors.push('body: not JSON');
    else msg.errors.push(...(upstream ? upstreamBodyProblems(body) : pushBodyProblems(body)));
    if (msg.errors.length) return answer(400, 'bad_body', { error: 'bad_body', errors: msg.errors });
    if (upstream) {
      msg.delivered = true;
      accepted.add(headers['webhook-id']);
      return answer(204, 'ok');
    }
    const goneHere = [...new Set(body.devices.map((d) => d.token).filter((t) => gone.has(t)))];
    if (goneHere.length) return answer(410, 'gone', { gone_tokens: goneHere });
    msg.delivered = true;
    accepted.add(headers['webhook-id']);
    return answer(204, 'ok');
  }

  return {
    name: 'push',
    async handle(req, res) {
      const url = new URL(req.url, 'http://fake');
      if (url.pathname.startsWith('/__') && (await control.call(this, req, res, url)) !== null)
        return undefined;
      const raw = await readRaw(req);
      if (raw === null) return sendJson(res, 413, { error: 'payload_too_large' });
      const body = parseJson(raw.toString('utf8'));
      const msg = arrive(req, res, raw, body);
      const delay = takeRule(delayRules, matchesApp(body));
      if (delay && delay.ms > 0) {
        msg.delayed_ms = delay.ms;
        return hold(res, delay.ms, () => deliver(req, res, raw, body, msg));
      }
      return deliver(req, res, raw, body, msg);
    },
    reset() {
      messages = [];
      failRules = [];
      delayRules = [];
      gone = new Set();
      accepted = new Set();
      releaseHeld();
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
  if (opts.pushPort !== null) services.push([push(opts), opts.pushPort]);
  const servers = [];
  try {
    for (const [svc, port] of services) servers.push(await listen(svc, port, opts.host));
  } catch (e) {
    log(`cannot listen: ${e.code || e.message}`);
    process.exit(1);
  }
  const ports = servers.map((s) => s.address().port);
  if (opts.pidfile) fs.writeFileSync(opts.pidfile, `${process.pid}\n`);
  log(`listening on ${opts.host}: wechat ${ports[0]}, sms ${ports[1]}, idp ${ports[2]}` +
    (opts.pushPort === null ? '' : `, push ${ports[3]}`));

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
