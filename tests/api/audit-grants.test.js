'use strict';
/*
 * audit-grants.test.js: the audit trail is append-only for the apps (法制监督): each app's
 * own database user (credentials from $YIWANG_DATA_DIR/secrets.env, as the apps get them)
 * may read it, and MariaDB itself refuses its UPDATE and DELETE.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const DATA = process.env.YIWANG_TEST_DATA_DIR;
const skip = !DATA || !fs.existsSync(path.join(DATA, 'secrets.env')) ? 'needs YIWANG_TEST_DATA_DIR' : false;

function password(app) {
  const line = fs.readFileSync(path.join(DATA, 'secrets.env'), 'utf8').split('\n')
    .find((l) => l.startsWith(`db_password_${app}=`));
  assert.ok(line, `no password for ${app}`);
  return line.slice(line.indexOf('=') + 1).trim();
}

/* Runs one statement as an app's database user; answers {status, out, err}. */
function asApp(app, statement) {
  const r = spawnSync('mariadb', ['--no-defaults', '--protocol=socket',
    `--socket=${path.join(DATA, 'run', 'mysqld.sock')}`, `--user=yw_${app}`, 'yiwang',
    '--batch', '--skip-column-names', '-e', statement],
  { encoding: 'utf8', env: { ...process.env, MYSQL_PWD: password(app) } });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

for (const app of ['staff', 'apply', 'supervise']) {
  test(`the ${app} app's database user reads the audit trail but cannot change it`, { skip }, () => {
    const read = asApp(app, 'SELECT COUNT(*) FROM audit_log');
    assert.equal(read.status, 0, read.err);
    assert.match(read.out, /^[0-9]+$/);
    for (const stmt of ["UPDATE audit_log SET action = 'x' WHERE seq = 1",
      'DELETE FROM audit_log WHERE seq = 1', 'TRUNCATE TABLE audit_log']) {
      const r = asApp(app, stmt);
      assert.notEqual(r.status, 0, `${app}: ${stmt} was allowed`);
      assert.match(r.err, /ERROR 1142|command denied/, r.err);
    }
  });
}
