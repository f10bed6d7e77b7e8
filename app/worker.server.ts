// The job worker process (`npm run worker`): the same runtime as the web process, but it executes
// jobs. With REDIS_URL set, web processes only enqueue and any number of these run the jobs.
import { createRuntime, type RuntimeOptions } from "./runtime.server";

/** Starts the worker; resolves to a function that stops it gracefully (also run on SIGTERM/SIGINT). */
export async function runWorker(options: Omit<RuntimeOptions, "background" | "ingest"> = {}): Promise<() => Promise<void>> {
  const runtime = await createRuntime({ ...options, background: "inline", ingest: false });
  const { jobs, log, env } = runtime;
  const queueName = "queueName" in jobs && typeof jobs.queueName === "string" ? jobs.queueName : null;
  log.info({ driver: jobs.driver, queue: queueName, concurrency: env.JOB_CONCURRENCY }, "worker started");
  if (jobs.driver === "embedded") {
    log.warn("REDIS_URL is not set: this worker runs the embedded database queue beside the web process");
  }

  let closing: Promise<void> | undefined;
  const stop = () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    // Running jobs finish first; a deploy's second signal is not needed to get a clean exit.
    closing ??= runtime.close().then(() => log.info("worker stopped"));
    return closing;
  };
  function onSignal(signal: NodeJS.Signals) {
    log.info({ signal }, "worker stopping: waiting for running jobs");
    stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, "worker did not stop cleanly");
        process.exit(1);
      },
    );
  }
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  return stop;
}
