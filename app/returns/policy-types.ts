// The returns policy's shapes: the merchant's settings, the order and request the engine judges,
// and the decision it gives back (refusals, amounts, approval and the trace the admin shows).
// Money is integer minor units in the order's currency; percentages are numbers 0–100.

/** Shopify's ReturnReason enum (Admin API 2025-01). */
export const SHOPIFY_RETURN_REASONS = [
  "SIZE_TOO_SMALL",
  "SIZE_TOO_LARGE",
  "UNWANTED",
  "NOT_AS_DESCRIBED",
  "WRONG_ITEM",
  "DEFECTIVE",
  "STYLE",
  "COLOR",
  "OTHER",
  "UNKNOWN",
] as const;
export type ShopifyReturnReason = (typeof SHOPIFY_RETURN_REASONS)[number];

export const RESOLUTIONS = ["refund", "store_credit", "exchange"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const RULE_TARGETS = ["product", "collection", "tag"] as const;
/** What a product rule matches, from the most specific to the least. */
export type RuleTarget = (typeof RULE_TARGETS)[number];

/**
 * A rule for some products. Each setting left out is inherited from a less specific rule or the
 * policy, so a product rule can set `finalSale: false` to exempt one product from a final-sale
 * collection.
 */
export interface ProductRule {
  id: string;
  target: RuleTarget;
  /** A product GID, a collection GID, or a product tag (case-blind). */
  value: string;
  finalSale?: boolean;
  /** Days from delivery; null for no limit. */
  windowDays?: number | null;
  restockingFeePercent?: number;
  /** No refund: exchange or store credit only. */
  exchangeOrCreditOnly?: boolean;
}

export interface ReturnReasonOption {
  code: string;
  label: { en: string; pl: string };
  shopifyReason: ShopifyReturnReason;
  requiresPhoto: boolean;
}

/** Money here is in the shop's currency: the service passes the order's amounts in it too (Shopify's shopMoney). */
export interface ReturnPolicy {
  /** Days from delivery to the end of the last day (shop's time zone); null for no limit. */
  windowDays: number | null;
  /** Days added to the fulfilment date when no delivery date is known. */
  transitBufferDays: number;
  restockingFeePercent: number;
  /** Loop's rule: no restocking fee when the shopper takes store credit or an exchange. */
  waiveRestockingFeeForCreditOrExchange: boolean;
  returnShipping: {
    payer: "customer" | "merchant";
    /** Flat fee charged to the customer when they pay; ignored when the merchant does. */
    feeMinor: number;
    waiveForExchange: boolean;
  };
  resolutions: {
    refund: { enabled: boolean };
    storeCredit: { enabled: boolean; bonusPercent: number };
    exchange: { enabled: boolean; bonusPercent: number };
  };
  rules: ProductRule[];
  reasons: ReturnReasonOption[];
  autoApproval: {
    enabled: boolean;
    /** Approve only requests worth less than this; null for any value. */
    maxValueMinor: number | null;
    /** Approve only when every item's reason is one of these; empty for any reason. */
    reasonCodes: string[];
    requireUnflaggedCustomer: boolean;
  };
  /** Any of these sends the request to the merchant, whatever the auto-approval says. */
  review: {
    international: boolean;
    /** Review requests worth more than this; null for none. */
    valueOverMinor: number | null;
    /** Review when the customer asked for this many returns or more in the last 365 days; null for none. */
    serialReturnerMinReturns: number | null;
  };
}

export interface OrderLineForReturn {
  lineItemGid: string;
  productGid: string;
  variantGid: string;
  collectionGids: string[];
  tags: string[];
  quantity: number;
  fulfilledQuantity: number;
  /** Units already in a return (requested, open or closed). */
  returnedQuantity: number;
  refundedQuantity: number;
  /** What the customer paid for one unit, after discounts, as a refund would give it back. */
  unitPriceMinor: number;
  /** ISO instants of this line's latest fulfilment and its delivery; null when unknown. */
  fulfilledAt: string | null;
  deliveredAt: string | null;
  /** The product's variants, for exchanges. */
  variants: { variantGid: string; available: boolean }[];
}

export interface OrderForReturn {
  currency: string;
  /** The shop's IANA time zone (e.g. Europe/Warsaw): the window ends at midnight there. */
  shopTimeZone: string;
  /** ISO 3166 alpha-2 codes; a null shipping country (pickup, digital) is never international. */
  shopCountryCode: string;
  shippingCountryCode: string | null;
  lines: OrderLineForReturn[];
}

export interface ReturnRequestItem {
  lineItemGid: string;
  quantity: number;
  reasonCode: string;
  photoCount: number;
  /** The variant wanted instead, for an exchange. */
  exchangeVariantGid?: string | null;
}

export interface ReturnRequestInput {
  order: OrderForReturn;
  customer: {
    flagged: boolean;
    /** When the customer's earlier returns were requested (ISO instants), any age. */
    previousReturnsAt: string[];
  };
  resolution: Resolution;
  items: ReturnRequestItem[];
}

/** Why a line cannot be returned at all (shown on the storefront). */
export type NotReturnableCode = "not_fulfilled" | "out_of_window" | "final_sale" | "already_returned";

export type RefusalCode =
  | NotReturnableCode
  | "unknown_item"
  | "quantity_invalid"
  | "quantity_too_high"
  | "unknown_reason"
  | "photo_required"
  | "resolution_not_allowed"
  | "exchange_variant_invalid";

export interface ReturnableLine {
  lineItemGid: string;
  returnableQuantity: number;
  /** End of the window (ISO instant); null when unlimited or not fulfilled. */
  deadline: string | null;
  /** What the window counts from: the delivery, or the fulfilment + transit buffer. */
  windowFrom: "delivery" | "fulfilment" | null;
  notReturnable: NotReturnableCode | null;
  allowedResolutions: Resolution[];
}

export interface ItemRefusal {
  /** Position of the item in the request. */
  index: number;
  lineItemGid: string;
  codes: RefusalCode[];
}

export interface AmountLine {
  lineItemGid: string;
  quantity: number;
  valueMinor: number;
  restockingFeePercent: number;
}

export interface ReturnAmounts {
  currency: string;
  resolution: Resolution;
  itemsValueMinor: number;
  restockingFeeMinor: number;
  returnShippingFeeMinor: number;
  bonusMinor: number;
  /** To refund, to credit, or the exchange value: items − fees + bonus, never below zero. */
  totalMinor: number;
  lines: AmountLine[];
}

export type PolicyRuleCode =
  | "fulfilment"
  | "final_sale"
  | "quantity"
  | "window"
  | "reason"
  | "photo"
  | "resolution"
  | "exchange_variant"
  | "restocking_fee"
  | "return_shipping_fee"
  | "bonus"
  | "review_international"
  | "review_value"
  | "review_serial_returner"
  | "auto_value"
  | "auto_reason"
  | "auto_customer"
  | "auto_approval";

/** Every rule, in the order the trace lists them. */
export const POLICY_RULES: readonly PolicyRuleCode[] = [
  "fulfilment",
  "final_sale",
  "quantity",
  "window",
  "reason",
  "photo",
  "resolution",
  "exchange_variant",
  "restocking_fee",
  "return_shipping_fee",
  "bonus",
  "review_international",
  "review_value",
  "review_serial_returner",
  "auto_value",
  "auto_reason",
  "auto_customer",
  "auto_approval",
];

export type TraceValue = string | number | boolean | null | string[];

/**
 * One rule as the engine considered it. `fired` means: for item rules, an item was refused; for
 * fees and the bonus, an amount was charged or given; for review rules, review is required; for
 * the auto-approval conditions, the condition holds; for `auto_approval`, the return is auto-approved.
 * `because` is a stable code; `values` the numbers involved; `items` the per-item detail.
 */
export interface TraceEntry {
  rule: PolicyRuleCode;
  fired: boolean;
  because: string;
  values: Record<string, TraceValue>;
  items?: { lineItemGid: string; fired: boolean; values: Record<string, TraceValue> }[];
}

export type ReturnDecision =
  | { outcome: "refused"; refusals: ItemRefusal[]; approval: null; amounts: ReturnAmounts; trace: TraceEntry[] }
  | { outcome: "accepted"; refusals: []; approval: "auto" | "review"; amounts: ReturnAmounts; trace: TraceEntry[] };

export interface ResolutionQuote {
  resolution: Resolution;
  /** False when some item may not take this resolution (an exchange-or-credit-only item and a refund). */
  available: boolean;
  unavailableFor: string[];
  amounts: ReturnAmounts;
}
