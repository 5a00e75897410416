'use strict';
/*
 * One description of the surface (STYLE.md point 12): api-spec/openapi.yaml and the apps'
 * route tables agree, and every operation in the spec is served by the live stack.
 * The first tests read only files; the last one talks to the server.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { api } = require('./lib/client');
const { validator } = require('./lib/spec');
const selftest = require('./lib/selftest');
const fx = require('./lib/fixtures');

const APPS_DIR = path.resolve(__dirname, '..', '..', 'fcgi-apps');

/* {app: [{method, pattern}]} from the static route tables of fcgi-apps/<app>/<app>.c. */
function routeTables() {
  const tables = {};
  if (!fs.existsSync(APPS_DIR)) return tables;
  for (const app of fs.readdirSync(APPS_DIR)) {
    const dir = path.join(APPS_DIR, app);
    if (['lib', 'domain'].includes(app) || !fs.statSync(dir).isDirectory()) continue;
    const routes = [];
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.c'))) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      const re = /\{\s*"(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)"\s*,\s*"(\/[^"]*)"/g;
      for (let m; (m = re.exec(src));) routes.push({ method: m[1], pattern: m[2] });
    }
    if (routes.length) tables[app] = routes;
  }
  return tables;
}

test('the response validator accepts good samples and rejects bad ones', () => {
  const failures = selftest.run();
  assert.deepEqual(failures, []);
});

test('every route in an app route table is in the spec, under that app', { skip: !fs.existsSync(APPS_DIR) && 'no fcgi-apps/' }, () => {
  const v = validator();
  const missing = [];
  for (const [app, routes] of Object.entries(routeTables())) {
    for (const { method, pattern } of routes) {
      const op = v.spec.paths[pattern] && v.spec.paths[pattern][method.toLowerCase()];
      if (!op) missing.push(`${app}: ${method} ${pattern} is not in the spec`);
      else if (op['x-yiwang-app'] !== app)
        missing.push(`${app}: ${method} ${pattern} is x-yiwang-app ${op['x-yiwang-app']} in the spec`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every spec operation served by an app is in that app\'s route table', { skip: !fs.existsSync(APPS_DIR) && 'no fcgi-apps/' }, () => {
  const tables = routeTables();
  const missing = [];
  for (const { method, template, operation } of validator().operations()) {
    const app = operation['x-yiwang-app'];
    if (!app) {
      missing.push(`${method} ${template} has no x-yiwang-app`);
      continue;
    }
    if (app === 'builtin' || app === 'nginx') continue;
    const routes = tables[app] || [];
    if (!routes.some((r) => r.method === method && r.pattern === template))
      missing.push(`${method} ${template} is not in the ${app} route table`);
  }
  assert.deepEqual(missing, []);
});

test('every operation in the spec is served (answers a status the spec declares for it)', async () => {
  const v = validator();
  const items = await api('GET', '/api/v1/items?limit=1');
  const realCode = items.body.data.length ? items.body.data[0].code : fx.uniqCode('NONE');
  for (const { method, template, operation } of v.operations()) {
    // A real item for reads (so a 404 cannot pass for "served"), a new code for writes.
    const url = template.replace('{code}', method === 'GET' ? realCode : fx.uniqCode('SPEC'));
    const opts = ['POST', 'PUT'].includes(method) ? { body: {} } : {};
    const r = await api(method, url, opts); // the client fails on any undeclared status
    const declared = Object.keys(operation.responses);
    assert.ok(declared.includes(String(r.status)), `${method} ${url} -> ${r.status}`);
    assert.notEqual(r.status, 404, `${method} ${url} is not routed`);
    assert.notEqual(r.status, 405, `${method} ${url} is not routed`);
    if ((operation.security || []).length > 0)
      assert.equal(r.status, 401, `${method} ${url} without a token`);
    else if (method === 'GET')
      assert.equal(r.status, 200, `${method} ${url}`);
  }
});
