// How many points an order earns, and how many a refund takes back. Pure.
// The base is what the customer paid for eligible items in the shop's currency: the subtotal after
// discounts, spread over the lines by their price, minus excluded products; tax and shipping are in
// or out by the merchant's toggles. Points = base in whole currency units × points per unit × the
// tier's multiplier, rounded once by the merchant's rule. Reversals are cumulative shares of what
// was awarded, so several partial refunds never reverse more (or less) than one full refund.
import { currencyDigits } from "~/orders/money";
import type { EarningRules, Rounding } from "./types";

export interface OrderLineForEarning {
  lineItemGid: string;
  quantity: number;
  /** Unit price before discounts, minor units. */
  priceMinor: number;
  excluded: boolean;
}

export interface OrderForEarning {
  currency: string;
  totalMinor: number;
  subtotalMinor: number | null;
  taxMinor: number | null;
  shippingMinor: number | null;
  taxesIncluded: boolean | null;
  lines: OrderLineForEarning[];
}

export interface Award {
  points: number;
  /** Minor units the points were computed from. */
  baseMinor: number;
  /** Each eligible line's share of the base (minor units, unrounded), for per-line reversals. */
  lineBase: Record<string, { quantity: number; baseMinor: number }>;
  shippingBaseMinor: number;
  multiplier: number;
}

export function roundPoints(value: number, rule: Rounding): number {
  // Float noise (e.g. 12.000000001) must not cost or give a point.
  const v = Math.round(value * 1e6) / 1e6;
  if (rule === "up") return Math.ceil(v);
  if (rule === "nearest") return Math.round(v);
  return Math.floor(v);
}

export function awardFor(order: OrderForEarning, rules: EarningRules, multiplierPercent = 100): Award {
  const lines = order.lines.filter((l) => l.quantity > 0);
  const gross = lines.reduce((s, l) => s + l.priceMinor * l.quantity, 0);
  const shipping = Math.max(0, order.shippingMinor ?? 0);
  const tax = Math.max(0, order.taxMinor ?? 0);
  // The items' value after discounts; without a subtotal, the total less shipping and added tax.
  const items = Math.max(0, order.subtotalMinor ?? order.totalMinor - shipping - (order.taxesIncluded ? 0 : tax));
  // Tax inside `items` (prices include it) or on top of it; shipping's own tax is not counted.
  const taxOnItems = order.taxesIncluded ? Math.min(tax, items) : tax;
  let itemsBase = items;
  if (order.taxesIncluded && !rules.includeTax) itemsBase = items - taxOnItems;
  if (!order.taxesIncluded && rules.includeTax) itemsBase = items + taxOnItems;
  const lineBase: Award["lineBase"] = {};
  let eligible = 0;
  for (const l of lines) {
    const share = gross > 0 ? (l.priceMinor * l.quantity) / gross : 1 / lines.length;
    const base = l.excluded ? 0 : itemsBase * share;
    lineBase[l.lineItemGid] = { quantity: l.quantity, baseMinor: Math.round(base * 100) / 100 };
    eligible += base;
  }
  if (!lines.length) eligible = itemsBase;
  const shippingBase = rules.includeShipping ? shipping : 0;
  const baseMinor = eligible + shippingBase;
  const unit = 10 ** currencyDigits(order.currency);
  const points = roundPoints(((baseMinor / unit) * rules.pointsPerUnit * multiplierPercent) / 100, rules.rounding);
  return { points: Math.max(0, points), baseMinor, lineBase, shippingBaseMinor: shippingBase, multiplier: multiplierPercent };
}

export interface RefundForReversal {
  amountMinor: number;
  lines: { lineItemGid: string; quantity: number }[];
}

/**
 * The share (0…1) of an order's award that its refunds so far take back: per refunded line and
 * quantity when the refund names lines, by amount otherwise; a refund of the whole order is 1.
 */
export function refundedShare(award: Pick<Award, "baseMinor" | "lineBase">, orderTotalMinor: number, refunds: RefundForReversal[]): number {
  const totalRefunded = refunds.reduce((s, r) => s + r.amountMinor, 0);
  if (orderTotalMinor > 0 && totalRefunded >= orderTotalMinor) return 1;
  if (award.baseMinor <= 0) return 0;
  let taken = 0;
  for (const r of refunds) {
    if (r.lines.length) {
      for (const l of r.lines) {
        const line = award.lineBase[l.lineItemGid];
        if (line && line.quantity > 0) taken += (line.baseMinor * Math.min(l.quantity, line.quantity)) / line.quantity;
      }
    } else if (orderTotalMinor > 0) {
      taken += (award.baseMinor * r.amountMinor) / orderTotalMinor;
    }
  }
  return Math.min(1, taken / award.baseMinor);
}

/** Points the refunds so far should have taken back in all, never more than awarded. */
export function reversalTarget(awarded: number, share: number, rule: Rounding): number {
  if (share >= 1) return awarded;
  // The customer keeps what the kept part earns under the merchant's rounding rule; the reversal is
  // the rest, so it rounds the other way from the award.
  const opposite: Rounding = rule === "up" ? "down" : rule === "down" ? "up" : "nearest";
  return Math.min(awarded, Math.max(0, roundPoints(awarded * share, opposite)));
}
