// tests/bench/push-gateway.js: the app push gateway of tests/bench/push.sh, one that answers
// at once. Every request, whatever its method and path, gets 204 as soon as its headers are
// in (the body is drained, not read); nothing is verified. Each one is recorded, as a line
// "<webhook-id> <arrival, microseconds since the epoch> <content-length>", in a buffer
// written out every 100 ms (and at SIGTERM) to <out>/arrivals-<worker>.txt: the benchmark
// checks from these that every outbox row arrived, once, in order per application, and how
// long after its status change. The first request whose webhook-id starts with "msg_yw" (a
// pushd delivery) is also kept whole, headers and body, in <out>/sample.json, so that wrk
// can send the same.
//
//   node push-gateway.js --port 18991 --workers 1 --out DIR
//
// --workers N > 1: N processes (node:cluster) sharing the port; each records its own file.
// No dependencies.
'use strict';
const cluster = require('node:cluster');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const args = { port: 18991, workers: 1, out: '.' };
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, '');
  if (!(k in args) || i + 1 >= process.argv.length) {
    console.error(`usage: node push-gateway.js --port N --workers N --out DIR (not ${process.argv[i]})`);
    process.exit(2);
  }
  args[k] = k === 'out' ? process.argv[i + 1] : Number(process.argv[i + 1]);
}

if (cluster.isPrimary && args.workers > 1) {
  const workers = [];
  for (let w = 1; w <= args.workers; w++) workers.push(cluster.fork({ GATEWAY_WORKER: String(w) }));
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const w of workers) w.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  let left = workers.length;
  cluster.on('exit', (w, code) => {
    if (!stopping) console.error(`push-gateway: worker ${w.process.pid} exited (${code})`);
    if (--left === 0) process.exit(stopping ? 0 : 1);
  });
} else {
  const me = process.env.GATEWAY_WORKER || '1';
  const fd = fs.openSync(path.join(args.out, `arrivals-${me}.txt`), 'a');
  const origin = performance.timeOrigin;
  let buf = [];
  let sampled = false;
  const flush = () => {
    if (buf.length === 0) return;
    fs.writeSync(fd, buf.join(''));
    buf = [];
  };
  setInterval(flush, 100).unref();

  const server = http.createServer((req, res) => {
    const us = Math.round((origin + performance.now()) * 1000);
    const id = req.headers['webhook-id'] || '-';
    buf.push(`${id} ${us} ${req.headers['content-length'] || 0}\n`);
    res.writeHead(204);
    res.end();
    if (!sampled && id.startsWith('msg_yw')) {
      sampled = true;
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        fs.writeFileSync(path.join(args.out, `sample-${me}.json`),
          JSON.stringify({ method: req.method, url: req.url, headers: req.headers,
            body: Buffer.concat(chunks).toString('utf8') }));
        fs.renameSync(path.join(args.out, `sample-${me}.json`), path.join(args.out, 'sample.json'));
      });
    } else {
      req.resume();
    }
  });
  server.keepAliveTimeout = 120000;
  server.headersTimeout = 125000;
  server.requestTimeout = 0;
  server.listen(args.port, '127.0.0.1');
  const stop = () => {
    flush();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
