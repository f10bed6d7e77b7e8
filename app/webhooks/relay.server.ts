// Hands stored inbox rows to the job layer (transactional-outbox style). It runs after the 200:
// stored batches wake it, coalesced over a few milliseconds so that a burst is relayed in large
// passes instead of one pass per commit; a timer sweeps too, so rows stored just before a crash,
// or while Redis was down, are still processed. Job keys make a double hand-off harmless.
import type { Logger } from "pino";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { PROCESS_WEBHOOK_JOB } from "./process-job.server";

const BATCH = 500;
/** While webhooks are pouring in, relay only this many rows per pass, this often. */
const BUSY_BATCH = 100;
const BUSY_INTERVAL_MS = 500;

/**
 * One job per stored delivery, and one more per replay. The time it was stored is part of the key:
 * a delivery deleted (shop/redact) and stored again later is a new row and must not find the
 * first row's finished job and wait forever.
 */
export function relayKey(r: { webhookId: string; replays: number; receivedAt: Date }): string {
  const base = `webhook:${r.webhookId}:${r.receivedAt.getTime()}`;
  return r.replays ? `${base}:replay:${r.replays}` : base;
}

export class InboxRelay {
  private active: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobQueue,
    private readonly log: Logger,
    private readonly sweepMs = 5_000,
    private readonly coalesceMs = 20,
    /** True during a webhook burst: acknowledging comes first, relaying catches up after. */
    private readonly busy: () => boolean = () => false,
  ) {}

  start() {
    this.timer = setInterval(() => void this.relay(), this.sweepMs);
    this.timer.unref();
    void this.relay();
  }

  /** Asks for a pass soon; kicks within the coalescing window share one pass. */
  kick() {
    this.pending ??= setTimeout(
      () => {
        this.pending = undefined;
        void this.relay();
      },
      this.busy() ? BUSY_INTERVAL_MS : this.coalesceMs,
    );
  }

  /** Relays now (or right after the pass in progress). */
  relay(): Promise<void> {
    if (this.active) {
      this.again = true;
      return this.active;
    }
    this.active = this.drain()
      .catch((error) => this.log.error({ err: error }, "inbox relay failed; the sweep will retry"))
      .finally(() => {
        this.active = null;
        if (this.again) {
          this.again = false;
          void this.relay();
        }
      });
    return this.active;
  }

  private async drain() {
    for (;;) {
      // SQLite answers synchronously: without this, draining a large backlog would chain
      // queries for seconds and starve the web server's I/O.
      await new Promise((r) => setImmediate(r));
      const busy = this.busy();
      const rows = await this.db.webhookDelivery.findMany({
        where: { status: "received" },
        orderBy: { receivedAt: "asc" },
        take: busy ? BUSY_BATCH : BATCH,
        select: { webhookId: true, replays: true, receivedAt: true },
      });
      if (!rows.length) return;
      await this.jobs.enqueueMany(
        rows.map((r) => ({
          name: PROCESS_WEBHOOK_JOB,
          payload: { webhookId: r.webhookId },
          // No `shop` here on purpose: the process job itself skips an uninstalled shop's
          // deliveries and records why, and compliance topics must run after uninstall.
          options: { key: relayKey(r) },
        })),
      );
      await this.db.webhookDelivery.updateMany({
        where: { webhookId: { in: rows.map((r) => r.webhookId) }, status: "received" },
        data: { status: "queued" },
      });
      if (busy) {
        // More may be waiting; come back after the burst's next breath instead of now.
        if (rows.length === BUSY_BATCH) this.kick();
        return;
      }
      if (rows.length < BATCH) return;
    }
  }

  async stop() {
    clearInterval(this.timer);
    clearTimeout(this.pending);
    await this.active;
  }
}
