// Small pieces the returns admin pages share: a return's status, resolution and risk in words (and
// as badges), the policy trace as sentences, a bar chart of reasons, and the returns 404 page.
import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { Badge, InlineStack, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { NotFoundPage } from "~/components/not-found-page";
import type { Locale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { translator, type Translate } from "~/i18n/translate";
import type { ReturnAction, ReturnStatus, Resolution } from "~/returns/types";

export const RETURN_STATUSES: readonly ReturnStatus[] = [
  "requested",
  "approved",
  "in_transit",
  "received",
  "processed",
  "closed",
  "declined",
  "cancelled",
];

export interface ReturnBadgeLook {
  label: string;
  tone?: "success" | "info" | "attention" | "warning" | "critical" | "new";
  progress?: "incomplete" | "partiallyComplete" | "complete";
}

const STATUS_LOOK: Record<ReturnStatus, Omit<ReturnBadgeLook, "label">> = {
  requested: { tone: "attention", progress: "incomplete" },
  approved: { tone: "info", progress: "partiallyComplete" },
  in_transit: { tone: "info", progress: "partiallyComplete" },
  received: { tone: "warning", progress: "partiallyComplete" },
  processed: { tone: "success", progress: "complete" },
  closed: { progress: "complete" },
  declined: { tone: "critical" },
  cancelled: {},
};

export function statusLook(t: Translate, status: ReturnStatus): ReturnBadgeLook {
  return { label: t(`returns.admin.status.${status}`), ...STATUS_LOOK[status] };
}

export function resolutionLabel(t: Translate, resolution: Resolution): string {
  return t(`returns.admin.resolution.${resolution}`);
}

const RISK: Record<string, MessageKey> = {
  international: "returns.admin.risk.international",
  review_international: "returns.admin.risk.international",
  high_value: "returns.admin.risk.highValue",
  review_value: "returns.admin.risk.highValue",
  serial_returner: "returns.admin.risk.serialReturner",
  review_serial_returner: "returns.admin.risk.serialReturner",
  flagged_customer: "returns.admin.risk.flaggedCustomer",
  customer_flagged: "returns.admin.risk.flaggedCustomer",
  auto_customer: "returns.admin.risk.flaggedCustomer",
};

/** A risk flag in words; a flag this version does not know is shown as its code. */
export function riskLabel(t: Translate, flag: string): string {
  const key = RISK[flag];
  return key ? t(key) : flag.replace(/_/g, " ");
}

export const ACTION_LABEL: Record<ReturnAction, MessageKey> = {
  approve: "returns.admin.action.approve",
  decline: "returns.admin.action.decline",
  label: "returns.admin.action.label",
  receive: "returns.admin.action.receive",
  process: "returns.admin.action.process",
  close: "returns.admin.action.close",
};

const ITEM_RULES = ["fulfilment", "final_sale", "quantity", "window", "reason", "photo", "resolution", "exchange_variant"] as const;

/** Each rule and the reasons (`because`) the policy engine gives for it, as the copy has them. */
const BECAUSE = {
  restocking_fee: ["waived_for_credit_or_exchange", "charged", "none"],
  return_shipping_fee: ["merchant_pays", "waived_for_exchange", "charged", "none"],
  bonus: ["given", "refund_has_no_bonus", "none"],
  review_international: ["disabled", "no_shipping_country", "international", "domestic"],
  review_value: ["disabled", "over_threshold", "within_threshold"],
  review_serial_returner: ["disabled", "serial_returner", "below_threshold"],
  auto_value: ["no_limit", "under_limit", "at_or_over_limit"],
  auto_reason: ["any_reason", "reasons_listed", "reason_not_listed"],
  auto_customer: ["not_required", "customer_flagged", "customer_not_flagged"],
  auto_approval: ["disabled", "refused", "review_required", "all_conditions_met", "condition_not_met"],
} as const;
type ItemRule = (typeof ITEM_RULES)[number];
type OrderRule = keyof typeof BECAUSE;

export interface TraceLine {
  key: string;
  rule: string;
  fired: boolean;
  text: string;
  /** For a rule judged per item: the items it refused. */
  items: string[];
}

interface TraceInput {
  rule: string;
  fired: boolean;
  detail: Record<string, unknown>;
}

const MINOR = /Minor$/;

const asRecord = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** The rule's numbers as message parameters: amounts (`…Minor`) as money under their short name ("feeMinor" → "fee"). */
function traceParams(t: Translate, values: Record<string, unknown>, money: (minor: number) => string): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "number") params[name.replace(MINOR, "")] = MINOR.test(name) ? money(value) : value;
    else if (typeof value === "string") params[name] = value;
    else if (Array.isArray(value)) params[name] = value.map(String).join(", ");
    else if (value === null) params[name] = t("returns.admin.trace.none");
  }
  if (typeof values.returnsLast365Days === "number") params.count = values.returnsLast365Days;
  return params;
}

/**
 * The policy's decision as sentences, one per rule in the order the engine judged them, each saying
 * why it fired or not with the numbers involved; an item rule names the items it refused.
 * `money` formats an amount in the return's currency; `titles` names the order's lines.
 */
export function traceLines(
  t: Translate,
  trace: TraceInput[],
  money: (minor: number) => string,
  titles: Record<string, string> = {},
): TraceLine[] {
  return trace.map((entry, i) => {
    const detail = asRecord(entry.detail) ?? {};
    const because = typeof detail.because === "string" ? detail.because : null;
    const values = asRecord(detail.values) ?? detail;
    const items = Array.isArray(detail.items)
      ? detail.items.flatMap((raw) => {
          const item = asRecord(raw);
          if (!item?.fired || typeof item.lineItemGid !== "string") return [];
          return [titles[item.lineItemGid] ?? t("returns.admin.trace.unknownItem")];
        })
      : [];
    let text: string;
    if ((ITEM_RULES as readonly string[]).includes(entry.rule)) {
      const outcome = entry.fired ? "refused" : because === "not_applicable" ? "not_applicable" : "passed";
      text = t(`returns.admin.trace.${entry.rule as ItemRule}.${outcome}`);
    } else if (entry.rule in BECAUSE) {
      const rule = entry.rule as OrderRule;
      const known = (BECAUSE[rule] as readonly string[]).includes(because ?? "");
      text = known
        ? t(`returns.admin.trace.${rule}.${because}` as MessageKey, traceParams(t, values, money))
        : t(`returns.admin.trace.${rule}.${entry.fired ? "fired" : "passed"}`);
    } else {
      text = t("returns.admin.trace.unknown", { rule: entry.rule });
    }
    return { key: `${i}-${entry.rule}`, rule: entry.rule, fired: entry.fired, text, items: [...new Set(items)] };
  });
}

/** Horizontal bars: a label, a share of the widest, and the count. */
export function Bars({ rows, label }: { rows: { key: string; label: string; count: string; share: number }[]; label: string }) {
  return (
    <div role="list" aria-label={label} style={{ display: "grid", gap: "var(--p-space-150)" }}>
      {rows.map((r) => (
        <div role="listitem" key={r.key}>
          <InlineStack gap="200" blockAlign="center" wrap={false}>
            <div style={{ width: "12rem", flexShrink: 0 }}>
              <Text as="span" variant="bodySm" truncate>
                {r.label}
              </Text>
            </div>
            <div
              style={{ flex: 1, height: 10, background: "#e3e3e3", borderRadius: 5, overflow: "hidden", minWidth: 80 }}
              aria-hidden="true"
            >
              <div style={{ width: `${Math.round(r.share * 100)}%`, height: "100%", background: "#4a7bd0" }} />
            </div>
            <div style={{ width: "3rem", textAlign: "end" }}>
              <Text as="span" variant="bodySm" numeric>
                {r.count}
              </Text>
            </div>
          </InlineStack>
        </div>
      ))}
    </div>
  );
}

export function ReturnBadge({ look }: { look: ReturnBadgeLook }) {
  return (
    <Badge tone={look.tone} progress={look.progress}>
      {look.label}
    </Badge>
  );
}

/** A return this shop does not have: the returns 404 in the merchant's language; other errors go to Shopify's boundary. */
export function ReturnsErrorBoundary() {
  const error = useRouteError();
  const shell = useRouteLoaderData<{ locale: Locale }>("routes/app");
  if (isRouteErrorResponse(error) && error.status === 404) {
    const t = translator(shell?.locale ?? "en");
    return (
      <NotFoundPage
        title={t("returns.admin.notFound.title")}
        body={t("returns.admin.notFound.body")}
        backLabel={t("returns.admin.notFound.back")}
        backUrl="/app/returns"
      />
    );
  }
  return boundary.error(error);
}
