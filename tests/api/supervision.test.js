'use strict';
/*
 * supervision.test.js: electronic supervision (电子监察, API.md section 7) as a supervisor
 * sees it: only the supervisor role may read it; the overview's figures move as citizens
 * submit and staff accept and decide (through the staff API of section 5); the lights and
 * the alerts follow the clock (the server's clock file); the audit trail lists an
 * application's staff actions, chained by hash, and its verification finds an entry
 * altered in the database (then restored, byte for byte, for the suites after this one).
 *
 * Each test makes its own department, item, clerk and reviewer (lib/staff.js), so that the
 * figures it reads are its own. Citizens sign in by SMS and verify their real name through
 * the fakes (YIWANG_TEST_FAKE_*); moving the clock needs YIWANG_TEST_CLOCK_FILE; the
 * tampering test needs the stack's database (YIWANG_TEST_DATA_DIR).
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { api, assertError, errorFields } = require('./lib/client');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');
const st = require('./lib/staff');

const NEEDS_FLOW = cz.NEEDS_FAKES;
const NEEDS_FLOW_AND_CLOCK = cz.NEEDS_FAKES_AND_CLOCK;
const NEEDS_FLOW_AND_DB = NEEDS_FLOW || st.NEEDS_DB;

const ENDPOINTS = [
  '/api/v1/supervision/overview',
  '/api/v1/supervision/alerts',
  '/api/v1/supervision/audit',
  '/api/v1/supervision/audit/verify',
];
const DAY_MS = 86400 * 1000;

/* --- people ----------------------------------------------------------------------------- */

let supervisorPromise = null;
/* One supervisor account per file (no department: a supervisor sees every department). */
function supervisorAccount() {
  if (!supervisorPromise) {
    supervisorPromise = fx.createStaff(['supervisor'], null);
    supervisorPromise.catch(() => { supervisorPromise = null; });
  }
  return supervisorPromise;
}

/* A supervisor's access token, signed in now (at the server's current clock). */
async function supervisor() {
  const s = await supervisorAccount();
  return (await fx.login(s.username, s.password)).access_token;
}

/* --- reading ------------------------------------------------------------------------------ */

async function get(token, path) {
  const r = await api('GET', path, { token });
  assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  return r.body;
}

/* The overview's entry of one department (query: more parameters, e.g. "&from=..."). */
async function figures(token, deptId, query = '') {
  const body = await get(token, `/api/v1/supervision/overview?dept=${deptId}${query}`);
  assert.equal(body.data.length, 1, `one entry for dept ${deptId}`);
  assert.equal(body.data[0].dept.id, deptId);
  return body.data[0];
}

/* The lights and counts of an entry, for one deepEqual. */
function counts(f) {
  return { in_progress: f.in_progress, green: f.green, yellow: f.yellow, red: f.red,
    completed: f.completed };
}

/* The ids of a department's alerts (one page of 100). */
async function alertIds(token, deptId, light) {
  const q = light ? `&light=${light}` : '';
  const body = await get(token, `/api/v1/supervision/alerts?dept=${deptId}${q}&limit=100`);
  return body.data.map((a) => a.id);
}

/* Epoch ms of 12:00 (Asia/Shanghai) on the day of an RFC 3339 time, plus `days` days. */
function noonOf(rfc3339, days = 0) {
  const day = cz.shanghaiTime(Date.parse(rfc3339)).slice(0, 10);
  return Date.parse(`${day}T12:00:00+08:00`) + days * DAY_MS;
}

function shanghaiDate(ms) {
  return cz.shanghaiTime(ms).slice(0, 10);
}

/* --- who may read ------------------------------------------------------------------------- */

test('supervision without a token is 401 unauthenticated', async () => {
  for (const path of ENDPOINTS) {
    assertError(await api('GET', path), 401, 'unauthenticated', path);
    assertError(await api('GET', path, { token: 'A'.repeat(43) }), 401, 'unauthenticated', path);
  }
});

test('a clerk, a reviewer or an admin is 403 forbidden', async () => {
  const dept = await fx.sharedDepartment();
  const tokens = {
    clerk: await fx.staffToken(['clerk'], dept),
    reviewer: await fx.staffToken(['reviewer'], dept),
    admin: await fx.adminToken(),
  };
  for (const [role, token] of Object.entries(tokens))
    for (const path of ENDPOINTS)
      assertError(await api('GET', path, { token }), 403, 'forbidden', `${role} ${path}`);
});

test('a citizen token is 403 forbidden', { skip: NEEDS_FLOW }, async () => {
  const { token } = await st.citizen();
  for (const path of ENDPOINTS)
    assertError(await api('GET', path, { token }), 403, 'forbidden', path);
});

test('a supervisor reads all four', async () => {
  const token = await supervisor();
  for (const path of ENDPOINTS) {
    const r = await api('GET', path, { token });
    assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
    assert.equal(r.headers['cache-control'], 'no-store', path);
  }
});

/* --- overview ----------------------------------------------------------------------------- */

test('the overview lists every department in id order, a new one with zeros', async () => {
  const token = await supervisor();
  const dept = await fx.createDepartment();
  const body = await get(token, '/api/v1/supervision/overview');
  assert.equal(body.next_cursor, null);
  assert.match(body.as_of, /\+08:00$/);
  const ids = body.data.map((f) => BigInt(f.dept.id));
  assert.deepEqual(ids, [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'id order');
  assert.equal(new Set(ids).size, ids.length, 'each department once');
  const mine = body.data.find((f) => f.dept.id === dept.id);
  assert.deepEqual(mine, {
    dept: { id: dept.id, name: dept.name }, in_progress: 0, green: 0, yellow: 0, red: 0,
    completed: 0, on_time_rate: null, avg_working_days: null,
    evaluations: { count: 0, avg_score: null, bad: 0 },
    consultations: { open: 0, green: 0, yellow: 0, red: 0 },
    complaints: { open: 0, green: 0, yellow: 0, red: 0 },
  });
  assert.deepEqual(await figures(token, dept.id), mine, 'dept= gives the same entry alone');
});

test('the overview of an unknown department is an empty list', async () => {
  const body = await get(await supervisor(), '/api/v1/supervision/overview?dept=999999999999');
  assert.deepEqual(body.data, []);
  assert.equal(body.next_cursor, null);
});

test('malformed overview parameters are 400 bad_request with the field named', async () => {
  const token = await supervisor();
  const cases = [
    ['dept=abc', 'dept'], ['dept=0', 'dept'], ['dept=-1', 'dept'],
    ['from=2026-02-30', 'from'], ['from=20260101', 'from'], ['to=yesterday', 'to'],
    ['from=2026-03-01&to=2026-02-28', 'to'],
  ];
  for (const [q, field] of cases) {
    const r = await api('GET', `/api/v1/supervision/overview?${q}`, { token });
    assertError(r, 400, 'bad_request', q);
    assert.ok(errorFields(r).includes(field), `${q}: fields ${JSON.stringify(errorFields(r))}`);
  }
  const both = await api('GET', '/api/v1/supervision/overview?from=x&to=y', { token });
  assertError(both, 400, 'bad_request');
  assert.deepEqual(errorFields(both).sort(), ['from', 'to'], 'every problem at once');
});

test('the overview counts move as applications are submitted, accepted and decided', { skip: NEEDS_FLOW }, async () => {
  const token = await supervisor();
  const w = await st.world();
  const zero = { in_progress: 0, green: 0, yellow: 0, red: 0, completed: 0 };
  assert.deepEqual(counts(await figures(token, w.dept.id)), zero);

  const apps = [await st.apply(w), await st.apply(w), await st.apply(w), await st.apply(w)];
  assert.deepEqual(counts(await figures(token, w.dept.id)), { ...zero, in_progress: 4 });

  for (const a of apps.slice(0, 3)) await st.must(w.clerk, a, 'accept');
  assert.deepEqual(counts(await figures(token, w.dept.id)),
    { ...zero, in_progress: 4, green: 3 }, 'a fresh 5-day clock is green');

  await st.must(w.reviewer, apps[0], 'approve');
  let f = await figures(token, w.dept.id);
  assert.deepEqual(counts(f), { ...zero, in_progress: 3, green: 2, completed: 1 });
  assert.equal(f.on_time_rate, 1);
  assert.equal(f.avg_working_days, 0, 'decided on the day of acceptance');

  await st.must(w.reviewer, apps[1], 'deny');
  f = await figures(token, w.dept.id);
  assert.deepEqual(counts(f), { ...zero, in_progress: 2, green: 1, completed: 1 },
    'a denial is decided but not completed');
  assert.equal(f.on_time_rate, 1);
  assert.equal(f.avg_working_days, 0);

  await st.must(w.clerk, apps[3], 'reject');
  f = await figures(token, w.dept.id);
  assert.deepEqual(counts(f), { ...zero, in_progress: 1, green: 1, completed: 1 },
    'a rejection ends the application without a decision');

  // Decisions by day: today's are in [today, today] and out of any range that misses it.
  const today = shanghaiDate(Date.now());
  const tomorrow = shanghaiDate(Date.now() + DAY_MS);
  const yesterday = shanghaiDate(Date.now() - DAY_MS);
  for (const q of [`&from=${today}`, `&to=${today}`, `&from=${today}&to=${today}`,
    `&from=${yesterday}&to=${tomorrow}`]) {
    const g = await figures(token, w.dept.id, q);
    assert.deepEqual([g.completed, g.on_time_rate, g.avg_working_days], [1, 1, 0], q);
  }
  // Without a period, all time: the same figures as the widest period.
  assert.deepEqual(await figures(token, w.dept.id, '&from=0001-01-01&to=9999-12-31'), f);
  for (const q of [`&from=${tomorrow}`, `&to=${yesterday}`]) {
    const g = await figures(token, w.dept.id, q);
    assert.deepEqual([g.completed, g.on_time_rate, g.avg_working_days], [0, null, null], q);
    assert.deepEqual([g.in_progress, g.green], [1, 1], `${q}: the period is for decisions only`);
  }
});

/* --- lights and alerts -------------------------------------------------------------------- */

test('lights follow the clock: green, yellow on the due date, red after it', { skip: NEEDS_FLOW_AND_CLOCK }, async () => {
  const w = await st.world({ promised_days: 5 });
  const app = await st.apply(w);
  const accepted = await st.must(w.clerk, app, 'accept');
  assert.match(accepted.due_at, /T23:59:59\+08:00$/);
  const zero = { in_progress: 1, green: 0, yellow: 0, red: 0, completed: 0 };

  let token = await supervisor();
  assert.deepEqual(counts(await figures(token, w.dept.id)), { ...zero, green: 1 });
  assert.deepEqual(await alertIds(token, w.dept.id), [], 'a green clock is no alert');

  await cz.atTime(noonOf(accepted.due_at), async () => {
    token = await supervisor();
    assert.deepEqual(counts(await figures(token, w.dept.id)), { ...zero, yellow: 1 });
    const body = await get(token, `/api/v1/supervision/alerts?dept=${w.dept.id}&light=yellow`);
    assert.equal(body.data.length, 1);
    const a = body.data[0];
    assert.deepEqual({ id: a.id, light: a.light, left: a.working_days_left, status: a.status },
      { id: app.id, light: 'yellow', left: 0, status: 'accepted' });
    assert.deepEqual(a.item.code, w.code);
    assert.deepEqual(a.dept, { id: w.dept.id, name: w.dept.name });
    assert.equal(a.due_at, accepted.due_at);
    assert.equal(a.accepted_at, accepted.accepted_at);
    assert.equal(a.number, accepted.number);
    assert.equal(typeof a.status_label, 'string');
    assert.deepEqual(await alertIds(token, w.dept.id, 'red'), []);
    assert.deepEqual(await alertIds(token, w.dept.id), [app.id], 'both lights');
  });

  await cz.atTime(noonOf(accepted.due_at, 1), async () => {
    token = await supervisor();
    assert.deepEqual(counts(await figures(token, w.dept.id)), { ...zero, red: 1 });
    const body = await get(token, `/api/v1/supervision/alerts?dept=${w.dept.id}&light=red`);
    assert.deepEqual(body.data.map((a) => [a.id, a.light]), [[app.id, 'red']]);
    assert.ok(body.data[0].working_days_left <= 0, 'no working day left after the due date');
    assert.deepEqual(await alertIds(token, w.dept.id, 'yellow'), []);
    assert.deepEqual(await alertIds(token, w.dept.id), [app.id], 'both lights');
    // Without dept=, the alert is among every department's.
    const all = [];
    let cursor = null;
    do {
      const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await get(token, `/api/v1/supervision/alerts?light=red&limit=100${q}`);
      all.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor && !all.some((a) => a.id === app.id));
    assert.ok(all.some((a) => a.id === app.id), 'listed without dept=');
  });

  // A decision stops the clock: no light, no alert.
  await st.must(w.reviewer, app, 'approve');
  await cz.atTime(noonOf(accepted.due_at, 1), async () => {
    token = await supervisor();
    assert.deepEqual(counts(await figures(token, w.dept.id)),
      { in_progress: 0, green: 0, yellow: 0, red: 0, completed: 1 });
    assert.deepEqual(await alertIds(token, w.dept.id), []);
  });
});

test('alerts page by due_at then id, with a cursor that repeats nothing', { skip: NEEDS_FLOW_AND_CLOCK }, async () => {
  const w = await st.world({ promised_days: 3 });
  const short = await st.world({ promised_days: 1 });
  const apps = [await st.apply(w), await st.apply(w), await st.apply(w)];
  let due;
  for (const a of apps) due = (await st.must(w.clerk, a, 'accept')).due_at;
  // Another department's earlier clock never shows under dept=.
  const other = await st.apply(short);
  await st.must(short.clerk, other, 'accept');

  await cz.atTime(noonOf(due, 3), async () => {
    const token = await supervisor();
    const seen = [];
    let cursor = null;
    for (let page = 0; page < 10; page++) {
      const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const body = await get(token, `/api/v1/supervision/alerts?dept=${w.dept.id}&light=red&limit=1${q}`);
      assert.ok(body.data.length <= 1);
      seen.push(...body.data.map((a) => a.id));
      cursor = body.next_cursor;
      if (cursor === null) break;
    }
    const expected = apps.map((a) => a.id).sort((a, b) => Number(a) - Number(b));
    assert.deepEqual(seen, expected, 'same due_at: id order, each once');
    const two = await get(token, `/api/v1/supervision/alerts?dept=${w.dept.id}&limit=2`);
    assert.equal(two.data.length, 2);
    assert.notEqual(two.next_cursor, null);
    const rest = await get(token,
      `/api/v1/supervision/alerts?dept=${w.dept.id}&limit=2&cursor=${encodeURIComponent(two.next_cursor)}`);
    assert.deepEqual([...two.data, ...rest.data].map((a) => a.id), expected);
    assert.equal(rest.next_cursor, null);

    // Across departments the order is due_at first: the one-day clock is due earlier.
    const all = await get(token, '/api/v1/supervision/alerts?light=red&limit=100');
    const dues = all.data.map((a) => Date.parse(a.due_at));
    assert.deepEqual(dues, [...dues].sort((a, b) => a - b), 'due_at order');
  });
});

test('malformed alert parameters are 400 bad_request with the field named', async () => {
  const token = await supervisor();
  const audit = await get(token, '/api/v1/supervision/audit?limit=1');
  const cases = [
    ['light=green', 'light'], ['light=RED', 'light'], ['light=red,yellow', 'light'],
    ['dept=x', 'dept'], ['limit=0', 'limit'], ['limit=101', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
  ];
  // A cursor of another list is refused too.
  if (audit.next_cursor) cases.push([`cursor=${encodeURIComponent(audit.next_cursor)}`, 'cursor']);
  for (const [q, field] of cases) {
    const r = await api('GET', `/api/v1/supervision/alerts?${q}`, { token });
    assertError(r, 400, 'bad_request', q);
    assert.ok(errorFields(r).includes(field), `${q}: fields ${JSON.stringify(errorFields(r))}`);
  }
});

/* --- the audit trail ---------------------------------------------------------------------- */

test('the audit trail lists an application\'s staff actions in seq order, chained', { skip: NEEDS_FLOW }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  await st.must(w.clerk, app, 'accept');
  await st.must(w.reviewer, app, 'approve');
  const token = await supervisor();

  const body = await get(token, `/api/v1/supervision/audit?application_id=${app.id}`);
  assert.equal(body.next_cursor, null);
  const entries = body.data;
  assert.deepEqual(entries.map((e) => e.action), ['accept', 'approve'],
    'staff actions only: the citizen\'s submission is not audited');
  assert.deepEqual(entries.map((e) => e.actor.role), ['clerk', 'reviewer']);
  for (const e of entries) {
    assert.equal(e.application_id, app.id);
    assert.equal(e.actor.dept_id, w.dept.id);
    assert.match(e.at, /\+08:00$/);
    assert.match(e.hash, /^[0-9a-f]{64}$/);
    assert.match(e.prev_hash, /^[0-9a-f]{64}$/);
    assert.ok(Number.isInteger(e.seq) && e.seq > 0);
  }
  assert.deepEqual([entries[0].detail.from, entries[0].detail.to], ['submitted', 'accepted']);
  assert.deepEqual([entries[1].detail.from, entries[1].detail.to], ['accepted', 'completed']);
  assert.equal(entries[1].detail.version, app.version);
  assert.ok(entries[0].seq < entries[1].seq, 'seq order');
  if (entries[1].seq === entries[0].seq + 1)
    assert.equal(entries[1].prev_hash, entries[0].hash, 'each entry names the previous hash');

  // The same entries, one per page.
  const first = await get(token, `/api/v1/supervision/audit?application_id=${app.id}&limit=1`);
  assert.deepEqual(first.data, [entries[0]]);
  assert.notEqual(first.next_cursor, null);
  const second = await get(token, `/api/v1/supervision/audit?application_id=${app.id}&limit=1&cursor=${encodeURIComponent(first.next_cursor)}`);
  assert.deepEqual(second.data, [entries[1]]);

  // In the whole trail too, in seq order.
  const whole = await get(token, '/api/v1/supervision/audit?limit=100');
  const seqs = whole.data.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  if (whole.data.length > 0 && whole.data[0].seq === 1)
    assert.equal(whole.data[0].prev_hash, '0'.repeat(64), 'the first entry follows 64 zeros');
});

test('the audit trail of an unknown application is empty; a malformed id is 400', async () => {
  const token = await supervisor();
  const body = await get(token, '/api/v1/supervision/audit?application_id=999999999999');
  assert.deepEqual(body, { data: [], next_cursor: null });
  for (const q of ['application_id=abc', 'application_id=0', 'limit=0', 'cursor=%21%21']) {
    const r = await api('GET', `/api/v1/supervision/audit?${q}`, { token });
    assertError(r, 400, 'bad_request', q);
    assert.equal(errorFields(r).length, 1, q);
  }
});

test('verify finds an audit entry altered in the database, and passes once it is restored', { skip: NEEDS_FLOW_AND_DB }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  await st.must(w.clerk, app, 'accept');
  const token = await supervisor();
  const [entry] = (await get(token, `/api/v1/supervision/audit?application_id=${app.id}`)).data;
  assert.ok(entry, 'the acceptance is audited');
  const seq = entry.seq;

  const before = await get(token, '/api/v1/supervision/audit/verify');
  assert.deepEqual([before.ok, before.first_bad_seq], [true, null], 'the chain is intact first');
  assert.ok(before.entries >= seq);

  const hexOf = () => st.sql(`SELECT HEX(detail) FROM audit_log WHERE seq = ${Number(seq)}`)[0][0];
  const original = hexOf();
  assert.match(original, /^[0-9A-F]+$/);
  try {
    st.sql(`UPDATE audit_log SET detail = JSON_SET(detail, '$.version', 999) WHERE seq = ${Number(seq)}`);
    const bad = await get(token, '/api/v1/supervision/audit/verify');
    assert.deepEqual(bad, { ok: false, entries: seq, first_bad_seq: seq });
  } finally {
    st.sql(`UPDATE audit_log SET detail = UNHEX('${original}') WHERE seq = ${Number(seq)}`);
  }
  assert.equal(hexOf(), original, 'restored byte for byte');
  const after = await get(token, '/api/v1/supervision/audit/verify');
  assert.deepEqual([after.ok, after.first_bad_seq], [true, null]);
  assert.ok(after.entries >= before.entries);
});
