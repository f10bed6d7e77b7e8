// The returns policy as the settings form holds it: the same shape as ReturnPolicy, but numbers as
// the merchant typed them (money in major units, "," or "." as the decimal mark), and the way back
// to a policy for returnPolicySchema to judge. Text that is not a number is passed on as text, so the
// schema reports it on its own field. Also the schema's problems in the merchant's language, by field.
import type { ZodIssue } from "zod";
import type { Translate } from "~/i18n/translate";
import { minorToDecimal } from "~/orders/format-money";
import { toMinorUnits } from "~/orders/money";
import type { ProductRule, ReturnPolicy, ReturnReasonOption, RuleTarget } from "~/returns/policy-types";

/** A rule's yes/no setting: left to the policy (or a less specific rule), or set. */
export type Tri = "inherit" | "yes" | "no";

export interface RuleDraft {
  id: string;
  target: RuleTarget;
  value: string;
  finalSale: Tri;
  /** inherit: not set; unlimited: no window; days: `windowDays`. */
  windowMode: "inherit" | "unlimited" | "days";
  windowDays: string;
  /** Empty: not set. */
  restockingFeePercent: string;
  exchangeOrCreditOnly: Tri;
}

export interface PolicyDraft {
  /** Empty: no limit. */
  windowDays: string;
  transitBufferDays: string;
  restockingFeePercent: string;
  waiveRestockingFeeForCreditOrExchange: boolean;
  returnShipping: { payer: "customer" | "merchant"; feeMinor: string; waiveForExchange: boolean };
  resolutions: {
    refund: { enabled: boolean };
    storeCredit: { enabled: boolean; bonusPercent: string };
    exchange: { enabled: boolean; bonusPercent: string };
  };
  rules: RuleDraft[];
  reasons: ReturnReasonOption[];
  autoApproval: { enabled: boolean; maxValueMinor: string; reasonCodes: string[]; requireUnflaggedCustomer: boolean };
  review: { international: boolean; valueOverMinor: string; serialReturnerMinReturns: string };
}

const tri = (v: boolean | undefined): Tri => (v === undefined ? "inherit" : v ? "yes" : "no");
const fromTri = (v: Tri): boolean | undefined => (v === "inherit" ? undefined : v === "yes");
const money = (minor: number | null, currency: string) => (minor === null ? "" : minorToDecimal(minor, currency));

export function draftOfPolicy(policy: ReturnPolicy, currency: string): PolicyDraft {
  return {
    windowDays: policy.windowDays === null ? "" : String(policy.windowDays),
    transitBufferDays: String(policy.transitBufferDays),
    restockingFeePercent: String(policy.restockingFeePercent),
    waiveRestockingFeeForCreditOrExchange: policy.waiveRestockingFeeForCreditOrExchange,
    returnShipping: {
      payer: policy.returnShipping.payer,
      feeMinor: money(policy.returnShipping.feeMinor, currency),
      waiveForExchange: policy.returnShipping.waiveForExchange,
    },
    resolutions: {
      refund: { enabled: policy.resolutions.refund.enabled },
      storeCredit: { enabled: policy.resolutions.storeCredit.enabled, bonusPercent: String(policy.resolutions.storeCredit.bonusPercent) },
      exchange: { enabled: policy.resolutions.exchange.enabled, bonusPercent: String(policy.resolutions.exchange.bonusPercent) },
    },
    rules: policy.rules.map((r) => ({
      id: r.id,
      target: r.target,
      value: r.value,
      finalSale: tri(r.finalSale),
      windowMode: r.windowDays === undefined ? "inherit" : r.windowDays === null ? "unlimited" : "days",
      windowDays: r.windowDays === undefined || r.windowDays === null ? "" : String(r.windowDays),
      restockingFeePercent: r.restockingFeePercent === undefined ? "" : String(r.restockingFeePercent),
      exchangeOrCreditOnly: tri(r.exchangeOrCreditOnly),
    })),
    reasons: policy.reasons.map((r) => ({ ...r, label: { ...r.label } })),
    autoApproval: {
      enabled: policy.autoApproval.enabled,
      maxValueMinor: money(policy.autoApproval.maxValueMinor, currency),
      reasonCodes: [...policy.autoApproval.reasonCodes],
      requireUnflaggedCustomer: policy.autoApproval.requireUnflaggedCustomer,
    },
    review: {
      international: policy.review.international,
      valueOverMinor: money(policy.review.valueOverMinor, currency),
      serialReturnerMinReturns: policy.review.serialReturnerMinReturns === null ? "" : String(policy.review.serialReturnerMinReturns),
    },
  };
}

/** A typed number ("12", "12,5", " 7 "); anything else stays text for the schema to refuse. */
export function numberOf(text: string): number | string {
  const t = text.trim().replace(/\s/g, "").replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : text;
}

/** Empty → null, else as numberOf. */
function optionalNumber(text: string): number | string | null {
  return text.trim() === "" ? null : numberOf(text);
}

/** A typed amount in major units → minor units of `currency`. */
export function minorOf(text: string, currency: string): number | string {
  const t = text.trim().replace(/\s/g, "").replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(t)) return text;
  try {
    return toMinorUnits(t, currency);
  } catch {
    // Finer than the currency allows (3 decimals for PLN) or out of range: the schema refuses the text.
    return text;
  }
}

const optionalMinor = (text: string, currency: string) => (text.trim() === "" ? null : minorOf(text, currency));

/** The draft as a policy to validate (not yet checked: a field may still hold text). */
export function policyOfDraft(d: PolicyDraft, currency: string): unknown {
  return {
    windowDays: optionalNumber(d.windowDays),
    transitBufferDays: numberOf(d.transitBufferDays),
    restockingFeePercent: numberOf(d.restockingFeePercent),
    waiveRestockingFeeForCreditOrExchange: d.waiveRestockingFeeForCreditOrExchange,
    returnShipping: {
      payer: d.returnShipping.payer,
      feeMinor:
        d.returnShipping.payer === "merchant" && d.returnShipping.feeMinor.trim() === "" ? 0 : minorOf(d.returnShipping.feeMinor, currency),
      waiveForExchange: d.returnShipping.waiveForExchange,
    },
    resolutions: {
      refund: { enabled: d.resolutions.refund.enabled },
      storeCredit: { enabled: d.resolutions.storeCredit.enabled, bonusPercent: numberOf(d.resolutions.storeCredit.bonusPercent) },
      exchange: { enabled: d.resolutions.exchange.enabled, bonusPercent: numberOf(d.resolutions.exchange.bonusPercent) },
    },
    rules: d.rules.map((r) => {
      const rule: Record<string, unknown> = { id: r.id, target: r.target, value: r.value.trim() };
      const finalSale = fromTri(r.finalSale);
      if (finalSale !== undefined) rule.finalSale = finalSale;
      if (r.windowMode === "unlimited") rule.windowDays = null;
      if (r.windowMode === "days") rule.windowDays = numberOf(r.windowDays);
      if (r.restockingFeePercent.trim() !== "") rule.restockingFeePercent = numberOf(r.restockingFeePercent);
      const only = fromTri(r.exchangeOrCreditOnly);
      if (only !== undefined) rule.exchangeOrCreditOnly = only;
      return rule as unknown as ProductRule;
    }),
    reasons: d.reasons.map((r) => ({ ...r, code: r.code.trim(), label: { en: r.label.en.trim(), pl: r.label.pl.trim() } })),
    autoApproval: {
      enabled: d.autoApproval.enabled,
      maxValueMinor: optionalMinor(d.autoApproval.maxValueMinor, currency),
      reasonCodes: d.autoApproval.reasonCodes,
      requireUnflaggedCustomer: d.autoApproval.requireUnflaggedCustomer,
    },
    review: {
      international: d.review.international,
      valueOverMinor: optionalMinor(d.review.valueOverMinor, currency),
      serialReturnerMinReturns: optionalNumber(d.review.serialReturnerMinReturns),
    },
  };
}

/** A new rule's draft: a tag rule that sets nothing yet. */
export function newRuleDraft(id: string): RuleDraft {
  return {
    id,
    target: "tag",
    value: "",
    finalSale: "yes",
    windowMode: "inherit",
    windowDays: "",
    restockingFeePercent: "",
    exchangeOrCreditOnly: "inherit",
  };
}

/** Field path ("reasons.2.label.pl", "rules.0" for a whole rule) → the first problem with it, in the merchant's language. */
export function policyErrors(issues: ZodIssue[], t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.join(".");
    if (key in out) continue;
    out[key] = messageFor(issue, t);
  }
  return out;
}

function messageFor(issue: ZodIssue, t: Translate): string {
  const path = issue.path.map(String);
  const last = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? "";
  const inRules = path[0] === "rules";
  if (inRules && path.length === 2) return t("returns.admin.settings.error.ruleEmpty");
  if (inRules && last === "value") return t("returns.admin.settings.error.ruleValue");
  if (inRules && last === "id") return t("returns.admin.settings.error.ruleId");
  if (last === "windowDays") return t("returns.admin.settings.error.windowDays");
  if (last === "transitBufferDays") return t("returns.admin.settings.error.transitBufferDays");
  if (last === "restockingFeePercent" || last === "bonusPercent") return t("returns.admin.settings.error.percent");
  if (last === "feeMinor" || last === "maxValueMinor" || last === "valueOverMinor") return t("returns.admin.settings.error.money");
  if (last === "serialReturnerMinReturns") return t("returns.admin.settings.error.serial");
  if (last === "code") return t("returns.admin.settings.error.reasonCode");
  if (last === "en" || last === "pl") return t("returns.admin.settings.error.reasonLabel");
  if (last === "shopifyReason") return t("returns.admin.settings.error.shopifyReason");
  if (last === "resolutions") return t("returns.admin.settings.error.resolutions");
  if (last === "reasonCodes") return t("returns.admin.settings.error.autoReason");
  if (last === "reasons") return t("returns.admin.settings.error.reasons");
  if (last === "rules") return t("returns.admin.settings.error.rules");
  return t("returns.admin.settings.error.generic");
}
