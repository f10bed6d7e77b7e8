// The loyalty program's reactions to after-sales events: points when an order is paid, an
// account is created or a review is published; reversals when an order is refunded or cancelled
// (and, on a full refund, the points spent on a reward used with it come back, and unused reward
// codes bought with points the customer no longer has are voided); reward codes marked used when
// an order carries them. Each writes entries under its own keys, so a repeated event changes nothing.
import type { Subscriber, SubscriberContext } from "~/events/subscriber";
import type { StoredEvent } from "~/events/types";
import { publishChanges } from "./changes.server";
import { deactivateRewardCode } from "./issue-reward.server";
import { appendInTx, withMember, type Entry } from "./ledger.server";
import { awardOrderInTx, earnKey, excludedProducts, orderFacts, reconcileInTx, scheduleRelease } from "./orders.server";
import { loyaltyProgram, programEnabled } from "./program.server";
import { refundRedemption } from "./redeem.server";
import { evaluateTier } from "./tier.server";

export const earnOnPaidSubscriber: Subscriber = {
  name: "loyalty.earn-on-paid",
  async handle(event, ctx) {
    const { db, clock, shopify } = ctx;
    const { shop, orderGid, customerGid } = event;
    if (!orderGid || !customerGid || !(await programEnabled(db, shop))) return;
    const program = await loyaltyProgram(db, shop);
    const facts = await orderFacts(db, shop, orderGid);
    // The order's projection is written before its events; absent means it was redacted meanwhile.
    if (!facts || facts.order.cancelledAt) return;
    const excluded = await excludedProducts(
      db,
      shopify,
      shop,
      program,
      facts.lines.flatMap((l) => (l.productGid ? [l.productGid] : [])),
    );
    const now = clock.now();
    const r = await withMember(db, shop, customerGid, now, async (tx, member) => ({
      ...(await awardOrderInTx(tx, member, program, facts, excluded, event.occurredAt, now)),
      member,
    }));
    await publishChanges(ctx, shop, { entries: r.entries, member: r.member, tier: r.tier });
    const earn = await db.loyaltyEntry.findUnique({ where: { shop_key: { shop, key: earnKey(orderGid) } } });
    if (earn?.availableAt && earn.pendingPoints > 0) await scheduleRelease(ctx.jobs, shop, customerGid, orderGid, earn.availableAt);
  },
};

async function reconcileOrder(event: StoredEvent, ctx: SubscriberContext) {
  const { db, clock } = ctx;
  const { shop, orderGid } = event;
  if (!orderGid) return;
  const order = await db.order.findUnique({
    where: { shop_orderGid: { shop, orderGid } },
    select: { customerGid: true, totalMinor: true, cancelledAt: true },
  });
  const customerGid = order?.customerGid ?? event.customerGid;
  if (!order || !customerGid) return;
  // Points earned on the order are reconciled even if the program was switched off since.
  const earned = await db.loyaltyEntry.findUnique({ where: { shop_key: { shop, key: earnKey(orderGid) } }, select: { id: true } });
  const program = await loyaltyProgram(db, shop);
  const now = clock.now();
  if (earned) {
    const r = await withMember(db, shop, customerGid, now, async (tx, member) => {
      const entries = await reconcileInTx(tx, member, program, orderGid, now);
      const tier = entries.length ? await evaluateTier(tx, program, member, now) : { change: null, entries: [] as Entry[] };
      return { entries: [...entries, ...tier.entries], tier: tier.change, member };
    });
    await publishChanges(ctx, shop, r);
  }
  const refunded = await db.refund.aggregate({ where: { shop, orderGid }, _sum: { amountMinor: true } });
  const full = order.cancelledAt !== null || (order.totalMinor > 0 && (refunded._sum.amountMinor ?? 0) >= order.totalMinor);
  if (!full) return;
  // A reward used on an order that is wholly refunded or cancelled: its points come back.
  for (const used of await db.loyaltyRedemption.findMany({ where: { shop, orderGid, status: "used" } })) {
    await refundRedemption(ctx, used, "refunded", "reward_refunded");
  }
  if (earned) await recoverShortfall(ctx, shop, customerGid, orderGid);
}

/**
 * A fully refunded order whose points were already spent ("buy, earn, redeem, refund"): unused
 * reward codes bought with points are voided in Shopify, newest first, their points restored and
 * taken back against the shortfall, until it is covered or no unused code is left.
 */
async function recoverShortfall(ctx: SubscriberContext, shop: string, customerGid: string, orderGid: string) {
  const { db, clock, shopify } = ctx;
  const reversals = await db.loyaltyEntry.findMany({ where: { shop, customerGid, orderGid, kind: "reverse" } });
  let shortfall = reversals.reduce((s, e) => s + Number((JSON.parse(e.detail) as { shortfall?: number }).shortfall ?? 0), 0);
  if (shortfall <= 0) return;
  const unused = await db.loyaltyRedemption.findMany({
    where: { shop, customerGid, status: "issued", discountGid: { not: null } },
    orderBy: { createdAt: "desc" },
  });
  for (const r of unused) {
    if (shortfall <= 0) break;
    await deactivateRewardCode(db, shopify, shop, r.discountGid!);
    await refundRedemption(ctx, r, "voided", "reward_voided");
    const now = clock.now();
    const taken = Math.min(shortfall, r.cost);
    const w = await withMember(db, shop, customerGid, now, async (tx, member) => ({
      entries: (
        await appendInTx(
          tx,
          member,
          [
            {
              key: `reverse:recovered:${orderGid}:${r.id}`,
              kind: "reverse",
              points: -Math.min(taken, member.balance),
              reason: "order_refunded",
              source: "refund",
              orderGid,
              redemptionId: r.id,
              detail: { shortfall: -Math.min(taken, member.balance), voided: r.code },
            },
          ],
          now,
        )
      ).written,
      member,
    }));
    await publishChanges(ctx, shop, { ...w, rewards: { [r.id]: r.title } });
    shortfall -= taken;
  }
}

export const reverseOnRefundSubscriber: Subscriber = { name: "loyalty.reverse-on-refund", handle: reconcileOrder };
export const reverseOnCancelSubscriber: Subscriber = { name: "loyalty.reverse-on-cancel", handle: reconcileOrder };

/** Points for something the customer did once (an account, a review): immediately spendable. */
async function actionAward(
  event: StoredEvent,
  ctx: SubscriberContext,
  key: string,
  pick: (p: Awaited<ReturnType<typeof loyaltyProgram>>) => { on: boolean; points: number },
  reason: "signup" | "review_published",
  source: "customer" | "review",
) {
  const { db, clock } = ctx;
  const { shop, customerGid } = event;
  if (!customerGid || !(await programEnabled(db, shop))) return;
  const program = await loyaltyProgram(db, shop);
  const rule = pick(program);
  if (!rule.on || rule.points <= 0) return;
  const now = clock.now();
  const r = await withMember(db, shop, customerGid, now, async (tx, member) => {
    const written = (
      await appendInTx(
        tx,
        member,
        [{ key, kind: "earn", points: rule.points, reason, source, orderGid: event.orderGid, detail: event.detail }],
        now,
      )
    ).written;
    const tier = written.length ? await evaluateTier(tx, program, member, now) : { change: null, entries: [] as Entry[] };
    return { entries: [...written, ...tier.entries], tier: tier.change, member };
  });
  await publishChanges(ctx, shop, r);
}

export const signupSubscriber: Subscriber = {
  name: "loyalty.signup",
  handle: (event, ctx) =>
    actionAward(event, ctx, `signup:${event.customerGid}`, (p) => ({ on: p.signupEnabled, points: p.signupPoints }), "signup", "customer"),
};

export const reviewSubscriber: Subscriber = {
  name: "loyalty.review",
  handle: (event, ctx) =>
    actionAward(
      event,
      ctx,
      `review:${String(event.detail.reviewId ?? event.key)}`,
      (p) => ({ on: p.reviewEnabled, points: p.reviewPoints }),
      "review_published",
      "review",
    ),
};

/** An order that carries a reward code: the redemption is used (and counts as loyalty revenue). */
export const markRewardUsedSubscriber: Subscriber = {
  name: "loyalty.mark-reward-used",
  async handle(event, { db, clock }) {
    const { shop, orderGid } = event;
    if (!orderGid) return;
    const order = await db.order.findUnique({ where: { shop_orderGid: { shop, orderGid } }, select: { discountCodes: true } });
    const codes = order?.discountCodes ? (JSON.parse(order.discountCodes) as string[]).map((c) => c.toUpperCase()) : [];
    if (!codes.length) return;
    await db.loyaltyRedemption.updateMany({
      where: { shop, code: { in: codes }, status: "issued" },
      data: { status: "used", orderGid, usedAt: clock.now() },
    });
  },
};
