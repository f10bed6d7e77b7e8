// The background thread's side (see host.server.ts): a runtime that runs jobs, the inbox relay,
// pruning and WAL checkpoints on database connections of its own, with group commit, and answers
// no requests. It is woken by the web thread's kicks and stops, finishing running jobs, when told.
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { createRuntime } from "~/runtime.server";
import type { BackgroundMessage, HostMessage } from "./messages";

/** How much less CPU time the background thread asks for than the thread answering webhooks (a nice value). */
const NICENESS = 10;

/**
 * On Linux each thread has its own nice value, and asking for the calling "process" (pid 0) sets
 * this thread's: when both want the CPU, webhooks are answered first and the backlog waits.
 * Elsewhere the call would lower the whole process, so it is only made on Linux.
 */
function lowerPriority() {
  if (process.platform !== "linux") return;
  try {
    os.setPriority(0, Math.min(19, os.getPriority(0) + NICENESS));
  } catch {
    // Not permitted here: the thread runs at the process's priority.
  }
}

/** Writes of the background side that arrive within this window share one commit. */
const GROUP_COMMIT_MS = 10;

export async function runBackground(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("runBackground runs inside the background worker thread");
  // The web thread migrated the database before starting this thread.
  lowerPriority();
  const flag = (workerData as { writerTurns?: Int32Array } | undefined)?.writerTurns;
  const rt = await createRuntime({
    background: "inline",
    ingest: false,
    migrate: false,
    groupCommitMs: GROUP_COMMIT_MS,
    checkpoints: true,
    // The web thread goes first when both want to write: it has a webhook waiting for its answer.
    writerTurns: flag ? { flag, role: "yields" } : undefined,
  });
  const say = (message: BackgroundMessage) => port.postMessage(message);
  port.on("message", (message: HostMessage) => {
    if (message.type === "kick") rt.kick();
    if (message.type === "stop") {
      rt.close()
        .then(() => say({ type: "stopped" }))
        .catch((error) => rt.log.error({ err: error }, "background thread did not stop cleanly"))
        .finally(() => port.close());
    }
  });
  say({ type: "ready" });
}
