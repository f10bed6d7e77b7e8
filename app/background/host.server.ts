// The web process's side of the background thread (the embedded default of `npm start`): starts
// the worker thread that runs jobs, the inbox relay, pruning and checkpoints on its own database
// connections, tells it when webhooks were stored or jobs enqueued, restarts it when it crashes
// (with growing pauses), reports its state to /healthz, and stops it with the process.
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { BackgroundMessage, HostMessage } from "./messages";

/**
 * The background thread's heap cap. Its live data is small (tens of MB) but bulk work (a history
 * import) allocates fast, and without a cap V8 lets the heap grow with garbage to several times
 * that before collecting; the cap keeps the process's memory flat. A thread that truly ran out
 * would crash and be restarted like any other crash, its jobs resuming from their checkpoints.
 */
const BACKGROUND_HEAP_MB = 128;

/** After the thread reports it stopped, how long it may take to exit by itself before it is ended. */
const STOPPED_GRACE_MS = 250;

export type BackgroundState = "starting" | "running" | "restarting" | "stopping" | "stopped";

export interface BackgroundHealth {
  state: BackgroundState;
  /** How many times the thread has been restarted after a crash. */
  restarts: number;
  lastCrash: { at: string; error: string } | null;
}

export interface BackgroundHostOptions {
  /** The worker thread's entry module (scripts/background.mjs in production). */
  entry: string | URL;
  /** Passed to the thread as workerData. */
  data?: unknown;
  log: Logger;
  /** Pause before the first restart; doubles for each crash in a row, up to maxRestartDelayMs. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** How long stop() waits for running jobs before ending the thread. */
  stopTimeoutMs?: number;
}

/** A thread that ran this long before crashing is taken as healthy again: the next restart waits the least. */
const STABLE_AFTER_MS = 60_000;

export class BackgroundHost {
  private worker: Worker | undefined;
  private state: BackgroundState = "stopped";
  private restarts = 0;
  private crashesInARow = 0;
  private lastCrash: BackgroundHealth["lastCrash"] = null;
  private restartTimer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private readyWaiters: (() => void)[] = [];
  private pendingKick = false;

  constructor(private readonly o: BackgroundHostOptions) {}

  /** Starts the thread; resolves once it reports ready (or rejects if it dies first). */
  start(): Promise<void> {
    this.spawn();
    return new Promise((resolve, reject) => {
      const worker = this.worker!;
      const onExit = (code: number) => reject(new Error(`the background thread exited with ${code} before it was ready`));
      worker.once("exit", onExit);
      this.readyWaiters.push(() => {
        worker.off("exit", onExit);
        resolve();
      });
    });
  }

  health(): BackgroundHealth {
    return { state: this.state, restarts: this.restarts, lastCrash: this.lastCrash };
  }

  /** Work is waiting (webhooks stored, jobs enqueued): the thread looks now instead of at its next poll. */
  kick() {
    if (this.state !== "running") {
      this.pendingKick = true;
      return;
    }
    this.post({ type: "kick" });
  }

  async stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    this.state = "stopping";
    if (!worker) {
      this.state = "stopped";
      return;
    }
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    // Once the thread says its runtime is closed, whatever still holds its event loop open (a request
    // to a Shopify that stopped answering, left to its job's lease) must not hold the shutdown.
    worker.on("message", (message: BackgroundMessage) => {
      if (message.type === "stopped") setTimeout(() => void worker.terminate(), STOPPED_GRACE_MS).unref();
    });
    this.post({ type: "stop" });
    const timer = setTimeout(() => {
      this.o.log.warn({ afterMs: this.o.stopTimeoutMs ?? 30_000 }, "background thread did not stop in time; ending it");
      void worker.terminate();
    }, this.o.stopTimeoutMs ?? 30_000);
    await exited;
    clearTimeout(timer);
    this.worker = undefined;
    this.state = "stopped";
  }

  private post(message: HostMessage) {
    this.worker?.postMessage(message);
  }

  private spawn() {
    this.state = this.restarts ? "restarting" : "starting";
    this.startedAt = Date.now();
    const worker = new Worker(this.o.entry, { workerData: this.o.data, resourceLimits: { maxOldGenerationSizeMb: BACKGROUND_HEAP_MB } });
    this.worker = worker;
    worker.on("message", (message: BackgroundMessage) => {
      if (message.type !== "ready" || worker !== this.worker) return;
      this.state = "running";
      for (const resolve of this.readyWaiters.splice(0)) resolve();
      if (this.pendingKick) {
        this.pendingKick = false;
        this.post({ type: "kick" });
      }
    });
    let crash: string | undefined;
    worker.on("error", (error) => {
      crash = error instanceof Error ? error.message : String(error);
      this.o.log.error({ err: error }, "background thread crashed");
    });
    worker.on("exit", (code) => {
      if (worker !== this.worker || this.state === "stopping") return;
      this.worker = undefined;
      this.lastCrash = { at: new Date().toISOString(), error: crash ?? `exited with code ${code}` };
      this.crashesInARow = Date.now() - this.startedAt > STABLE_AFTER_MS ? 1 : this.crashesInARow + 1;
      const base = this.o.restartDelayMs ?? 1_000;
      const delay = Math.min(this.o.maxRestartDelayMs ?? 30_000, base * 2 ** (this.crashesInARow - 1));
      this.state = "restarting";
      this.o.log.warn({ code, restartInMs: delay }, "background thread stopped unexpectedly; restarting it");
      this.restartTimer = setTimeout(() => {
        this.restarts++;
        this.spawn();
      }, delay);
      this.restartTimer.unref();
    });
  }
}
