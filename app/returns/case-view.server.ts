// Reading a return case back: the row with its items as the shopper's status page and the merchant's
// page show them (amounts, the timeline, the label, the reasons in the reader's language).
import type { Db } from "~/platform/db.server";
import type { ReturnPolicy } from "./policy";
import { timelineSteps } from "./status";
import type { Resolution, ReturnAmounts, ReturnStatus, ReturnStatusView } from "./types";

export const caseInclude = { items: { include: { photos: { select: { id: true } } }, orderBy: { id: "asc" as const } } };

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

export function findCase(db: Db, shop: string, id: string) {
  return db.returnCase.findFirst({ where: { shop, id }, include: caseInclude });
}

export function amountsOf(c: {
  itemsMinor: number;
  restockingFeeMinor: number;
  shippingFeeMinor: number;
  bonusMinor: number;
  totalMinor: number;
  currency: string;
}): ReturnAmounts {
  return {
    itemsMinor: c.itemsMinor,
    restockingFeeMinor: c.restockingFeeMinor,
    shippingFeeMinor: c.shippingFeeMinor,
    bonusMinor: c.bonusMinor,
    totalMinor: c.totalMinor,
    currency: c.currency,
  };
}

export function reasonLabel(policy: ReturnPolicy, code: string, locale: string): string {
  const reason = policy.reasons.find((r) => r.code === code);
  if (!reason) return code;
  return locale === "pl" ? reason.label.pl : reason.label.en;
}

export function statusView(c: CaseRow, policy: ReturnPolicy, locale: string): ReturnStatusView {
  const status = c.status as ReturnStatus;
  const hasLabel = c.labelUrl || c.trackingNumber || c.trackingUrl;
  return {
    id: c.id,
    name: c.name,
    orderName: c.orderName,
    status,
    resolution: c.resolution as Resolution,
    amounts: amountsOf(c),
    items: c.items.map((i) => ({
      title: i.variantTitle ? `${i.title} — ${i.variantTitle}` : i.title,
      quantity: i.quantity,
      reason: reasonLabel(policy, i.reasonCode, locale),
      exchangeFor: i.exchangeVariantGid ? (i.exchangeTitle ?? i.exchangeVariantGid) : null,
    })),
    steps: timelineSteps(status, c),
    declineMessage: status === "declined" ? c.declineMessage : null,
    label: hasLabel ? { url: c.labelUrl, trackingNumber: c.trackingNumber, trackingUrl: c.trackingUrl, carrier: c.carrier } : null,
    storeCreditMinor: c.storeCreditMinor,
  };
}
