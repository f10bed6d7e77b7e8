// Record shapes kept by the Admin double's in-memory store. Plain JSON (ids are GID strings, amounts are
// decimal strings, times are ISO UTC strings) so the whole store can be saved to and loaded from a file.

export type Money = string;
export type Iso = string;

export interface Installation {
  accessToken: string;
  scope: string;
  /** Online (per-user) tokens expire; offline ones do not. */
  online: { userId: string; expiresAt: Iso } | null;
  installedAt: Iso;
}

export interface ShopRecord {
  id: string;
  domain: string;
  name: string;
  email: string;
  ianaTimezone: string;
  currencyCode: string;
  primaryDomainUrl: string;
  country: string;
  locale: string;
  installations: Installation[];
  nextOrderNumber: number;
  /** The shop's locations (stock is kept and shipped from them); one "Shop location" when not set, as a new shop has. */
  locations?: LocationRecord[];
}

export interface LocationRecord {
  id: string;
  name: string;
}

export interface ImageRecord {
  id: string;
  url: string;
  altText: string | null;
}

/** A merchant's translation of some of a resource's text into another language (Translate & Adapt). */
export interface TranslationRecord {
  title?: string;
  description?: string;
}

export interface ProductRecord {
  id: string;
  title: string;
  handle: string;
  description: string;
  productType: string;
  vendor: string;
  tags: string[];
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  image: ImageRecord | null;
  variantIds: string[];
  /** By lowercase language code ("en"); what the Storefront API serves `@inContext(language:)`. */
  translations?: Record<string, TranslationRecord>;
  createdAt: Iso;
  updatedAt: Iso;
}

export interface VariantRecord {
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  price: Money;
  grams: number;
  /** Units on hand when Shopify tracks the variant's inventory; null when it does not (always sellable). */
  inventoryQuantity: number | null;
  /** DENY: not sellable once the tracked quantity reaches 0; CONTINUE: sells on regardless. */
  inventoryPolicy: "DENY" | "CONTINUE";
}

/** A manual (custom) collection: its products in the merchant's order. */
export interface CollectionRecord {
  id: string;
  title: string;
  handle: string;
  description: string;
  productIds: string[];
  translations?: Record<string, TranslationRecord>;
  createdAt: Iso;
  updatedAt: Iso;
}

/** A Storefront API access token an app created; it carries the app's unauthenticated scopes. */
export interface StorefrontAccessTokenRecord {
  id: string;
  accessToken: string;
  title: string;
  scopes: string[];
  createdAt: Iso;
  updatedAt: Iso;
}

export type MarketingState = "NOT_SUBSCRIBED" | "PENDING" | "SUBSCRIBED" | "UNSUBSCRIBED" | "REDACTED" | "INVALID";

export interface AddressRecord {
  id: string;
  firstName: string | null;
  lastName: string | null;
  address1: string;
  city: string;
  zip: string;
  country: string;
  countryCode: string;
  phone: string | null;
}

export interface CustomerRecord {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  locale: string;
  tags: string[];
  note: string | null;
  marketingState: MarketingState;
  marketingOptInLevel: "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN" | "UNKNOWN" | null;
  consentUpdatedAt: Iso | null;
  address: AddressRecord | null;
  createdAt: Iso;
  updatedAt: Iso;
}

export type FinancialStatus = "pending" | "authorized" | "paid" | "partially_refunded" | "refunded" | "voided";

export interface LineItemRecord {
  id: string;
  productId: string | null;
  variantId: string | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  price: Money;
  grams: number;
}

export interface OrderRecord {
  id: string;
  number: number;
  name: string;
  token: string;
  email: string | null;
  customerId: string | null;
  customerLocale: string;
  currency: string;
  financialStatus: FinancialStatus;
  lineItems: LineItemRecord[];
  shippingPrice: Money;
  shippingLineId: string;
  /** The codes checkout applied, as the shopper typed them (one entry per `discountApplications` entry). */
  discountCodes: string[];
  /** What the codes took off the line items (shipping discounts are in `shippingDiscountAmount`). */
  discountAmount: Money;
  /** What free-shipping codes took off `shippingPrice`. */
  shippingDiscountAmount: Money;
  /** How each applied code was worked out, kept on the order so its webhooks survive the code's deletion. */
  discountApplications: OrderDiscountRecord[];
  tags: string[];
  note: string | null;
  shippingAddress: AddressRecord | null;
  buyerAcceptsMarketing: boolean;
  createdAt: Iso;
  processedAt: Iso;
  updatedAt: Iso;
  cancelledAt: Iso | null;
  cancelReason: "customer" | "declined" | "fraud" | "inventory" | "staff" | "other" | null;
  closedAt: Iso | null;
  /** The payment of an order paid after checkout (markPaid): a SALE, or the CAPTURE of its authorization. */
  payment?: { kind: "SALE" | "CAPTURE"; transactionId: string; at: Iso } | null;
}

/**
 * One discount code applied to an order, in the terms of the REST order's `discount_applications` and
 * `discount_codes`, with the amount it took off each line item (`lineItemId`) or off shipping (null).
 */
export interface OrderDiscountRecord {
  code: string;
  /** discount_codes[].type */
  type: "percentage" | "fixed_amount" | "shipping";
  /** discount_applications[].value: "10.0" (percent) or "25.00" (money). */
  value: string;
  valueType: "percentage" | "fixed_amount";
  targetType: "line_item" | "shipping_line";
  targetSelection: "all" | "entitled";
  allocationMethod: "across" | "each";
  amount: Money;
  allocations: { lineItemId: string | null; amount: Money }[];
}

/** Shopify's shipment_status values carried by fulfillment events. */
export type ShipmentStatus =
  | "label_printed"
  | "label_purchased"
  | "confirmed"
  | "ready_for_pickup"
  | "in_transit"
  | "out_for_delivery"
  | "attempted_delivery"
  | "delayed"
  | "delivered"
  | "failure";

export interface FulfillmentEventRecord {
  id: string;
  status: ShipmentStatus;
  message: string | null;
  happenedAt: Iso;
  createdAt: Iso;
  estimatedDeliveryAt: Iso | null;
}

export interface FulfillmentRecord {
  id: string;
  orderId: string;
  name: string;
  status: "success" | "cancelled" | "error" | "failure";
  shipmentStatus: ShipmentStatus | null;
  tracking: { company: string | null; number: string | null; url: string | null } | null;
  lineItems: { id: string; lineItemId: string; quantity: number }[];
  events: FulfillmentEventRecord[];
  createdAt: Iso;
  updatedAt: Iso;
  inTransitAt: Iso | null;
  deliveredAt: Iso | null;
  estimatedDeliveryAt: Iso | null;
  /** Where it shipped from (Fulfillment.location); the shop's first location when not given. */
  locationId?: string | null;
}

export interface RefundRecord {
  id: string;
  orderId: string;
  returnId: string | null;
  note: string | null;
  restock: boolean;
  lineItems: { id: string; lineItemId: string; quantity: number; restockType: "no_restock" | "cancel" | "return"; subtotal: Money }[];
  transactionId: string;
  amount: Money;
  /** Refunded to the customer's store credit (returnProcess's refundMethods), beside `amount` to the payment. */
  storeCredit?: {
    /** The StoreCreditAccountCreditTransaction the refund made. */
    transactionId: string;
    /** The order's refund transaction for it (gateway shopify_store_credit). */
    orderTransactionId: string;
    amount: Money;
  } | null;
  createdAt: Iso;
}

export type ReturnStatus = "REQUESTED" | "OPEN" | "DECLINED" | "CLOSED" | "CANCELED";
export type ReturnReason =
  | "SIZE_TOO_SMALL"
  | "SIZE_TOO_LARGE"
  | "UNWANTED"
  | "NOT_AS_DESCRIBED"
  | "WRONG_ITEM"
  | "DEFECTIVE"
  | "STYLE"
  | "COLOR"
  | "OTHER"
  | "UNKNOWN";

export interface ReturnRecord {
  id: string;
  orderId: string;
  name: string;
  status: ReturnStatus;
  lineItems: {
    id: string;
    fulfillmentLineItemId: string;
    quantity: number;
    returnReason: ReturnReason;
    returnReasonNote: string;
    customerNote: string | null;
  }[];
  decline: { reason: "RETURN_PERIOD_ENDED" | "FINAL_SALE" | "OTHER"; note: string | null } | null;
  createdAt: Iso;
  updatedAt: Iso;
  /** What returnCreate and returnProcess add (absent on returns saved before them); see returns.ts. */
  details?: ReturnDetailsRecord;
}

/** Share of a return line item's value the merchant keeps (returnCreate's restockingFee.percentage, 0–100). */
export interface ReturnLineDetailsRecord {
  restockingFeePercentage: number | null;
  restockingFeeId: string | null;
  /** Units returnProcess has confirmed so far. */
  processedQuantity: number;
  /** Units a refund created by returnProcess covered. */
  refundedQuantity: number;
}

/** A variant the customer gets instead (returnCreate's exchangeLineItems); it becomes an order line when processed. */
export interface ExchangeLineItemRecord {
  id: string;
  variantId: string;
  quantity: number;
  processedQuantity: number;
  /** The order line item the exchange became once processed (an id kept on the exchange, not in order.lineItems). */
  lineItemId: string | null;
}

export type DispositionType = "RESTOCKED" | "PROCESSING_REQUIRED" | "NOT_RESTOCKED" | "MISSING";

export interface DispositionRecord {
  id: string;
  type: DispositionType;
  quantity: number;
  locationId: string | null;
}

export interface ReverseFulfillmentOrderLineItemRecord {
  id: string;
  returnLineItemId: string;
  fulfillmentLineItemId: string;
  totalQuantity: number;
  dispositions: DispositionRecord[];
}

/** A return label and tracking the merchant attached (reverseDeliveryCreateWithShipping). */
export interface ReverseDeliveryRecord {
  id: string;
  lineItems: { id: string; reverseFulfillmentOrderLineItemId: string; quantity: number }[];
  tracking: { number: string | null; url: string | null; carrierName: string | null } | null;
  label: { fileUrl: string; createdAt: Iso; updatedAt: Iso } | null;
  createdAt: Iso;
}

export interface ReverseFulfillmentOrderRecord {
  id: string;
  status: "OPEN" | "CLOSED" | "CANCELED";
  lineItems: ReverseFulfillmentOrderLineItemRecord[];
  deliveries: ReverseDeliveryRecord[];
}

export interface ReturnDetailsRecord {
  /** By return line item id. */
  lines: Record<string, ReturnLineDetailsRecord>;
  exchangeLineItems: ExchangeLineItemRecord[];
  shippingFee: { id: string; amount: Money } | null;
  /** Created when the return opens (approved or created OPEN). */
  reverseFulfillmentOrders: ReverseFulfillmentOrderRecord[];
  refundIds: string[];
  closedAt: Iso | null;
}

/** What a code takes off: a share or an amount of the items it applies to (DiscountCodeBasic), or shipping (DiscountCodeFreeShipping). */
export type DiscountValue =
  | { kind: "percentage"; percentage: number }
  | { kind: "amount"; amount: Money; appliesOnEachItem: boolean }
  /** Shipping rates up to `maximumShippingPrice` (null: any rate) become free. */
  | { kind: "freeShipping"; maximumShippingPrice: Money | null };

/** The line items an amount-off code reduces: all of them, or those of the listed products and variants. */
export type DiscountItemsRecord = { kind: "all" } | { kind: "products"; productIds: string[]; variantIds: string[] };

export interface DiscountRecord {
  id: string;
  redeemCodeId: string;
  code: string;
  title: string;
  value: DiscountValue;
  /** Always `all` for free shipping. */
  items: DiscountItemsRecord;
  startsAt: Iso;
  /** Set to the moment of deactivation by discountCodeDeactivate, which is how Shopify ends a code. */
  endsAt: Iso | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  customerIds: string[] | null;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  /** Minimum subtotal of the items the code applies to (of the whole cart for free shipping). */
  minimumSubtotal: Money | null;
  /** Minimum quantity of the items the code applies to; Shopify takes a subtotal or a quantity, never both. */
  minimumQuantity: number | null;
  usageCount: number;
  createdAt: Iso;
}

export interface MetafieldRecord {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: Iso;
  updatedAt: Iso;
}

/** One field of a metaobject definition: its key, value type and whether every entry must have a value. */
export interface MetaobjectFieldDefinitionRecord {
  key: string;
  name: string;
  description: string | null;
  /** A metafield type ("rating", "single_line_text_field", "list.url", "product_reference", …). */
  type: string;
  required: boolean;
  /** Shopify's MetafieldDefinitionValidation entries (e.g. `choices`); the double enforces `choices`. */
  validations: { name: string; type: string; value: string }[];
}

/** A metaobject definition (a type of metaobject), here one enabled from a standard template. */
export interface MetaobjectDefinitionRecord {
  id: string;
  type: string;
  name: string;
  description: string | null;
  /** The field whose value is an entry's displayName. */
  displayNameKey: string | null;
  fieldDefinitions: MetaobjectFieldDefinitionRecord[];
  /** Whether entries have the publishable capability (an ACTIVE or DRAFT status). */
  publishable: boolean;
  /** The standard template's type when enabled by standardMetaobjectDefinitionEnable. */
  standardTemplate: string | null;
  createdAt: Iso;
  updatedAt: Iso;
}

/** One metaobject (an entry of a definition), unique by type and handle. */
export interface MetaobjectRecord {
  id: string;
  type: string;
  handle: string;
  /** Values as written to the API, by field key; a field without a value is absent. */
  fields: Record<string, string>;
  /** The publishable capability's status; null when the definition is not publishable. */
  status: "ACTIVE" | "DRAFT" | null;
  createdAt: Iso;
  updatedAt: Iso;
}

export interface StoreCreditTransactionRecord {
  id: string;
  amount: Money;
  balanceAfter: Money;
  expiresAt: Iso | null;
  createdAt: Iso;
}

export interface StoreCreditAccountRecord {
  id: string;
  ownerId: string;
  currency: string;
  balance: Money;
  transactions: StoreCreditTransactionRecord[];
}

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";
export type BulkOperationType = "QUERY" | "MUTATION";

/** A JSONL file written by a bulk operation and the signed download URL that serves it. */
export interface BulkFileRecord {
  /** Absolute path on disk; the file outlives the process, the record outlives the file only as EXPIRED. */
  path: string;
  /** Random name the download URL carries instead of the operation id. */
  token: string;
  /** Key the URL's signature is made with; never leaves the double. */
  secret: string;
  /** Seven days after the operation finished, by the store's clock. */
  expiresAt: Iso;
  size: number;
}

/**
 * One bulk operation. EXPIRED is never stored: it is how a finished operation reads once its file's URL
 * has expired or the file is gone.
 */
export interface BulkOperationRecord {
  id: string;
  type: BulkOperationType;
  status: Exclude<BulkOperationStatus, "EXPIRED">;
  errorCode: BulkOperationErrorCode | null;
  query: string;
  groupObjects: boolean;
  /** Scopes of the token that started it (null: every scope): the operation reads with that access. */
  scope: string | null;
  createdAt: Iso;
  completedAt: Iso | null;
  objectCount: number;
  rootObjectCount: number;
  /** The result (COMPLETED with at least one object). */
  file: BulkFileRecord | null;
  /** What a failed operation had written before it failed. */
  partialFile: BulkFileRecord | null;
}

/** Everything one shop holds, keyed by GID. Object key order is insertion order, i.e. creation order. */
export interface ShopData {
  shop: ShopRecord;
  products: Record<string, ProductRecord>;
  variants: Record<string, VariantRecord>;
  collections: Record<string, CollectionRecord>;
  customers: Record<string, CustomerRecord>;
  orders: Record<string, OrderRecord>;
  fulfillments: Record<string, FulfillmentRecord>;
  refunds: Record<string, RefundRecord>;
  returns: Record<string, ReturnRecord>;
  discounts: Record<string, DiscountRecord>;
  metafields: Record<string, MetafieldRecord>;
  metaobjectDefinitions: Record<string, MetaobjectDefinitionRecord>;
  metaobjects: Record<string, MetaobjectRecord>;
  storeCreditAccounts: Record<string, StoreCreditAccountRecord>;
  bulkOperations: Record<string, BulkOperationRecord>;
  storefrontAccessTokens: Record<string, StorefrontAccessTokenRecord>;
}

export interface StoreSnapshot {
  version: 1;
  nextSequence: number;
  shops: Record<string, ShopData>;
}

export type WebhookTopic =
  | "orders/create"
  | "orders/paid"
  | "orders/updated"
  | "orders/cancelled"
  | "fulfillments/create"
  | "fulfillments/update"
  | "fulfillment_events/create"
  | "refunds/create"
  | "returns/request"
  | "returns/approve"
  | "returns/decline"
  | "returns/close"
  | "returns/reopen"
  | "returns/cancel"
  | "reverse_deliveries/attach_deliverable"
  | "customers/create"
  | "customers/update"
  | "customers_email_marketing_consent/update"
  | "app/uninstalled"
  | "bulk_operations/finish";

/** What the store emits on "change": enough for another component to deliver a webhook. */
export interface ChangeEvent {
  /** Unique per emitted event; usable as X-Shopify-Webhook-Id / X-Shopify-Event-Id. */
  eventId: string;
  shop: string;
  topic: WebhookTopic;
  /** REST-shaped payload; numeric ids are BigInt so they stay exact. */
  payload: Record<string, unknown>;
  /** The payload serialised as Shopify sends it, with exact integer ids. */
  body: string;
  occurredAt: Iso;
}
