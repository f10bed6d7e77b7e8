// The loyalty program's lifecycle jobs and the ticker that starts them. Every few hours of clock
// time (and at once when the demo clock jumps) the ticker enqueues one sweep, keyed by its period,
// so several workers enqueue it once; the sweep lists the shops whose program has something
// periodic to do (birthdays, expiry, tiers) — two queries, nothing more when none has — and gives each
// shop a keyed job of its own: today's birthday points, expiry warnings and expiries, then tiers whose
// rolling window no longer holds the member's points. Also the job
// that runs the one-off award for past orders, one batch of customers per job.
import type { Logger } from "pino";
import { z } from "zod";
import type { Clock } from "~/platform/clock";
import { defineJob } from "~/platform/jobs/registry.server";
import type { JobQueue } from "~/platform/jobs/types";
import { awardBirthdays } from "./birthday.server";
import { sweepExpiry } from "./expiry.server";
import { awardHistoryBatch, failHistoryAward, HISTORY_AWARD_JOB } from "./history-award.server";
import type { LoyaltyJobDeps } from "./jobs.server";
import { loyaltyProgram } from "./program.server";
import { reviewTiers } from "./tier-review.server";

export const LIFECYCLE_SWEEP_JOB = "loyalty.lifecycle-sweep";
export const LIFECYCLE_SHOP_JOB = "loyalty.lifecycle-shop";
/** How often (clock time) the lifecycle runs: several times a day, so no local day is missed. */
export const SWEEP_PERIOD_MS = 6 * 3_600_000;
const ENQUEUE_CHUNK = 500;

export function lifecycleJobs(deps: LoyaltyJobDeps) {
  const ctx = () => ({ db: deps.db, events: deps.events, jobs: deps.jobs(), shopify: deps.shopify });
  return [
    defineJob({
      name: LIFECYCLE_SWEEP_JOB,
      schema: z.object({ period: z.number().int() }),
      async run({ period }) {
        // Shops with tiers have members whose standing ages out of the tier window.
        const tiered = (await deps.db.loyaltyTier.groupBy({ by: ["shop"] })).map((t) => t.shop);
        const shops = await deps.db.loyaltyProgram.findMany({
          where: {
            enabled: true,
            OR: [{ expiryEnabled: true }, { birthdayEnabled: true, birthdayPoints: { gt: 0 } }, { shop: { in: tiered } }],
          },
          select: { shop: true },
          orderBy: { shop: "asc" },
        });
        for (let i = 0; i < shops.length; i += ENQUEUE_CHUNK) {
          await deps.jobs().enqueueMany(
            shops.slice(i, i + ENQUEUE_CHUNK).map(({ shop }) => ({
              name: LIFECYCLE_SHOP_JOB,
              payload: { shop },
              options: { key: `loyalty.lifecycle:${shop}:${period}`, shop },
            })),
          );
        }
      },
    }),
    defineJob({
      name: LIFECYCLE_SHOP_JOB,
      schema: z.object({ shop: z.string() }),
      async run({ shop }, { log }) {
        const program = await loyaltyProgram(deps.db, shop);
        if (!program.enabled) return;
        const now = deps.clock.now();
        const shopRow = await deps.db.shop.findUnique({ where: { shop }, select: { timezone: true } });
        const birthdays = await awardBirthdays(ctx(), program, shopRow?.timezone ?? null, now);
        const expiry = await sweepExpiry(ctx(), shop, program, now);
        const tiersMoved = program.tiers.length ? await reviewTiers(ctx(), program, now) : 0;
        if (birthdays || expiry.warned || expiry.lastChance || expiry.expired || tiersMoved)
          log.info({ shop, birthdays, ...expiry, tiersMoved }, "loyalty lifecycle");
      },
    }),
    defineJob({
      name: HISTORY_AWARD_JOB,
      schema: z.object({ shop: z.string(), runId: z.string(), after: z.string().nullable(), done: z.number().int().min(0) }),
      async run({ shop, runId, after, done }) {
        const { next } = await awardHistoryBatch(ctx(), runId, after, done, deps.clock.now());
        if (next) {
          await deps
            .jobs()
            .enqueue(HISTORY_AWARD_JOB, { shop, runId, ...next }, { key: `loyalty.history-award:${runId}:${next.done}`, shop });
        }
      },
      async onFailure({ runId }, failure) {
        if (!failure.retryAt) await failHistoryAward(deps.db, runId, failure.error, deps.clock.now());
      },
    }),
  ];
}

/**
 * Enqueues the lifecycle sweep once per period of clock time: on start, when a new period begins
 * (checked every minute of real time) and when the clock jumps (the demo's fast-forward).
 */
export class LoyaltyLifecycleTicker {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastPeriod: number | null = null;

  constructor(private readonly o: { jobs: () => JobQueue; clock: Clock; log: Logger; checkMs?: number }) {}

  start() {
    this.timer = setInterval(() => void this.kick(), this.o.checkMs ?? 60_000);
    this.timer.unref();
    this.unsubscribe = this.o.clock.onShift?.(() => void this.kick());
    void this.kick();
  }

  /** Enqueues the current period's sweep if this ticker has not yet (the key dedupes across workers). */
  async kick(): Promise<void> {
    const period = Math.floor(this.o.clock.now().getTime() / SWEEP_PERIOD_MS);
    if (period === this.lastPeriod) return;
    this.lastPeriod = period;
    try {
      await this.o.jobs().enqueue(LIFECYCLE_SWEEP_JOB, { period }, { key: `loyalty.lifecycle:${period}` });
    } catch (error) {
      // Asked again on the next check.
      if (this.lastPeriod === period) this.lastPeriod = null;
      this.o.log.warn({ err: error }, "enqueueing the loyalty lifecycle sweep failed; trying again shortly");
    }
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }
}
