'use strict';
/*
 * staff.js: what the staff workflow tests share (API.md section 5): a department of their
 * own with an item, a clerk and a reviewer (and parallel departments with reviewers), a
 * real-name verified citizen who submits, staff actions under If-Match, the task queue read
 * page by page, the test clock at a named time, and the stack's database for what the API
 * does not show yet (the inbox and the outbox).
 *
 * Environment: as lib/citizen.js (the fakes for the citizen's sign-in, the clock file) and
 * YIWANG_TEST_DATA_DIR for the database.
 */
const assert = require('node:assert/strict');
const os = require('node:os');
const pathMod = require('node:path');
const { execFileSync } = require('node:child_process');
const { api } = require('./client');
const fx = require('./fixtures');
const cz = require('./citizen');

const DATA = process.env.YIWANG_TEST_DATA_DIR;
const NEEDS_DB = !DATA && 'YIWANG_TEST_DATA_DIR is not set';

/* --- people and data ---------------------------------------------------------------------- */

/* A staff member with a token: {id, username, password, token, dept}. */
async function member(roles, dept) {
  const s = await fx.createStaff(roles, dept);
  const token = (await fx.login(s.username, s.password)).access_token;
  return { id: s.staff.id, username: s.username, password: s.password, token, dept };
}

/* The member signed in again (a new token at the server's current clock). */
async function relogin(m) {
  m.token = (await fx.login(m.username, m.password)).access_token;
  return m.token;
}

const MATERIALS = [
  { id: 'm1', name: '申请人身份证明', required: false, copies: 1, formats: ['pdf'],
    max_bytes: 1048576, note: '' },
  { id: 'm2', name: '场所证明', required: false, copies: 1, formats: ['pdf'],
    max_bytes: 1048576, note: '' },
  { id: 'm3', name: '其他材料', required: false, copies: 1, formats: ['pdf'],
    max_bytes: 1048576, note: '' },
];

/*
 * A department of its own (the lead) with a clerk and a reviewer, `parallel` parallel
 * departments each with a reviewer, and an item of the lead department (promised_days,
 * three optional materials, one required form field): {dept, code, clerk, reviewer,
 * parallel: [{dept, reviewer}]}. items: more items of the same department, by
 * promised_days: w.codes[i].
 */
async function world({ promised_days = 5, parallel = 0, items = [] } = {}) {
  const dept = await fx.createDepartment({ name: `审批测试部门-${fx.uniq()}` });
  const par = [];
  for (let i = 0; i < parallel; i++) {
    const d = await fx.createDepartment({ name: `并联部门-${fx.uniq()}` });
    par.push({ dept: d, reviewer: await member(['reviewer'], d) });
  }
  const item = async (days) => {
    const code = fx.uniqCode('WF');
    await fx.putItem(code, {
      dept_id: dept.id, depth: 3, visits_required: 0, legal_days: 20, promised_days: days,
      materials: MATERIALS,
      form: [{ key: 'applicant_name', label: '申请人姓名', type: 'text', required: true,
        max_length: 50, options: null }],
      parallel_dept_ids: par.map((p) => p.dept.id),
    });
    return code;
  };
  const code = await item(promised_days);
  const codes = [];
  for (const days of items) codes.push(await item(days));
  return {
    dept, code, codes, parallel: par,
    clerk: await member(['clerk'], dept),
    reviewer: await member(['reviewer'], dept),
  };
}

let citizenPromise = null;
/* One real-name verified citizen per file: {token, id}. */
function citizen() {
  if (!citizenPromise) {
    citizenPromise = (async () => {
      const s = await cz.smsSignIn(cz.uniqPhone());
      const r = await cz.call('POST', '/api/v1/me/real-name',
        { token: s.access_token, body: { name: '张三', id_number: cz.idNumber() } });
      assert.equal(r.status, 200, `real-name: ${r.text.slice(0, 300)}`);
      return { token: s.access_token, id: s.user.id };
    })();
    citizenPromise.catch(() => { citizenPromise = null; });
  }
  return citizenPromise;
}

/*
 * A new application of an item (code, or the world's item) by the file's citizen:
 * submitted unless submit is false. Answers the 201 body (the citizen's view).
 */
async function apply(codeOrWorld, { submit = true, form = { applicant_name: '东营测试' } } = {}) {
  const code = typeof codeOrWorld === 'string' ? codeOrWorld : codeOrWorld.code;
  const r = await cz.call('POST', '/api/v1/applications', {
    token: (await citizen()).token,
    headers: { 'Idempotency-Key': fx.uniq('k') },
    body: { item_code: code, form, submit },
  });
  assert.equal(r.status, 201, `create: ${r.text.slice(0, 300)}`);
  assert.equal(r.body.status, submit ? 'submitted' : 'draft');
  return r.body;
}

/* GET /api/v1/applications/{id} as the file's citizen (the response). */
async function citizenView(id) {
  return cz.call('GET', `/api/v1/applications/${id}`, { token: (await citizen()).token });
}

/* --- staff requests ------------------------------------------------------------------------- */

const BODIES = {
  accept: {},
  'request-supplement': { materials: ['m1'], note: '请补充清晰的身份证明' },
  reject: { reason: '不属于本部门职权范围', legal_basis: '《中华人民共和国行政许可法》第三十二条' },
  suspend: { reason: '需要现场核查' },
  resume: {},
  extend: { working_days: 5, reason: '情况复杂' },
  approve: { license_no: 'XK-2026-0001', note: '准予许可' },
  deny: { reason: '不符合法定条件', legal_basis: '《中华人民共和国行政许可法》第三十八条' },
  opinions: { decision: 'approve', note: '同意' },
};

/*
 * POST /api/v1/staff/applications/{id}/{action} (the response, not checked). who: a
 * member or a token; version: a number (sent as "N"), a string (sent as is) or null (no
 * If-Match); body: the default body of the action unless given.
 */
function act(who, id, action, version, body = BODIES[action]) {
  const token = typeof who === 'string' ? who : who.token;
  const headers = {};
  if (version !== null && version !== undefined)
    headers['If-Match'] = typeof version === 'number' ? `"${version}"` : version;
  return api('POST', `/api/v1/staff/applications/${id}/${action}`, { token, body, headers });
}

/* An action that must succeed (200, or 201 for an opinion); answers the staff view. */
async function must(who, app, action, body) {
  const r = await act(who, app.id, action, app.version, body);
  const want = action === 'opinions' ? 201 : 200;
  assert.equal(r.status, want, `${action}: ${r.status} ${r.text.slice(0, 400)}`);
  assert.equal(r.headers.etag, `"${r.body.version}"`, `${action}: ETag is the version`);
  app.version = r.body.version;
  app.status = r.body.status;
  return r.body;
}

/* GET /api/v1/staff/applications/{id} (the response). */
function staffView(who, id) {
  return api('GET', `/api/v1/staff/applications/${id}`,
    { token: typeof who === 'string' ? who : who.token });
}

/* GET /api/v1/staff/tasks?query (the response). */
function tasks(who, query = '') {
  return api('GET', `/api/v1/staff/tasks${query ? `?${query}` : ''}`,
    { token: typeof who === 'string' ? who : who.token });
}

/*
 * Every task of a query, following next_cursor with pages of `limit`: the rows. Fails on a
 * page over the limit, a repeated cursor or a non-200.
 */
async function walkTasks(who, query, limit) {
  const rows = [];
  const seen = new Set();
  let cursor = null;
  for (let page = 0; page < 1000; page++) {
    const q = [query, `limit=${limit}`, cursor && `cursor=${encodeURIComponent(cursor)}`]
      .filter(Boolean).join('&');
    const r = await tasks(who, q);
    assert.equal(r.status, 200, `tasks?${q}: ${r.text.slice(0, 300)}`);
    assert.ok(r.body.data.length <= limit, `tasks?${q}: a page over the limit`);
    rows.push(...r.body.data);
    cursor = r.body.next_cursor;
    if (cursor === null) return rows;
    assert.ok(!seen.has(cursor), `tasks?${q}: next_cursor repeats`);
    seen.add(cursor);
  }
  return assert.fail(`tasks?${query}: more than 1000 pages`);
}

/* --- the clock ----------------------------------------------------------------------------- */

/* Runs fn with the server's clock at an RFC 3339 time, then back to real time. */
function at(rfc3339, fn) {
  const ms = Date.parse(rfc3339);
  assert.ok(Number.isFinite(ms), `a time: ${rfc3339}`);
  return cz.atTime(ms, fn);
}

/* --- the database, as its administrator ------------------------------------------------------ */

/* Runs a statement over the stack's socket; answers the rows as arrays of strings. */
function sql(statement) {
  assert.ok(DATA, 'YIWANG_TEST_DATA_DIR is not set');
  const user = process.getuid && process.getuid() === 0 ? 'root' : os.userInfo().username;
  const out = execFileSync('mariadb', ['--no-defaults', '--protocol=socket',
    `--socket=${pathMod.join(DATA, 'run', 'mysqld.sock')}`, `--user=${user}`,
    '--default-character-set=utf8mb4', '--batch', '--skip-column-names', 'yiwang',
    '-e', statement], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

module.exports = {
  DATA, NEEDS_DB, MATERIALS, BODIES,
  member, relogin, world, citizen, apply, citizenView,
  act, must, staffView, tasks, walkTasks, at, sql,
};
