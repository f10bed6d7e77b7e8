// Group commit for the webhook inbox: deliveries arriving while a write is in flight are stored
// together in the next round trip, so the database does one commit for many webhooks.
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
  /** The body as received: stored byte for byte, never decoded and re-encoded on the way. */
  payload: Buffer;
}

export type StoreResult = "stored" | "duplicate";

interface Pending {
  delivery: IncomingDelivery;
  resolve: (r: StoreResult) => void;
  reject: (e: unknown) => void;
}

export interface InboxWriterOptions {
  /** Called with how many deliveries a round trip stored that were new. */
  onStored?: (count: number) => void;
  maxBatch?: number;
  /**
   * Round trips in flight at once. SQLite has one writer, so 1: the next group forms while one
   * commits. PostgreSQL commits concurrent groups side by side, so several are in flight and a
   * commit's fsync does not cap the rate at one group per fsync.
   */
  concurrency?: number;
}

export class InboxWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  private lastStoreAt = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;

  constructor(
    private readonly sink: InboxSink,
    private readonly clock: Clock,
    private readonly o: InboxWriterOptions = {},
  ) {
    this.maxBatch = o.maxBatch ?? 500;
    this.concurrency = o.concurrency ?? 1;
  }

  /** Whether webhooks arrived within the last `windowMs` (the runner yields to them). */
  busy(windowMs = 50): boolean {
    return Date.now() - this.lastStoreAt < windowMs;
  }

  store(delivery: IncomingDelivery): Promise<StoreResult> {
    this.lastStoreAt = Date.now();
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      if (this.scheduled || this.inFlight >= this.concurrency) return;
      this.scheduled = true;
      // Let the deliveries parsed in this event-loop turn join the group.
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    });
  }

  private pump() {
    while (this.queue.length && this.inFlight < this.concurrency) {
      this.inFlight++;
      void this.write(this.queue.splice(0, this.maxBatch)).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: Pending[]) {
    try {
      const inserted = await this.sink.insertDeliveries(
        batch.map((p) => p.delivery),
        this.clock.now(),
      );
      let stored = 0;
      for (const p of batch) {
        // A webhook id twice in one group: the first is stored, the second is its duplicate.
        const isNew = inserted.delete(p.delivery.webhookId);
        if (isNew) stored++;
        p.resolve(isNew ? "stored" : "duplicate");
      }
      if (stored) this.o.onStored?.(stored);
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
