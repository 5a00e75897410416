'use strict';
/*
 * fixtures.js: the test data each test makes for itself (unique names, so tests do not
 * depend on each other or on their order), and small helpers for reading lists.
 * Environment: YIWANG_TEST_ADMIN_PASSWORD (the bootstrap admin's password).
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { api } = require('./client');

const ADMIN_PASSWORD = process.env.YIWANG_TEST_ADMIN_PASSWORD ||
  process.env.YIWANG_ADMIN_PASSWORD || 'admin-demo-2026';

let counter = 0;
/* A short lower-case token unique across processes and runs: t<time><pid><n><random>. */
function uniq(prefix = 't') {
  counter += 1;
  return prefix + Date.now().toString(36) + process.pid.toString(36) + counter.toString(36) +
    crypto.randomBytes(3).toString('hex');
}

/* A unique item code: letters, digits and '-' ([A-Za-z0-9_-]{1,64}). */
function uniqCode(prefix = 'T') {
  return `${prefix}-${uniq('').toUpperCase()}`;
}

/* n random CJK characters: a search term that matches nothing but the test's own item. */
function uniqHan(n = 4) {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCodePoint(0x4e00 + crypto.randomInt(0x9fa5 - 0x4e00));
  return s;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/* Retries fn until it returns a truthy value (returned) or time runs out (last value). */
async function eventually(fn, { timeout = 1500, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last || Date.now() >= end) return last;
    await sleep(interval);
  }
}

/* Signs a staff member in (retrying briefly on 429); answers the 200 body. */
async function login(username, password) {
  for (let attempt = 0; ; attempt++) {
    const r = await api('POST', '/api/v1/staff/auth/login', { body: { username, password } });
    if (r.status === 429 && attempt < 4) {
      await sleep(Math.min(Number(r.headers['retry-after']) || 1, 2) * 1000);
      continue;
    }
    assert.equal(r.status, 200, `login ${username}: ${r.text.slice(0, 300)}`);
    return r.body;
  }
}

let adminTokenPromise = null;
/* The bootstrap admin's access token (signed in once per test file). */
function adminToken() {
  if (!adminTokenPromise) {
    adminTokenPromise = login('admin', ADMIN_PASSWORD).then((b) => b.access_token);
    adminTokenPromise.catch(() => { adminTokenPromise = null; });
  }
  return adminTokenPromise;
}

/* A new department: {id, name, region_code}. */
async function createDepartment({ name, region_code = '370500' } = {}) {
  const body = { name: name || `测试部门-${uniq()}`, region_code };
  const r = await api('POST', '/api/v1/admin/departments', { body, token: await adminToken() });
  assert.equal(r.status, 201, `create department: ${r.text.slice(0, 300)}`);
  return r.body;
}

let sharedDeptPromise = null;
/* One department per test file for items that need no department of their own. */
function sharedDepartment() {
  if (!sharedDeptPromise) {
    sharedDeptPromise = createDepartment();
    sharedDeptPromise.catch(() => { sharedDeptPromise = null; });
  }
  return sharedDeptPromise;
}

/* A valid item definition (PUT /api/v1/admin/items/{code} body). */
function itemDefinition(deptId, overrides = {}) {
  return {
    name: `测试事项-${uniq()}`,
    kind: '行政许可',
    dept_id: deptId,
    region_code: '370500',
    depth: 2,
    legal_days: 20,
    promised_days: 5,
    visits_required: 1,
    fee: '不收费',
    legal_basis: '《中华人民共和国行政许可法》',
    conditions: '申请人为具有完全民事行为能力的自然人',
    materials: [
      { id: 'm1', name: '申请人身份证明', required: true, copies: 1, formats: ['pdf', 'jpg'],
        max_bytes: 10485760, note: '身份证正反面扫描件' },
      { id: 'm2', name: '营业场所证明', required: false, copies: 2, formats: ['pdf'],
        max_bytes: 5242880, note: '' },
    ],
    form: [
      { key: 'applicant_name', label: '申请人姓名', type: 'text', required: true, max_length: 50,
        options: null },
      { key: 'category', label: '申请类别', type: 'select', required: false, max_length: null,
        options: ['个人', '企业'] },
    ],
    windows: [
      { name: '东营市政务服务中心', address: '东营区府前大街59号', phone: '0546-8388888',
        hours: '工作日 9:00-17:00' },
    ],
    parallel_dept_ids: [],
    ...overrides,
  };
}

/*
 * Creates or replaces an item with a valid definition; overrides replace top-level fields
 * (a value of undefined removes the field). Answers {status, body, definition}.
 */
async function putItem(code, overrides = {}) {
  const deptId = overrides.dept_id !== undefined ? overrides.dept_id : (await sharedDepartment()).id;
  const definition = itemDefinition(deptId, overrides);
  for (const [k, v] of Object.entries(definition)) if (v === undefined) delete definition[k];
  const r = await api('PUT', `/api/v1/admin/items/${encodeURIComponent(code)}`,
    { body: definition, token: await adminToken() });
  assert.ok(r.status === 200 || r.status === 201, `put item ${code}: ${r.status} ${r.text.slice(0, 500)}`);
  return { status: r.status, body: r.body, definition, headers: r.headers };
}

/* A new staff account: {staff, username, password}. dept is a department object or null. */
async function createStaff(roles, dept = null, { password } = {}) {
  const username = uniq('u');
  const pw = password || `Pw-${uniq()}`;
  const r = await api('POST', '/api/v1/admin/staff', {
    body: { username, password: pw, name: '测试人员', dept_id: dept ? dept.id : null, roles },
    token: await adminToken(),
  });
  assert.equal(r.status, 201, `create staff: ${r.text.slice(0, 300)}`);
  return { staff: r.body, username, password: pw };
}

/* An access token of a new staff member with these roles. */
async function staffToken(roles, dept = null) {
  const s = await createStaff(roles, dept);
  return (await login(s.username, s.password)).access_token;
}

/*
 * Reads a whole list by following next_cursor; answers the rows. Fails on a repeated
 * cursor or a page over the limit.
 */
async function walk(path, { limit, maxPages = 5000, onPage } = {}) {
  const rows = [];
  const seen = new Set();
  let cursor = null;
  for (let page = 0; page < maxPages; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const url = path + (cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : '');
    const r = await api('GET', url);
    assert.equal(r.status, 200, `${url}: ${r.text.slice(0, 300)}`);
    if (limit !== undefined) assert.ok(r.body.data.length <= limit, `${url}: page over the limit`);
    rows.push(...r.body.data);
    if (onPage) await onPage(r.body, page);
    cursor = r.body.next_cursor;
    if (cursor === null) return rows;
    assert.ok(!seen.has(cursor), `${url}: next_cursor repeats`);
    seen.add(cursor);
  }
  assert.fail(`${path}: more than ${maxPages} pages`);
}

module.exports = {
  ADMIN_PASSWORD, uniq, uniqCode, uniqHan, sleep, eventually, login, adminToken,
  createDepartment, sharedDepartment, itemDefinition, putItem, createStaff, staffToken, walk,
};
