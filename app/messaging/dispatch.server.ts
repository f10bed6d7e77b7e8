// The scheduler's hot loop: claims due planned messages in batches and hands each to a keyed send
// job. The claim is one statement on the (status, sendAt) index, so its cost does not grow with the
// rows planned for later; it sets only the claim time, which no index holds, so on PostgreSQL it is a
// heap-only update (no index entries written). The send job then moves its message to `queued`. A
// claim whose job never started (a crash between claim and enqueue) lapses and the message is
// claimed again; each job carries its claim's time, so a job of an older claim does nothing.
// Runs wherever jobs run, on a short timer and at once when the demo clock jumps.
import type { Logger } from "pino";
import type { Clock } from "~/platform/clock";
import { dialectOf, type Db } from "~/platform/db.server";
import type { EnqueueRequest, JobQueue } from "~/platform/jobs/types";
import { sqlOf } from "~/platform/sql.server";

export const SEND_MESSAGE_JOB = "messaging.send";
export const CLAIM_BATCH = 500;
/** A queued message untouched this long has no live job: longer than the longest retry backoff (an hour). */
const ORPHAN_AFTER_MS = 2 * 60 * 60_000;
/** A claimed message whose job has not started within this long is claimed again. */
export const CLAIM_LEASE_MS = 10 * 60_000;

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
    text = `UPDATE "Message" SET "claimedAt" = ?, "updatedAt" = ?
      WHERE "id" IN (SELECT "id" FROM "Message" WHERE "status" = 'planned' AND "sendAt" <= ? AND ("claimedAt" IS NULL OR "claimedAt" < ?)
                     ORDER BY "sendAt" LIMIT ?${lock})
      RETURNING "id", "shop"`;
    claimTexts.set(dialect, text);
  }
  return text;
}

/**
 * Claims up to `limit` due planned messages not claimed within the lease; several workers may claim
 * at once without taking the same row. On PostgreSQL the claim's commit does not wait for its WAL to reach disk: a claim lost
 * in a crash leaves the rows planned, to be claimed again, and a job of the lost claim finds the row's
 * claim time is not its own and does nothing (send-job.server.ts).
 */
export async function claimDue(db: Db, now: Date, limit = CLAIM_BATCH): Promise<Claimed[]> {
  const sql = sqlOf(db);
  const claim = { sql: claimText(db), args: [now, now, now, new Date(now.getTime() - CLAIM_LEASE_MS), limit] };
  const rows =
    sql.dialect === "postgresql"
      ? ((await sql.batch([{ sql: "SET LOCAL synchronous_commit TO OFF", args: [] }, claim]))[1].rows as { id: string; shop: string }[])
      : await sql.all<{ id: string; shop: string }>(claim.sql, claim.args);
  return rows.map((r) => ({ id: r.id, shop: r.shop, claimedAt: now }));
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
    const sendable = await withoutUninstalledShops(db, claimed, now);
    if (sendable.length) await jobs.enqueueMany(sendRequests(sendable));
    total += claimed.length;
    if (claimed.length < CLAIM_BATCH) return total;
  }
}

/**
 * The claimed messages whose shop still has the app; the others are cancelled here (the job layer
 * runs no job of an uninstalled shop, so their claims would lapse and be taken again forever).
 */
async function withoutUninstalledShops(db: Db, claimed: Claimed[], now: Date): Promise<Claimed[]> {
  const shops = [...new Set(claimed.map((c) => c.shop))];
  if (!shops.length) return claimed;
  const sql = sqlOf(db);
  const installed = new Set(
    (
      await sql.all<{ shop: string }>(
        `SELECT "shop" FROM "Shop" WHERE "state" = 'installed' AND "shop" IN (${shops.map(() => "?").join(", ")})`,
        shops,
      )
    ).map((r) => r.shop),
  );
  const gone = claimed.filter((c) => !installed.has(c.shop));
  for (const c of gone) {
    await sql.run(
      `UPDATE "Message" SET "status" = 'cancelled', "reason" = 'shop_uninstalled', "updatedAt" = ? WHERE "shop" = ? AND "id" = ? AND "status" = 'planned'`,
      [now, c.shop, c.id],
    );
  }
  return gone.length ? claimed.filter((c) => installed.has(c.shop)) : claimed;
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
