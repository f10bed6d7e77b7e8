// A case's status changes on the after-sales log. The key is the Shopify return's GID and the step
// (or the case's id while Shopify does not know the return yet), never a webhook's id: whether the
// app or Shopify's webhook records "approved" first, the timeline shows it once.
import type { EventSource, EventType, NewEvent, ReturnEventDetail } from "~/events/types";
import type { EventLog } from "~/events/log.server";
import type { CaseRow } from "./case-view.server";
import type { Resolution } from "./types";

export type CaseStep = "request" | "approve" | "decline" | "label" | "receive" | "process" | "close" | "cancel" | "reopen";

export const STEP_EVENT: Record<CaseStep, EventType> = {
  request: "return.requested",
  approve: "return.approved",
  decline: "return.declined",
  label: "return.label_added",
  receive: "return.received",
  process: "return.processed",
  close: "return.closed",
  cancel: "return.cancelled",
  reopen: "return.reopened",
};

export function caseEventKey(c: { id: string; returnGid: string | null }, step: CaseStep): string {
  return `${c.returnGid ?? `return-case:${c.id}`}:${step}`;
}

export function caseEventDetail(c: CaseRow, extra: Partial<ReturnEventDetail> = {}): ReturnEventDetail {
  return {
    returnGid: c.returnGid,
    status: c.status,
    name: c.name,
    caseId: c.id,
    // A case made from a Shopify payload that named no lines knows neither its items nor its amounts:
    // the event says nothing of them rather than "nothing, 0.00" (an email then takes them from the
    // return's other events).
    ...(c.items.length
      ? {
          items: c.items.map((i) => ({ lineItemGid: i.lineItemGid, title: i.title, quantity: i.quantity, exchangeFor: i.exchangeTitle })),
          amounts: { itemsMinor: c.itemsMinor, bonusMinor: c.bonusMinor, totalMinor: c.totalMinor, currency: c.currency },
        }
      : {}),
    resolution: c.resolution as Resolution,
    label:
      c.labelUrl || c.trackingNumber || c.trackingUrl
        ? { url: c.labelUrl, trackingNumber: c.trackingNumber, trackingUrl: c.trackingUrl, carrier: c.carrier }
        : null,
    locale: c.locale,
    ...extra,
  };
}

export async function appendCaseEvent(
  events: EventLog,
  c: CaseRow,
  step: CaseStep,
  o: {
    at: Date;
    source: EventSource;
    extra?: Partial<ReturnEventDetail> & { refundGid?: string | null; storeCreditMinor?: number | null };
  },
) {
  const event = {
    type: STEP_EVENT[step],
    key: caseEventKey(c, step),
    orderGid: c.orderGid,
    customerGid: c.customerGid,
    occurredAt: o.at,
    detail: caseEventDetail(c, o.extra),
  } as NewEvent;
  await events.append(c.shop, [event], { source: o.source });
}
