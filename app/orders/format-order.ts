// Orders in words for the admin pages: a list row (date in the shop's time zone, total in the order's
// currency, payment and fulfilment badges, delivery date, flags) and a shipment (tracking links, where it is).
import type { Locale } from "~/i18n/locale";
import type { Translate } from "~/i18n/translate";
import { formatMoney } from "./format-money";
import {
  deliverySourcePhrase,
  fulfillmentStatus,
  humanise,
  paymentStatus,
  safeHttpUrl,
  shipmentStatusLabel,
  type StatusLook,
} from "./format-status";
import { shopTime } from "./format-time";
import type { OrderListRow } from "./order-queries.server";

/** A listed order as the queries return it (its GID is not needed to show it). */
export type OrderRowInput = Omit<OrderListRow, "orderGid">;

export interface OrderRowView {
  id: string;
  name: string;
  date: string;
  email: string | null;
  /** The customer's numeric id, for a link to their page. */
  customerId: string | null;
  total: string;
  payment: StatusLook;
  fulfillment: StatusLook;
  delivered: string | null;
  /** Extra badges: cancelled, delivery assumed. */
  flags: StatusLook[];
}

export function orderRowView(o: OrderRowInput, c: { t: Translate; locale: Locale; timeZone: string | null }): OrderRowView {
  const flags: StatusLook[] = [];
  if (o.cancelledAt) flags.push({ label: c.t("orders.badge.cancelled"), tone: "critical" });
  if (o.deliveredAt && o.deliverySource === "fallback") flags.push({ label: c.t("orders.badge.deliveryAssumed"), tone: "info" });
  return {
    id: o.id,
    name: o.name,
    date: shopTime(c.locale, o.processedAt, c.timeZone),
    email: o.email,
    customerId: o.customerGid ? (/\/(\d+)$/.exec(o.customerGid)?.[1] ?? null) : null,
    total: formatMoney(o.totalMinor, o.currency, c.locale),
    payment: paymentStatus(c.t, o.financialStatus),
    fulfillment: fulfillmentStatus(c.t, o.fulfillmentStatus),
    delivered: o.deliveredAt ? shopTime(c.locale, o.deliveredAt, c.timeZone) : null,
    flags,
  };
}

export interface FulfillmentInput {
  fulfillmentGid: string;
  status: string;
  shipmentStatus: string | null;
  displayStatus: string | null;
  trackingCompany: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  shippedAt: Date | null;
  deliveredAt: Date | null;
}

export interface FulfillmentView {
  key: string;
  carrier: string | null;
  tracking: { number: string; href?: string }[];
  shipped: string | null;
  /** Where the shipment is, in words: delivered (when, and how we know), in transit, cancelled… */
  state: string;
  delivered: boolean;
}

const ENDED = new Set(["cancelled", "error", "failure"]);

/**
 * A shipment in words. Its delivery is the carrier's word when the shipment status says delivered,
 * Shopify's when only the display status does; with no word at all, an order delivered by the
 * fallback rule counts its shipments as delivered too.
 */
export function fulfillmentView(
  f: FulfillmentInput,
  order: { deliveredAt: Date | null; deliverySource: string | null },
  c: { t: Translate; locale: Locale; timeZone: string | null; fallbackDays: number },
): FulfillmentView {
  const { t } = c;
  const tracking = f.trackingNumbers.map((number, i) => ({ number, href: safeHttpUrl(f.trackingUrls[i]) }));
  const base = {
    key: f.fulfillmentGid,
    carrier: f.trackingCompany,
    tracking,
    shipped: f.shippedAt ? t("orders.fulfillments.shipped", { date: shopTime(c.locale, f.shippedAt, c.timeZone) }) : null,
  };
  if (ENDED.has(f.status.toLowerCase())) {
    return {
      ...base,
      state: f.status.toLowerCase() === "cancelled" ? t("orders.fulfillments.cancelled") : humanise(f.status),
      delivered: false,
    };
  }
  if (f.deliveredAt) {
    const source =
      f.shipmentStatus === "delivered" ? "carrier" : f.displayStatus?.toUpperCase() === "DELIVERED" ? "shopify" : order.deliverySource;
    const when = t("orders.fulfillments.delivered", { date: shopTime(c.locale, f.deliveredAt, c.timeZone) });
    const how = deliverySourcePhrase(t, source, c.fallbackDays);
    return { ...base, state: how ? `${when}, ${how}` : when, delivered: true };
  }
  if (order.deliveredAt && order.deliverySource === "fallback") {
    const when = t("orders.fulfillments.delivered", { date: shopTime(c.locale, order.deliveredAt, c.timeZone) });
    return { ...base, state: `${when}, ${deliverySourcePhrase(t, "fallback", c.fallbackDays)}`, delivered: true };
  }
  const status = f.shipmentStatus ?? f.displayStatus?.toLowerCase() ?? null;
  return { ...base, state: status ? shipmentStatusLabel(t, status) : t("orders.fulfillments.inTransit"), delivered: false };
}
