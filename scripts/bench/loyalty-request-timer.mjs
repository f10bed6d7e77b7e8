// Preloaded into the server by `npm run bench:loyalty` (NODE_OPTIONS=--import): times every App Proxy
// request inside the process, from Node's `request` event to the response's `finish`, and how busy the
// main thread's event loop was. The first SIGUSR2 opens a window; the next writes the window's samples
// to $BENCH_TIMING_FILE and closes it. Benchmarks only.
import fs from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";

if (isMainThread && process.env.BENCH_TIMING_FILE) {
  let window = null;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, res) {
    if (event === "request" && window && req.url.startsWith("/proxy/")) {
      const samples = window.samples;
      const start = performance.now();
      res.once("finish", () => samples.push(performance.now() - start));
    }
    return emit.apply(this, arguments);
  };
  process.on("SIGUSR2", () => {
    if (!window) {
      window = { samples: [], since: performance.eventLoopUtilization() };
      return;
    }
    const busy = performance.eventLoopUtilization(window.since).utilization;
    fs.writeFileSync(process.env.BENCH_TIMING_FILE, JSON.stringify({ samples: window.samples, busy }));
    window = null;
  });
}
