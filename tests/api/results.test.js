'use strict';
/*
 * results.test.js: 结果公示 (API.md section 8): decisions, newest first, by item or
 * department, keyset pages; applicants masked (a person by 张*, a company by its registered
 * name), never an ID number or a phone; cacheable with ETag and 304.
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

test('bad filters and cursors are 400', async () => {
  for (const q of ['dept=abc', 'dept=0', 'limit=0', 'cursor=%21%21', 'item=X&dept=1']) {
    const r = await api('GET', `/api/v1/public/results?${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
  }
});
