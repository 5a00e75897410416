'use strict';
/*
 * spec.js: checks an HTTP response against api-spec/openapi.yaml. Pure: no network.
 *
 * validateResponse() finds the operation (path template + method), picks the response by
 * status, and returns every problem it sees as a string: an undeclared status, a missing
 * required header or one that fails its schema, a wrong Content-Type, a body that fails the
 * JSON Schema (Ajv 2020, with the spec loaded as one schema document so that its
 * `#/components/...` references resolve), an error code the response does not list
 * (`x-error-codes`), or an error body whose request_id is not the X-Request-Id header.
 *
 * Outside the operations the spec declares, two kinds of answer are accepted:
 * - a method that a declared path does not list: the spec's `x-method-not-allowed` response;
 * - a path the spec does not declare: nginx-level JSON errors (404, 405, 413, 429, 502, 503,
 *   504) matching the Error schema.
 * nginx-level 413/429/502/503/504 are also accepted on declared paths for undeclared methods.
 */
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const SPEC_PATH = path.resolve(__dirname, '..', '..', '..', 'api-spec', 'openapi.yaml');
const SPEC_ID = 'https://yiwang.invalid/api-spec/openapi.json';
const OPENAPI_ROOT = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks',
  'components', 'security', 'tags'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/* nginx's own errors on paths the spec does not declare, and the code each must carry. */
const NGINX_ERRORS = {
  404: ['not_found'],
  405: ['method_not_allowed'],
  413: ['payload_too_large'],
  429: ['rate_limited'],
  502: null,
  503: null,
  504: null,
};

function escapePointer(s) {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function templateRegex(template) {
  const parts = template.split(/(\{[^}]+\})/).map((p) =>
    /^\{[^}]+\}$/.test(p) ? '([^/]+)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + parts.join('') + '$');
}

function mediaTypeOf(contentType) {
  return (contentType || '').split(';')[0].trim().toLowerCase();
}

function charsetOf(contentType) {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType || '');
  return m ? m[1].toLowerCase() : null;
}

class SpecValidator {
  constructor(spec) {
    this.spec = spec;
    this.ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(this.ajv);
    this.ajv.addFormat('password', true);
    // OpenAPI's own schema keywords (3.1 base vocabulary).
    this.ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
    // The document is added whole so that `#/components/...` resolves; its top-level
    // OpenAPI fields are no-op keywords to Ajv.
    this.ajv.addVocabulary(Object.keys(spec).filter((k) => OPENAPI_ROOT.includes(k) || k.startsWith('x-')));
    this.ajv.addSchema(spec, SPEC_ID);
    this.compiled = new Map();
    this.templates = Object.keys(spec.paths || {})
      .map((t) => ({ template: t, re: templateRegex(t), params: (t.match(/\{/g) || []).length }))
      // A literal segment wins over a template: fewer parameters first.
      .sort((a, b) => a.params - b.params);
  }

  /* Follows $ref chains inside the document; returns {obj, ptr}. */
  resolve(obj, ptr) {
    let seen = 0;
    while (obj && typeof obj === 'object' && typeof obj.$ref === 'string') {
      if (!obj.$ref.startsWith('#/') || ++seen > 20)
        throw new Error(`unsupported $ref ${obj.$ref} at ${ptr}`);
      ptr = obj.$ref.slice(1);
      obj = this.pointer(ptr);
    }
    return { obj, ptr };
  }

  pointer(ptr) {
    let cur = this.spec;
    for (const raw of ptr.split('/').slice(1)) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (cur == null || !(key in cur)) throw new Error(`dangling pointer ${ptr}`);
      cur = cur[key];
    }
    return cur;
  }

  /* A validate function for the schema at a pointer into the spec. */
  schemaAt(ptr) {
    let fn = this.compiled.get(ptr);
    if (!fn) {
      fn = this.ajv.compile({ $ref: SPEC_ID + '#' + ptr });
      this.compiled.set(ptr, fn);
    }
    return fn;
  }

  /* {template, pathItem, ptr} for a request path (no query), or null. */
  findPath(pathname) {
    for (const t of this.templates)
      if (t.re.test(pathname))
        return { template: t.template, pathItem: this.spec.paths[t.template],
          ptr: '/paths/' + escapePointer(t.template) };
    return null;
  }

  /* The operations of a spec, as [{method, template, operation, ptr}]. */
  operations() {
    const out = [];
    for (const [template, item] of Object.entries(this.spec.paths || {}))
      for (const method of METHODS)
        if (item[method])
          out.push({ method: method.toUpperCase(), template, operation: item[method],
            ptr: `/paths/${escapePointer(template)}/${method}` });
    return out;
  }

  /* The statuses declared for an operation, as strings. */
  declaredStatuses(method, template) {
    const op = this.spec.paths[template] && this.spec.paths[template][method.toLowerCase()];
    return op ? Object.keys(op.responses || {}) : [];
  }

  /*
   * res: {method, path, status, headers (lower-case names), body: Buffer|string}.
   * Returns {problems: [string], operation: 'GET /x' | null, json}.
   */
  validateResponse(res) {
    const problems = [];
    const method = res.method.toUpperCase();
    const pathname = res.path.split('?')[0];
    const status = Number(res.status);
    const headers = lowerKeys(res.headers || {});
    const bodyBuf = Buffer.isBuffer(res.body) ? res.body : Buffer.from(res.body || '', 'utf8');
    const ctx = { problems, json: undefined };
    const where = `${method} ${pathname} -> ${status}`;

    const rid = headers['x-request-id'];
    if (rid === undefined) problems.push(`${where}: no X-Request-Id header`);
    else if (!/^[A-Za-z0-9._-]{1,64}$/.test(rid))
      problems.push(`${where}: X-Request-Id ${JSON.stringify(rid)} is not 1..64 of [A-Za-z0-9._-]`);

    const found = this.findPath(pathname);
    let response = null;
    let responsePtr = null;
    let opName = null;

    if (!found) {
      if (!(status in NGINX_ERRORS)) {
        problems.push(`${where}: path not in the spec and ${status} is not an nginx-level error`);
      } else {
        this.checkErrorBody(ctx, where, headers, bodyBuf, NGINX_ERRORS[status]);
        if (status === 405 && !headers.allow) problems.push(`${where}: 405 without Allow`);
      }
      return { problems, operation: null, json: ctx.json };
    }

    const lower = method.toLowerCase();
    const isHead = lower === 'head';
    const opMethod = isHead && !found.pathItem.head && found.pathItem.get ? 'get' : lower;
    const op = found.pathItem[opMethod];

    if (!op) {
      opName = `${method} ${found.template} (not declared)`;
      if (status === 405) {
        const mna = this.spec['x-method-not-allowed'];
        if (!mna) {
          problems.push(`${where}: the spec has no x-method-not-allowed response`);
          return { problems, operation: opName, json: ctx.json };
        }
        response = mna;
        responsePtr = '/x-method-not-allowed';
      } else if ([413, 429, 502, 503, 504].includes(status)) {
        this.checkErrorBody(ctx, where, headers, bodyBuf, NGINX_ERRORS[status]);
        return { problems, operation: opName, json: ctx.json };
      } else {
        problems.push(`${where}: method not declared for ${found.template}; expected 405`);
        return { problems, operation: opName, json: ctx.json };
      }
    } else {
      opName = `${opMethod.toUpperCase()} ${found.template}`;
      const responses = op.responses || {};
      const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
      if (!key) {
        problems.push(`${where}: status ${status} is not declared for ${opName} ` +
          `(declared: ${Object.keys(responses).join(', ')})`);
        return { problems, operation: opName, json: ctx.json };
      }
      const r = this.resolve(responses[key], `${found.ptr}/${opMethod}/responses/${key}`);
      response = r.obj;
      responsePtr = r.ptr;
    }

    // Headers.
    for (const [name, h0] of Object.entries(response.headers || {})) {
      const { obj: h, ptr: hptr } = this.resolve(h0, `${responsePtr}/headers/${escapePointer(name)}`);
      const value = headers[name.toLowerCase()];
      if (value === undefined) {
        if (h.required) problems.push(`${where}: required header ${name} is missing`);
        continue;
      }
      if (h.schema) {
        const v = this.schemaAt(`${hptr}/schema`);
        if (!v(value))
          problems.push(`${where}: header ${name}: ${JSON.stringify(value)} ` +
            this.ajv.errorsText(v.errors, { dataVar: name }));
      }
    }

    // Body.
    const content = response.content;
    if (!content || isHead || status === 304 || status === 204) {
      if (bodyBuf.length > 0 && !isHead)
        problems.push(`${where}: expected no body, got ${bodyBuf.length} bytes`);
      return { problems, operation: opName, json: ctx.json };
    }
    const ctype = headers['content-type'];
    const mt = mediaTypeOf(ctype);
    const declared = Object.keys(content);
    const match = declared.find((d) => d.toLowerCase() === mt) ||
      declared.find((d) => d.endsWith('/*') && mt.startsWith(d.slice(0, -1)));
    if (!match) {
      problems.push(`${where}: Content-Type ${JSON.stringify(ctype)} is not one of ${declared.join(', ')}` +
        (bodyBuf.length ? `; body starts ${JSON.stringify(bodyBuf.toString('utf8', 0, 120))}` : ''));
      return { problems, operation: opName, json: ctx.json };
    }
    const mediaPtr = `${responsePtr}/content/${escapePointer(match)}`;
    if (mt === 'application/json' || mt.endsWith('+json')) {
      if (charsetOf(ctype) !== 'utf-8')
        problems.push(`${where}: JSON Content-Type ${JSON.stringify(ctype)} lacks charset=utf-8`);
      const json = parseJson(ctx, where, bodyBuf);
      if (json === undefined) return { problems, operation: opName, json: undefined };
      if (content[match].schema) {
        const v = this.schemaAt(`${mediaPtr}/schema`);
        if (!v(json))
          problems.push(`${where}: body does not match ${schemaName(content[match].schema)}: ` +
            this.ajv.errorsText(v.errors, { dataVar: 'body', separator: '; ' }));
      }
      if (status >= 400) this.checkErrorExtras(ctx, where, headers, json, response);
    } else if (content[match].schema) {
      const v = this.schemaAt(`${mediaPtr}/schema`);
      const text = bodyBuf.toString('utf8');
      if (!v(text))
        problems.push(`${where}: body does not match: ${this.ajv.errorsText(v.errors)}`);
    }
    return { problems, operation: opName, json: ctx.json };
  }

  /* An error body outside any declared response: the Error schema and an expected code. */
  checkErrorBody(ctx, where, headers, bodyBuf, codes) {
    const ctype = headers['content-type'];
    if (mediaTypeOf(ctype) !== 'application/json') {
      ctx.problems.push(`${where}: error is ${JSON.stringify(ctype)}, not JSON` +
        (bodyBuf.length ? `; body starts ${JSON.stringify(bodyBuf.toString('utf8', 0, 120))}` : ''));
      return;
    }
    if (charsetOf(ctype) !== 'utf-8')
      ctx.problems.push(`${where}: JSON Content-Type ${JSON.stringify(ctype)} lacks charset=utf-8`);
    const json = parseJson(ctx, where, bodyBuf);
    if (json === undefined) return;
    const v = this.schemaAt('/components/schemas/Error');
    if (!v(json)) {
      ctx.problems.push(`${where}: body is not an Error: ` +
        this.ajv.errorsText(v.errors, { dataVar: 'body', separator: '; ' }));
      return;
    }
    this.checkErrorExtras(ctx, where, headers, json, { 'x-error-codes': codes });
  }

  checkErrorExtras(ctx, where, headers, json, response) {
    if (!json || typeof json !== 'object' || !json.error) return;
    const codes = response['x-error-codes'];
    if (Array.isArray(codes) && !codes.includes(json.error.code))
      ctx.problems.push(`${where}: error.code ${JSON.stringify(json.error.code)} is not one of ${codes.join(', ')}`);
    if (response['x-error-fields-required'] &&
        !(Array.isArray(json.error.fields) && json.error.fields.length > 0))
      ctx.problems.push(`${where}: ${json.error.code} without error.fields`);
    if (json.request_id !== headers['x-request-id'])
      ctx.problems.push(`${where}: request_id ${JSON.stringify(json.request_id)} is not the ` +
        `X-Request-Id header ${JSON.stringify(headers['x-request-id'])}`);
  }
}

function parseJson(ctx, where, buf) {
  const text = buf.toString('utf8');
  try {
    ctx.json = JSON.parse(text);
    return ctx.json;
  } catch (e) {
    ctx.problems.push(`${where}: body is not JSON (${e.message}): ${JSON.stringify(text.slice(0, 120))}`);
    return undefined;
  }
}

function schemaName(schema) {
  return schema && schema.$ref ? schema.$ref.split('/').pop() : 'the inline schema';
}

function lowerKeys(h) {
  const out = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function loadSpec(file = SPEC_PATH) {
  return YAML.parse(fs.readFileSync(file, 'utf8'));
}

let shared = null;
/* The validator for api-spec/openapi.yaml, built once per process. */
function validator() {
  if (!shared) shared = new SpecValidator(loadSpec());
  return shared;
}

module.exports = { SpecValidator, loadSpec, validator, SPEC_PATH, templateRegex };
