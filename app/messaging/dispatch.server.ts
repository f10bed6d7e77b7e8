// The scheduler's hot loop: claims due planned messages in batches (one indexed statement on
// (status, sendAt), so its cost does not grow with the rows planned for later) and hands each to a
// keyed send job. Runs wherever jobs run, on a short timer and at once when the demo clock jumps.
// A claimed message left without a live job (a crash between claim and enqueue, or its job was
// dropped) goes back to planned and is claimed afresh; each claim's job carries the claim's time,
// so a job of an older claim that still runs finds the row claimed again and does nothing.
import type { Logger } from "pino";
import type { Clock } from "~/platform/clock";
import { dialectOf, type Db } from "~/platform/db.server";
import type { EnqueueRequest, JobQueue } from "~/platform/jobs/types";
import { sqlOf } from "~/platform/sql.server";

export const SEND_MESSAGE_JOB = "messaging.send";
export const CLAIM_BATCH = 500;
/** A queued message untouched this long has no live job: longer than the longest retry backoff (an hour). */
const ORPHAN_AFTER_MS = 2 * 60 * 60_000;

export interface Claimed {
  id: string;
  shop: string;
  claimedAt: Date;
}

const claimTexts = new Map<string, string>();

function claimText(db: Db): string {
  const dialect = dialectOf(db);
  let text = claimTexts.get(dialect);
  if (!text) {
    const lock = dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
    text = `UPDATE "Message" SET "status" = 'queued', "claimedAt" = ?, "updatedAt" = ?
      WHERE "id" IN (SELECT "id" FROM "Message" WHERE "status" = 'planned' AND "sendAt" <= ? ORDER BY "sendAt" LIMIT ?${lock})
      RETURNING "id", "shop"`;
    claimTexts.set(dialect, text);
  }
  return text;
}

/** Marks up to `limit` due planned messages queued; several workers may claim at once without taking the same row. */
export async function claimDue(db: Db, now: Date, limit = CLAIM_BATCH): Promise<Claimed[]> {
  const rows = await sqlOf(db).all<{ id: string; shop: string }>(claimText(db), [now, now, now, limit]);
  return rows.map((r) => ({ ...r, claimedAt: now }));
}

export function sendJobKey(id: string, claimedAt: Date): string {
  return `message:${id}:${claimedAt.getTime()}`;
}

function sendRequests(claimed: Claimed[]): EnqueueRequest[] {
  return claimed.map((c) => ({
    name: SEND_MESSAGE_JOB,
    payload: { shop: c.shop, messageId: c.id, claimedAt: c.claimedAt.getTime() },
    options: { key: sendJobKey(c.id, c.claimedAt), shop: c.shop },
  }));
}

/** Claims everything due now and enqueues the send jobs; returns how many were claimed. */
export async function dispatchDue(db: Db, jobs: JobQueue, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await claimDue(db, now);
    if (claimed.length) await jobs.enqueueMany(sendRequests(claimed));
    total += claimed.length;
    if (claimed.length < CLAIM_BATCH) return total;
  }
}

/**
 * Queued messages nothing has touched for longer than any retry waits: their shop uninstalled (its
 * jobs were cancelled) → cancelled; otherwise back to planned, to be claimed again with a new job.
 */
export async function releaseOrphans(db: Db, now: Date): Promise<number> {
  const sql = sqlOf(db);
  const before = new Date(now.getTime() - ORPHAN_AFTER_MS);
  const gone = await sql.run(
    `UPDATE "Message" SET "status" = 'cancelled', "reason" = 'shop_uninstalled', "updatedAt" = ?
      WHERE "status" = 'queued' AND "updatedAt" < ? AND "shop" IN (SELECT "shop" FROM "Shop" WHERE "state" = 'uninstalled')`,
    [now, before],
  );
  const released = await sql.run(
    `UPDATE "Message" SET "status" = 'planned', "claimedAt" = NULL, "updatedAt" = ? WHERE "status" = 'queued' AND "updatedAt" < ?`,
    [now, before],
  );
  return gone + released;
}

/** Runs the claim loop every `intervalMs`, and at once when the clock jumps (the demo's fast-forward). */
export class MessageDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private unsubscribe: (() => void) | undefined;
  private lastOrphanCheck = 0;

  constructor(private readonly o: { db: Db; jobs: () => JobQueue; clock: Clock; log: Logger; intervalMs?: number }) {}

  start() {
    this.timer = setInterval(() => this.kick(), this.o.intervalMs ?? 1_000);
    this.timer.unref();
    this.unsubscribe = this.o.clock.onShift?.((delta) => {
      if (delta > 0) this.kick();
    });
    this.kick();
  }

  /** Claims now (coalesced: one pass at a time, one more if asked meanwhile). */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          const now = this.o.clock.now();
          await dispatchDue(this.o.db, this.o.jobs(), now);
          if (Date.now() - this.lastOrphanCheck > 60_000) {
            this.lastOrphanCheck = Date.now();
            await releaseOrphans(this.o.db, now);
          }
        } catch (error) {
          this.o.log.warn({ err: error }, "claiming due messages failed; trying again shortly");
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.running;
  }
}
