// Group commit for the webhook inbox: deliveries arriving while a write is in flight are stored
// together in the next single INSERT, so the database does one commit for many webhooks.
// Each caller learns whether its delivery was new or a duplicate only after it is durable.
import crypto from "node:crypto";
import { placeholders, type Db } from "~/platform/db.server";
import type { Clock } from "~/platform/clock";

export interface IncomingDelivery {
  shop: string;
  webhookId: string;
  topic: string;
  apiVersion: string;
  eventId: string | null;
  triggeredAt: string | null;
  payload: string;
}

export type StoreResult = "stored" | "duplicate";

interface Pending {
  delivery: IncomingDelivery;
  resolve: (r: StoreResult) => void;
  reject: (e: unknown) => void;
}

const COLUMNS = 10;

export class InboxWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly onStored: (count: number) => void = () => undefined,
    private readonly maxBatch = 500,
  ) {}

  store(delivery: IncomingDelivery): Promise<StoreResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    // Let the deliveries parsed in this event-loop turn join the batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const inserted = await this.insert(batch.map((p) => p.delivery));
        let stored = 0;
        for (const p of batch) {
          // A webhook id twice in one batch: the first is stored, the second is its duplicate.
          const isNew = inserted.delete(p.delivery.webhookId);
          if (isNew) stored++;
          p.resolve(isNew ? "stored" : "duplicate");
        }
        if (stored) this.onStored(stored);
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.flushing = false;
  }

  private async insert(deliveries: IncomingDelivery[]): Promise<Set<string>> {
    const now = this.clock.now();
    const params: unknown[] = [];
    const rows = deliveries.map((d) => {
      params.push(
        crypto.randomUUID(),
        d.shop,
        d.webhookId,
        d.topic,
        d.apiVersion,
        d.eventId,
        d.triggeredAt,
        d.payload,
        "received",
        now,
      );
      return `(${placeholders(this.db, COLUMNS, params.length - COLUMNS)}, 0)`;
    });
    const result = await this.db.$queryRawUnsafe<{ webhookId: string }[]>(
      `INSERT INTO "WebhookDelivery" ("id", "shop", "webhookId", "topic", "apiVersion", "eventId", "triggeredAt", "payload", "status", "receivedAt", "attempts")
       VALUES ${rows.join(", ")} ON CONFLICT ("webhookId") DO NOTHING RETURNING "webhookId"`,
      ...params,
    );
    return new Set(result.map((r) => r.webhookId));
  }
}
