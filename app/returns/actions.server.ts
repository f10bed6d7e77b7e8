// The merchant's actions on a return. Each one claims the case first (a conditional update from the
// statuses it may start from, so two merchants pressing at once give one change and one
// "unchanged"), then asks Shopify — money-moving calls under an idempotency key made of the case and
// the step — and only when Shopify accepted moves the case and records the step's event. A refusal
// by Shopify releases the claim and leaves the case as it was, with Shopify's message.
import { minorToDecimal } from "~/orders/format-money";
import { toMinorUnits } from "~/orders/money";
import { AppError, excerpt } from "~/platform/errors";
import type { AdminClient } from "~/platform/shopify-admin.server";
import { appendCaseEvent, type CaseStep } from "./case-events.server";
import { findCase, type CaseRow } from "./case-view.server";
import type { ReturnDeps } from "./deps.server";
import { loadOrderContext } from "./order-context.server";
import { attachReturn, createInput, linkReturnLines, shopifyReturnLines } from "./portal.server";
import {
  ReturnApproveRequest,
  ReturnClose,
  ReturnCreate,
  ReturnDeclineRequest,
  ReturnDispose,
  ReturnForProcessing,
  ReturnLabelCreate,
  ReturnOrderPayments,
  ReturnProcess,
  ReturnStoreCreditBonus,
  type OrderTransactionNode,
  type ReturnProcessInput,
  type ReturnUserError,
} from "./returns.operations";
import { ACTIONS } from "./status";
import type { ActionResult, DeclineReason, ReturnAction, ReturnStatus } from "./types";

/** A claim left by a crash is free again after this long. */
const CLAIM_MS = 5 * 60_000;

type Effect = { ok: true; data?: Record<string, unknown>; extra?: Record<string, unknown> } | { ok: false; message: string };

class ShopifyRefused extends Error {}

function refused(userErrors: { message: string }[]): never {
  throw new ShopifyRefused(userErrors.map((e) => e.message).join("; ") || "Shopify refused the change");
}

const STEP: Record<ReturnAction, CaseStep> = {
  approve: "approve",
  decline: "decline",
  label: "label",
  receive: "receive",
  process: "process",
  close: "close",
};

async function run(
  deps: ReturnDeps,
  shop: string,
  id: string,
  actor: string | null,
  action: ReturnAction,
  effect: (c: CaseRow, client: AdminClient) => Promise<Effect>,
): Promise<ActionResult> {
  const { db } = deps;
  const c = await findCase(db, shop, id);
  if (!c) return { ok: false, error: "not_found", message: "No such return" };
  const { from, to } = ACTIONS[action];
  const now = deps.clock.now();
  const claimed = await db.returnCase.updateMany({
    where: {
      shop,
      id,
      status: { in: [...from] },
      OR: [{ pendingAction: null }, { pendingAt: { lt: new Date(now.getTime() - CLAIM_MS) } }],
    },
    data: { pendingAction: action, pendingAt: now },
  });
  if (claimed.count !== 1) {
    const current = await db.returnCase.findFirst({ where: { shop, id }, select: { status: true, pendingAction: true } });
    const busyOrDone = current?.pendingAction || current?.status === to;
    return busyOrDone
      ? { ok: false, error: "unchanged", message: `The return is already ${current?.status}` }
      : { ok: false, error: "invalid_state", message: `A ${current?.status} return cannot be changed this way` };
  }
  let outcome: Effect;
  try {
    outcome = await effect(c, await deps.admin(shop));
  } catch (error) {
    if (!(error instanceof ShopifyRefused) && !(error instanceof AppError)) {
      await release(deps, shop, id, action);
      throw error;
    }
    // Shopify's user errors as they are; a failed request (unavailable, refused token) in short.
    outcome = { ok: false, message: error instanceof ShopifyRefused ? error.message : excerpt(error.message, 300) };
  }
  if (!outcome.ok) {
    await release(deps, shop, id, action);
    return { ok: false, error: "shopify", message: outcome.message };
  }
  await db.returnCase.updateMany({
    where: { shop, id, pendingAction: action },
    data: { status: to, pendingAction: null, pendingAt: null, ...stepTime(to, now), ...outcome.data },
  });
  const row = (await findCase(db, shop, id))!;
  await appendCaseEvent(deps.events, row, STEP[action], { at: now, source: "app", extra: { actor, ...outcome.extra } });
  return { ok: true };
}

async function release(deps: ReturnDeps, shop: string, id: string, action: ReturnAction) {
  await deps.db.returnCase.updateMany({ where: { shop, id, pendingAction: action }, data: { pendingAction: null, pendingAt: null } });
}

function stepTime(to: ReturnStatus, now: Date): Record<string, Date> {
  const column: Partial<Record<ReturnStatus, string>> = {
    approved: "approvedAt",
    declined: "declinedAt",
    in_transit: "labelAt",
    received: "receivedAt",
    processed: "processedAt",
    closed: "closedAt",
  };
  const name = column[to];
  return name ? { [name]: now } : {};
}

function check(userErrors: ReturnUserError[] | { message: string }[]) {
  if (userErrors.length) refused(userErrors);
}

export function approveReturn(deps: ReturnDeps, shop: string, id: string, actor: string | null, o: { message?: string | null } = {}) {
  const message = o.message?.trim() || null;
  return run(deps, shop, id, actor, "approve", async (c, client) => {
    if (c.returnGid) {
      const { returnApproveRequest: r } = await client.request(ReturnApproveRequest, { input: { id: c.returnGid, notifyCustomer: false } });
      check(r.userErrors);
      return { ok: true, data: { approveMessage: message }, extra: { message } };
    }
    // An exchange waited here: Shopify gets it now, as an open return with the new variants.
    const ctx = await loadOrderContext(deps.db, client, shop, c.orderGid);
    if (!ctx) return { ok: false, message: "Shopify no longer has this order" };
    const lines = shopifyReturnLines(ctx, c.items);
    const { returnCreate: r } = await client.request(ReturnCreate, {
      returnInput: createInput(ctx, lines, c.items, new Map(), c.resolution as "exchange", c.shippingFeeMinor, deps.clock.now()),
    });
    if (!r.return) refused(r.userErrors);
    await attachReturn(deps.db, shop, c.id, r.return.id, { name: r.return.name });
    await linkReturnLines(deps.db, shop, c.id, r.return.returnLineItems.nodes);
    return { ok: true, data: { approveMessage: message }, extra: { message, returnGid: r.return.id, name: r.return.name } };
  });
}

export function declineReturn(
  deps: ReturnDeps,
  shop: string,
  id: string,
  actor: string | null,
  o: { reason: DeclineReason; message: string },
) {
  const message = o.message.trim() || null;
  return run(deps, shop, id, actor, "decline", async (c, client) => {
    if (c.returnGid) {
      const { returnDeclineRequest: r } = await client.request(ReturnDeclineRequest, {
        input: { id: c.returnGid, declineReason: o.reason, declineNote: message, notifyCustomer: false },
      });
      check(r.userErrors);
    }
    return { ok: true, data: { declineReason: o.reason, declineMessage: message }, extra: { message } };
  });
}

async function returnForProcessing(client: AdminClient, returnGid: string) {
  const { return: r } = await client.request(ReturnForProcessing, { id: returnGid });
  if (!r) throw new ShopifyRefused("Shopify no longer has this return");
  return r;
}

export function addReturnLabel(
  deps: ReturnDeps,
  shop: string,
  id: string,
  actor: string | null,
  o: { labelUrl: string | null; trackingNumber: string | null; trackingUrl?: string | null; carrier?: string | null },
) {
  const labelUrl = o.labelUrl?.trim() || null;
  const trackingNumber = o.trackingNumber?.trim() || null;
  const trackingUrl = o.trackingUrl?.trim() || null;
  const carrier = o.carrier?.trim() || null;
  return run(deps, shop, id, actor, "label", async (c, client) => {
    if (!labelUrl && !trackingNumber) return { ok: false, message: "A label URL or a tracking number is needed" };
    const r = await returnForProcessing(client, c.returnGid!);
    const rfo = r.reverseFulfillmentOrders.nodes.find((n) => n.status === "OPEN") ?? r.reverseFulfillmentOrders.nodes[0];
    if (!rfo) return { ok: false, message: "Shopify has no reverse fulfilment order for this return yet" };
    const { reverseDeliveryCreateWithShipping: d } = await client.request(ReturnLabelCreate, {
      reverseFulfillmentOrderId: rfo.id,
      reverseDeliveryLineItems: rfo.lineItems.nodes.map((l) => ({ reverseFulfillmentOrderLineItemId: l.id, quantity: l.totalQuantity })),
      trackingInput: trackingNumber || trackingUrl ? { number: trackingNumber, url: trackingUrl } : null,
      labelInput: labelUrl ? { fileUrl: labelUrl } : null,
      notifyCustomer: false,
    });
    check(d.userErrors);
    return { ok: true, data: { labelUrl, trackingNumber, trackingUrl, carrier } };
  });
}

export function markReceived(deps: ReturnDeps, shop: string, id: string, actor: string | null) {
  return run(deps, shop, id, actor, "receive", async (c, client) => {
    const r = await returnForProcessing(client, c.returnGid!);
    const lines = r.reverseFulfillmentOrders.nodes.flatMap((n) => n.lineItems.nodes);
    // Shopify restocks at a location it is told: the one each item shipped from.
    const shippedFrom = new Map(
      r.order.fulfillments.flatMap((f) => f.fulfillmentLineItems.nodes.map((n) => [n.id, f.location?.id ?? null] as const)),
    );
    const located = lines.map((l) => ({
      line: l,
      locationId: l.fulfillmentLineItem ? (shippedFrom.get(l.fulfillmentLineItem.id) ?? null) : null,
    }));
    if (located.some((l) => !l.locationId)) return { ok: false, message: "Shopify has no location the returned items shipped from" };
    const { reverseFulfillmentOrderDispose: d } = await client.request(ReturnDispose, {
      dispositionInputs: located.map(({ line, locationId }) => ({
        reverseFulfillmentOrderLineItemId: line.id,
        quantity: line.totalQuantity,
        dispositionType: "RESTOCKED",
        locationId,
      })),
    });
    check(d.userErrors);
    return { ok: true };
  });
}

function money(minor: number, currency: string) {
  return { amount: minorToDecimal(minor, currency), currencyCode: currency };
}

export function processReturn(deps: ReturnDeps, shop: string, id: string, actor: string | null) {
  return run(deps, shop, id, actor, "process", async (c, client) => {
    const r = await returnForProcessing(client, c.returnGid!);
    const input: ReturnProcessInput = {
      returnId: r.id,
      returnLineItems: r.returnLineItems.nodes.map((l) => ({ id: l.id, quantity: l.quantity })),
      exchangeLineItems: [],
      notifyCustomer: false,
    };
    let storeCreditMinor: number | null = null;
    const base = c.totalMinor - c.bonusMinor;
    if (c.resolution === "exchange") {
      input.exchangeLineItems = r.exchangeLineItems.nodes.map((e) => ({ id: e.id, quantity: exchangeQuantity(c, e.id, r) }));
    } else if (c.resolution === "refund" && c.totalMinor > 0) {
      const { order } = await client.request(ReturnOrderPayments, { id: c.orderGid });
      const sale = paymentToRefund(order?.transactions ?? [], c.currency);
      if (!sale) return { ok: false, message: "The order has no payment to refund to" };
      input.financialTransfer = {
        issueRefund: { orderTransactions: [{ parentId: sale.id, transactionAmount: money(c.totalMinor, c.currency) }] },
      };
    } else if (c.resolution === "store_credit" && base > 0) {
      input.financialTransfer = {
        issueRefund: { orderTransactions: [], refundMethods: [{ storeCreditRefund: { amount: money(base, c.currency) } }] },
      };
      storeCreditMinor = base;
    }
    const { returnProcess: p } = await client.request(ReturnProcess, { input, key: `return-case:${c.id}:process` });
    check(p.userErrors);
    const refundGid = p.return?.refunds.nodes.at(-1)?.id ?? null;
    // The bonus is the shop's gift beyond what was paid: Shopify's refund to store credit cannot exceed
    // the payment, so it is credited to the customer's account on its own, once (its own key).
    if (c.resolution === "store_credit" && c.bonusMinor > 0 && c.customerGid) {
      const { storeCreditAccountCredit: b } = await client.request(ReturnStoreCreditBonus, {
        id: c.customerGid,
        creditInput: { creditAmount: money(c.bonusMinor, c.currency) },
        key: `return-case:${c.id}:bonus`,
      });
      check(b.userErrors);
      storeCreditMinor = (storeCreditMinor ?? 0) + c.bonusMinor;
    }
    return { ok: true, data: { refundGid, storeCreditMinor }, extra: { refundGid, storeCreditMinor } };
  });
}

/** The successful sale or capture with the most left to refund (its amount less the refunds made against it). */
function paymentToRefund(transactions: OrderTransactionNode[], currency: string): OrderTransactionNode | null {
  const left = (t: OrderTransactionNode) =>
    toMinorUnits(t.amountSet.shopMoney.amount, currency) -
    transactions
      .filter((r) => r.kind === "REFUND" && r.status === "SUCCESS" && r.parentTransaction?.id === t.id)
      .reduce((sum, r) => sum + toMinorUnits(r.amountSet.shopMoney.amount, currency), 0);
  const payments = transactions.filter((t) => (t.kind === "SALE" || t.kind === "CAPTURE") && t.status === "SUCCESS");
  return [...payments].sort((a, b) => left(b) - left(a))[0] ?? null;
}

/** Exchange line items are matched by order: Shopify keeps them in the order returnCreate was given them. */
function exchangeQuantity(c: CaseRow, exchangeId: string, r: Awaited<ReturnType<typeof returnForProcessing>>): number {
  const index = r.exchangeLineItems.nodes.findIndex((e) => e.id === exchangeId);
  const wanted = c.items.filter((i) => i.exchangeVariantGid);
  return wanted[index]?.quantity ?? 1;
}

export function closeReturn(deps: ReturnDeps, shop: string, id: string, actor: string | null) {
  return run(deps, shop, id, actor, "close", async (c, client) => {
    const { returnClose: r } = await client.request(ReturnClose, { id: c.returnGid! });
    check(r.userErrors);
    return { ok: true };
  });
}
