'use strict';
/*
 * results.test.js: 结果公示 (API.md section 8): decisions, newest first, by item, by
 * department or by both, keyset pages; applicants masked (a person by 张*, a company by its
 * registered name), never an ID number or a phone; cacheable with ETag and 304.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fx = require('./lib/fixtures');
const cz = require('./lib/citizen');
const st = require('./lib/staff');
const { api } = require('./lib/client');

const skip = cz.NEEDS_FAKES;

async function companyItem(dept) {
  const code = fx.uniqCode('PUB');
  await fx.putItem(code, { dept_id: dept.id, depth: 3, visits_required: 0, materials: [],
    form: [{ key: 'company_name', label: '企业名称', type: 'text', required: false,
      max_length: 100, options: null }] });
  return code;
}

test('decisions are published newest first with masked applicants, by item and by department', { skip }, async () => {
  const w = await st.world();
  const phone = cz.uniqPhone();
  const s = await cz.smsSignIn(phone);
  const idNumber = cz.idNumber();
  const v = await cz.call('POST', '/api/v1/me/real-name',
    { token: s.access_token, body: { name: '王小明', id_number: idNumber } });
  assert.equal(v.status, 200, v.text);
  const submit = async (code, form) => {
    const r = await cz.call('POST', '/api/v1/applications', { token: s.access_token,
      headers: { 'Idempotency-Key': fx.uniq('k') }, body: { item_code: code, form, submit: true } });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const approved = await submit(w.code, { applicant_name: '王小明' });
  await st.must(w.clerk, approved, 'accept');
  await st.must(w.reviewer, approved, 'approve', { license_no: 'XK-PUB-0001' });
  const rejected = await submit(w.code, { applicant_name: '王小明' });
  await st.must(w.clerk, rejected, 'reject');
  const open = await submit(w.code, { applicant_name: '王小明' }); // not decided: not public
  const company = await submit(await companyItem(w.dept), { company_name: '东营黄河口科技有限公司' });
  await st.must(w.clerk, company, 'accept');
  await st.must(w.reviewer, company, 'deny');

  const r = await api('GET', `/api/v1/public/results?dept=${w.dept.id}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.data.map((x) => [x.id, x.status]),
    [[company.id, 'denied'], [rejected.id, 'rejected'], [approved.id, 'completed']]);
  assert.ok(!r.body.data.some((x) => x.id === open.id));
  const person = r.body.data.find((x) => x.id === approved.id);
  assert.equal(person.applicant.kind, 'person');
  assert.match(person.applicant.name, /^王\*+$/, 'the one masking of names (王**)');
  assert.equal(person.license_no, 'XK-PUB-0001');
  assert.deepEqual(r.body.data[0].applicant, { kind: 'company', name: '东营黄河口科技有限公司' });
  assert.equal(r.body.data[0].license_no, null);
  // Nothing personal anywhere in the answer.
  for (const secret of [idNumber, phone, '王小明', idNumber.slice(-4)])
    assert.ok(!r.text.includes(secret), `the results show ${secret}`);

  const byItem = await api('GET', `/api/v1/public/results?item=${encodeURIComponent(w.code)}`);
  assert.deepEqual(byItem.body.data.map((x) => x.id), [rejected.id, approved.id]);
});

test('pages walk every result once; a page is cacheable and unchanged pages are 304', { skip }, async () => {
  const w = await st.world();
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const app = await st.apply(w);
    await st.must(w.clerk, app, 'reject');
    ids.unshift(app.id);
  }
  const seen = [];
  let cursor = null;
  do {
    const r = await api('GET', `/api/v1/public/results?dept=${w.dept.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    seen.push(...r.body.data.map((x) => x.id));
    cursor = r.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, ids);

  const first = await api('GET', `/api/v1/public/results?dept=${w.dept.id}`);
  assert.match(first.headers['cache-control'], /public/);
  assert.ok(first.headers.etag);
  const again = await api('GET', `/api/v1/public/results?dept=${w.dept.id}`,
    { headers: { 'If-None-Match': first.headers.etag } });
  assert.equal(again.status, 304);
});

test('item and dept together: both filters (AND), keyset pages over them, an ETag per answer', { skip }, async () => {
  // Department A with items X and Z; X then moves to department B: X's decisions are A's
  // before the move and B's after it.
  const a = await st.world({ items: [5] });
  const b = await st.world();
  const [x, z] = [a.code, a.codes[0]];
  const decide = async (code, w) => {
    const app = await st.apply(code);
    await st.must(w.clerk, app, 'reject');
    return app.id;
  };
  const xa1 = await decide(x, a);
  const za = await decide(z, a);
  const xa2 = await decide(x, a);
  await fx.putItem(x, { dept_id: b.dept.id, depth: 3, visits_required: 0, materials: st.MATERIALS,
    form: [{ key: 'applicant_name', label: '申请人姓名', type: 'text', required: true,
      max_length: 50, options: null }] });
  const xb = await decide(x, b);
  const ids = async (q) => {
    const r = await api('GET', `/api/v1/public/results?${q}`);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    return r.body.data.map((e) => e.id);
  };
  const item = (code) => `item=${encodeURIComponent(code)}`;
  assert.deepEqual(await ids(item(x)), [xb, xa2, xa1], 'the item alone');
  assert.deepEqual(await ids(`dept=${a.dept.id}`), [xa2, za, xa1], 'the department alone');
  assert.deepEqual(await ids(`${item(x)}&dept=${a.dept.id}`), [xa2, xa1], 'X while it was A\'s');
  assert.deepEqual(await ids(`dept=${b.dept.id}&${item(x)}`), [xb], 'X since it is B\'s');
  assert.deepEqual(await ids(`${item(z)}&dept=${b.dept.id}`), [], 'Z was never B\'s');
  for (const e of (await api('GET', `/api/v1/public/results?${item(x)}&dept=${a.dept.id}`)).body.data)
    assert.deepEqual([e.item.code, e.dept.id], [x, String(a.dept.id)]);

  // Keyset pages of one walk every result of both filters once, in order.
  const seen = [];
  let cursor = null;
  do {
    const r = await api('GET', `/api/v1/public/results?${item(x)}&dept=${a.dept.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.data.length <= 1);
    seen.push(...r.body.data.map((e) => e.id));
    cursor = r.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, [xa2, xa1]);

  // The ETag is the answer's: different for each filter pair, 304 for the same one.
  const ra = await api('GET', `/api/v1/public/results?${item(x)}&dept=${a.dept.id}`);
  const rb = await api('GET', `/api/v1/public/results?${item(x)}&dept=${b.dept.id}`);
  assert.ok(ra.headers.etag && rb.headers.etag);
  assert.notEqual(ra.headers.etag, rb.headers.etag);
  const again = await api('GET', `/api/v1/public/results?${item(x)}&dept=${a.dept.id}`,
    { headers: { 'If-None-Match': ra.headers.etag } });
  assert.equal(again.status, 304);
  const other = await api('GET', `/api/v1/public/results?${item(x)}&dept=${b.dept.id}`,
    { headers: { 'If-None-Match': ra.headers.etag } });
  assert.equal(other.status, 200);
});

test('bad filters and cursors are 400', async () => {
  for (const q of ['dept=abc', 'dept=0', 'limit=0', 'cursor=%21%21', 'item=X&dept=abc', `item=${'X'.repeat(65)}&dept=1`]) {
    const r = await api('GET', `/api/v1/public/results?${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
  }
});
