-- bench.lua: the wrk script of tests/bench/run.sh.
-- BENCH_CODES: a file with one item code a line; requests cycle over /api/v1/items/<code>
-- (each thread starts at a different place). Otherwise every request is BENCH_PATH.
-- Requests are formatted once, at start, so that wrk spends the same per request in every
-- run. done() prints one machine-readable line: "BENCH key=value ...".

local paths = {}
local codes_file = os.getenv("BENCH_CODES")
if codes_file ~= nil and codes_file ~= "" then
   for line in io.lines(codes_file) do
      if line ~= "" then
         paths[#paths + 1] = "/api/v1/items/" .. line
      end
   end
else
   paths[1] = os.getenv("BENCH_PATH") or "/"
end

local requests = {}
local i = 0
local threads = 0

function setup(thread)
   thread:set("thread_no", threads)
   threads = threads + 1
end

function init(args)
   for k, p in ipairs(paths) do
      requests[k] = wrk.format("GET", p)
   end
   i = ((thread_no or 0) * 7) % #requests
end

function request()
   i = i % #requests + 1
   return requests[i]
end

function done(summary, latency, reqs)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d errors=%d non2xx=%d\n",
      summary.requests, summary.duration, summary.requests / summary.duration * 1e6,
      latency:percentile(50), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout, e.status))
end
