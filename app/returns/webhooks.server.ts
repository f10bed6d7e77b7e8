// Cases follow Shopify: returns/request|approve|decline|close|cancel|reopen and refunds/create (of a
// return) move a case's status — forward only (an older webhook never overwrites a newer state, a
// duplicate changes nothing), except a reopen, which takes a closed case back to where it was. A
// return made in Shopify's admin, unknown here, gets a case of its own from its webhook. A label or
// tracking added in Shopify's admin (reverse_deliveries/attach_deliverable) puts the case in transit.
import { z } from "zod";
import type { ReturnEventDetail } from "~/events/types";
import type { Db } from "~/platform/db.server";
import { orderedId } from "~/platform/ids";
import type { WebhookContext } from "~/webhooks/handler";
import { appendCaseEvent, caseEventDetail, type CaseStep } from "./case-events.server";
import { findCase } from "./case-view.server";
import { DEFAULT_RETURN_REASONS } from "./policy";
import { isReturnStatus, STATUS_RANK } from "./status";
import type { ReturnStatus } from "./types";

const linePayload = z
  .object({
    quantity: z.number().int().nullish(),
    return_reason: z.string().nullish(),
    customer_note: z.string().nullish(),
    fulfillment_line_item: z
      .object({
        admin_graphql_api_id: z.string().nullish(),
        line_item: z.object({ admin_graphql_api_id: z.string().nullish() }).nullish(),
      })
      .nullish(),
  })
  .passthrough();

const returnLines = z.object({ return_line_items: z.array(linePayload.nullable()).nullish() }).passthrough();

const TARGET: Partial<Record<CaseStep, ReturnStatus>> = {
  request: "requested",
  approve: "approved",
  decline: "declined",
  close: "closed",
  cancel: "cancelled",
};

const TIME_COLUMN: Partial<Record<ReturnStatus, string>> = {
  approved: "approvedAt",
  declined: "declinedAt",
  processed: "processedAt",
  closed: "closedAt",
  cancelled: "cancelledAt",
};

/** Where a reopened case goes back to: the furthest step it had reached before it was closed. */
function reopenedStatus(c: { processedAt: Date | null; receivedAt: Date | null; labelAt: Date | null }): ReturnStatus {
  if (c.processedAt) return "processed";
  if (c.receivedAt) return "received";
  if (c.labelAt) return "in_transit";
  return "approved";
}

async function caseFromShopify(
  db: Db,
  shop: string,
  r: { returnGid: string; orderGid: string; name: string | null; status: ReturnStatus; at: Date; payload: unknown },
) {
  const lines = (returnLines.safeParse(r.payload).data?.return_line_items ?? []).flatMap((l) => {
    const gid = l?.fulfillment_line_item?.line_item?.admin_graphql_api_id;
    return l && gid ? [{ ...l, lineItemGid: gid }] : [];
  });
  const [order, orderLines, shopRow] = await Promise.all([
    db.order.findUnique({
      where: { shop_orderGid: { shop, orderGid: r.orderGid } },
      select: { name: true, currency: true, email: true, customerGid: true, locale: true },
    }),
    db.orderLine.findMany({ where: { shop, lineItemGid: { in: lines.map((l) => l.lineItemGid) } } }),
    db.shop.findUnique({ where: { shop }, select: { currency: true } }),
  ]);
  const items = lines.map((l) => {
    const ol = orderLines.find((o) => o.lineItemGid === l.lineItemGid);
    const shopifyReason = (l.return_reason ?? "unknown").toUpperCase();
    const reason = DEFAULT_RETURN_REASONS.find((d) => d.shopifyReason === shopifyReason)?.code ?? "other";
    return {
      id: orderedId(),
      shop,
      lineItemGid: l.lineItemGid,
      fulfillmentLineItemGid: l.fulfillment_line_item?.admin_graphql_api_id ?? null,
      productGid: ol?.productGid ?? null,
      variantGid: ol?.variantGid ?? null,
      title: ol?.title ?? l.lineItemGid,
      variantTitle: ol?.variantTitle ?? null,
      quantity: l.quantity ?? 1,
      unitPriceMinor: ol?.priceMinor ?? 0,
      reasonCode: reason,
      shopifyReason,
      note: l.customer_note ?? null,
    };
  });
  const itemsMinor = items.reduce((s, i) => s + i.unitPriceMinor * i.quantity, 0);
  const orderName = order?.name ?? r.orderGid;
  try {
    await db.returnCase.create({
      data: {
        id: orderedId(),
        shop,
        orderGid: r.orderGid,
        orderName,
        customerGid: order?.customerGid ?? null,
        returnGid: r.returnGid,
        name: r.name ?? `${orderName}-R`,
        status: r.status,
        resolution: "refund",
        approval: "review",
        currency: order?.currency ?? shopRow?.currency ?? "USD",
        itemsMinor,
        totalMinor: itemsMinor,
        locale: order?.locale?.slice(0, 2) ?? "en",
        email: order?.email ?? null,
        source: "shopify",
        requestedAt: r.at,
        approvedAt: r.status === "approved" ? r.at : null,
        items: { create: items.map(({ shop: s, ...i }) => ({ ...i, shop: s })) },
      },
    });
  } catch (error) {
    // Another delivery of the same return made the case first.
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
}

/**
 * Moves the case of a Shopify return for a returns/* webhook and gives back the detail its event
 * carries (the case's items and amounts when there is a case).
 */
export async function followReturnWebhook(
  db: Db,
  shop: string,
  w: { returnGid: string; orderGid: string; step: CaseStep; name: string | null; at: Date; payload: unknown },
): Promise<ReturnEventDetail | null> {
  let c = await db.returnCase.findFirst({ where: { shop, returnGid: w.returnGid } });
  if (!c) {
    if (w.step !== "request" && w.step !== "approve") return null;
    await caseFromShopify(db, shop, { ...w, status: TARGET[w.step]!, payload: w.payload });
    c = await db.returnCase.findFirst({ where: { shop, returnGid: w.returnGid } });
    if (!c) return null;
  } else {
    const current = c.status as ReturnStatus;
    const target = w.step === "reopen" ? (current === "closed" ? reopenedStatus(c) : null) : (TARGET[w.step] ?? null);
    const forward = target && isReturnStatus(current) && (w.step === "reopen" || STATUS_RANK[target] > STATUS_RANK[current]);
    if (target && forward) {
      const column = TIME_COLUMN[target];
      await db.returnCase.updateMany({
        where: { shop, id: c.id, status: current },
        data: {
          status: target,
          ...(column && w.step !== "reopen" ? { [column]: w.at } : {}),
          ...(w.step === "reopen" ? { closedAt: null } : {}),
        },
      });
    }
  }
  const row = await findCase(db, shop, c.id);
  return row ? caseEventDetail(row) : null;
}

/** refunds/create of a return: its case is processed (the refund's GID kept), once. */
export async function followReturnRefund(
  db: Db,
  shop: string,
  r: { returnGid: string; refundGid: string; at: Date },
): Promise<(ReturnEventDetail & { refundGid: string }) | null> {
  const c = await db.returnCase.findFirst({ where: { shop, returnGid: r.returnGid } });
  if (!c) return null;
  const current = c.status as ReturnStatus;
  if (isReturnStatus(current) && STATUS_RANK[current] < STATUS_RANK.processed)
    await db.returnCase.updateMany({
      where: { shop, id: c.id, status: current },
      data: { status: "processed", processedAt: r.at, refundGid: c.refundGid ?? r.refundGid },
    });
  else if (!c.refundGid) await db.returnCase.updateMany({ where: { shop, id: c.id }, data: { refundGid: r.refundGid } });
  const row = await findCase(db, shop, c.id);
  return row ? { ...caseEventDetail(row), refundGid: r.refundGid } : null;
}

const refundOfReturn = z.object({ return: z.object({ admin_graphql_api_id: z.string().nullish() }).nullish() }).passthrough();

/** The return a refunds/create payload belongs to, if any. */
export function refundReturnGid(payload: unknown): string | null {
  const gid = refundOfReturn.safeParse(payload).data?.return?.admin_graphql_api_id;
  return gid && gid.startsWith("gid://shopify/Return/") ? gid : null;
}

const deliverablePayload = z
  .object({
    admin_graphql_api_id: z.string().nullish(),
    return: z.object({ admin_graphql_api_id: z.string().nullish(), id: z.union([z.string(), z.number()]).nullish() }).nullish(),
    shipping_deliverable: z
      .object({
        label: z.object({ public_file_url: z.string().nullish() }).nullish(),
        tracking: z
          .object({ carrier_name: z.string().nullish(), tracking_number: z.string().nullish(), tracking_url: z.string().nullish() })
          .nullish(),
      })
      .nullish(),
  })
  .passthrough();

/**
 * reverse_deliveries/attach_deliverable: a label or tracking for the items coming back, added by the app
 * or in Shopify's admin. An approved case goes in transit with them; a case that already has them (the
 * app added them, or this is a repeat) keeps its own. Either way the timeline shows one "label added",
 * keyed like the app's own (the return and the step).
 */
export async function onReverseDeliveryWebhook({ db, events, shop, payload, receivedAt }: WebhookContext) {
  const p = deliverablePayload.parse(payload);
  const returnGid = p.return?.admin_graphql_api_id ?? (p.return?.id != null ? `gid://shopify/Return/${String(p.return.id)}` : null);
  // A delivery of a return Aftercare keeps no case for (or that names none) has nothing to change.
  if (!returnGid) return;
  const c = await db.returnCase.findFirst({ where: { shop, returnGid } });
  if (!c) return;
  const tracking = p.shipping_deliverable?.tracking;
  const label = {
    labelUrl: p.shipping_deliverable?.label?.public_file_url ?? null,
    trackingNumber: tracking?.tracking_number ?? null,
    trackingUrl: tracking?.tracking_url ?? null,
    carrier: tracking?.carrier_name ?? null,
  };
  if (!label.labelUrl && !label.trackingNumber && !label.trackingUrl) return;
  const current = c.status as ReturnStatus;
  if (!isReturnStatus(current) || current === "declined" || current === "cancelled") return;
  if (STATUS_RANK[current] < STATUS_RANK.in_transit)
    await db.returnCase.updateMany({
      where: { shop, id: c.id, status: current },
      data: { status: "in_transit", labelAt: receivedAt, ...label },
    });
  else if (!c.labelUrl && !c.trackingNumber && !c.trackingUrl)
    await db.returnCase.updateMany({ where: { shop, id: c.id, labelUrl: null, trackingNumber: null, trackingUrl: null }, data: label });
  const row = await findCase(db, shop, c.id);
  if (row) await appendCaseEvent(events, row, "label", { at: receivedAt, source: "webhook" });
}
