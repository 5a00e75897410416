'use strict';
/*
 * secrets.js: what the tests used that must never reach a log line.
 *
 * rememberSecret(...values) appends each value (tokens, passwords, full ID numbers, WeChat
 * login codes and session keys) to $YIWANG_TEST_DATA_DIR/test-secrets.txt, one per line;
 * scripts/test greps every log of the whole run for each line of at least 6 characters.
 *
 * SMS codes are six digits: as fixed strings they would turn up by chance in the logs (in
 * the 32-hex-digit request ids, in microsecond durations), so they go to
 * test-sms-codes.txt instead, and assertCodesNotLogged() looks for them as whole numbers:
 * not inside a longer run of hex digits and not as the value of a JSON number field.
 * Without YIWANG_TEST_DATA_DIR both are no-ops.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const DATA_DIR = process.env.YIWANG_TEST_DATA_DIR || '';
const SECRETS_FILE = DATA_DIR && path.join(DATA_DIR, 'test-secrets.txt');
const CODES_FILE = DATA_DIR && path.join(DATA_DIR, 'test-sms-codes.txt');

function lines(values) {
  return values.flat(Infinity)
    .filter((v) => typeof v === 'string' && v.length > 0)
    .map((v) => v.replace(/[\r\n]+/g, ' '));
}

/* Appends secrets (strings; others are ignored) to test-secrets.txt. */
function rememberSecret(...values) {
  const out = lines(values);
  if (!SECRETS_FILE || out.length === 0) return;
  fs.appendFileSync(SECRETS_FILE, out.map((v) => `${v}\n`).join(''), { mode: 0o600 });
}

/* Remembers the tokens of a response body, if it carries any. */
function rememberTokens(body) {
  if (body && typeof body === 'object' && !Array.isArray(body))
    rememberSecret(body.access_token, body.refresh_token);
}

/* Appends SMS codes to test-sms-codes.txt (see assertCodesNotLogged). */
function rememberSmsCode(...codes) {
  const out = lines(codes);
  if (!CODES_FILE || out.length === 0) return;
  fs.appendFileSync(CODES_FILE, out.map((v) => `${v}\n`).join(''), { mode: 0o600 });
}

function logFiles(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...logFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/*
 * Fails when a remembered SMS code appears in a log under $YIWANG_TEST_DATA_DIR/log as a
 * number of its own. Answers how many codes were looked for.
 */
function assertCodesNotLogged() {
  if (!CODES_FILE || !fs.existsSync(CODES_FILE)) return 0;
  const codes = [...new Set(fs.readFileSync(CODES_FILE, 'utf8').split('\n').filter((c) => /^[0-9]{6}$/.test(c)))];
  if (codes.length === 0) return 0;
  const re = new RegExp(`(?<![0-9A-Fa-f])(?<!":)(${codes.join('|')})(?![0-9A-Fa-f])`);
  const hits = [];
  for (const f of logFiles(path.join(DATA_DIR, 'log'))) {
    const text = fs.readFileSync(f, 'latin1');
    const m = re.exec(text);
    if (m) {
      const line = text.slice(text.lastIndexOf('\n', m.index) + 1, text.indexOf('\n', m.index));
      hits.push(`${path.basename(f)}: ${line.slice(0, 300)}`);
    }
  }
  assert.deepEqual(hits, [], 'an SMS code appears in a log');
  return codes.length;
}

module.exports = { rememberSecret, rememberTokens, rememberSmsCode, assertCodesNotLogged, DATA_DIR };
