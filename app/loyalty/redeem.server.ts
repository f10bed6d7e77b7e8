// Spending points on a reward, exactly once. The points are taken and the redemption recorded in
// one transaction holding the customer's member row, so concurrent requests on one balance queue
// up and only those the balance covers succeed (the rest: 409 with the reason). Shopify is called
// after the commit; if it refuses, the points come back in a `restore` entry. If its answer is
// lost, the code (chosen before the call) is looked up: found means issued, absent means restored,
// and a lookup that fails too leaves the redemption to a keyed settle job — never lost points, never
// an orphan code. A request key makes a retried request return the first one's outcome.
import type { LoyaltyRedemption } from "@prisma/client";
import type { EventLog } from "~/events/log.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import type { JobQueue } from "~/platform/jobs/types";
import type { ShopifyConfig } from "~/messaging/shopify.server";
import { publishChanges } from "./changes.server";
import { findRewardCode, issueReward, newRewardCode } from "./issue-reward.server";
import { appendInTx, withMember, type Entry, type Member } from "./ledger.server";
import { loyaltyProgram } from "./program.server";
import type { Reward, RewardType } from "./types";

export const SETTLE_JOB = "loyalty.settle-redemption";
/** A redemption still `reserved` this long after it was made is settled by its job. */
export const SETTLE_AFTER_MS = 2 * 60_000;

export interface RedeemDeps {
  db: Db;
  shopify: ShopifyConfig;
  events: EventLog;
  jobs: JobQueue;
  clock: Clock;
}

export interface RedemptionView {
  id: string;
  rewardId: string;
  type: RewardType;
  title: string;
  cost: number;
  value: number;
  status: string;
  code: string | null;
  createdAt: string;
}

export type RedeemOutcome =
  | { ok: true; status: 200 | 201 | 202; redemption: RedemptionView; balance: number }
  | { ok: false; status: 400 | 404 | 409 | 502 | 503; error: string; message: string; balance?: number };

export function viewOf(r: LoyaltyRedemption): RedemptionView {
  return {
    id: r.id,
    rewardId: r.rewardId,
    type: r.type as RewardType,
    title: r.title,
    cost: r.cost,
    value: r.value,
    status: r.status,
    code: r.status === "issued" || r.status === "used" ? r.code : null,
    createdAt: r.createdAt.toISOString(),
  };
}

function isUniqueViolation(error: unknown) {
  return (error as { code?: string })?.code === "P2002";
}

async function balanceOf(db: Db, shop: string, customerGid: string): Promise<number> {
  return (
    (await db.loyaltyMember.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { balance: true } }))?.balance ?? 0
  );
}

async function replay(deps: RedeemDeps, existing: LoyaltyRedemption): Promise<RedeemOutcome> {
  const balance = await balanceOf(deps.db, existing.shop, existing.customerGid);
  if (existing.status === "failed")
    return {
      ok: false,
      status: 502,
      error: "REWARD_FAILED",
      message: "The reward could not be created; your points were returned.",
      balance,
    };
  return { ok: true, status: existing.status === "reserved" ? 202 : 200, redemption: viewOf(existing), balance };
}

export type Reserved = { redemption: LoyaltyRedemption; member: Member; entries: Entry[] } | { short: number };

/**
 * Takes a reward's points and records the redemption, in one transaction holding the member row:
 * `{ short }` (nothing written) when the balance does not cover the cost.
 */
export async function reserveRedemption(
  db: Db,
  input: { shop: string; customerGid: string; requestKey: string; reward: Reward },
  now: Date,
): Promise<Reserved> {
  const { shop, customerGid, requestKey, reward } = input;
  return withMember(db, shop, customerGid, now, async (tx, member) => {
    if (member.balance < reward.cost) return { short: member.balance };
    const redemption = await tx.loyaltyRedemption.create({
      data: {
        shop,
        customerGid,
        rewardId: reward.id,
        requestKey,
        type: reward.type,
        title: reward.title,
        cost: reward.cost,
        value: reward.value,
        code: reward.type === "store_credit" ? null : newRewardCode(),
        createdAt: now,
      },
    });
    const r = await appendInTx(
      tx,
      member,
      [
        {
          key: `redeem:${redemption.id}`,
          kind: "redeem",
          points: -reward.cost,
          reason: "reward_redeemed",
          source: "reward",
          redemptionId: redemption.id,
        },
      ],
      now,
    );
    return { redemption, member, entries: r.written };
  });
}

export async function redeemReward(
  deps: RedeemDeps,
  input: { shop: string; customerGid: string; rewardId: string; requestKey: string },
): Promise<RedeemOutcome> {
  const { db, clock } = deps;
  const { shop, customerGid, rewardId, requestKey } = input;
  const prior = await db.loyaltyRedemption.findUnique({ where: { shop_requestKey: { shop, requestKey } } });
  if (prior) {
    if (prior.customerGid !== customerGid)
      return { ok: false, status: 409, error: "REQUEST_KEY_REUSED", message: "This request key was used for another request." };
    return replay(deps, prior);
  }
  const program = await loyaltyProgram(db, shop);
  if (!program.enabled) return { ok: false, status: 409, error: "PROGRAM_OFF", message: "The shop's rewards program is not running." };
  const reward = program.rewards.find((r) => r.id === rewardId && r.enabled);
  if (!reward) return { ok: false, status: 404, error: "NO_SUCH_REWARD", message: "This reward is not offered any more." };
  const shopRow = await db.shop.findUnique({ where: { shop }, select: { currency: true, state: true } });
  if (!shopRow || shopRow.state !== "installed")
    return { ok: false, status: 409, error: "PROGRAM_OFF", message: "The shop's rewards program is not running." };
  const currency = shopRow.currency ?? "USD";
  const now = clock.now();

  let reserved: Reserved;
  try {
    reserved = await reserveRedemption(db, { shop, customerGid, requestKey, reward }, now);
  } catch (error) {
    // The same request key, sent twice at once: the first one's outcome is the answer.
    if (isUniqueViolation(error)) {
      const again = await db.loyaltyRedemption.findUnique({ where: { shop_requestKey: { shop, requestKey } } });
      if (again) return replay(deps, again);
    }
    throw error;
  }
  if ("short" in reserved) {
    return {
      ok: false,
      status: 409,
      error: "NOT_ENOUGH_POINTS",
      message: `This reward costs ${reward.cost} points; the balance is ${reserved.short}.`,
      balance: reserved.short,
    };
  }
  const { redemption, member } = reserved;
  await publishChanges(deps, shop, { entries: reserved.entries, member, rewards: { [redemption.id]: redemption.title } });
  // The safety net: if this process dies before the outcome is recorded, the job settles it.
  await deps.jobs.enqueue(
    SETTLE_JOB,
    { shop, redemptionId: redemption.id },
    { key: `loyalty.settle:${shop}:${redemption.id}`, runAt: new Date(now.getTime() + SETTLE_AFTER_MS), shop },
  );
  const settled = await issueOrSettle(deps, redemption, currency, false);
  const balance = await balanceOf(db, shop, customerGid);
  if (settled.status === "issued") return { ok: true, status: 201, redemption: viewOf(settled), balance };
  if (settled.status === "reserved") return { ok: true, status: 202, redemption: viewOf(settled), balance };
  return {
    ok: false,
    status: 502,
    error: "REWARD_FAILED",
    message: "Shopify could not create the reward; your points were returned.",
    balance,
  };
}

function ambiguous(error: unknown): boolean {
  // Throttling and outages (the client already retried), or a transport error: the call may have landed.
  return !(error instanceof AppError) || error.retryable;
}

/**
 * Creates the reward in Shopify and records the outcome. With `lookupFirst` (the settle job), a
 * code Shopify already has is taken as issued without creating it again.
 */
export async function issueOrSettle(
  deps: RedeemDeps,
  r: LoyaltyRedemption,
  currency: string,
  lookupFirst: boolean,
): Promise<LoyaltyRedemption> {
  const { db, shopify } = deps;
  const now = deps.clock.now();
  const issued = (discountGid: string | null) =>
    db.loyaltyRedemption
      .updateMany({ where: { id: r.id, status: "reserved" }, data: { status: "issued", discountGid, issuedAt: now, error: null } })
      .then(() => db.loyaltyRedemption.findUniqueOrThrow({ where: { id: r.id } }));
  if (lookupFirst && r.code) {
    const found = await findRewardCode(db, shopify, r.shop, r.code);
    if (found) return issued(found);
  }
  try {
    const discountGid = await issueReward(
      db,
      shopify,
      r.shop,
      {
        type: r.type as RewardType,
        title: r.title,
        value: r.value,
        variantGid: await variantOf(db, r),
        minimumSubtotal: await minimumOf(db, r),
        code: r.code,
        customerGid: r.customerGid,
        currency,
      },
      now,
    );
    return issued(discountGid);
  } catch (error) {
    if (ambiguous(error)) {
      if (r.code) {
        try {
          const found = await findRewardCode(db, shopify, r.shop, r.code);
          if (found) return issued(found);
        } catch {
          // Shopify is unreachable: the settle job decides later.
          return db.loyaltyRedemption.update({ where: { id: r.id }, data: { error: messageOf(error) } });
        }
      } else if (!lookupFirst) {
        // Store credit cannot be looked up by code: the settle job retries the credit later.
        return db.loyaltyRedemption.update({ where: { id: r.id }, data: { error: messageOf(error) } });
      }
    }
    return refundRedemption(deps, r, "failed", "reward_failed", messageOf(error));
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

async function variantOf(db: Db, r: LoyaltyRedemption): Promise<string | null> {
  return (await db.loyaltyReward.findFirst({ where: { shop: r.shop, id: r.rewardId }, select: { variantGid: true } }))?.variantGid ?? null;
}

async function minimumOf(db: Db, r: LoyaltyRedemption): Promise<number | null> {
  return (
    (await db.loyaltyReward.findFirst({ where: { shop: r.shop, id: r.rewardId }, select: { minimumSubtotal: true } }))?.minimumSubtotal ??
    null
  );
}

/** Gives a redemption's points back (once) and moves it to `status`. */
export async function refundRedemption(
  deps: Pick<RedeemDeps, "db" | "events" | "jobs" | "clock">,
  r: LoyaltyRedemption,
  status: "failed" | "voided" | "refunded",
  reason: "reward_failed" | "reward_voided" | "reward_refunded",
  error: string | null = null,
): Promise<LoyaltyRedemption> {
  const now = deps.clock.now();
  const result = await withMember(deps.db, r.shop, r.customerGid, now, async (tx, member) => {
    const written = await appendInTx(
      tx,
      member,
      [{ key: `restore:${r.id}`, kind: "restore", points: r.cost, reason, source: "reward", redemptionId: r.id, orderGid: r.orderGid }],
      now,
    );
    const updated = await tx.loyaltyRedemption.update({
      where: { id: r.id },
      data: { status, error, ...(status === "failed" ? {} : { voidedAt: now }) },
    });
    return { written: written.written, member, updated };
  });
  await publishChanges(deps, r.shop, { entries: result.written, member: result.member, rewards: { [r.id]: r.title } });
  return result.updated;
}
