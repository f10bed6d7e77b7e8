// Shared types of the returns capability (issue 19): the contract between the returns services,
// the storefront portal and the admin pages.

export type ReturnStatus =
  | "requested" // waiting for the merchant (Shopify REQUESTED)
  | "approved" // Shopify OPEN, no label yet
  | "declined"
  | "in_transit" // label/tracking added
  | "received" // merchant marked the items received
  | "processed" // refund / store credit / exchange done (see resolution)
  | "closed"
  | "cancelled";
export type Resolution = "refund" | "store_credit" | "exchange";
export type Approval = "auto" | "review";
export interface Money {
  amountMinor: number;
  currency: string;
}
export interface ReturnAmounts {
  itemsMinor: number;
  restockingFeeMinor: number;
  shippingFeeMinor: number;
  bonusMinor: number;
  totalMinor: number;
  currency: string;
}
export interface PortalItem {
  lineItemGid: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  unitPriceMinor: number;
  orderedQuantity: number;
  returnableQuantity: number;
  deadline: string | null; // ISO; null = unlimited
  refusal: string | null; // not_fulfilled | out_of_window | final_sale | already_returned
  exchangeVariants: { variantGid: string; title: string; available: boolean }[];
}
export interface PortalReason {
  code: string;
  label: string;
  requiresPhoto: boolean;
} // label in the shopper's locale
export interface PortalReturnSummary {
  id: string;
  name: string;
  status: ReturnStatus;
  resolution: Resolution;
  createdAt: string;
  totalMinor: number;
  currency: string;
}
export interface PortalOrder {
  orderName: string;
  currency: string;
  locale: string;
  items: PortalItem[];
  reasons: PortalReason[];
  resolutions: { resolution: Resolution; bonusPercent: number }[]; // allowed by the policy
  returns: PortalReturnSummary[]; // earlier returns of this order
}
export interface ReturnDraftItem {
  lineItemGid: string;
  quantity: number;
  reasonCode: string;
  note?: string;
  exchangeVariantGid?: string | null;
}
export interface ReturnDraft {
  items: ReturnDraftItem[];
  resolution: Resolution;
  note?: string;
}
export interface UploadedPhoto {
  lineItemGid: string;
  bytes: Uint8Array;
  filename: string;
}
export interface SubmitError {
  lineItemGid: string | null;
  field: string;
  code: string;
  message: string;
}
export type SubmitResult = { ok: true; returnId: string; status: ReturnStatus; approval: Approval } | { ok: false; errors: SubmitError[] };
export interface ReturnTimelineStep {
  status: ReturnStatus;
  at: string | null;
  done: boolean;
}
export interface ReturnStatusView {
  id: string;
  name: string;
  orderName: string;
  status: ReturnStatus;
  resolution: Resolution;
  amounts: ReturnAmounts;
  items: { title: string; quantity: number; reason: string; exchangeFor: string | null }[];
  steps: ReturnTimelineStep[];
  declineMessage: string | null;
  label: {
    url: string | null;
    trackingNumber: string | null;
    trackingUrl: string | null;
    carrier: string | null;
  } | null;
  storeCreditMinor: number | null;
}
export interface ReturnListFilters {
  status?: ReturnStatus | "open" | "all";
  reason?: string;
  risk?: "review" | "auto";
  q?: string;
  page?: number;
}
export interface ReturnListRow {
  id: string;
  name: string;
  orderName: string;
  orderGid: string;
  customerName: string | null;
  status: ReturnStatus;
  resolution: Resolution;
  approval: Approval;
  reasons: string[];
  totalMinor: number;
  currency: string;
  createdAt: string;
  riskFlags: string[];
}
export interface ReturnDetail extends ReturnStatusView {
  orderGid: string;
  returnGid: string | null;
  customerGid: string | null;
  customerName: string | null;
  email: string | null;
  approval: Approval;
  riskFlags: string[];
  trace: { rule: string; fired: boolean; detail: Record<string, unknown> }[];
  items: (ReturnStatusView["items"][number] & {
    id: string;
    lineItemGid: string;
    note: string | null;
    photoIds: string[];
  })[];
  customerNote: string | null;
  events: { type: string; at: string; actor: string | null; detail: Record<string, unknown> }[];
  allowedActions: ("approve" | "decline" | "label" | "receive" | "process" | "close")[];
}
export interface ReturnAnalytics {
  days: number;
  orders: number;
  returns: number;
  returnRate: number;
  reasons: { code: string; label: string; count: number }[];
  resolutionShare: Record<Resolution, number>;
  returnedValueMinor: number;
  retainedValueMinor: number;
  retainedRevenueRatio: number | null;
  currency: string;
}
export type ActionResult = { ok: true } | { ok: false; error: "not_found" | "unchanged" | "invalid_state" | "shopify"; message: string };

export type DeclineReason = "RETURN_PERIOD_ENDED" | "FINAL_SALE" | "OTHER";
export type ReturnAction = ReturnDetail["allowedActions"][number];
