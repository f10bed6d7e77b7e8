// How the double's checkout treats a discount code: whether it can be used on a cart (and, when not, Shopify's
// reason and the words its checkout shows the shopper), and what it takes off each line item and the shipping.
// Pure arithmetic over records; the store looks codes up, counts their uses and keeps the result on the order.
import { fromMinor, toMinor } from "./ids";
import type { DiscountRecord, LineItemRecord, OrderDiscountRecord } from "./store-types";

/** Why checkout refuses a code, in the terms of Shopify's CartWarningCode (Storefront API). */
export type DiscountRefusalReason =
  | "DISCOUNT_NOT_FOUND"
  | "DISCOUNT_CURRENTLY_INACTIVE"
  | "DISCOUNT_USAGE_LIMIT_REACHED"
  | "DISCOUNT_ELIGIBLE_CUSTOMER_MISSING"
  | "DISCOUNT_CUSTOMER_NOT_ELIGIBLE"
  | "DISCOUNT_CUSTOMER_USAGE_LIMIT_REACHED"
  | "DISCOUNT_NO_ENTITLED_LINE_ITEMS"
  | "DISCOUNT_NO_ENTITLED_SHIPPING_LINES"
  | "DISCOUNT_PURCHASE_NOT_IN_RANGE"
  | "DISCOUNT_QUANTITY_NOT_IN_RANGE";

/** Which of Shopify checkout's three messages a refusal shows: the code is unusable, not the buyer's, or not for this cart. */
export type DiscountRefusalKind = "invalid" | "notForCustomer" | "notForCart";

export function refusalKind(reason: DiscountRefusalReason): DiscountRefusalKind {
  switch (reason) {
    case "DISCOUNT_NOT_FOUND":
    case "DISCOUNT_CURRENTLY_INACTIVE":
    case "DISCOUNT_USAGE_LIMIT_REACHED":
      return "invalid";
    case "DISCOUNT_ELIGIBLE_CUSTOMER_MISSING":
    case "DISCOUNT_CUSTOMER_NOT_ELIGIBLE":
    case "DISCOUNT_CUSTOMER_USAGE_LIMIT_REACHED":
      return "notForCustomer";
    default:
      return "notForCart";
  }
}

/** Shopify checkout's English message for a refused code (it does not say which limit was hit). */
export function refusalMessage(code: string, reason: DiscountRefusalReason): string {
  const kind = refusalKind(reason);
  if (kind === "invalid") return "Enter a valid discount code";
  if (kind === "notForCustomer") return `${code} discount code isn't available to you right now`;
  return `${code} discount code isn't valid for the items in your cart`;
}

/** What checkout knows when a code is entered. */
export interface CheckoutCart {
  customerId: string | null;
  lineItems: LineItemRecord[];
  shippingMinor: number;
}

/** The lines an amount-off code reduces (every line for free shipping, which is about the whole cart). */
export function entitledLines(discount: DiscountRecord, lines: LineItemRecord[]): LineItemRecord[] {
  const items = discount.items;
  if (discount.value.kind === "freeShipping" || items.kind === "all") return lines;
  return lines.filter(
    (li) =>
      (li.variantId !== null && items.variantIds.includes(li.variantId)) ||
      (li.productId !== null && items.productIds.includes(li.productId)),
  );
}

const lineMinor = (li: LineItemRecord) => toMinor(li.price) * li.quantity;

/** A discount application's `value` as Shopify writes it: "10.0", "12.5", "25.0", "19.99". */
export function applicationValue(value: number): string {
  const text = String(Math.round(value * 100) / 100);
  return text.includes(".") ? text : `${text}.0`;
}

export interface RedemptionFacts {
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  /** Whether the buyer has an order with this code already. */
  usedByCustomer: boolean;
}

/** Why checkout would refuse the code for this cart, or null when it applies. */
export function refusalOf(discount: DiscountRecord | undefined, cart: CheckoutCart, facts: RedemptionFacts): DiscountRefusalReason | null {
  if (!discount) return "DISCOUNT_NOT_FOUND";
  if (discount.usageLimit !== null && discount.usageCount >= discount.usageLimit) return "DISCOUNT_USAGE_LIMIT_REACHED";
  if (facts.status !== "ACTIVE") return "DISCOUNT_CURRENTLY_INACTIVE";
  if (discount.customerIds) {
    if (!cart.customerId) return "DISCOUNT_ELIGIBLE_CUSTOMER_MISSING";
    if (!discount.customerIds.includes(cart.customerId)) return "DISCOUNT_CUSTOMER_NOT_ELIGIBLE";
  }
  if (discount.appliesOncePerCustomer && facts.usedByCustomer) return "DISCOUNT_CUSTOMER_USAGE_LIMIT_REACHED";
  const lines = entitledLines(discount, cart.lineItems);
  if (lines.length === 0) return "DISCOUNT_NO_ENTITLED_LINE_ITEMS";
  if (discount.minimumSubtotal !== null && lines.reduce((s, li) => s + lineMinor(li), 0) < toMinor(discount.minimumSubtotal))
    return "DISCOUNT_PURCHASE_NOT_IN_RANGE";
  if (discount.minimumQuantity !== null && lines.reduce((s, li) => s + li.quantity, 0) < discount.minimumQuantity)
    return "DISCOUNT_QUANTITY_NOT_IN_RANGE";
  const value = discount.value;
  if (value.kind === "freeShipping" && value.maximumShippingPrice !== null && cart.shippingMinor > toMinor(value.maximumShippingPrice))
    return "DISCOUNT_NO_ENTITLED_SHIPPING_LINES";
  return null;
}

/** Splits `total` over the lines in proportion to their prices; the last line takes the rounding. */
function spread(total: number, lines: LineItemRecord[]): OrderDiscountRecord["allocations"] {
  const base = lines.reduce((s, li) => s + lineMinor(li), 0);
  let left = total;
  return lines.map((li, index) => {
    const share = index === lines.length - 1 || base === 0 ? left : Math.round((total * lineMinor(li)) / base);
    left -= share;
    return { lineItemId: li.id, amount: fromMinor(share) };
  });
}

/** What an applicable code takes off the cart, as the order will keep it (`code` as the shopper typed it). */
export function applicationOf(discount: DiscountRecord, code: string, cart: CheckoutCart): OrderDiscountRecord {
  const value = discount.value;
  if (value.kind === "freeShipping") {
    return {
      code,
      type: "shipping",
      value: "100.0",
      valueType: "percentage",
      targetType: "shipping_line",
      targetSelection: "all",
      allocationMethod: "each",
      amount: fromMinor(cart.shippingMinor),
      allocations: [{ lineItemId: null, amount: fromMinor(cart.shippingMinor) }],
    };
  }
  const lines = entitledLines(discount, cart.lineItems);
  const entitledMinor = lines.reduce((s, li) => s + lineMinor(li), 0);
  const common = {
    code,
    targetType: "line_item" as const,
    targetSelection: discount.items.kind === "all" ? ("all" as const) : ("entitled" as const),
  };
  if (value.kind === "percentage") {
    const total = Math.round(entitledMinor * value.percentage);
    return {
      ...common,
      type: "percentage",
      value: applicationValue(value.percentage * 100),
      valueType: "percentage",
      allocationMethod: "across",
      amount: fromMinor(total),
      allocations: spread(total, lines),
    };
  }
  const amount = toMinor(value.amount);
  const allocations = value.appliesOnEachItem
    ? lines.map((li) => ({ lineItemId: li.id, amount: fromMinor(Math.min(lineMinor(li), amount * li.quantity)) }))
    : spread(Math.min(entitledMinor, amount), lines);
  return {
    ...common,
    type: "fixed_amount",
    value: applicationValue(amount / 100),
    valueType: "fixed_amount",
    allocationMethod: value.appliesOnEachItem ? "each" : "across",
    amount: fromMinor(allocations.reduce((s, a) => s + toMinor(a.amount), 0)),
    allocations,
  };
}
