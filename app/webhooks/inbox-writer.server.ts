// Group commit for the webhook inbox: deliveries arriving while a write is in flight are stored
// together in the next single INSERT, so the database does one commit for many webhooks.
// Each caller learns whether its delivery was new or a duplicate only after it is durable.
import type { Clock } from "~/platform/clock";
import type { InboxSink } from "./inbox-sink.server";

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

export class InboxWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly sink: InboxSink,
    private readonly clock: Clock,
    private readonly onStored: (count: number) => void = () => undefined,
    private readonly maxBatch = 500,
  ) {}

  private lastStoreAt = 0;

  /** Whether webhooks arrived within the last `windowMs` (the runner yields to them). */
  busy(windowMs = 50): boolean {
    return Date.now() - this.lastStoreAt < windowMs;
  }

  store(delivery: IncomingDelivery): Promise<StoreResult> {
    this.lastStoreAt = Date.now();
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
    for (const d of deliveries) {
      params.push(d.webhookId, d.shop, d.topic, d.apiVersion, d.eventId, d.triggeredAt, d.payload, "received", now);
    }
    return this.sink.insertDeliveries(deliveries.length, params);
  }
}
