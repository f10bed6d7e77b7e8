// The shopper's side of a return, behind a portal token: the order's returnable items with the
// reasons and resolutions the policy offers, the amounts before submitting, the submission itself
// and the status page. A submission is decided by the policy engine, then goes to Shopify —
// returnCreate when the policy approves it at once (with the exchange's new variants), returnRequest
// when the merchant decides (an exchange waits here until approved, as Shopify's requests carry no
// exchange) — and is stored with its photos under the form's request key, so the same form sent
// twice is the same return.
import { checkPhoto } from "~/reviews/photos";
import { minorToDecimal } from "~/orders/format-money";
import type { Db } from "~/platform/db.server";
import { orderedId } from "~/platform/ids";
import { appendCaseEvent } from "./case-events.server";
import { caseInclude, findCase, reasonLabel, statusView } from "./case-view.server";
import type { ReturnDeps } from "./deps.server";
import { loadOrderContext, pickFulfillmentLines, type OrderContext } from "./order-context.server";
import {
  evaluateReturn,
  returnableItems,
  type ReturnAmounts as PolicyAmounts,
  type ReturnDecision,
  type ReturnPolicy,
  type ReturnRequestInput,
} from "./policy";
import { openPortalToken } from "./portal-token";
import { refusalMessage } from "./refusal-messages";
import { ReturnCreate, ReturnRequest, type ReturnUserError, type ShopifyReturnLine } from "./returns.operations";
import { loadReturnPolicy } from "./settings.server";
import type {
  PortalOrder,
  Resolution,
  ReturnAmounts,
  ReturnDraft,
  ReturnStatus,
  ReturnStatusView,
  SubmitError,
  SubmitResult,
  UploadedPhoto,
} from "./types";

const MAX_PHOTOS_PER_ITEM = 5;
const MAX_NOTE = 1_000;

interface Opened {
  orderGid: string;
  ctx: OrderContext;
  policy: ReturnPolicy;
}

async function open(deps: ReturnDeps, shop: string, token: string): Promise<Opened | null> {
  const t = openPortalToken(deps.secret, token, deps.clock.now());
  if (!t || t.shop !== shop) return null;
  const client = await deps.admin(shop);
  const [ctx, policy] = await Promise.all([loadOrderContext(deps.db, client, shop, t.orderGid), loadReturnPolicy(deps.db, shop)]);
  return ctx ? { orderGid: t.orderGid, ctx, policy } : null;
}

export function contractAmounts(a: PolicyAmounts): ReturnAmounts {
  return {
    itemsMinor: a.itemsValueMinor,
    restockingFeeMinor: a.restockingFeeMinor,
    shippingFeeMinor: a.returnShippingFeeMinor,
    bonusMinor: a.bonusMinor,
    totalMinor: a.totalMinor,
    currency: a.currency,
  };
}

function bonusOf(policy: ReturnPolicy, resolution: Resolution): number {
  if (resolution === "store_credit") return policy.resolutions.storeCredit.bonusPercent;
  if (resolution === "exchange") return policy.resolutions.exchange.bonusPercent;
  return 0;
}

function resolutionEnabled(policy: ReturnPolicy, resolution: Resolution): boolean {
  if (resolution === "refund") return policy.resolutions.refund.enabled;
  if (resolution === "store_credit") return policy.resolutions.storeCredit.enabled;
  return policy.resolutions.exchange.enabled;
}

async function earlierReturnsAt(db: Db, shop: string, customerGid: string | null): Promise<string[]> {
  if (!customerGid) return [];
  const rows = await db.returnCase.findMany({
    where: { shop, customerGid, status: { notIn: ["declined", "cancelled"] } },
    select: { requestedAt: true },
  });
  return rows.map((r) => r.requestedAt.toISOString());
}

export async function portalOrder(deps: ReturnDeps, shop: string, token: string, locale: string): Promise<PortalOrder | null> {
  const o = await open(deps, shop, token);
  if (!o) return null;
  const { ctx, policy } = o;
  const lines = returnableItems(policy, ctx.policyOrder, deps.clock.now());
  const cases = await deps.db.returnCase.findMany({ where: { shop, orderGid: o.orderGid }, orderBy: { requestedAt: "desc" } });
  return {
    orderName: ctx.orderName,
    currency: ctx.policyOrder.currency,
    locale,
    items: lines.flatMap((l) => {
      const info = ctx.lines.get(l.lineItemGid)!;
      const line = ctx.policyOrder.lines.find((p) => p.lineItemGid === l.lineItemGid)!;
      if (!info.productGid) return [];
      return [
        {
          lineItemGid: l.lineItemGid,
          title: info.title,
          variantTitle: info.variantTitle,
          imageUrl: info.imageUrl,
          unitPriceMinor: line.unitPriceMinor,
          orderedQuantity: line.quantity,
          returnableQuantity: l.returnableQuantity,
          deadline: l.deadline,
          refusal: l.notReturnable,
          exchangeVariants: info.variants.filter((v) => v.variantGid !== info.variantGid),
        },
      ];
    }),
    reasons: policy.reasons.map((r) => ({ code: r.code, label: reasonLabel(policy, r.code, locale), requiresPhoto: r.requiresPhoto })),
    resolutions: (["refund", "store_credit", "exchange"] as const)
      .filter((r) => resolutionEnabled(policy, r))
      .map((resolution) => ({ resolution, bonusPercent: bonusOf(policy, resolution) })),
    returns: cases.map((c) => ({
      id: c.id,
      name: c.name,
      status: c.status as ReturnStatus,
      resolution: c.resolution as Resolution,
      createdAt: c.requestedAt.toISOString(),
      totalMinor: c.totalMinor,
      currency: c.currency,
    })),
  };
}

function emptyAmounts(currency: string): ReturnAmounts {
  return { itemsMinor: 0, restockingFeeMinor: 0, shippingFeeMinor: 0, bonusMinor: 0, totalMinor: 0, currency };
}

function tokenError(locale: string): SubmitError {
  return { lineItemGid: null, field: "token", code: "expired", message: refusalMessage("expired", locale) };
}

/** The draft's own problems (before the policy): nothing chosen, a note too long, photos that are not images. */
function draftErrors(draft: ReturnDraft, photos: UploadedPhoto[], locale: string): SubmitError[] {
  const errors: SubmitError[] = [];
  const err = (lineItemGid: string | null, field: string, code: string) =>
    errors.push({ lineItemGid, field, code, message: refusalMessage(code, locale) });
  if (!draft.items.length) err(null, "items", "nothing");
  if ((draft.note ?? "").length > MAX_NOTE) err(null, "note", "too_long");
  const seen = new Set<string>();
  for (const item of draft.items) {
    if (seen.has(item.lineItemGid)) err(item.lineItemGid, "lineItemGid", "duplicate");
    seen.add(item.lineItemGid);
    if ((item.note ?? "").length > MAX_NOTE) err(item.lineItemGid, "note", "too_long");
  }
  for (const p of photos) {
    if (!seen.has(p.lineItemGid)) {
      err(p.lineItemGid, "photos", "unknown_item");
      continue;
    }
    const check = checkPhoto(p.bytes);
    if (!check.ok) err(p.lineItemGid, "photos", check.why);
  }
  for (const gid of seen) if (photos.filter((p) => p.lineItemGid === gid).length > MAX_PHOTOS_PER_ITEM) err(gid, "photos", "too_many");
  return errors;
}

/** `photosToCome`: a quote, made before the photos are sent, counts each item as having the photo its reason asks for. */
async function decide(
  deps: ReturnDeps,
  shop: string,
  o: Opened,
  draft: ReturnDraft,
  photos: UploadedPhoto[],
  photosToCome = false,
): Promise<ReturnDecision> {
  const request: ReturnRequestInput = {
    order: o.ctx.policyOrder,
    customer: { flagged: false, previousReturnsAt: await earlierReturnsAt(deps.db, shop, o.ctx.customerGid) },
    resolution: draft.resolution,
    items: draft.items.map((i) => ({
      lineItemGid: i.lineItemGid,
      quantity: i.quantity,
      reasonCode: i.reasonCode,
      photoCount: photosToCome ? 1 : photos.filter((p) => p.lineItemGid === i.lineItemGid).length,
      exchangeVariantGid: i.exchangeVariantGid ?? null,
    })),
  };
  return evaluateReturn(o.policy, request, deps.clock.now());
}

function refusalErrors(decision: ReturnDecision, locale: string): SubmitError[] {
  return decision.refusals.flatMap((r) =>
    r.codes.map((code) => ({
      lineItemGid: r.lineItemGid,
      field: fieldOf(code),
      code,
      message: refusalMessage(code, locale),
    })),
  );
}

function fieldOf(code: string): string {
  if (code.startsWith("quantity")) return "quantity";
  if (code === "unknown_reason") return "reasonCode";
  if (code === "photo_required") return "photos";
  if (code === "resolution_not_allowed") return "resolution";
  if (code === "exchange_variant_invalid") return "exchangeVariantGid";
  return "lineItemGid";
}

export async function quoteReturn(
  deps: ReturnDeps,
  shop: string,
  token: string,
  draft: ReturnDraft,
  locale = "en",
): Promise<{ amounts: ReturnAmounts; errors: SubmitError[] }> {
  const o = await open(deps, shop, token);
  if (!o) return { amounts: emptyAmounts(""), errors: [tokenError(locale)] };
  const own = draftErrors(draft, [], locale);
  if (!draft.items.length) return { amounts: emptyAmounts(o.ctx.policyOrder.currency), errors: own };
  // Photos come with the submission: a quote does not hold a missing photo against the shopper.
  const decision = await decide(deps, shop, o, draft, [], true);
  const errors = [...own, ...refusalErrors(decision, locale)];
  return { amounts: contractAmounts(decision.amounts), errors };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

function accepted(c: { id: string; status: string; approval: string }): SubmitResult {
  return { ok: true, returnId: c.id, status: c.status as ReturnStatus, approval: c.approval === "auto" ? "auto" : "review" };
}

function shopifyErrors(userErrors: ReturnUserError[]): SubmitError[] {
  return userErrors.map((e) => ({ lineItemGid: null, field: (e.field ?? []).join(".") || "shopify", code: "shopify", message: e.message }));
}

/**
 * Gives a case its Shopify return. If Shopify's webhook about that return was handled first and made
 * a case of its own (it could not know the return was ours), that stand-in goes and this case stays.
 */
export async function attachReturn(db: Db, shop: string, caseId: string, returnGid: string, data: Record<string, unknown>) {
  try {
    await db.returnCase.update({ where: { id: caseId }, data: { returnGid, ...data } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await db.returnCase.deleteMany({ where: { shop, returnGid, source: "shopify", NOT: { id: caseId } } });
    await db.returnCase.update({ where: { id: caseId }, data: { returnGid, ...data } });
  }
}

/** Our items' Shopify return line ids, matched through the fulfilment line items' order lines. */
export async function linkReturnLines(db: Db, shop: string, caseId: string, lines: ShopifyReturnLine[]) {
  const items = await db.returnItem.findMany({ where: { shop, caseId }, select: { id: true, lineItemGid: true } });
  for (const item of items) {
    const line = lines.find((l) => l.fulfillmentLineItem?.lineItem.id === item.lineItemGid);
    if (line)
      await db.returnItem.update({
        where: { id: item.id },
        data: { returnLineItemGid: line.id, fulfillmentLineItemGid: line.fulfillmentLineItem?.id ?? null },
      });
  }
}

/** Shopify's return line items for the case's items, spread over the fulfilment line items still returnable. */
export function shopifyReturnLines(
  ctx: OrderContext,
  items: { lineItemGid: string; quantity: number; shopifyReason: string; note: string | null }[],
) {
  return items.flatMap((item) => {
    const info = ctx.lines.get(item.lineItemGid);
    const line = ctx.policyOrder.lines.find((l) => l.lineItemGid === item.lineItemGid);
    if (!info || !line) return [];
    return pickFulfillmentLines(info, item.quantity, line.returnedQuantity).map((f) => ({
      ...f,
      returnReason: item.shopifyReason,
      note: item.note,
    }));
  });
}

export async function submitReturn(
  deps: ReturnDeps,
  shop: string,
  token: string,
  draft: ReturnDraft,
  photos: UploadedPhoto[],
  requestKey: string,
  locale = "en",
): Promise<SubmitResult> {
  const { db } = deps;
  const key = requestKey.trim().slice(0, 200) || orderedId();
  const before = await db.returnCase.findUnique({ where: { shop_requestKey: { shop, requestKey: key } } });
  if (before) return accepted(before);
  const o = await open(deps, shop, token);
  if (!o) return { ok: false, errors: [tokenError(locale)] };
  const own = draftErrors(draft, photos, locale);
  if (own.length) return { ok: false, errors: own };
  const decision = await decide(deps, shop, o, draft, photos);
  if (decision.outcome === "refused") return { ok: false, errors: refusalErrors(decision, locale) };
  const { ctx, policy } = o;
  const now = deps.clock.now();
  const amounts = contractAmounts(decision.amounts);
  const customer = ctx.customerGid
    ? await db.customer.findUnique({
        where: { shop_customerGid: { shop, customerGid: ctx.customerGid } },
        select: { firstName: true, lastName: true },
      })
    : null;
  const earlier = await db.returnCase.count({ where: { shop, orderGid: ctx.orderGid } });
  const id = orderedId();
  const items = draft.items.map((d) => {
    const info = ctx.lines.get(d.lineItemGid)!;
    const line = ctx.policyOrder.lines.find((l) => l.lineItemGid === d.lineItemGid)!;
    const reason = policy.reasons.find((r) => r.code === d.reasonCode)!;
    const exchange = d.exchangeVariantGid ? info.variants.find((v) => v.variantGid === d.exchangeVariantGid) : null;
    return {
      id: orderedId(),
      shop,
      lineItemGid: d.lineItemGid,
      productGid: info.productGid,
      variantGid: info.variantGid,
      title: info.title,
      variantTitle: info.variantTitle,
      quantity: d.quantity,
      unitPriceMinor: line.unitPriceMinor,
      reasonCode: d.reasonCode,
      shopifyReason: reason.shopifyReason,
      note: d.note?.trim() || null,
      exchangeVariantGid: draft.resolution === "exchange" ? (d.exchangeVariantGid ?? null) : null,
      exchangeTitle: draft.resolution === "exchange" ? (exchange?.title ?? null) : null,
    };
  });
  const riskFlags = decision.trace.filter((t) => t.rule.startsWith("review_") && t.fired).map((t) => t.rule.slice("review_".length));
  try {
    await db.returnCase.create({
      data: {
        id,
        shop,
        orderGid: ctx.orderGid,
        orderName: ctx.orderName,
        customerGid: ctx.customerGid,
        name: `${ctx.orderName}-R${earlier + 1}`,
        status: "requested",
        resolution: draft.resolution,
        approval: decision.approval,
        riskFlags: JSON.stringify(riskFlags),
        trace: JSON.stringify(decision.trace),
        ...amounts,
        locale,
        email: ctx.email,
        customerName: [customer?.firstName, customer?.lastName].filter(Boolean).join(" ") || null,
        customerNote: draft.note?.trim() || null,
        source: "portal",
        requestKey: key,
        requestedAt: now,
        items: { create: items.map(({ shop: s, ...i }) => ({ ...i, shop: s })) },
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const other = await db.returnCase.findUnique({ where: { shop_requestKey: { shop, requestKey: key } } });
    if (other) return accepted(other);
    throw error;
  }
  let outcome: SendOutcome = null;
  try {
    outcome = await sendToShopify(deps, shop, ctx, decision, draft.resolution, items, amounts.shippingFeeMinor, now);
  } catch (error) {
    await db.returnCase.delete({ where: { id } });
    throw error;
  }
  if (outcome && "errors" in outcome) {
    await db.returnCase.delete({ where: { id } });
    return { ok: false, errors: outcome.errors };
  }
  if (outcome) {
    await attachReturn(db, shop, id, outcome.returnGid, {
      name: outcome.name,
      status: outcome.status,
      approvedAt: outcome.status === "approved" ? now : null,
    });
    await linkReturnLines(db, shop, id, outcome.lines);
  }
  for (const p of photos) {
    const check = checkPhoto(p.bytes);
    const item = items.find((i) => i.lineItemGid === p.lineItemGid);
    if (!check.ok || !item) continue;
    await db.returnPhoto.create({
      data: { shop, itemId: item.id, contentType: check.contentType, size: p.bytes.length, data: Buffer.from(p.bytes) },
    });
  }
  const row = (await findCase(db, shop, id))!;
  await appendCaseEvent(deps.events, row, "request", { at: now, source: "app" });
  if (row.status === "approved") await appendCaseEvent(deps.events, row, "approve", { at: now, source: "app" });
  return accepted(row);
}

type SendOutcome = { returnGid: string; name: string; lines: ShopifyReturnLine[]; status: ReturnStatus } | { errors: SubmitError[] } | null;

/** returnCreate (approved at once), returnRequest (the merchant decides), or nothing yet (an exchange to approve). */
async function sendToShopify(
  deps: ReturnDeps,
  shop: string,
  ctx: OrderContext,
  decision: ReturnDecision,
  resolution: Resolution,
  items: { lineItemGid: string; quantity: number; shopifyReason: string; note: string | null; exchangeVariantGid: string | null }[],
  shippingFeeMinor: number,
  now: Date,
): Promise<SendOutcome> {
  if (decision.approval !== "auto" && resolution === "exchange") return null;
  const client = await deps.admin(shop);
  const lines = shopifyReturnLines(ctx, items);
  if (decision.approval === "auto") {
    const fees = new Map(decision.amounts.lines.map((l) => [l.lineItemGid, l.restockingFeePercent]));
    const { returnCreate: r } = await client.request(ReturnCreate, {
      returnInput: createInput(ctx, lines, items, fees, resolution, shippingFeeMinor, now),
    });
    if (!r.return) return { errors: shopifyErrors(r.userErrors) };
    return { returnGid: r.return.id, name: r.return.name, lines: r.return.returnLineItems.nodes, status: "approved" };
  }
  const { returnRequest: r } = await client.request(ReturnRequest, {
    input: {
      orderId: ctx.orderGid,
      returnLineItems: lines.map((l) => ({
        fulfillmentLineItemId: l.fulfillmentLineItemId,
        quantity: l.quantity,
        returnReason: l.returnReason,
        customerNote: l.note,
      })),
    },
  });
  if (!r.return) return { errors: shopifyErrors(r.userErrors) };
  return { returnGid: r.return.id, name: r.return.name, lines: r.return.returnLineItems.nodes, status: "requested" };
}

export function createInput(
  ctx: OrderContext,
  lines: ReturnType<typeof shopifyReturnLines>,
  items: { lineItemGid: string; quantity: number; exchangeVariantGid: string | null }[],
  fees: Map<string, number>,
  resolution: Resolution,
  shippingFeeMinor: number,
  now: Date,
) {
  const currency = ctx.policyOrder.currency;
  const byFli = new Map<string, string>();
  for (const info of ctx.lines.values()) for (const f of info.fulfillmentLineItems) byFli.set(f.id, info.lineItemGid);
  return {
    orderId: ctx.orderGid,
    requestedAt: now.toISOString(),
    returnLineItems: lines.map((l) => {
      const percent = fees.get(byFli.get(l.fulfillmentLineItemId) ?? "") ?? 0;
      return {
        fulfillmentLineItemId: l.fulfillmentLineItemId,
        quantity: l.quantity,
        returnReason: l.returnReason,
        returnReasonNote: l.note,
        ...(percent > 0 ? { restockingFee: { percentage: percent } } : {}),
      };
    }),
    ...(resolution === "exchange"
      ? {
          exchangeLineItems: items
            .filter((i) => i.exchangeVariantGid)
            .map((i) => ({ variantId: i.exchangeVariantGid!, quantity: i.quantity })),
        }
      : {}),
    ...(shippingFeeMinor > 0
      ? { returnShippingFee: { amount: { amount: minorToDecimal(shippingFeeMinor, currency), currencyCode: currency } } }
      : {}),
  };
}

export async function returnStatus(
  deps: ReturnDeps,
  shop: string,
  token: string,
  returnId: string,
  locale: string,
): Promise<ReturnStatusView | null> {
  const t = openPortalToken(deps.secret, token, deps.clock.now());
  if (!t || t.shop !== shop) return null;
  const row = await deps.db.returnCase.findFirst({ where: { shop, id: returnId, orderGid: t.orderGid }, include: caseInclude });
  if (!row) return null;
  return statusView(row, await loadReturnPolicy(deps.db, shop), locale);
}
