// Preloaded into a benchmarked server (NODE_OPTIONS=--import): measures the main thread's event
// loop delay and how busy the loop was. On SIGUSR2 it writes what it measured since the last signal to $BENCH_LOOP_FILE and
// starts over, so the benchmark can ask for exactly the burst's window. Benchmarks only.
import fs from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";

if (isMainThread && process.env.BENCH_LOOP_FILE) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let since = performance.eventLoopUtilization();
  process.on("SIGUSR2", () => {
    const ms = (ns) => Math.round((ns / 1e6) * 10) / 10;
    const busy = performance.eventLoopUtilization(since).utilization;
    fs.writeFileSync(
      process.env.BENCH_LOOP_FILE,
      JSON.stringify({
        p50: ms(histogram.percentile(50)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
        busy: Math.round(busy * 100),
      }),
    );
    histogram.reset();
    since = performance.eventLoopUtilization();
  });
}
