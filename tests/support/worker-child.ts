// A worker process for tests: `npm run worker`'s entry point with the harness's queue name and timings.
import { runWorker } from "~/worker.server";

await runWorker({
  queueName: process.env.TEST_QUEUE_NAME,
  backoff: { baseMs: 50, maxMs: 200 },
  pollMs: 50,
  relaySweepMs: 200,
  ...(process.env.TEST_LEASE_MS ? { leaseMs: Number(process.env.TEST_LEASE_MS) } : {}),
  ...(process.env.TEST_HISTORY_BATCH_ROWS ? { historyBatchRows: Number(process.env.TEST_HISTORY_BATCH_ROWS) } : {}),
});
process.stdout.write("worker ready\n");
