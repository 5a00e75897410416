// wechat-token.test.js: the WeChat access token is fetched by one owner and shared through
// the database: many processes asking at once cause one stable_token call per expiry, and
// a token WeChat refused is replaced once, by whoever gets the lock first.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = process.env.YIWANG_TEST_DATA_DIR;
const FAKE = process.env.YIWANG_TEST_FAKE_WECHAT;
const CLOCK = process.env.YIWANG_TEST_CLOCK_FILE;

function probePath() {
  const dirs = [process.env.YIWANG_TEST_ASAN_BUILD_DIR, process.env.YIWANG_TEST_BUILD_DIR,
    'build-asan', 'build'].filter(Boolean);
  for (const d of dirs) {
    const p = path.resolve(ROOT, d, 'tests', 'system', 'wechat_token_probe');
    if (fs.existsSync(p)) return p;
  }
  return null;
}

async function stableTokenCalls() {
  const res = await fetch(`${FAKE}/__calls`);
  const calls = await res.json();
  return calls.filter((c) => c.path === '/cgi-bin/stable_token').length;
}

function probe(args) {
  // The probe reads the server's clock file as the apps do.
  const env = CLOCK ? { ...process.env, YIWANG_CLOCK_FILE: CLOCK } : process.env;
  return execFileSync(probePath(), ['-c', path.join(DATA, 'yiwang.conf'), ...args],
    { encoding: 'utf8', timeout: 60000, env }).trim();
}

const skip = (!FAKE || !DATA || !probePath()) && 'needs the fakes, the stack and the probe';

/*
 * Starts from no stored token: the push daemon shares it and may have fetched it while an
 * earlier suite had moved the clock ahead (then it would not look near its expiry here).
 */
test.before(() => {
  if (skip) return;
  const user = process.getuid && process.getuid() === 0 ? 'root' : require('node:os').userInfo().username;
  execFileSync('mariadb', ['--no-defaults', '--protocol=socket',
    `--socket=${path.join(DATA, 'run', 'mysqld.sock')}`, `--user=${user}`, 'yiwang', '-e',
    'UPDATE wechat_access_token SET access_token = NULL, expires_at = NULL WHERE id = 1'],
  { encoding: 'utf8' });
});

test('eight processes asking at once share one fetched token', { skip }, async () => {
  const before = await stableTokenCalls();
  const token = probe(['-n', '8', '-k', '10']);
  assert.ok(token.length > 10);
  assert.ok(await stableTokenCalls() - before <= 1, 'at most one fetch for 80 requests');
  const again = probe(['-n', '8', '-k', '5']);
  assert.strictEqual(again, token, 'the stored token is reused');
  assert.ok(await stableTokenCalls() - before <= 1, 'no fetch while the token is fresh');
});

test('near its expiry the token is fetched once more, by one owner', { skip: skip || !CLOCK }, async () => {
  const before = await stableTokenCalls();
  try {
    const later = new Date(Date.now() + 3 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    fs.writeFileSync(CLOCK, later);
    probe(['-n', '8', '-k', '5']);
    assert.strictEqual(await stableTokenCalls() - before, 1);
  } finally {
    fs.rmSync(CLOCK, { force: true });
  }
});

test('a token WeChat refused is replaced once, not by every process', { skip }, async () => {
  const old = probe(['-n', '1', '-k', '1']);
  const before = await stableTokenCalls();
  const fresh = probe(['-n', '6', '-k', '3', '-s', old]);
  assert.notStrictEqual(fresh, old);
  // Normal mode hands back the refused token, so the owner asks once more with force_refresh.
  assert.strictEqual(await stableTokenCalls() - before, 2);
});
