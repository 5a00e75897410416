'use strict';
/*
 * consultations.test.js: consultations and complaints (咨询投诉, API.md section 8) as citizens
 * and staff see them: routing to the item's department or the chosen one, the deadline in
 * working days with the lights of applications (moved with YIWANG_TEST_CLOCK_FILE), the
 * citizen's privacy, first-inquiry ownership (首问负责) and who may close, delegations
 * (AB岗), the staff queue, and the inbox and audit rows each answer leaves.
 *
 * Each test makes its own departments, items and staff (lib/staff.js); one citizen per file
 * files (a second one where privacy is tested). The clock is moved with lib/staff.js's at()
 * to dates of the seeded 2026 calendar: 2026-09-21 is a Monday, 09-25 (Mid-Autumn) a
 * holiday, 09-26 and 09-27 a weekend. Like every test that moves the clock, these need the
 * files run one at a time (the runner's default on a 2-core machine).
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { api, assertError, errorFields } = require('./lib/client');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');
const st = require('./lib/staff');

const skip = cz.NEEDS_FAKES;
const skipClock = cz.NEEDS_FAKES_AND_CLOCK;
const skipDb = cz.NEEDS_FAKES || st.NEEDS_DB;

const FILED_AT = '2026-09-21T10:00:00+08:00'; // a Monday
const CONSULT_DUE = '2026-09-24T23:59:59+08:00'; // 09-22, 09-23, 09-24
const COMPLAINT_DUE = '2026-09-29T23:59:59+08:00'; // 09-22, 09-23, 09-24, 09-28, 09-29

test.before(async () => { if (!skip) await st.citizen(); });
test.after(() => cz.clearClock());

/* POST /api/v1/consultations as the file's citizen (or a token). */
async function file(body, token) {
  return api('POST', '/api/v1/consultations',
    { token: token || (await st.citizen()).token, body });
}

/* A consultation that must be filed (201): the body. */
async function filed(body, token) {
  const r = await file({ kind: 'consult', title: '办理时限咨询', content: '请问需要多长时间？', ...body }, token);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

function reply(who, id, body) {
  return api('POST', `/api/v1/staff/consultations/${id}/reply`, { token: who.token, body });
}

async function mustReply(who, id, body) {
  const r = await reply(who, id, body);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

function staffGet(who, id) {
  return api('GET', `/api/v1/staff/consultations/${id}`, { token: who.token });
}

async function citizenGet(id, token) {
  return api('GET', `/api/v1/consultations/${id}`, { token: token || (await st.citizen()).token });
}

/* Another citizen, signed in by SMS: {token, id}. */
async function otherCitizen() {
  const s = await cz.smsSignIn(cz.uniqPhone());
  return { token: s.access_token, id: s.user.id };
}

/* Every row of a staff list query, page by page. */
async function walkQueue(who, query, limit) {
  const rows = [];
  let cursor = null;
  for (let page = 0; page < 100; page++) {
    const q = [query, `limit=${limit}`, cursor && `cursor=${encodeURIComponent(cursor)}`]
      .filter(Boolean).join('&');
    const r = await api('GET', `/api/v1/staff/consultations?${q}`, { token: who.token });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.data.length <= limit);
    rows.push(...r.body.data);
    cursor = r.body.next_cursor;
    if (cursor === null) return rows;
  }
  return assert.fail('more than 100 pages');
}

/* --- filing and routing ------------------------------------------------------------------- */

test('a consultation about an item goes to the item\'s department, due at the end of the 3rd working day after filing', { skip: skipClock }, async () => {
  const w = await st.world();
  await st.at(FILED_AT, async () => {
    const r = await file({ kind: 'consult', item_code: w.code, title: '材料咨询',
      content: '营业场所证明可以用租赁合同吗？' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.location, `/api/v1/consultations/${r.body.id}`);
    const c = r.body;
    assert.equal(c.kind, 'consult');
    assert.equal(c.item.code, w.code);
    assert.deepEqual(c.dept, { id: w.dept.id, name: w.dept.name });
    assert.deepEqual([c.status, c.days, c.due_at, c.working_days_left, c.light],
      ['open', 3, CONSULT_DUE, 3, 'green']);
    assert.equal(c.created_at, FILED_AT);
    assert.deepEqual([c.closed_at, c.location, c.replies], [null, null, []]);
    assert.equal(c.content, '营业场所证明可以用租赁合同吗？');
  });
});

test('a complaint about no item goes to the chosen department, due in 5 working days', { skip: skipClock }, async () => {
  const w = await st.world();
  await st.at(FILED_AT, async () => {
    // The id as a number is accepted too.
    const c = await filed({ kind: 'complaint', dept_id: Number(w.dept.id), title: '窗口态度',
      content: '窗口工作人员态度生硬' });
    assert.deepEqual([c.kind, c.item, c.dept.id, c.days, c.due_at, c.light],
      ['complaint', null, w.dept.id, 5, COMPLAINT_DUE, 'green']);
  });
});

test('routing and content problems are 422 naming the field; wrong types 400', { skip }, async () => {
  const w = await st.world();
  const other = await fx.createDepartment();
  const base = { kind: 'consult', title: '标题', content: '内容' };
  const cases = [
    [{ ...base }, 'dept_id'],
    [{ ...base, item_code: w.code, dept_id: other.id }, 'dept_id'],
    [{ ...base, item_code: fx.uniqCode('NONE') }, 'item_code'],
    [{ ...base, dept_id: '999999999999' }, 'dept_id'],
    [{ ...base, dept_id: 'abc' }, 'dept_id'],
    [{ ...base, dept_id: w.dept.id, kind: 'question' }, 'kind'],
    [{ ...base, dept_id: w.dept.id, title: ' 　 ' }, 'title'],
    [{ ...base, dept_id: w.dept.id, title: '长'.repeat(101) }, 'title'],
    [{ kind: 'consult', title: '标题', dept_id: w.dept.id }, 'content'],
  ];
  for (const [body, field] of cases) {
    const r = await file(body);
    assertError(r, 422, 'validation_failed', JSON.stringify(body));
    assert.ok(errorFields(r).includes(field), `${JSON.stringify(body)}: ${r.text}`);
  }
  const codes = {
    mismatch: (await file({ ...base, item_code: w.code, dept_id: other.id })).body.error.fields,
    missing: (await file({ ...base })).body.error.fields,
  };
  assert.deepEqual(codes.mismatch, [{ field: 'dept_id', code: 'mismatch' }]);
  assert.deepEqual(codes.missing, [{ field: 'dept_id', code: 'required' }]);
  for (const body of [{ ...base, dept_id: true }, { ...base, dept_id: w.dept.id, extra: 1 },
    { ...base, dept_id: w.dept.id, title: 5 }])
    assertError(await file(body), 400, 'bad_request', JSON.stringify(body));
  // The item and its own department together are fine.
  const ok = await filed({ item_code: w.code, dept_id: w.dept.id });
  assert.equal(ok.dept.id, w.dept.id);
});

/* --- the citizen's privacy ---------------------------------------------------------------- */

test('a citizen sees only their own consultations; staff appear by role and department', { skip }, async () => {
  const w = await st.world();
  const mine = await filed({ item_code: w.code });
  await mustReply(w.reviewer, mine.id, { content: '可以，请同时提供房产证明复印件。' });
  const other = await otherCitizen();
  assertError(await citizenGet(mine.id, other.token), 404, 'not_found', 'someone else\'s');
  assertError(await citizenGet('999999999999'), 404, 'not_found');
  assertError(await citizenGet('abc'), 404, 'not_found');
  const list = await api('GET', '/api/v1/consultations', { token: other.token });
  assert.equal(list.status, 200, list.text);
  assert.ok(!list.body.data.some((c) => c.id === mine.id), 'not in another citizen\'s list');

  const g = await citizenGet(mine.id);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.body.status, 'answered');
  assert.deepEqual(g.body.replies.map((x) => x.staff),
    [{ role: 'reviewer', dept: { id: w.dept.id, name: w.dept.name } }], 'no staff name or id');
  assert.equal(g.body.replies[0].content, '可以，请同时提供房产证明复印件。');

  assertError(await api('GET', '/api/v1/consultations'), 401, 'unauthenticated');
  assertError(await api('GET', '/api/v1/consultations', { token: w.clerk.token }), 403, 'forbidden');
  assertError(await api('POST', '/api/v1/consultations', { token: w.clerk.token, body: {} }), 403, 'forbidden');
});

test('the citizen\'s list is newest first, page by page', { skip }, async () => {
  const w = await st.world();
  const c = await otherCitizen();
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await filed({ dept_id: w.dept.id, title: `第${i}个` }, c.token)).id);
  const seen = [];
  let cursor = null;
  do {
    const r = await api('GET', `/api/v1/consultations?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token: c.token });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.data.length <= 2);
    for (const x of r.body.data) assert.ok(!('content' in x) && !('replies' in x), 'a summary');
    seen.push(...r.body.data.map((x) => x.id));
    cursor = r.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, ids.reverse());
  assertError(await api('GET', '/api/v1/consultations?cursor=bogus', { token: c.token }), 400, 'bad_request');
});

/* --- first-inquiry ownership (首问负责) ----------------------------------------------------- */

test('the first staff member who answers owns it; others may answer but only the owner closes', { skip }, async () => {
  const w = await st.world();
  const c = await filed({ item_code: w.code });

  const first = await mustReply(w.reviewer, c.id, { content: '已收到，正在核实。' });
  assert.equal(first.status, 'answered');
  assert.equal(first.owner.id, w.reviewer.id, 'the first to answer owns it');
  assert.equal(first.can_close, true);
  assert.equal(first.light, 'green', 'the clock runs until it is closed');

  const second = await mustReply(w.clerk, c.id, { content: '补充：可到窗口现场咨询。' });
  assert.equal(second.owner.id, w.reviewer.id, 'a later answer does not take it over');
  assert.equal(second.can_close, false);
  assert.deepEqual(second.replies.map((x) => [x.staff.id, x.staff.role]),
    [[w.reviewer.id, 'reviewer'], [w.clerk.id, 'clerk']]);

  assertError(await reply(w.clerk, c.id, { content: '办结。', close: true }), 403, 'forbidden',
    'not the owner');
  let g = await staffGet(w.clerk, c.id);
  assert.deepEqual([g.body.status, g.body.replies.length], ['answered', 2], 'nothing written');

  const closed = await mustReply(w.reviewer, c.id, { content: '已答复完毕，予以办结。', close: true });
  assert.equal(closed.status, 'closed');
  assert.match(closed.closed_at, /\+08:00$/);
  assert.deepEqual([closed.light, closed.working_days_left, closed.can_close], [null, null, false]);

  assertError(await reply(w.reviewer, c.id, { content: '再补充' }), 409, 'conflict', 'closed: no answer');
  assertError(await reply(w.clerk, c.id, { content: '再补充', close: true }), 409, 'conflict');
  g = await citizenGet(c.id);
  assert.deepEqual([g.body.status, g.body.replies.length], ['closed', 3]);
});

test('the first answer may close at once: its author is the owner', { skip }, async () => {
  const w = await st.world();
  const c = await filed({ dept_id: w.dept.id });
  const r = await mustReply(w.clerk, c.id, { content: '答复并办结。', close: true });
  assert.deepEqual([r.status, r.owner.id], ['closed', w.clerk.id]);
});

test('staff of another department, other roles and citizens cannot read or answer', { skip }, async () => {
  const w = await st.world();
  const c = await filed({ dept_id: w.dept.id });
  const stranger = await st.member(['clerk', 'reviewer'], await fx.createDepartment());
  assertError(await staffGet(stranger, c.id), 404, 'not_found');
  assertError(await reply(stranger, c.id, { content: '越权答复' }), 404, 'not_found');
  const q = await api('GET', '/api/v1/staff/consultations', { token: stranger.token });
  assert.ok(!q.body.data.some((x) => x.id === c.id));
  const supervisor = await st.member(['supervisor'], w.dept);
  assertError(await staffGet(supervisor, c.id), 403, 'forbidden');
  assertError(await reply(supervisor, c.id, { content: 'x' }), 403, 'forbidden');
  const citizen = { token: (await st.citizen()).token };
  assertError(await reply(citizen, c.id, { content: 'x' }), 403, 'forbidden');
  assertError(await reply(w.clerk, '999999999999', { content: 'x' }), 404, 'not_found');
  for (const body of [{}, { content: '' }, { content: '  ' }])
    assertError(await reply(w.clerk, c.id, body), 422, 'validation_failed', JSON.stringify(body));
  for (const body of [{ content: 'x', close: 'yes' }, { content: 'x', other: 1 }])
    assertError(await reply(w.clerk, c.id, body), 400, 'bad_request', JSON.stringify(body));
  assert.equal((await staffGet(w.clerk, c.id)).body.status, 'open', 'nothing written');
});

/* --- delegations (AB岗) ------------------------------------------------------------------- */

test('the owner\'s delegate closes within the delegation window; a delegate answering first makes the delegator the owner', { skip: skipClock }, async () => {
  const w = await st.world();
  const A = w.clerk;
  const B = w.reviewer; // same department, not a delegate
  const C = await st.member(['clerk'], await fx.createDepartment({ name: `受托部门-${fx.uniq()}` }));
  const d = await api('POST', '/api/v1/staff/delegations', { token: A.token, body: {
    to_staff_id: C.id, starts_at: '2026-09-21T12:00:00+08:00', ends_at: '2026-09-21T18:00:00+08:00' } });
  assert.equal(d.status, 201, d.text);

  const c = await st.at(FILED_AT, async () => {
    const x = await filed({ item_code: w.code });
    assert.equal((await mustReply(A, x.id, { content: '正在核实。' })).owner.id, A.id);
    assertError(await staffGet(C, x.id), 404, 'not_found', 'before the window');
    assertError(await reply(C, x.id, { content: '代为办结', close: true }), 404, 'not_found');
    return x;
  });

  const second = await st.at('2026-09-21T13:00:00+08:00', async () => {
    const q = await walkQueue(C, '', 100);
    assert.ok(q.some((x) => x.id === c.id), 'in the delegate\'s queue');
    const v = await staffGet(C, c.id);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.can_close, true, 'the owner\'s delegate may close');
    assertError(await reply(B, c.id, { content: '办结', close: true }), 403, 'forbidden',
      'a colleague is not the owner\'s delegate');
    const r = await mustReply(C, c.id, { content: 'AB岗代为答复并办结。', close: true });
    assert.equal(r.status, 'closed');
    assert.deepEqual(r.replies.at(-1).staff.dept, { id: w.dept.id, name: w.dept.name },
      'the answer is the delegator\'s department\'s');

    const y = await filed({ item_code: w.code });
    const first = await mustReply(C, y.id, { content: 'AB岗代为首问。' });
    assert.equal(first.owner.id, A.id, 'the delegator owns it');
    return y;
  });

  await st.at('2026-09-21T19:00:00+08:00', async () => {
    assertError(await staffGet(C, second.id), 404, 'not_found', 'after the window');
    assertError(await reply(C, second.id, { content: '办结', close: true }), 404, 'not_found');
    const r = await mustReply(A, second.id, { content: '办结。', close: true });
    assert.equal(r.status, 'closed');
  });

  if (st.DATA) {
    const rows = st.sql('SELECT action, actor FROM audit_log WHERE action = \'consultation_close\' ' +
      `AND JSON_VALUE(detail, '$.consultation_id') = '${Number(c.id)}'`);
    assert.equal(rows.length, 1);
    const actor = JSON.parse(rows[0][1]);
    assert.deepEqual([actor.staff_id, actor.on_behalf_of, actor.dept_id], [C.id, A.id, w.dept.id]);
  }
});

/* --- the clock and the lights ------------------------------------------------------------- */

test('lights of consultations: green, yellow on the last working day, red after, none once closed', { skip: skipClock }, async () => {
  const w = await st.world();
  const [consult, complaint] = await st.at(FILED_AT, async () => [
    await filed({ item_code: w.code }),
    await filed({ kind: 'complaint', dept_id: w.dept.id, title: '投诉', content: '多次往返' }),
  ]);
  const seen = async (id) => {
    const r = await citizenGet(id);
    return [r.body.working_days_left, r.body.light];
  };
  // due 09-24: left counts the working days d with today < d <= 09-24; yellow at <= 1.
  const expect = [
    ['2026-09-22T10:00:00+08:00', [2, 'green'], [4, 'green']],
    ['2026-09-23T10:00:00+08:00', [1, 'yellow'], [3, 'green']],
    ['2026-09-24T23:00:00+08:00', [0, 'yellow'], [2, 'green']],
    ['2026-09-25T10:00:00+08:00', [0, 'red'], [2, 'green']], // a holiday: past due_at, no working day since
    ['2026-09-28T10:00:00+08:00', [-1, 'red'], [1, 'yellow']],
    ['2026-09-30T10:00:00+08:00', [-3, 'red'], [-1, 'red']],
  ];
  for (const [when, a, b] of expect) {
    await st.at(when, async () => {
      assert.deepEqual(await seen(consult.id), a, `consultation at ${when}`);
      assert.deepEqual(await seen(complaint.id), b, `complaint at ${when}`);
    });
  }
  await st.at('2026-09-28T10:00:00+08:00', async () => {
    const q = await walkQueue(w.clerk, '', 100);
    assert.deepEqual(q.map((x) => [x.id, x.light]), [[consult.id, 'red'], [complaint.id, 'yellow']],
      'the queue shows the same lights, earliest due first');
    const r = await mustReply(w.clerk, consult.id, { content: '逾期答复，致歉。', close: true });
    assert.deepEqual([r.light, r.working_days_left], [null, null]);
    assert.deepEqual(await seen(consult.id), [null, null]);
    // Answered but not closed: the clock still runs.
    const a = await mustReply(w.clerk, complaint.id, { content: '已转办。' });
    assert.deepEqual([a.status, a.light], ['answered', 'yellow']);
  });
});

test('the supervision overview counts open consultations and complaints by light', { skip: skipClock }, async () => {
  const w = await st.world();
  const [consult] = await st.at(FILED_AT, async () => [
    await filed({ item_code: w.code }),
    await filed({ kind: 'complaint', dept_id: w.dept.id, title: '投诉', content: '多次往返' }),
  ]);
  const sup = (await fx.login('supervisor', 'demo-2026')).access_token;
  const figures = async () => {
    const r = await api('GET', `/api/v1/supervision/overview?dept=${w.dept.id}`, { token: sup });
    assert.equal(r.status, 200, r.text);
    return [r.body.data[0].consultations, r.body.data[0].complaints];
  };
  await st.at('2026-09-22T10:00:00+08:00', async () => {
    assert.deepEqual(await figures(), [{ open: 1, green: 1, yellow: 0, red: 0 },
      { open: 1, green: 1, yellow: 0, red: 0 }]);
  });
  await st.at('2026-09-28T10:00:00+08:00', async () => {
    assert.deepEqual(await figures(), [{ open: 1, green: 0, yellow: 0, red: 1 },
      { open: 1, green: 0, yellow: 1, red: 0 }]);
    await mustReply(w.clerk, consult.id, { content: '已答复。', close: true });
    assert.deepEqual((await figures())[0], { open: 0, green: 0, yellow: 0, red: 0 }, 'a closed one is gone');
  });
});

test('each answer reaches the citizen on the app and by SMS, in order', { skip: !process.env.YIWANG_TEST_FAKE_PUSH || skip }, async () => {
  const w = await st.world();
  const phone = cz.uniqPhone();
  const s = await cz.smsSignIn(phone);
  const device = `consult-${fx.uniq()}`;
  const d = await api('POST', '/api/v1/me/devices', { token: s.access_token, body: { platform: 'android', token: device } });
  assert.equal(d.status, 201, d.text);
  const c = await filed({ item_code: w.code }, s.access_token);
  await mustReply(w.clerk, c.id, { content: '需要携带身份证原件。' });
  await mustReply(w.clerk, c.id, { content: '已办结。', close: true });
  let pushes = [];
  let sms = [];
  await fx.eventually(async () => {
    const all = await (await fetch(`${process.env.YIWANG_TEST_FAKE_PUSH}/__messages?token=${encodeURIComponent(device)}`)).json();
    pushes = all.filter((m) => m.delivered && m.body && m.body.consultation_id === c.id);
    const texts = await (await fetch(`${process.env.YIWANG_TEST_FAKE_SMS}/__messages?phone=${phone}`)).json();
    sms = texts.filter((m) => m.template === 'consultation_replied');
    return pushes.length >= 2 && sms.length >= 2;
  }, { timeout: 15000, interval: 200 });
  assert.deepEqual(pushes.map((m) => [m.body.type, m.body.status]),
    [['consultation.replied', 'answered'], ['consultation.replied', 'closed']]);
  assert.deepEqual(pushes[0].body.devices, [{ platform: 'android', token: device }]);
  assert.deepEqual(sms.map((m) => m.params.status), ['answered', 'closed']);
  assert.equal(sms[0].params.title, '办理时限咨询');
});

/* --- the staff queue ---------------------------------------------------------------------- */

test('the staff queue: the department\'s, earliest due first, by status, page by page', { skip: skipClock }, async () => {
  const w = await st.world();
  const ids = await st.at(FILED_AT, async () => ({
    complaint: (await filed({ kind: 'complaint', dept_id: w.dept.id })).id, // due 09-29
    consult: (await filed({ item_code: w.code })).id, // due 09-24
  }));
  ids.later = (await st.at('2026-09-22T10:00:00+08:00', () => filed({ item_code: w.code }))).id; // due 09-28
  const order = [ids.consult, ids.later, ids.complaint];
  assert.deepEqual((await walkQueue(w.reviewer, '', 1)).map((x) => x.id), order);
  const row = (await walkQueue(w.reviewer, '', 10))[0];
  assert.deepEqual(row.owner, null);
  assert.ok(row.citizen && 'name_masked' in row.citizen && 'phone_masked' in row.citizen);
  assert.ok(!('content' in row) && !('replies' in row), 'a summary');

  await mustReply(w.clerk, ids.later, { content: '已答复。' });
  await mustReply(w.clerk, ids.complaint, { content: '已办结。', close: true });
  const by = async (s) => (await walkQueue(w.reviewer, s ? `status=${s}` : '', 2)).map((x) => x.id);
  assert.deepEqual(await by(''), [ids.consult, ids.later], 'not closed by default');
  assert.deepEqual(await by('open'), [ids.consult]);
  assert.deepEqual(await by('answered'), [ids.later]);
  assert.deepEqual(await by('closed'), [ids.complaint]);
  assertError(await api('GET', '/api/v1/staff/consultations?status=done', { token: w.clerk.token }),
    400, 'bad_request');
  assertError(await api('GET', '/api/v1/staff/consultations?cursor=x', { token: w.clerk.token }),
    400, 'bad_request');
});

/* --- what an answer leaves behind --------------------------------------------------------- */

test('each answer leaves an inbox entry for the citizen and audit entries, in its transaction', { skip: skipDb }, async () => {
  const w = await st.world();
  const me = await st.citizen();
  const c = await filed({ item_code: w.code, title: '证照领取' });
  await mustReply(w.clerk, c.id, { content: '可邮寄送达。' });
  await mustReply(w.clerk, c.id, { content: '已邮寄，办结。', close: true });
  const inbox = st.sql('SELECT citizen_id, application_id IS NULL, kind, status, title, body ' +
    `FROM notifications WHERE consultation_id = ${Number(c.id)} ORDER BY id`);
  assert.deepEqual(inbox.map((x) => x.slice(0, 4)),
    [[me.id, '1', 'consultation', 'answered'], [me.id, '1', 'consultation', 'closed']]);
  assert.match(inbox[0][4], /答复/);
  assert.match(inbox[1][4], /办结/);
  assert.ok(inbox[0][5].includes('证照领取') && inbox[0][5].includes('可邮寄送达。'), inbox[0][5]);

  const audit = st.sql('SELECT action, JSON_VALUE(actor, \'$.staff_id\'), ' +
    'JSON_VALUE(detail, \'$.status\') FROM audit_log ' +
    `WHERE JSON_VALUE(detail, '$.consultation_id') = '${Number(c.id)}' ORDER BY seq`);
  assert.deepEqual(audit, [
    ['consultation_reply', w.clerk.id, 'answered'],
    ['consultation_reply', w.clerk.id, 'closed'],
    ['consultation_close', w.clerk.id, 'closed'],
  ]);
  // A refused close writes nothing.
  const d = await filed({ dept_id: w.dept.id });
  await mustReply(w.reviewer, d.id, { content: '首问。' });
  assertError(await reply(w.clerk, d.id, { content: '办结', close: true }), 403, 'forbidden');
  assert.deepEqual(st.sql(`SELECT COUNT(*) FROM notifications WHERE consultation_id = ${Number(d.id)}`), [['1']]);
  assert.deepEqual(st.sql(`SELECT COUNT(*) FROM consultation_replies WHERE consultation_id = ${Number(d.id)}`), [['1']]);
});
