// The loyalty program's vocabulary: ledger entry kinds, reasons, reward types and the program's
// settings as the domain sees them. Pure types and constants, shared by the server, the admin and
// the storefront endpoints.

export const ENTRY_KINDS = ["earn", "reverse", "redeem", "restore", "expire", "adjust", "release"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Why an entry exists: stable codes the admin and the storefront translate. */
export const ENTRY_REASONS = [
  "order_paid",
  "order_refunded",
  "order_cancelled",
  "pending_released",
  "signup",
  "birthday",
  "review_published",
  "tier_entry",
  "history_award",
  "reward_redeemed",
  "reward_failed",
  "reward_voided",
  "reward_refunded",
  "inactivity",
  "admin_adjustment",
] as const;
export type EntryReason = (typeof ENTRY_REASONS)[number];

export const ENTRY_SOURCES = ["order", "refund", "review", "admin", "customer", "reward", "program"] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

export const REWARD_TYPES = ["fixed_amount", "percentage", "free_shipping", "free_product", "store_credit"] as const;
export type RewardType = (typeof REWARD_TYPES)[number];

export const REDEMPTION_STATUSES = ["reserved", "issued", "used", "voided", "refunded", "failed"] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

export type Rounding = "down" | "nearest" | "up";
export type TierBasis = "points" | "spent";

export interface EarningRules {
  pointsPerUnit: number;
  includeTax: boolean;
  includeShipping: boolean;
  rounding: Rounding;
}

export interface Tier {
  id: string;
  name: string;
  /** Points earned, or minor units spent, over the program's window. */
  threshold: number;
  /** Percent of the base award (100 = ×1). */
  multiplier: number;
  entryPoints: number;
}

export interface Reward {
  id: string;
  type: RewardType;
  title: string;
  cost: number;
  /** Minor units (fixed_amount, store_credit) or percent (percentage). */
  value: number;
  variantGid: string | null;
  minimumSubtotal: number | null;
  enabled: boolean;
}

/** A change to write to the ledger (the ledger adds the shop, customer and id). */
export interface EntryDraft {
  key: string;
  kind: EntryKind;
  points?: number;
  pendingPoints?: number;
  reason: EntryReason;
  source: EntrySource;
  orderGid?: string | null;
  refundGid?: string | null;
  redemptionId?: string | null;
  availableAt?: Date | null;
  actor?: string | null;
  note?: string | null;
  detail?: Record<string, unknown>;
  /** Write the entry even if it moves no points (a reversal whose points were already spent). */
  recordEmpty?: boolean;
}
