// The returns policy as the settings page saves it: the zod schema that checks a posted policy
// (every problem a plain message on its field) and the policy a new shop starts with.
import { z } from "zod";
import { RULE_TARGETS, SHOPIFY_RETURN_REASONS, type ReturnPolicy, type ReturnReasonOption } from "./policy-types";

const MAX_DAYS = 3650;

/** The windows the settings page offers before "custom" and "unlimited" (null). */
export const RETURN_WINDOW_PRESETS = [14, 30, 90] as const;

function percent(field: string) {
  return z
    .number({ required_error: `${field} is required.`, invalid_type_error: `${field} must be a number.` })
    .min(0, `${field} cannot be below 0 %.`)
    .max(100, `${field} cannot be above 100 %.`)
    .refine((n) => Number.isInteger(Math.round(n * 100 * 1e6) / 1e6), `${field} can have at most two decimal places.`);
}

function wholeNumber(field: string, min: number, max: number, unit: string, oneUnit: string) {
  const count = (n: number) => `${n} ${n === 1 ? oneUnit : unit}`;
  return z
    .number({ required_error: `${field} is required.`, invalid_type_error: `${field} must be a number.` })
    .int(`${field} must be a whole number of ${unit}.`)
    .min(min, `${field} must be at least ${count(min)}.`)
    .max(max, `${field} must be at most ${count(max)}.`);
}

function money(field: string) {
  return z
    .number({ required_error: `${field} is required.`, invalid_type_error: `${field} must be a number.` })
    .int(`${field} must be a whole number of minor units (grosze, cents).`)
    .min(0, `${field} cannot be negative.`)
    .max(Number.MAX_SAFE_INTEGER / 10_000, `${field} is too large.`);
}

const windowDays = (field: string) => wholeNumber(field, 1, MAX_DAYS, "days", "day").nullable();

const GID = { product: /^gid:\/\/shopify\/Product\/\d+$/, collection: /^gid:\/\/shopify\/Collection\/\d+$/ };

const ruleSchema = z
  .object({
    id: z.string().trim().min(1, "Each rule needs an id."),
    target: z.enum(RULE_TARGETS, { errorMap: () => ({ message: "A rule applies to a product, a collection or a tag." }) }),
    value: z.string().trim().min(1, "Choose what the rule applies to."),
    finalSale: z.boolean().optional(),
    windowDays: windowDays("The rule's return window").optional(),
    restockingFeePercent: percent("The rule's restocking fee").optional(),
    exchangeOrCreditOnly: z.boolean().optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.target !== "tag" && !GID[rule.target].test(rule.value))
      ctx.addIssue({ code: "custom", path: ["value"], message: `This is not a Shopify ${rule.target} id (gid://shopify/…).` });
    const sets = [rule.finalSale, rule.windowDays, rule.restockingFeePercent, rule.exchangeOrCreditOnly].some((v) => v !== undefined);
    if (!sets)
      ctx.addIssue({ code: "custom", path: [], message: "The rule changes nothing: set final sale, a window, a fee or exchange-only." });
  });

const reasonSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,40}$/, "A reason code is 1–40 lower-case letters, digits or underscores."),
  label: z.object({
    en: z.string().trim().min(1, "Give the reason an English label.").max(80, "Keep the label under 80 characters."),
    pl: z.string().trim().min(1, "Give the reason a Polish label.").max(80, "Keep the label under 80 characters."),
  }),
  shopifyReason: z.enum(SHOPIFY_RETURN_REASONS, { errorMap: () => ({ message: "Choose one of Shopify's return reasons." }) }),
  requiresPhoto: z.boolean(),
});

export const returnPolicySchema = z
  .object({
    windowDays: windowDays("The return window"),
    transitBufferDays: wholeNumber("The transit buffer", 0, 60, "days", "day"),
    restockingFeePercent: percent("The restocking fee"),
    waiveRestockingFeeForCreditOrExchange: z.boolean(),
    returnShipping: z.object({
      payer: z.enum(["customer", "merchant"], { errorMap: () => ({ message: "Say who pays for return shipping." }) }),
      feeMinor: money("The return shipping fee"),
      waiveForExchange: z.boolean(),
    }),
    resolutions: z.object({
      refund: z.object({ enabled: z.boolean() }),
      storeCredit: z.object({ enabled: z.boolean(), bonusPercent: percent("The store credit bonus") }),
      exchange: z.object({ enabled: z.boolean(), bonusPercent: percent("The exchange bonus") }),
    }),
    rules: z.array(ruleSchema).max(500, "At most 500 rules."),
    reasons: z.array(reasonSchema).min(1, "Keep at least one return reason.").max(50, "At most 50 return reasons."),
    autoApproval: z.object({
      enabled: z.boolean(),
      maxValueMinor: money("The auto-approval limit").nullable(),
      reasonCodes: z.array(z.string()),
      requireUnflaggedCustomer: z.boolean(),
    }),
    review: z.object({
      international: z.boolean(),
      valueOverMinor: money("The review threshold").nullable(),
      serialReturnerMinReturns: wholeNumber("The serial returner threshold", 1, 1000, "returns", "return").nullable(),
    }),
  })
  .superRefine((p, ctx) => {
    const { refund, storeCredit, exchange } = p.resolutions;
    if (!refund.enabled && !storeCredit.enabled && !exchange.enabled)
      ctx.addIssue({ code: "custom", path: ["resolutions"], message: "Offer at least one resolution: refund, store credit or exchange." });
    const codes = new Set<string>();
    p.reasons.forEach((r, i) => {
      if (codes.has(r.code))
        ctx.addIssue({ code: "custom", path: ["reasons", i, "code"], message: `The reason code "${r.code}" is used twice.` });
      codes.add(r.code);
    });
    p.autoApproval.reasonCodes.forEach((code, i) => {
      if (!codes.has(code))
        ctx.addIssue({ code: "custom", path: ["autoApproval", "reasonCodes", i], message: `"${code}" is not one of your return reasons.` });
    });
    const ids = new Set<string>();
    p.rules.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `The rule id "${r.id}" is used twice.` });
      ids.add(r.id);
    });
  });

// The schema and the hand-written type must describe the same policy.
const _sameShape: z.ZodType<ReturnPolicy, z.ZodTypeDef, unknown> = returnPolicySchema;
void _sameShape;

/** Field path ("reasons.2.label.pl") → the first problem with it. */
export function policyFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

export const DEFAULT_RETURN_REASONS: readonly ReturnReasonOption[] = [
  { code: "too_small", label: { en: "Too small", pl: "Za mały rozmiar" }, shopifyReason: "SIZE_TOO_SMALL", requiresPhoto: false },
  { code: "too_large", label: { en: "Too large", pl: "Za duży rozmiar" }, shopifyReason: "SIZE_TOO_LARGE", requiresPhoto: false },
  { code: "changed_mind", label: { en: "Changed my mind", pl: "Zmiana decyzji" }, shopifyReason: "UNWANTED", requiresPhoto: false },
  {
    code: "not_as_described",
    label: { en: "Not as described", pl: "Niezgodny z opisem" },
    shopifyReason: "NOT_AS_DESCRIBED",
    requiresPhoto: false,
  },
  { code: "wrong_item", label: { en: "Wrong item sent", pl: "Otrzymano inny produkt" }, shopifyReason: "WRONG_ITEM", requiresPhoto: true },
  {
    code: "defective",
    label: { en: "Damaged or defective", pl: "Uszkodzony lub wadliwy" },
    shopifyReason: "DEFECTIVE",
    requiresPhoto: true,
  },
  { code: "style", label: { en: "Did not like the style", pl: "Nie podoba mi się fason" }, shopifyReason: "STYLE", requiresPhoto: false },
  { code: "color", label: { en: "Colour not as expected", pl: "Kolor inny niż oczekiwany" }, shopifyReason: "COLOR", requiresPhoto: false },
  { code: "other", label: { en: "Other", pl: "Inny powód" }, shopifyReason: "OTHER", requiresPhoto: false },
];

/** A new shop's policy: 30 days from delivery (7 days' transit after fulfilment), every resolution, all reviewed by hand. */
export function defaultReturnPolicy(): ReturnPolicy {
  return {
    windowDays: 30,
    transitBufferDays: 7,
    restockingFeePercent: 0,
    waiveRestockingFeeForCreditOrExchange: true,
    returnShipping: { payer: "customer", feeMinor: 0, waiveForExchange: true },
    resolutions: {
      refund: { enabled: true },
      storeCredit: { enabled: true, bonusPercent: 0 },
      exchange: { enabled: true, bonusPercent: 0 },
    },
    rules: [],
    reasons: DEFAULT_RETURN_REASONS.map((r) => ({ ...r, label: { ...r.label } })),
    autoApproval: { enabled: false, maxValueMinor: null, reasonCodes: [], requireUnflaggedCustomer: true },
    review: { international: true, valueOverMinor: null, serialReturnerMinReturns: null },
  };
}
