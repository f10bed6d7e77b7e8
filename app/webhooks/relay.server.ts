// Hands stored inbox rows to the job layer (transactional-outbox style). It runs after the 200,
// is woken by each stored batch, and sweeps on a timer so rows stored just before a crash, or
// while Redis was down, are still processed. Job keys make a double hand-off harmless.
import type { Logger } from "pino";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { PROCESS_WEBHOOK_JOB } from "./process-job.server";

const BATCH = 500;

export class InboxRelay {
  private active: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobQueue,
    private readonly log: Logger,
    private readonly sweepMs = 5_000,
  ) {}

  start() {
    this.timer = setInterval(() => this.kick(), this.sweepMs);
    this.timer.unref();
    this.kick();
  }

  /** Relays now (or right after the pass in progress). */
  kick(): Promise<void> {
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
          void this.kick();
        }
      });
    return this.active;
  }

  private async drain() {
    for (;;) {
      const rows = await this.db.webhookDelivery.findMany({
        where: { status: "received" },
        orderBy: { receivedAt: "asc" },
        take: BATCH,
        select: { id: true },
      });
      if (!rows.length) return;
      await this.jobs.enqueueMany(
        rows.map((r) => ({
          name: PROCESS_WEBHOOK_JOB,
          payload: { deliveryId: r.id },
          // No `shop` here on purpose: the process job itself skips an uninstalled shop's
          // deliveries and records why, and compliance topics must run after uninstall.
          options: { key: `webhook:${r.id}` },
        })),
      );
      await this.db.webhookDelivery.updateMany({
        where: { id: { in: rows.map((r) => r.id) }, status: "received" },
        data: { status: "queued" },
      });
      if (rows.length < BATCH) return;
    }
  }

  async stop() {
    clearInterval(this.timer);
    await this.active;
  }
}
