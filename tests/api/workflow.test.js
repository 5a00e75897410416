'use strict';
/*
 * workflow.test.js: the staff workflow (API.md sections 4 and 5) as clerks, reviewers and
 * the citizen see it: who may act on which application (department and role), If-Match on
 * every action, each move of the status machine and the ones it refuses, supplement
 * requests told once (一次性告知), parallel approval (并联审批), the work queues, the
 * statutory clock in working days (due_at, working_days_left, the lights) with suspension
 * and extension, the working-day calendar, delegations (AB岗), deemed acceptance
 * (行政许可法 §32), and the inbox and outbox rows each change leaves.
 *
 * Each test makes its own departments, items and staff (lib/staff.js); one real-name
 * verified citizen per file submits. Moving the clock (YIWANG_TEST_CLOCK_FILE) is always
 * done with lib/staff.js's at() (lib/citizen.js's atTime), which puts real time back
 * whatever happens. The clock is moved to past dates of 2026 (the seeded calendar) or a
 * few hours ahead at most: moving it further ahead would need staff to sign in at a time
 * when the account app may purge every token issued now (tokens expired more than a day
 * before "now" are deleted). Like every test that moves the clock, these need the files
 * run one at a time (the runner's default on a 2-core machine).
 * A submission made at a past clock is accepted within the same at() so that the
 * deemed-acceptance sweep, running in real time, never takes it over unless the test
 * wants it to.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { api, assertError, errorFields } = require('./lib/client');
const { validator } = require('./lib/spec');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');
const st = require('./lib/staff');

const skip = cz.NEEDS_FAKES;
const skipClock = cz.NEEDS_FAKES_AND_CLOCK;
const skipDb = cz.NEEDS_FAKES || st.NEEDS_DB;
const HOUR_MS = 3600 * 1000;

/* The file's citizen signs in at real time (a token issued at a moved clock would expire
 * at that clock's time). */
test.before(async () => { if (!skip) await st.citizen(); });
test.after(() => cz.clearClock());

/* The timeline entries of a status. */
function entries(app, status) {
  return app.timeline.filter((t) => t.status === status);
}

/* --- roles and departments ------------------------------------------------------------ */

test('a clerk of the lead department accepts: accepted, version + 1, ETag, a timeline entry of the clerk\'s department', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  const g = await st.staffView(w.clerk, app.id);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.headers.etag, `"${app.version}"`);
  assert.equal(g.body.status, 'submitted');
  assert.equal(g.body.queue, 'pre_review');
  assert.deepEqual(g.body.dept, { id: w.dept.id, name: w.dept.name });
  assert.match(g.body.accept_by, /T23:59:59\+08:00$/);

  const r = await st.act(w.clerk, app.id, 'accept', app.version, { note: '材料齐全，予以受理' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'accepted');
  assert.equal(r.body.version, app.version + 1);
  assert.equal(r.headers.etag, `"${app.version + 1}"`);
  assert.equal(r.body.queue, 'review');
  assert.equal(r.body.accept_by, null);
  assert.equal(r.body.promised_days, 5);
  assert.match(r.body.accepted_at, /\+08:00$/);
  assert.match(r.body.due_at, /T23:59:59\+08:00$/);
  assert.equal(r.body.working_days_left, 5, 'the whole promise is left on the day of acceptance');
  assert.equal(r.body.light, 'green');
  const last = r.body.timeline.at(-1);
  assert.equal(last.status, 'accepted');
  assert.equal(last.note, '材料齐全，予以受理');
  assert.deepEqual(last.actor, { role: 'clerk', dept: { id: w.dept.id, name: w.dept.name } });

  // The citizen sees the same state, without the staff-only fields.
  const c = await st.citizenView(app.id);
  assert.equal(c.status, 200);
  assert.equal(c.body.status, 'accepted');
  assert.equal(c.body.version, r.body.version);
  assert.equal(c.body.due_at, r.body.due_at);
  assert.equal(c.body.light, 'green');
  assert.deepEqual(c.body.timeline.at(-1).actor, last.actor);
  assert.equal(c.body.applicant, undefined);
});

test('a reviewer of the lead department cannot accept (403), and the application is unchanged', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  for (const action of ['accept', 'request-supplement', 'reject']) {
    const r = await st.act(w.reviewer, app.id, action, app.version);
    assertError(r, 403, 'forbidden', action);
  }
  // ...and a clerk cannot decide.
  const accepted = await st.must(w.clerk, app, 'accept');
  for (const action of ['approve', 'deny', 'suspend', 'extend']) {
    const r = await st.act(w.clerk, app.id, action, accepted.version);
    assertError(r, 403, 'forbidden', action);
  }
  const g = await st.staffView(w.reviewer, app.id);
  assert.equal(g.status, 200, 'a reviewer of the lead department reads it');
  assert.equal(g.body.version, accepted.version);
  assert.equal(g.body.status, 'accepted');
});

test('staff of a department not involved get 404 on the application and on every action', { skip }, async () => {
  const w = await st.world();
  const other = await st.world();
  const app = await st.apply(w);
  assertError(await st.staffView(other.clerk, app.id), 404, 'not_found', 'GET');
  for (const action of Object.keys(st.BODIES)) {
    const who = ['accept', 'request-supplement', 'reject'].includes(action) ? other.clerk : other.reviewer;
    assertError(await st.act(who, app.id, action, app.version), 404, 'not_found', action);
  }
  const t = await st.tasks(other.clerk, 'limit=100');
  assert.equal(t.status, 200);
  assert.ok(!t.body.data.some((x) => x.id === app.id), 'not in another department\'s queue');
  // An unknown id is the same 404.
  assertError(await st.staffView(w.clerk, '999999999999'), 404, 'not_found');
  assertError(await st.act(w.clerk, '999999999999', 'accept', 1), 404, 'not_found');
  const g = await st.staffView(w.clerk, app.id);
  assert.equal(g.body.version, app.version, 'nothing changed');
});

test('a citizen token on staff endpoints is 403; no token is 401', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  const { token } = await st.citizen();
  const calls = [
    ['GET', '/api/v1/staff/tasks', undefined],
    ['GET', `/api/v1/staff/applications/${app.id}`, undefined],
    ['POST', `/api/v1/staff/applications/${app.id}/accept`, {}],
    ['POST', '/api/v1/staff/delegations', { to_staff_id: w.clerk.id,
      starts_at: '2026-12-01T00:00:00+08:00', ends_at: '2026-12-02T00:00:00+08:00' }],
  ];
  for (const [m, p, body] of calls) {
    const headers = { 'If-Match': `"${app.version}"` };
    assertError(await api(m, p, { token, body, headers }), 403, 'forbidden', `${m} ${p}`);
    assertError(await api(m, p, { body, headers }), 401, 'unauthenticated', `${m} ${p}`);
  }
  const g = await st.staffView(w.clerk, app.id);
  assert.equal(g.body.status, 'submitted');
});

test('a draft is 404 to staff, on GET, in the queue and for actions', { skip }, async () => {
  const w = await st.world();
  const draft = await st.apply(w, { submit: false });
  assertError(await st.staffView(w.clerk, draft.id), 404, 'not_found');
  assertError(await st.act(w.clerk, draft.id, 'accept', draft.version), 404, 'not_found');
  const t = await st.tasks(w.clerk, 'limit=100');
  assert.deepEqual(t.body.data, []);
});

/* --- If-Match -------------------------------------------------------------------------- */

test('an action without If-Match is 428 precondition_required', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  const r = await st.act(w.clerk, app.id, 'accept', null);
  assertError(r, 428, 'precondition_required');
  const g = await st.staffView(w.clerk, app.id);
  assert.deepEqual([g.body.status, g.body.version], ['submitted', app.version]);
});

test('a stale If-Match is 412 version_mismatch and changes nothing', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  for (const v of [app.version + 1, app.version + 6, 0]) {
    const r = await st.act(w.clerk, app.id, 'accept', v);
    assertError(r, 412, 'version_mismatch', `If-Match "${v}"`);
  }
  const g = await st.staffView(w.clerk, app.id);
  assert.deepEqual([g.body.status, g.body.version], ['submitted', app.version]);
  assert.equal(entries(g.body, 'accepted').length, 0, 'no timeline entry');
  // A stale version after a real change.
  const before = app.version;
  await st.must(w.clerk, app, 'accept');
  const stale = await st.act(w.reviewer, app.id, 'approve', before);
  assertError(stale, 412, 'version_mismatch');
  const after = await st.staffView(w.clerk, app.id);
  assert.deepEqual([after.body.status, after.body.version], ['accepted', app.version]);
});

test('If-Match takes the ETag as sent ("N")', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  const g = await st.staffView(w.clerk, app.id);
  const r = await st.act(w.clerk, app.id, 'accept', g.headers.etag);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'accepted');
});

test('two concurrent accepts with one If-Match: exactly one wins, one timeline entry', { skip }, async () => {
  const w = await st.world();
  const second = await st.member(['clerk'], w.dept);
  for (let round = 0; round < 3; round++) {
    const app = await st.apply(w);
    const answers = await Promise.all([
      st.act(w.clerk, app.id, 'accept', app.version),
      st.act(second, app.id, 'accept', app.version),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    assert.equal(statuses[0], 200, `one accept wins: ${statuses}`);
    assert.ok(statuses[1] === 412 || statuses[1] === 409, `the other is refused: ${statuses}`);
    const loser = answers.find((a) => a.status !== 200);
    assert.ok(['version_mismatch', 'invalid_transition'].includes(loser.body.error.code), loser.text);
    const g = await st.staffView(w.clerk, app.id);
    assert.equal(g.body.version, app.version + 1);
    assert.equal(entries(g.body, 'accepted').length, 1, 'exactly one accepted entry');
  }
});

/* --- every transition ------------------------------------------------------------------ */

test('a supplement request: the citizen sees what to bring, edits and resubmits', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  const r = await st.must(w.clerk, app, 'request-supplement',
    { materials: ['m1', 'm2'], note: '请补充身份证明和场所证明' });
  assert.equal(r.status, 'supplement_required');
  assert.equal(r.queue, null, 'it waits on the citizen, not on a clerk');
  assert.deepEqual(r.first_supplement, ['m1', 'm2']);
  assert.equal(r.timeline.at(-1).actor.role, 'clerk');

  const c = await st.citizenView(app.id);
  assert.equal(c.body.status, 'supplement_required');
  assert.deepEqual(c.body.supplement.materials, ['m1', 'm2']);
  assert.equal(c.body.supplement.note, '请补充身份证明和场所证明');
  assert.match(c.body.supplement.requested_at, /\+08:00$/);
  assert.equal(c.body.light, null);

  // The clerk cannot accept while the citizen has the application.
  assertError(await st.act(w.clerk, app.id, 'accept', app.version), 409, 'invalid_transition');

  const { token } = await st.citizen();
  const p = await cz.call('PUT', `/api/v1/applications/${app.id}/form`, { token,
    body: { form: { applicant_name: '补正后' } }, headers: { 'If-Match': c.headers.etag } });
  assert.equal(p.status, 200, p.text);
  const s = await cz.call('POST', `/api/v1/applications/${app.id}/submit`, { token });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.status, 'submitted');
  assert.equal(s.body.supplement, null);

  const g = await st.staffView(w.clerk, app.id);
  assert.equal(g.body.status, 'submitted');
  assert.equal(g.body.queue, 'pre_review');
  assert.equal(g.body.form.applicant_name, '补正后');
  assert.deepEqual(g.body.timeline.map((t) => t.status),
    ['draft', 'submitted', 'supplement_required', 'submitted']);
  const t = await st.tasks(w.clerk, 'queue=pre_review');
  assert.deepEqual(t.body.data.map((x) => x.id), [app.id], 'back in the clerk\'s queue');
  app.version = g.body.version;
  await st.must(w.clerk, app, 'accept');
});

test('a later supplement request may only name what the first named (409 supplement_once)', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  await st.must(w.clerk, app, 'request-supplement', { materials: ['m1'], note: '第一次告知' });
  const { token } = await st.citizen();
  const s = await cz.call('POST', `/api/v1/applications/${app.id}/submit`, { token });
  assert.equal(s.status, 200, s.text);
  app.version = s.body.version;

  for (const materials of [['m2'], ['m1', 'm2']]) {
    const r = await st.act(w.clerk, app.id, 'request-supplement', app.version, { materials, note: '再次告知' });
    assertError(r, 409, 'supplement_once', JSON.stringify(materials));
  }
  const g = await st.staffView(w.clerk, app.id);
  assert.deepEqual([g.body.status, g.body.version], ['submitted', app.version], 'nothing changed');

  const again = await st.must(w.clerk, app, 'request-supplement', { materials: ['m1'], note: '仍不清晰' });
  assert.equal(again.status, 'supplement_required');
  assert.deepEqual(again.first_supplement, ['m1'], 'the first request stays the reference');
  const c = await st.citizenView(app.id);
  assert.deepEqual(c.body.supplement.materials, ['m1']);
  assert.equal(c.body.supplement.note, '仍不清晰');
});

test('a supplement request naming an unknown material, or none, is refused', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  const unknown = await st.act(w.clerk, app.id, 'request-supplement', app.version,
    { materials: ['m1', 'm9'], note: '' });
  assertError(unknown, 422, 'validation_failed');
  assert.deepEqual(errorFields(unknown), ['materials[1]']);
  const none = await st.act(w.clerk, app.id, 'request-supplement', app.version, { materials: [] });
  assert.ok(none.status === 422 || none.status === 400, `${none.status} ${none.text}`);
  const missing = await st.act(w.clerk, app.id, 'request-supplement', app.version, { note: '缺材料' });
  assert.ok(missing.status === 422 || missing.status === 400, `${missing.status} ${missing.text}`);
  const g = await st.staffView(w.clerk, app.id);
  assert.deepEqual([g.body.status, g.body.version], ['submitted', app.version]);
});

test('reject needs a reason and a legal basis; the citizen sees the refusal', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  for (const body of [{ reason: '不属于本部门职权范围' }, { legal_basis: '《行政许可法》第三十二条' },
    { reason: '', legal_basis: '《行政许可法》第三十二条' }, {}]) {
    const r = await st.act(w.clerk, app.id, 'reject', app.version, body);
    assertError(r, 422, 'validation_failed', JSON.stringify(body));
  }
  const r = await st.must(w.clerk, app, 'reject');
  assert.equal(r.status, 'rejected');
  assert.equal(r.queue, null);
  assert.match(r.decided_at, /\+08:00$/);
  const c = await st.citizenView(app.id);
  assert.equal(c.body.status, 'rejected');
  assert.equal(c.body.light, null);
  // API.md section 4's shape, {license_no, note}: no licence, the reason as the note.
  assert.deepEqual(c.body.result, { license_no: null, note: st.BODIES.reject.reason, ...st.BODIES.reject });
  assert.equal(c.body.timeline.at(-1).note, st.BODIES.reject.reason);
  assertError(await st.act(w.clerk, app.id, 'accept', app.version), 409, 'invalid_transition',
    'a final status');
});

test('approve with a license number completes; the citizen sees the result', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  await st.must(w.clerk, app, 'accept');
  const missing = await st.act(w.reviewer, app.id, 'approve', app.version, { note: '准予许可' });
  assertError(missing, 422, 'validation_failed');
  assert.deepEqual(errorFields(missing), ['license_no']);
  const r = await st.must(w.reviewer, app, 'approve', { license_no: 'DYXK-2026-000123', note: '准予许可' });
  assert.equal(r.status, 'completed');
  assert.equal(r.queue, null);
  assert.equal(r.light, null);
  assert.equal(r.working_days_left, null);
  assert.match(r.decided_at, /\+08:00$/);
  assert.deepEqual(r.timeline.at(-1).actor, { role: 'reviewer', dept: { id: w.dept.id, name: w.dept.name } });
  const c = await st.citizenView(app.id);
  assert.equal(c.body.status, 'completed');
  assert.equal(c.body.result.license_no, 'DYXK-2026-000123');
  assert.equal(c.body.result.note, '准予许可');
  assert.equal(c.body.light, null);
});

test('deny needs a reason and a legal basis', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  await st.must(w.clerk, app, 'accept');
  for (const body of [{ reason: '不符合条件' }, { legal_basis: '第三十八条' }]) {
    const r = await st.act(w.reviewer, app.id, 'deny', app.version, body);
    assertError(r, 422, 'validation_failed', JSON.stringify(body));
  }
  const r = await st.must(w.reviewer, app, 'deny');
  assert.equal(r.status, 'denied');
  const c = await st.citizenView(app.id);
  assert.equal(c.body.status, 'denied');
  assert.deepEqual(c.body.result, { license_no: null, note: st.BODIES.deny.reason, ...st.BODIES.deny });
  assert.equal(c.body.light, null);
});

test('moves the status machine does not allow are 409 invalid_transition', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  // On a submitted application: only accept, request-supplement and reject.
  for (const action of ['approve', 'deny', 'suspend', 'resume', 'extend']) {
    assertError(await st.act(w.reviewer, app.id, action, app.version), 409, 'invalid_transition',
      `${action} on submitted`);
  }
  await st.must(w.clerk, app, 'accept');
  for (const action of ['accept', 'request-supplement', 'reject']) {
    assertError(await st.act(w.clerk, app.id, action, app.version), 409, 'invalid_transition',
      `${action} on accepted`);
  }
  assertError(await st.act(w.reviewer, app.id, 'resume', app.version), 409, 'invalid_transition',
    'resume on accepted');
  await st.must(w.reviewer, app, 'suspend');
  for (const action of ['approve', 'deny', 'suspend', 'extend']) {
    assertError(await st.act(w.reviewer, app.id, action, app.version), 409, 'invalid_transition',
      `${action} on suspended`);
  }
  await st.must(w.reviewer, app, 'resume');
  await st.must(w.reviewer, app, 'approve');
  for (const action of ['approve', 'deny', 'suspend', 'extend']) {
    assertError(await st.act(w.reviewer, app.id, action, app.version), 409, 'invalid_transition',
      `${action} on completed`);
  }
  const g = await st.staffView(w.reviewer, app.id);
  assert.deepEqual([g.body.status, g.body.version], ['completed', app.version]);
  assert.deepEqual(g.body.timeline.map((t) => t.status),
    ['draft', 'submitted', 'accepted', 'suspended', 'accepted', 'completed']);
});

/* --- the clock: suspension and extension --------------------------------------------------- */

/*
 * The seeded 2026 calendar around the National Day: 09-20 (Sunday) is a working day,
 * 09-25 (Friday, Mid-Autumn) a holiday, 10-01..10-07 holidays, 10-10 (Saturday) a working
 * day. Accepted on Monday 09-21 with 10 promised working days: 09-22, 09-23, 09-24, 09-28,
 * 09-29, 09-30, 10-08, 10-09, 10-10, 10-12: due on 10-12.
 */
const ACCEPT_AT = '2026-09-21T10:00:00+08:00';
const DUE_10 = '2026-10-12T23:59:59+08:00';

/* Submits and accepts at ACCEPT_AT (one clock window); answers the app. */
async function acceptedAt(w, when = ACCEPT_AT) {
  return st.at(when, async () => {
    const app = await st.apply(w);
    await st.must(w.clerk, app, 'accept');
    return app;
  });
}

test('suspension stops the clock: on resume the due date moves later by the working days suspended', { skip: skipClock }, async () => {
  const w = await st.world({ promised_days: 10 });
  const app = await acceptedAt(w);
  let g = await st.staffView(w.reviewer, app.id);
  assert.equal(g.body.due_at, DUE_10);

  await st.at('2026-09-22T10:00:00+08:00', async () => {
    const s = await st.must(w.reviewer, app, 'suspend', { reason: '需要现场核查' });
    assert.equal(s.status, 'suspended');
    assert.equal(s.light, null, 'no light while the clock stops');
    assert.equal(s.working_days_left, null);
    assert.equal(s.queue, 'review');
    const c = await st.citizenView(app.id);
    assert.deepEqual([c.body.status, c.body.light, c.body.working_days_left], ['suspended', null, null]);
    const t = await st.tasks(w.reviewer, 'queue=review');
    assert.deepEqual(t.body.data.map((x) => [x.id, x.status, x.light]), [[app.id, 'suspended', null]]);
  });
  // Working days d with 09-22 < d <= 09-29: 09-23, 09-24, 09-28, 09-29 (09-25 is a holiday).
  await st.at('2026-09-29T15:00:00+08:00', async () => {
    const r = await st.must(w.reviewer, app, 'resume', { note: '核查完毕' });
    assert.equal(r.status, 'accepted');
    assert.equal(r.due_at, '2026-10-16T23:59:59+08:00', 'due 10-12 + 4 working days');
    // Left on 09-29: 09-30, 10-08, 10-09, 10-10, 10-12, 10-13 .. 10-16.
    assert.equal(r.working_days_left, 9);
    assert.equal(r.light, 'green');
    const c = await st.citizenView(app.id);
    assert.equal(c.body.due_at, '2026-10-16T23:59:59+08:00');
  });
  // Suspended and resumed on one day: no working day passes, the due date stays.
  await st.at('2026-09-30T09:00:00+08:00', async () => {
    await st.must(w.reviewer, app, 'suspend', { reason: '补充核查' });
    const r = await st.must(w.reviewer, app, 'resume');
    assert.equal(r.due_at, '2026-10-16T23:59:59+08:00');
  });
  g = await st.staffView(w.reviewer, app.id);
  assert.deepEqual(g.body.timeline.map((t) => t.status).slice(2),
    ['accepted', 'suspended', 'accepted', 'suspended', 'accepted']);
});

test('extend: 1..10 working days, once; the due date moves later by them', { skip: skipClock }, async () => {
  const w = await st.world({ promised_days: 10 });
  const app = await acceptedAt(w);
  await st.at('2026-09-22T10:00:00+08:00', async () => {
    for (const working_days of [0, 11, -1]) {
      const r = await st.act(w.reviewer, app.id, 'extend', app.version, { working_days, reason: '情况复杂' });
      assertError(r, 422, 'validation_failed', `working_days ${working_days}`);
      assert.deepEqual(errorFields(r), ['working_days']);
    }
    const noReason = await st.act(w.reviewer, app.id, 'extend', app.version, { working_days: 3 });
    assertError(noReason, 422, 'validation_failed');
    const r = await st.must(w.reviewer, app, 'extend', { working_days: 3, reason: '情况复杂，需专家评审' });
    assert.equal(r.status, 'accepted');
    assert.equal(r.extended_days, 3);
    assert.equal(r.due_at, '2026-10-15T23:59:59+08:00', 'due 10-12 + 3 working days');
    assert.equal(r.working_days_left, 12);
    const second = await st.act(w.reviewer, app.id, 'extend', app.version, { working_days: 1, reason: '再延' });
    assertError(second, 409, 'conflict', 'a second extension');
    const c = await st.citizenView(app.id);
    assert.equal(c.body.due_at, '2026-10-15T23:59:59+08:00');
  });
  const g = await st.staffView(w.reviewer, app.id);
  assert.equal(g.body.version, app.version, 'the refused extension changed nothing');
  assert.equal(g.body.extended_days, 3);
});

test('due_at counts working days over the National Day holidays; the light goes green, yellow, red', { skip: skipClock }, async () => {
  const w = await st.world({ promised_days: 10 });
  const other = await st.world({ promised_days: 10 });
  const app = await st.at(ACCEPT_AT, async () => {
    const a = await st.apply(w);
    const r = await st.must(w.clerk, a, 'accept');
    assert.equal(r.accepted_at, ACCEPT_AT);
    assert.equal(r.promised_days, 10);
    assert.equal(r.due_at, DUE_10);
    assert.equal(r.working_days_left, 10);
    assert.equal(r.light, 'green');
    return a;
  });
  // A second application accepted a week later is due later: the queue is by due date.
  const later = await acceptedAt(w, '2026-09-28T10:00:00+08:00');

  // Yellow from max(1, ceil(10 / 5)) = 2 working days left.
  const expect = [
    ['2026-09-30T12:00:00+08:00', 4, 'green'], // 10-08, 10-09, 10-10, 10-12
    ['2026-10-08T12:00:00+08:00', 3, 'green'],
    ['2026-10-09T12:00:00+08:00', 2, 'yellow'],
    ['2026-10-11T12:00:00+08:00', 1, 'yellow'], // a Sunday
    ['2026-10-12T23:59:00+08:00', 0, 'yellow'], // the due date itself
    ['2026-10-13T00:00:30+08:00', -1, 'red'],
    ['2026-10-16T12:00:00+08:00', -4, 'red'],
  ];
  for (const [when, left, light] of expect) {
    await st.at(when, async () => {
      const s = await st.staffView(w.reviewer, app.id);
      assert.deepEqual([s.body.working_days_left, s.body.light], [left, light], `staff view at ${when}`);
      assert.equal(s.body.due_at, DUE_10);
      const c = await st.citizenView(app.id);
      assert.deepEqual([c.body.working_days_left, c.body.light], [left, light], `citizen view at ${when}`);
      const list = await cz.call('GET', '/api/v1/applications?status=accepted&limit=100',
        { token: (await st.citizen()).token });
      const mine = list.body.data.find((x) => x.id === app.id);
      assert.ok(mine, 'in the citizen\'s list');
      assert.deepEqual([mine.working_days_left, mine.light], [left, light], `citizen list at ${when}`);
      const t = await st.tasks(w.reviewer, 'queue=review');
      const task = t.body.data.find((x) => x.id === app.id);
      assert.deepEqual([task.working_days_left, task.light, task.act_by], [left, light, DUE_10],
        `task at ${when}`);
      for (const l of ['green', 'yellow', 'red']) {
        const f = await st.tasks(w.reviewer, `light=${l}`);
        assert.equal(f.status, 200, f.text);
        assert.equal(f.body.data.some((x) => x.id === app.id), l === light, `light=${l} at ${when}`);
        for (const x of f.body.data) assert.equal(x.light, l, `light=${l} lists only ${l}`);
      }
    });
  }
  await st.at('2026-10-09T12:00:00+08:00', async () => {
    const t = await st.tasks(w.reviewer, 'queue=review');
    assert.deepEqual(t.body.data.map((x) => x.id), [app.id, later.id], 'earliest due first');
    const y = await st.tasks(other.reviewer, 'light=yellow');
    assert.deepEqual(y.body.data, [], 'another department\'s light filter lists none of them');
  });
});

test('the yellow threshold rounds up: six promised days turn yellow with two working days left', { skip: skipClock }, async () => {
  const w = await st.world({ promised_days: 6 });
  // 09-22, 09-23, 09-24, 09-28, 09-29, 09-30: due 09-30; max(1, ceil(6 / 5)) = 2.
  const app = await acceptedAt(w);
  for (const [when, left, light] of [
    ['2026-09-24T12:00:00+08:00', 3, 'green'],
    ['2026-09-27T12:00:00+08:00', 3, 'green'], // the Sunday after the Mid-Autumn holiday
    ['2026-09-28T08:00:00+08:00', 2, 'yellow'],
    ['2026-09-30T18:00:00+08:00', 0, 'yellow'],
    ['2026-10-01T08:00:00+08:00', 0, 'red'], // past due, no working day since
    ['2026-10-08T08:00:00+08:00', -1, 'red'],
  ]) {
    await st.at(when, async () => {
      const c = await st.citizenView(app.id);
      assert.equal(c.body.due_at, '2026-09-30T23:59:59+08:00');
      assert.deepEqual([c.body.working_days_left, c.body.light], [left, light], `at ${when}`);
      const f = await st.tasks(w.reviewer, `light=${light}`);
      assert.deepEqual(f.body.data.map((x) => x.id), [app.id], `light=${light} at ${when}`);
    });
  }
});

/* --- parallel approval (并联审批) ----------------------------------------------------------- */

test('parallel departments get an opinion task; the lead approves only after both approved', { skip }, async () => {
  const w = await st.world({ parallel: 2 });
  const [B, C] = w.parallel;
  const app = await st.apply(w);
  // Involved once submitted: they read it, but nothing is theirs to do yet.
  assert.equal((await st.staffView(B.reviewer, app.id)).status, 200);
  assert.equal((await st.tasks(B.reviewer, '')).body.data.length, 0);
  assertError(await st.act(B.reviewer, app.id, 'opinions', app.version), 409, 'invalid_transition',
    'an opinion before acceptance');

  const accepted = await st.must(w.clerk, app, 'accept');
  assert.deepEqual(accepted.parallel.map((p) => [p.dept.id, p.decision]).sort(),
    [[B.dept.id, null], [C.dept.id, null]].sort());
  for (const p of [B, C]) {
    const t = await st.tasks(p.reviewer, '');
    assert.deepEqual(t.body.data.map((x) => [x.id, x.task, x.queue]), [[app.id, 'opinion', 'review']]);
    assert.equal(t.body.data[0].act_by, accepted.due_at);
    assert.deepEqual(t.body.data[0].dept, { id: w.dept.id, name: w.dept.name }, 'the lead department');
  }
  const lead = await st.tasks(w.reviewer, '');
  assert.deepEqual(lead.body.data.map((x) => [x.id, x.task]), [[app.id, 'review']]);

  assertError(await st.act(w.reviewer, app.id, 'approve', app.version), 409, 'parallel_pending');
  const b = await st.must(B.reviewer, app, 'opinions', { decision: 'approve', note: '符合消防要求' });
  assert.equal(b.status, 'accepted');
  const bEntry = b.parallel.find((p) => p.dept.id === B.dept.id);
  assert.equal(bEntry.decision, 'approve');
  assert.match(bEntry.decided_at, /\+08:00$/);
  assert.deepEqual((await st.tasks(B.reviewer, '')).body.data, [], 'done: out of B\'s queue');
  assertError(await st.act(w.reviewer, app.id, 'approve', app.version), 409, 'parallel_pending',
    'one department still to give its opinion');
  await st.must(C.reviewer, app, 'opinions', { decision: 'approve' });
  const done = await st.must(w.reviewer, app, 'approve');
  assert.equal(done.status, 'completed');
  assert.deepEqual(done.parallel.map((p) => p.decision), ['approve', 'approve']);
  assert.deepEqual((await st.tasks(C.reviewer, '')).body.data, []);
});

test('after a parallel department denies, approval stays 409 parallel_pending and only a denial remains', { skip }, async () => {
  const w = await st.world({ parallel: 2 });
  const [B, C] = w.parallel;
  const app = await st.apply(w);
  await st.must(w.clerk, app, 'accept');
  await st.must(B.reviewer, app, 'opinions', { decision: 'deny', note: '不符合环保要求' });
  await st.must(C.reviewer, app, 'opinions', { decision: 'approve' });
  assertError(await st.act(w.reviewer, app.id, 'approve', app.version), 409, 'parallel_pending');
  const d = await st.must(w.reviewer, app, 'deny');
  assert.equal(d.status, 'denied');
  assert.equal(d.parallel.find((p) => p.dept.id === B.dept.id).decision, 'deny');
});

test('a parallel department gives one opinion; its reviewer cannot accept, approve or deny', { skip }, async () => {
  const w = await st.world({ parallel: 1 });
  const [B] = w.parallel;
  const app = await st.apply(w);
  assertError(await st.act(B.reviewer, app.id, 'accept', app.version), 403, 'forbidden', 'accept');
  await st.must(w.clerk, app, 'accept');
  for (const action of ['approve', 'deny', 'suspend', 'extend'])
    assertError(await st.act(B.reviewer, app.id, action, app.version), 403, 'forbidden', action);
  assertError(await st.act(w.reviewer, app.id, 'opinions', app.version), 403, 'forbidden',
    'the lead reviewer gives no parallel opinion');
  const bad = await st.act(B.reviewer, app.id, 'opinions', app.version, { decision: 'maybe' });
  assert.ok(bad.status === 422 || bad.status === 400, `${bad.status} ${bad.text}`);
  await st.must(B.reviewer, app, 'opinions', { decision: 'approve' });
  const twice = await st.act(B.reviewer, app.id, 'opinions', app.version, { decision: 'deny' });
  assertError(twice, 409, 'conflict', 'a second opinion');
  const g = await st.staffView(w.reviewer, app.id);
  assert.equal(g.body.version, app.version, 'the second opinion changed nothing');
  assert.equal(g.body.parallel[0].decision, 'approve');
  await st.must(w.reviewer, app, 'approve');
});

test('a parallel opinion task leaves the queue while no clock runs and comes back on resume', { skip }, async () => {
  const w = await st.world({ parallel: 1 });
  const [B] = w.parallel;
  const ids = async () => (await st.tasks(B.reviewer, 'limit=100')).body.data.map((x) => x.id);
  const one = await st.apply(w);
  await st.must(w.clerk, one, 'accept');
  assert.deepEqual(await ids(), [one.id]);
  await st.must(w.reviewer, one, 'suspend');
  assert.deepEqual(await ids(), [], 'suspended: nothing to give an opinion on');
  assertError(await st.act(B.reviewer, one.id, 'opinions', one.version), 409, 'invalid_transition');
  const resumed = await st.must(w.reviewer, one, 'resume');
  const back = (await st.tasks(B.reviewer, '')).body.data;
  assert.deepEqual(back.map((x) => [x.id, x.task, x.act_by]), [[one.id, 'opinion', resumed.due_at]]);

  // The citizen withdraws: the task goes.
  const { token } = await st.citizen();
  const wd = await cz.call('POST', `/api/v1/applications/${one.id}/withdraw`, { token, body: { reason: '不再需要' } });
  assert.equal(wd.status, 200, wd.text);
  assert.deepEqual(await ids(), []);
  const g = await st.staffView(B.reviewer, one.id);
  assert.equal(g.body.status, 'withdrawn');
  assertError(await st.act(B.reviewer, one.id, 'opinions', g.body.version), 409, 'invalid_transition');

  // The lead denies without waiting: the task goes too.
  const two = await st.apply(w);
  await st.must(w.clerk, two, 'accept');
  assert.deepEqual(await ids(), [two.id]);
  await st.must(w.reviewer, two, 'deny');
  assert.deepEqual(await ids(), []);
});

test('one reviewer\'s queue merges the department\'s own applications and its parallel opinions, each once', { skip }, async () => {
  // Department Y leads items of its own and is the parallel department of X's item.
  const y = await st.world({ promised_days: 3 });
  const x = await st.world({ promised_days: 2 });
  await fx.putItem(x.code, { dept_id: x.dept.id, depth: 3, visits_required: 0, promised_days: 2,
    materials: st.MATERIALS, parallel_dept_ids: [y.dept.id],
    form: [{ key: 'applicant_name', label: '申请人姓名', type: 'text', required: true,
      max_length: 50, options: null }] });
  const opinions = [];
  for (let i = 0; i < 3; i++) {
    const a = await st.apply(x);
    await st.must(x.clerk, a, 'accept');
    opinions.push(a.id);
  }
  const own = [];
  for (let i = 0; i < 3; i++) {
    const a = await st.apply(y);
    await st.must(y.clerk, a, 'accept');
    own.push(a.id);
  }
  const waiting = [(await st.apply(y)).id, (await st.apply(y)).id];
  const expected = [...opinions, ...own, ...waiting].sort();
  const full = await st.tasks(y.reviewer, 'limit=100');
  assert.deepEqual(full.body.data.map((t) => t.id).sort(), expected);
  const taskOf = Object.fromEntries(full.body.data.map((t) => [t.id, t.task]));
  for (const id of opinions) assert.equal(taskOf[id], 'opinion');
  for (const id of own) assert.equal(taskOf[id], 'review');
  for (const id of waiting) assert.equal(taskOf[id], 'accept');
  // Two-day promises (X's) are due before three-day ones (Y's), which are due before the
  // deemed-acceptance deadline (five working days).
  assert.deepEqual(full.body.data.map((t) => t.id), [...opinions, ...own, ...waiting]);
  for (const limit of [1, 2, 4]) {
    const walked = await st.walkTasks(y.reviewer, '', limit);
    assert.deepEqual(walked.map((t) => t.id), full.body.data.map((t) => t.id), `limit=${limit}`);
  }
  const review = await st.walkTasks(y.reviewer, 'queue=review', 1);
  assert.deepEqual(review.map((t) => t.id), [...opinions, ...own]);
  // X's own reviewer sees the review tasks of X only.
  const xr = await st.tasks(x.reviewer, 'limit=100');
  assert.deepEqual(xr.body.data.map((t) => [t.id, t.task]), opinions.map((id) => [id, 'review']));
});

/* --- the queues --------------------------------------------------------------------------- */

test('the queues list the department\'s applications, earliest act_by first, each once with limit=1', { skip }, async () => {
  const w = await st.world({ promised_days: 5, items: [1, 10] });
  const [oneDay, tenDays] = w.codes;
  // Accepted: due in 10, 1 and 5 working days.
  const review = [];
  for (const code of [tenDays, oneDay, w.code]) {
    const a = await st.apply(code);
    await st.must(w.clerk, a, 'accept');
    review.push(a);
  }
  const suspended = await st.apply(w);
  await st.must(w.clerk, suspended, 'accept');
  await st.must(w.reviewer, suspended, 'suspend');
  const pre = [await st.apply(w), await st.apply(w), await st.apply(oneDay)];
  const finished = await st.apply(w);
  await st.must(w.clerk, finished, 'reject');

  const p = await st.tasks(w.clerk, 'queue=pre_review&limit=100');
  assert.equal(p.status, 200, p.text);
  assert.equal(p.headers['cache-control'], 'no-store');
  assert.deepEqual(p.body.data.map((x) => x.id), pre.map((a) => a.id),
    'same deemed-acceptance deadline: id order');
  for (const x of p.body.data) {
    assert.deepEqual([x.status, x.queue, x.task, x.light, x.due_at], ['submitted', 'pre_review', 'accept', null, null]);
    assert.equal(x.act_by, x.accept_by);
  }

  const r = await st.tasks(w.reviewer, 'queue=review&limit=100');
  assert.equal(r.status, 200, r.text);
  const byDue = [review[1], review[2], suspended, review[0]].map((a) => a.id);
  const dueOf = (x) => Date.parse(x.due_at);
  const rows = r.body.data;
  assert.deepEqual(new Set(rows.map((x) => x.id)), new Set(byDue));
  assert.deepEqual(rows.map(dueOf), [...rows].map(dueOf).sort((a, b) => a - b), 'earliest due first');
  assert.equal(rows[0].id, review[1].id, 'the one-day promise first');
  assert.equal(rows.at(-1).id, review[0].id, 'the ten-day promise last');
  for (const x of rows) {
    assert.equal(x.queue, 'review');
    assert.equal(x.task, 'review');
    assert.equal(x.act_by, x.due_at);
    assert.ok(['accepted', 'suspended'].includes(x.status));
  }

  // All, one per page, exactly once each, in (act_by, id) order; the same for the reviewer.
  const all = [...pre, ...review, suspended].map((a) => a.id).sort();
  for (const who of [w.clerk, w.reviewer]) {
    const walked = await st.walkTasks(who, 'queue=all', 1);
    assert.deepEqual(walked.map((x) => x.id).sort(), all, 'every task once');
    const key = (x) => [Date.parse(x.act_by), BigInt(x.id)];
    for (let i = 1; i < walked.length; i++) {
      const [a, b] = [key(walked[i - 1]), key(walked[i])];
      assert.ok(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]), `order at ${i}`);
    }
    const one = await st.tasks(who, 'limit=100');
    assert.deepEqual(one.body.data.map((x) => x.id), walked.map((x) => x.id), 'pages = one page');
    assert.equal(one.body.next_cursor, null);
  }
  const two = await st.walkTasks(w.clerk, 'queue=pre_review', 2);
  assert.deepEqual(two.map((x) => x.id), pre.map((a) => a.id));

  // Light filters list running clocks only: one promised day is yellow on the day of
  // acceptance (1 left <= max(1, ceil(1/5))), five and ten days are green.
  const yellow = await st.tasks(w.reviewer, 'light=yellow&limit=100');
  assert.deepEqual(yellow.body.data.map((x) => x.id), [review[1].id]);
  const green = await st.tasks(w.reviewer, 'light=green&limit=100');
  assert.deepEqual(green.body.data.map((x) => x.id).sort(), [review[0].id, review[2].id].sort());
  assert.deepEqual((await st.tasks(w.reviewer, 'light=red')).body.data, []);
});

test('malformed task queries are 400 bad_request with the parameter named', { skip }, async () => {
  const w = await st.world();
  for (const [q, field] of [['queue=inbox', 'queue'], ['queue=REVIEW', 'queue'], ['light=blue', 'light'],
    ['light=Red', 'light'], ['cursor=garbage', 'cursor'], ['cursor=%21%21', 'cursor'],
    ['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=x', 'limit']]) {
    const r = await st.tasks(w.clerk, q);
    assertError(r, 400, 'bad_request', q);
    assert.ok(errorFields(r).includes(field), `${q}: ${JSON.stringify(errorFields(r))}`);
  }
  // Another list's cursor is no task cursor.
  const apps = await cz.call('GET', '/api/v1/items?limit=1');
  if (apps.body.next_cursor) {
    const r = await st.tasks(w.clerk, `cursor=${encodeURIComponent(apps.body.next_cursor)}`);
    assertError(r, 400, 'bad_request', 'an items cursor');
  }
});

/* --- the working-day calendar ---------------------------------------------------------------- */

test('GET /admin/calendar lists the seeded holidays and adjusted working days', async () => {
  const token = await fx.adminToken();
  const r = await api('GET', '/api/v1/admin/calendar?year=2026', { token });
  assert.equal(r.status, 200, r.text);
  const days = new Map(r.body.data.map((d) => [d.date, d.workday]));
  assert.equal(days.get('2026-10-01'), false);
  assert.equal(days.get('2026-10-07'), false);
  assert.equal(days.get('2026-09-20'), true, '调休');
  assert.equal(days.get('2026-10-10'), true, '调休');
  assert.equal(days.get('2026-01-01'), false);
  const dates = r.body.data.map((d) => d.date);
  assert.deepEqual(dates, [...dates].sort(), 'date order');
  assert.ok(dates.every((d) => d.startsWith('2026-')), 'that year only');
  for (const q of ['', '?year=26', '?year=abcd', '?year=0999']) {
    const bad = await api('GET', `/api/v1/admin/calendar${q}`, { token });
    assertError(bad, 400, 'bad_request', q || 'no year');
  }
});

test('the calendar is the admin\'s: others 403; bad days 422 naming days[i]', { skip }, async () => {
  const w = await st.world();
  for (const who of [w.clerk, w.reviewer]) {
    assertError(await api('PUT', '/api/v1/admin/calendar', { token: who.token,
      body: { days: [{ date: '2026-08-12', workday: false }] } }), 403, 'forbidden');
    assertError(await api('GET', '/api/v1/admin/calendar?year=2026', { token: who.token }), 403, 'forbidden');
  }
  assertError(await api('GET', '/api/v1/admin/calendar?year=2026', { token: (await st.citizen()).token }),
    403, 'forbidden');
  const token = await fx.adminToken();
  const r = await api('PUT', '/api/v1/admin/calendar', { token, body: { days: [
    { date: '2026-08-14', workday: true }, { date: '2026-02-30', workday: false },
    { date: '2026/08/12', workday: false }, { date: '12-08-2026', workday: false },
  ] } });
  assertError(r, 422, 'validation_failed');
  assert.deepEqual(errorFields(r).sort(), ['days[1].date', 'days[2].date', 'days[3].date']);
  const empty = await api('PUT', '/api/v1/admin/calendar', { token, body: { days: [] } });
  assert.ok(empty.status === 422 || empty.status === 400, `${empty.status} ${empty.text}`);
  const g = await api('GET', '/api/v1/admin/calendar?year=2026', { token });
  assert.ok(!g.body.data.some((d) => d.date === '2026-08-14'), 'nothing stored from a refused PUT');
});

/*
 * August 2026 has no holiday: a weekday made a holiday there moves only the due dates of
 * acceptances after the change. Past dates (with the clock) so that no clock running in
 * real time, of this suite or another, ever counts the changed day; restored afterwards.
 */
test('a weekday made a holiday moves the due date of applications accepted afterwards', { skip: skipClock }, async () => {
  const w = await st.world({ promised_days: 5 });
  const token = await fx.adminToken();
  const put = (workday) => api('PUT', '/api/v1/admin/calendar',
    { token, body: { days: [{ date: '2026-08-12', workday }] } });
  const when = '2026-08-10T10:00:00+08:00'; // a Monday
  // 08-11, 08-12, 08-13, 08-14, 08-17.
  const before = await acceptedAt(w, when);
  assert.equal((await st.staffView(w.clerk, before.id)).body.due_at, '2026-08-17T23:59:59+08:00');
  try {
    const r = await put(false);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.updated, 1);
    const g = await api('GET', '/api/v1/admin/calendar?year=2026', { token });
    assert.ok(g.body.data.some((d) => d.date === '2026-08-12' && d.workday === false));
    const after = await acceptedAt(w, when);
    assert.equal((await st.staffView(w.clerk, after.id)).body.due_at, '2026-08-18T23:59:59+08:00',
      'one working day fewer in the week: due a day later');
    assert.equal((await st.staffView(w.clerk, before.id)).body.due_at, '2026-08-17T23:59:59+08:00',
      'a clock already running keeps its due date');
  } finally {
    const back = await put(true);
    assert.equal(back.status, 200, back.text);
  }
  const restored = await acceptedAt(w, when);
  assert.equal((await st.staffView(w.clerk, restored.id)).body.due_at, '2026-08-17T23:59:59+08:00');
});

/* --- delegations (AB岗) ------------------------------------------------------------------------ */

/* The audit entries of an application: through the API when the spec declares it, else
 * read from the database (the entries' actor and action only). */
async function auditOf(appId) {
  if (validator().findPath('/api/v1/supervision/audit')) {
    const s = await fx.createStaff(['supervisor'], null);
    const token = (await fx.login(s.username, s.password)).access_token;
    const r = await api('GET', `/api/v1/supervision/audit?application_id=${appId}`, { token });
    assert.equal(r.status, 200, r.text);
    return r.body.data.map((e) => ({ action: e.action, actor: e.actor }));
  }
  if (!st.DATA) return null;
  return st.sql(`SELECT action, actor FROM audit_log WHERE application_id = ${Number(appId)} ORDER BY seq`)
    .map(([action, actor]) => ({ action, actor: JSON.parse(actor) }));
}

test('a delegate acts for the delegator\'s department only within the window', { skip: skipClock }, async (t) => {
  const w = await st.world();
  const Y = await fx.createDepartment({ name: `受托部门-${fx.uniq()}` });
  const B = await st.member(['clerk'], Y);
  const A = w.clerk;
  const app = await st.apply(w);

  const second = 1000;
  const starts = Math.ceil((Date.now() + 2 * HOUR_MS) / second) * second;
  const ends = starts + 2 * HOUR_MS;
  const d = await api('POST', '/api/v1/staff/delegations', { token: A.token, body: {
    to_staff_id: B.id, starts_at: cz.shanghaiTime(starts), ends_at: cz.shanghaiTime(ends) } });
  assert.equal(d.status, 201, d.text);
  assert.deepEqual([d.body.from_staff_id, d.body.to_staff_id], [A.id, B.id]);
  assert.equal(Date.parse(d.body.starts_at), starts);
  assert.equal(Date.parse(d.body.ends_at), ends);
  assert.equal(d.headers.location, `/api/v1/staff/delegations/${d.body.id}`);
  for (const who of [A, B]) {
    const l = await api('GET', '/api/v1/staff/delegations', { token: who.token });
    assert.equal(l.status, 200, l.text);
    assert.ok(l.body.data.some((x) => x.id === d.body.id), 'listed for both');
  }

  // Before the window.
  assertError(await st.staffView(B, app.id), 404, 'not_found', 'before the window');
  assertError(await st.act(B, app.id, 'accept', app.version), 404, 'not_found', 'before the window');
  assert.ok(!(await st.tasks(B, '')).body.data.some((x) => x.id === app.id));

  // Inside it (B signs in at that time: the token of now would have expired).
  await cz.atTime(starts + HOUR_MS, async () => {
    await st.relogin(B);
    const q = await st.tasks(B, 'queue=pre_review');
    assert.deepEqual(q.body.data.map((x) => [x.id, x.task]), [[app.id, 'accept']]);
    assert.equal((await st.staffView(B, app.id)).status, 200);
    const r = await st.must(B, app, 'accept', { note: 'AB岗代为受理' });
    assert.equal(r.status, 'accepted');
    assert.deepEqual(r.timeline.at(-1).actor, { role: 'clerk', dept: { id: w.dept.id, name: w.dept.name } },
      'the timeline names the delegator\'s department');
    assertError(await st.act(B, app.id, 'approve', app.version), 403, 'forbidden',
      'only the delegator\'s roles');
  });

  // The window is [starts_at, ends_at): its first second is in, its end is out.
  await cz.atTime(starts, async () => {
    await st.relogin(B);
    assert.equal((await st.staffView(B, app.id)).status, 200, 'at starts_at');
  });
  await cz.atTime(ends - 1000, async () => {
    await st.relogin(B);
    assert.equal((await st.staffView(B, app.id)).status, 200, 'a second before ends_at');
  });
  for (const when of [ends, ends + HOUR_MS]) {
    await cz.atTime(when, async () => {
      await st.relogin(B);
      assertError(await st.staffView(B, app.id), 404, 'not_found', `${when - ends} ms after ends_at`);
      assert.deepEqual((await st.tasks(B, '')).body.data, []);
    });
  }

  const audit = await auditOf(app.id);
  if (audit === null) {
    t.diagnostic('the audit trail is neither in the spec nor reachable in the database: not checked');
    return;
  }
  const accept = audit.filter((e) => e.action === 'accept');
  assert.equal(accept.length, 1, JSON.stringify(audit));
  assert.equal(accept[0].actor.staff_id, B.id, 'the delegate acted');
  assert.equal(accept[0].actor.on_behalf_of, A.id, 'for the delegator');
  assert.equal(accept[0].actor.dept_id, w.dept.id);
});

test('a delegation outside this century is 422 invalid, never a database error', { skip }, async () => {
  const w = await st.world();
  const B = await st.member(['clerk'], w.dept);
  for (const [starts, ends, field] of [
    ['9999-06-01T00:00:00+08:00', '9999-12-31T23:59:59-08:00', 'starts_at'],
    ['2026-12-01T00:00:00+08:00', '2100-01-01T00:00:00Z', 'ends_at'],
    ['0001-01-01T00:00:00Z', '0001-01-02T00:00:00Z', 'starts_at'],
  ]) {
    const r = await api('POST', '/api/v1/staff/delegations', { token: w.clerk.token,
      body: { to_staff_id: B.id, starts_at: starts, ends_at: ends } });
    assertError(r, 422, 'validation_failed', `${starts} .. ${ends}`);
    assert.ok(errorFields(r).includes(field), `${field}: ${r.text}`);
  }
  assert.deepEqual((await api('GET', '/api/v1/staff/delegations', { token: w.clerk.token })).body.data, []);
});

test('the delegator ends a delegation: the delegate loses the queue at once; only the delegator may end it', { skip }, async () => {
  const w = await st.world();
  const B = await st.member(['clerk'], await fx.createDepartment());
  const app = await st.apply(w);
  const now = Date.now();
  const d = await api('POST', '/api/v1/staff/delegations', { token: w.clerk.token, body: {
    to_staff_id: B.id, starts_at: cz.shanghaiTime(now - 60000), ends_at: cz.shanghaiTime(now + 3600000) } });
  assert.equal(d.status, 201, d.text);
  assert.equal((await st.staffView(B, app.id)).status, 200, 'inside the window');
  assertError(await api('DELETE', `/api/v1/staff/delegations/${d.body.id}`, { token: B.token }), 404,
    'not_found', 'the delegate cannot end it');
  const end = await api('DELETE', `/api/v1/staff/delegations/${d.body.id}`, { token: w.clerk.token });
  assert.equal(end.status, 204, end.text);
  assertError(await st.staffView(B, app.id), 404, 'not_found', 'ended: the queue is gone');
  // A delegation not started yet is removed.
  const later = await api('POST', '/api/v1/staff/delegations', { token: w.clerk.token, body: {
    to_staff_id: B.id, starts_at: cz.shanghaiTime(now + 3600000), ends_at: cz.shanghaiTime(now + 7200000) } });
  assert.equal(later.status, 201, later.text);
  assert.equal((await api('DELETE', `/api/v1/staff/delegations/${later.body.id}`, { token: w.clerk.token })).status, 204);
  const list = await api('GET', '/api/v1/staff/delegations', { token: w.clerk.token });
  assert.ok(!list.body.data.some((x) => x.id === later.body.id || x.id === d.body.id));
});

test('invalid delegations are 422 naming the field', { skip }, async () => {
  const w = await st.world();
  const A = w.clerk;
  const start = '2026-12-01T09:00:00+08:00';
  const cases = [
    [{ to_staff_id: w.reviewer.id, starts_at: start, ends_at: '2026-11-30T09:00:00+08:00' }, 'ends_at'],
    [{ to_staff_id: w.reviewer.id, starts_at: start, ends_at: start }, 'ends_at'],
    [{ to_staff_id: A.id, starts_at: start, ends_at: '2026-12-02T09:00:00+08:00' }, 'to_staff_id'],
    [{ to_staff_id: '999999999999', starts_at: start, ends_at: '2026-12-02T09:00:00+08:00' }, 'to_staff_id'],
    [{ to_staff_id: w.reviewer.id, starts_at: 'tomorrow', ends_at: '2026-12-02T09:00:00+08:00' }, 'starts_at'],
    [{ to_staff_id: w.reviewer.id, starts_at: start, ends_at: '2028-12-02T09:00:00+08:00' }, 'ends_at'],
  ];
  for (const [body, field] of cases) {
    const r = await api('POST', '/api/v1/staff/delegations', { token: A.token, body });
    assertError(r, 422, 'validation_failed', JSON.stringify(body));
    assert.deepEqual(errorFields(r), [field], JSON.stringify(body));
  }
  const l = await api('GET', '/api/v1/staff/delegations', { token: A.token });
  assert.deepEqual(l.body.data, [], 'none stored');
});

/* --- deemed acceptance (行政许可法 §32) ---------------------------------------------------------- */

/*
 * Submitted on Monday 2026-09-14: the fifth working day after is Sunday 09-20 (调休), so
 * the deadline is 09-20 23:59:59; on 09-21 the system accepts as of the submission.
 */
test('a submission no clerk acts on within 5 working days is deemed accepted as of its submission', { skip: skipClock }, async () => {
  const w = await st.world({ promised_days: 3 });
  const SUBMIT_AT = '2026-09-14T10:00:00+08:00';
  const [a1, a2, a3] = await st.at(SUBMIT_AT, async () => {
    const apps = [await st.apply(w), await st.apply(w), await st.apply(w)];
    const g = await st.staffView(w.clerk, apps[0].id);
    assert.equal(g.body.accept_by, '2026-09-20T23:59:59+08:00');
    assert.equal(g.body.submitted_at, SUBMIT_AT);
    return apps;
  });
  await st.at('2026-09-20T23:00:00+08:00', async () => {
    const c = await st.citizenView(a1.id);
    assert.deepEqual([c.body.status, c.body.accepted_at], ['submitted', null], 'not yet');
    const q = await st.tasks(w.clerk, 'queue=pre_review');
    assert.deepEqual(q.body.data.map((x) => x.id), [a1.id, a2.id, a3.id]);
  });
  await st.at('2026-09-21T09:00:00+08:00', async () => {
    // The citizen reads it.
    const c = await st.citizenView(a1.id);
    assert.equal(c.status, 200);
    assert.equal(c.body.status, 'accepted');
    assert.equal(c.body.accepted_at, SUBMIT_AT);
    assert.equal(c.body.submitted_at, SUBMIT_AT);
    assert.equal(c.body.version, a1.version + 1);
    // Three working days from 09-14: 09-15, 09-16, 09-17.
    assert.equal(c.body.due_at, '2026-09-17T23:59:59+08:00');
    assert.equal(c.body.light, 'red');
    const last = c.body.timeline.at(-1);
    assert.equal(last.status, 'accepted');
    assert.deepEqual(last.actor, { role: 'system', dept: null });
    assert.equal(entries(c.body, 'accepted').length, 1);

    // A clerk who still holds the submitted version is refused.
    const r = await st.act(w.clerk, a3.id, 'accept', a3.version);
    assert.ok(r.status === 412 || r.status === 409, `${r.status} ${r.text}`);
    assert.ok(['version_mismatch', 'invalid_transition'].includes(r.body.error.code), r.text);
    const g3 = await st.staffView(w.clerk, a3.id);
    assert.equal(g3.body.status, 'accepted');
    assert.deepEqual(entries(g3.body, 'accepted').map((e) => e.actor.role), ['system']);
    const rej = await st.act(w.clerk, a3.id, 'reject', g3.body.version);
    assertError(rej, 409, 'invalid_transition', 'too late to refuse');

    // The clerk's queue is read: nothing left to accept; the reviewers have them.
    const q = await st.tasks(w.clerk, 'queue=pre_review');
    assert.deepEqual(q.body.data, []);
    const rv = await st.tasks(w.reviewer, 'queue=review');
    const t2 = rv.body.data.find((x) => x.id === a2.id);
    assert.ok(t2, 'in the review queue');
    assert.deepEqual([t2.status, t2.accepted_at, t2.submitted_at], ['accepted', SUBMIT_AT, SUBMIT_AT]);
    const g2 = await st.staffView(w.reviewer, a2.id);
    assert.deepEqual(g2.body.timeline.at(-1).actor, { role: 'system', dept: null });
    assert.equal(g2.body.queue, 'review');
  });
  // The audit entry and the citizen's notification of each.
  if (st.DATA) {
    for (const a of [a1, a2, a3]) {
      const audit = await auditOf(a.id);
      assert.deepEqual(audit.map((e) => [e.action, e.actor.role]), [['accept', 'system']], `audit of ${a.id}`);
      const n = st.sql(`SELECT status FROM notifications WHERE application_id = ${Number(a.id)} ORDER BY id`);
      assert.deepEqual(n.map((r) => r[0]), ['submitted', 'accepted'], `notifications of ${a.id}`);
    }
  }
});

/*
 * Nobody reads it: the staff app's background sweep accepts it within a minute of the
 * deadline (watched in the database, since reading it through the API would do it too).
 */
test('the system accepts within a minute of the deadline even when nobody reads it', { skip: skipDb || skipClock, timeout: 120000 }, async () => {
  const w = await st.world();
  const status = (id) => st.sql(`SELECT status, accepted_at = submitted_at FROM applications WHERE id = ${Number(id)}`)[0];
  // One clock window throughout: real time would be past the deadline too.
  await st.at('2026-09-14T10:00:00+08:00', async () => {
    const app = await st.apply(w);
    cz.setClock(Date.parse('2026-09-20T23:59:00+08:00'));
    await fx.sleep(1500);
    assert.equal(status(app.id)[0], 'submitted', 'not before the deadline');
    cz.setClock(Date.parse('2026-09-21T00:00:10+08:00'));
    const end = Date.now() + 65000;
    let now = status(app.id);
    while (now[0] === 'submitted' && Date.now() < end) {
      await fx.sleep(500);
      now = status(app.id);
    }
    assert.deepEqual(now, ['accepted', '1'], 'deemed accepted as of its submission');
  });
});

/*
 * A parallel department's review queue would list the application once accepted (its opinion
 * is asked then): reading it is enough for the deemed acceptance, before the background sweep.
 */
test('a parallel department reading its review queue after the deadline finds it deemed accepted', { skip: skipClock }, async () => {
  const w = await st.world({ parallel: 1 });
  const par = w.parallel[0];
  const SUBMIT_AT = '2026-09-14T10:00:00+08:00';
  const app = await st.at(SUBMIT_AT, () => st.apply(w));
  await st.at('2026-09-21T00:00:01+08:00', async () => {
    const q = await st.tasks(par.reviewer, 'queue=review');
    assert.equal(q.status, 200);
    const t = q.body.data.find((x) => x.id === app.id);
    assert.ok(t, `deemed accepted and in the parallel department's queue: ${JSON.stringify(q.body.data.map((x) => x.id))}`);
    assert.deepEqual([t.status, t.accepted_at], ['accepted', SUBMIT_AT]);
  });
});

test('a supplement request or a rejection in time prevents deemed acceptance', { skip: skipClock }, async () => {
  const w = await st.world();
  const [asked, refused] = await st.at('2026-09-14T10:00:00+08:00', async () => {
    const a = await st.apply(w);
    const b = await st.apply(w);
    await st.must(w.clerk, a, 'request-supplement', { materials: ['m2'], note: '请补充场所证明' });
    await st.must(w.clerk, b, 'reject');
    return [a, b];
  });
  await st.at('2026-09-22T09:00:00+08:00', async () => {
    const a = await st.citizenView(asked.id);
    assert.deepEqual([a.body.status, a.body.accepted_at], ['supplement_required', null]);
    const b = await st.citizenView(refused.id);
    assert.equal(b.body.status, 'rejected');
    assert.deepEqual((await st.tasks(w.reviewer, 'queue=review')).body.data, []);
  });
});

/* --- notifications ------------------------------------------------------------------------- */

test('each status change leaves the citizen an inbox entry and outbox rows, SMS only where worth it', { skip: skipDb }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  await st.must(w.clerk, app, 'request-supplement', { materials: ['m1'], note: '请补充' });
  const { token, id: citizenId } = await st.citizen();
  const s = await cz.call('POST', `/api/v1/applications/${app.id}/submit`, { token });
  assert.equal(s.status, 200, s.text);
  app.version = s.body.version;
  await st.must(w.clerk, app, 'accept');
  await st.must(w.reviewer, app, 'suspend');
  await st.must(w.reviewer, app, 'resume');
  await st.must(w.reviewer, app, 'approve');

  const rows = st.sql(`SELECT id, citizen_id, status, title, body FROM notifications
    WHERE application_id = ${Number(app.id)} ORDER BY id`);
  assert.deepEqual(rows.map((r) => r[2]), ['submitted', 'supplement_required', 'submitted',
    'accepted', 'suspended', 'accepted', 'completed']);
  for (const r of rows) {
    assert.equal(r[1], citizenId);
    assert.ok(r[3].length > 0 && r[4].length > 0, 'a title and a body');
  }
  const g = await st.staffView(w.clerk, app.id);
  assert.ok(rows.at(-1)[4].includes(g.body.number), 'the body names the application number');
  // The citizen signed in by SMS (a phone, no WeChat): the app channel for every change,
  // SMS for the supplement request and the final status only. (The provincial platform's
  // rows, written when YIWANG_UPSTREAM_URL is set, are upstream.test.js's business.)
  const outbox = st.sql(`SELECT n.status, GROUP_CONCAT(o.channel ORDER BY o.channel)
    FROM notifications n JOIN outbox o ON o.notification_id = n.id AND o.channel <> 'upstream'
    WHERE n.application_id = ${Number(app.id)} GROUP BY n.id ORDER BY n.id`);
  assert.deepEqual(outbox, [['submitted', 'app'], ['supplement_required', 'app,sms'], ['submitted', 'app'],
    ['accepted', 'app'], ['suspended', 'app'], ['accepted', 'app'], ['completed', 'app,sms']]);
  // A refused action leaves nothing.
  const before = st.sql(`SELECT COUNT(*) FROM notifications WHERE application_id = ${Number(app.id)}`);
  assertError(await st.act(w.reviewer, app.id, 'approve', app.version), 409, 'invalid_transition');
  assertError(await st.act(w.reviewer, app.id, 'deny', app.version - 1), 412, 'version_mismatch');
  assert.deepEqual(st.sql(`SELECT COUNT(*) FROM notifications WHERE application_id = ${Number(app.id)}`), before);
});
