'use strict';
/*
 * evaluation.test.js: 好差评 (API.md section 4, issue 7): a citizen rates a decided
 * application once with 1-5; a bad score (1-2) opens a follow-up the department answers
 * once within working days, visible to supervisors; the overview counts evaluations.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');
const st = require('./lib/staff');
const { api, assertError } = require('./lib/client');

const skip = cz.NEEDS_FAKES;

async function evaluate(id, body, token) {
  return cz.call('POST', `/api/v1/applications/${id}/evaluation`,
    { token: token || (await st.citizen()).token, body });
}

async function decided(w, action = 'approve') {
  const app = await st.apply(w);
  await st.must(w.clerk, app, 'accept');
  await st.must(w.reviewer, app, action);
  return app;
}

async function supervisorToken() {
  return (await fx.login('supervisor', 'demo-2026')).access_token;
}

async function overviewOf(dept) {
  const r = await api('GET', `/api/v1/supervision/overview?dept=${dept.id}`, { token: await supervisorToken() });
  assert.equal(r.status, 200, r.text);
  return r.body.data[0];
}

test('only a decided application is rated, once, 1 to 5, by its citizen', { skip }, async () => {
  const w = await st.world();
  const open = await st.apply(w);
  assertError(await evaluate(open.id, { score: 5 }), 409, 'invalid_transition', 'submitted');
  const app = await decided(w);
  for (const score of [0, 6]) {
    const r = await evaluate(app.id, { score });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.code, 'validation_failed');
  }
  assert.equal((await evaluate(app.id, { score: '5' })).status, 400);
  const other = await cz.smsSignIn(cz.uniqPhone());
  assertError(await evaluate(app.id, { score: 5 }, other.access_token), 404, 'not_found', 'someone else');
  const r = await evaluate(app.id, { score: 5, comment: '办事很快' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual({ score: r.body.score, comment: r.body.comment, follow_up: r.body.follow_up },
    { score: 5, comment: '办事很快', follow_up: null });
  assertError(await evaluate(app.id, { score: 4 }), 409, 'conflict', 'a second evaluation');
});

test('a withdrawn application is not rated; a denied one is', { skip }, async () => {
  const w = await st.world();
  const app = await st.apply(w);
  const c = await st.citizen();
  const wd = await cz.call('POST', `/api/v1/applications/${app.id}/withdraw`, { token: c.token, body: {} });
  assert.equal(wd.status, 200, wd.text);
  assertError(await evaluate(app.id, { score: 3 }), 409, 'invalid_transition', 'withdrawn');
  const denied = await decided(w, 'deny');
  assert.equal((await evaluate(denied.id, { score: 3 })).status, 201);
});

test('a bad score opens a follow-up: the department answers it once, supervisors see it until then', { skip }, async () => {
  const w = await st.world();
  const app = await decided(w);
  const r = await evaluate(app.id, { score: 1, comment: '跑了好几次' });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.follow_up, 'a follow-up');
  assert.match(r.body.follow_up.due_at, /T23:59:59\+08:00$/);
  assert.equal(r.body.follow_up.reply, null);

  const sup = await supervisorToken();
  const listed = await api('GET', `/api/v1/supervision/follow-ups?dept=${w.dept.id}`, { token: sup });
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.body.data.map((f) => [f.application_id, f.score]), [[app.id, 1]]);
  assert.ok(['green', 'yellow'].includes(listed.body.data[0].light));

  const mine = await api('GET', '/api/v1/staff/follow-ups', { token: w.clerk.token });
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.body.data.some((f) => f.application_id === app.id));
  const outsider = await st.member(['clerk'], await fx.createDepartment());
  assert.ok(!(await api('GET', '/api/v1/staff/follow-ups', { token: outsider.token }))
    .body.data.some((f) => f.application_id === app.id));
  assertError(await api('POST', `/api/v1/staff/follow-ups/${app.id}/reply`,
    { token: outsider.token, body: { content: '我们会改进' } }), 404, 'not_found', 'another department');

  // Bad bodies are refused and change nothing; a citizen or no token never reaches it.
  for (const [body, status] of [[{}, 422], [{ content: '' }, 422], [{ content: 5 }, 400], [{ content: 'x', extra: 1 }, 400]])
    assert.equal((await api('POST', `/api/v1/staff/follow-ups/${app.id}/reply`, { token: w.clerk.token, body })).status,
      status, JSON.stringify(body));
  assertError(await api('POST', `/api/v1/staff/follow-ups/${app.id}/reply`,
    { token: (await st.citizen()).token, body: { content: '?' } }), 403, 'forbidden', 'a citizen');
  assertError(await api('GET', '/api/v1/staff/follow-ups'), 401, 'unauthenticated', 'no token');
  assertError(await api('GET', '/api/v1/supervision/follow-ups', { token: w.clerk.token }), 403, 'forbidden', 'a clerk');
  assertError(await api('GET', '/api/v1/supervision/follow-ups?limit=0', { token: sup }), 400, 'bad_request', 'limit');
  assertError(await api('GET', '/api/v1/supervision/follow-ups?dept=x', { token: sup }), 400, 'bad_request', 'dept');

  const reply = await api('POST', `/api/v1/staff/follow-ups/${app.id}/reply`,
    { token: w.clerk.token, body: { content: '已电话回访并改进流程' } });
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.body.follow_up.reply, '已电话回访并改进流程');
  assert.ok(reply.body.follow_up.replied_at);
  assertError(await api('POST', `/api/v1/staff/follow-ups/${app.id}/reply`,
    { token: w.clerk.token, body: { content: '再次回复' } }), 409, 'conflict', 'a second answer');
  const after = await api('GET', `/api/v1/supervision/follow-ups?dept=${w.dept.id}`, { token: sup });
  assert.deepEqual(after.body.data, []);

  // The answer is in the audit trail.
  const audit = await api('GET', `/api/v1/supervision/audit?application_id=${app.id}`, { token: sup });
  assert.ok(audit.body.data.some((e) => e.action === 'follow_up_reply'));
});

test('a good score opens no follow-up', { skip }, async () => {
  const w = await st.world();
  const app = await decided(w);
  assert.equal((await evaluate(app.id, { score: 3 })).status, 201);
  assertError(await api('POST', `/api/v1/staff/follow-ups/${app.id}/reply`,
    { token: w.clerk.token, body: { content: '谢谢' } }), 404, 'not_found', 'nothing to answer');
});

test('the supervision overview counts evaluations, their average and the bad ones', { skip }, async () => {
  const w = await st.world();
  const before = await overviewOf(w.dept);
  assert.deepEqual(before.evaluations, { count: 0, avg_score: null, bad: 0 });
  for (const score of [5, 4, 2]) {
    const app = await decided(w);
    assert.equal((await evaluate(app.id, { score })).status, 201);
  }
  const after = await overviewOf(w.dept);
  assert.deepEqual(after.evaluations, { count: 3, avg_score: 3.67, bad: 1 });
});
