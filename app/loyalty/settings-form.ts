// The program settings form as the merchant edits it: the draft (text as typed; money in the shop's
// currency, with a dot or a comma), how a saved program or the starter program becomes a draft, and
// how a draft becomes the `programInput` the program saves — with every problem as a translated
// message on its field ("tiers.1.threshold"), the tier overlap naming both tiers. Pure.
import { z, type ZodIssue } from "zod";
import type { Locale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import type { Translate } from "~/i18n/translate";
import { minorToDecimal } from "~/orders/format-money";
import { currencyDigits, toMinorUnits } from "~/orders/money";
import { tierProblems } from "./tiers";
import { REWARD_TYPES, type Reward, type RewardType, type Rounding, type Tier, type TierBasis } from "./types";

/** Field name ("pointsPerUnit", "tiers.0.threshold", "rewards.2.value") → what is wrong with it. */
export type ProgramFieldErrors = Record<string, string>;

export interface TierDraft {
  /** React's key for the row: the tier's id, or one made up for a new row. */
  key: string;
  id: string | null;
  name: string;
  /** Points, or an amount of money when tiers go by amount spent. */
  threshold: string;
  /** Percent of the base rate (100 = ×1). */
  multiplier: string;
  entryPoints: string;
}

export interface RewardDraft {
  key: string;
  id: string | null;
  type: RewardType;
  title: string;
  cost: string;
  /** Money (fixed amount, store credit), a percent (percentage), or unused. */
  value: string;
  variantGid: string | null;
  /** Money; empty for none. */
  minimumSubtotal: string;
  enabled: boolean;
}

/** What the form holds and posts (as JSON). */
export interface ProgramDraft {
  enabled: boolean;
  pointsPerUnit: string;
  includeTax: boolean;
  includeShipping: boolean;
  rounding: Rounding;
  excludedTags: string[];
  excludedCollections: string[];
  pendingDays: string;
  signupEnabled: boolean;
  signupPoints: string;
  birthdayEnabled: boolean;
  birthdayPoints: string;
  reviewEnabled: boolean;
  reviewPoints: string;
  tierBasis: TierBasis;
  tierWindowMonths: string;
  tiers: TierDraft[];
  rewards: RewardDraft[];
  expiryEnabled: boolean;
  expiryMonths: string;
  warningDays: string;
  lastChanceDays: string;
}

let draftSchema: z.ZodType<ProgramDraft> | undefined;

/** A posted draft with the form's shape (the values are judged later), or null for anything else. */
export function parseDraft(json: string): ProgramDraft | null {
  if (!draftSchema) {
    const text = (max: number) => z.string().max(max);
    draftSchema = z.object({
      enabled: z.boolean(),
      pointsPerUnit: text(30),
      includeTax: z.boolean(),
      includeShipping: z.boolean(),
      rounding: z.enum(["down", "nearest", "up"]),
      excludedTags: z.array(text(300)).max(200),
      excludedCollections: z.array(text(200)).max(200),
      pendingDays: text(30),
      signupEnabled: z.boolean(),
      signupPoints: text(30),
      birthdayEnabled: z.boolean(),
      birthdayPoints: text(30),
      reviewEnabled: z.boolean(),
      reviewPoints: text(30),
      tierBasis: z.enum(["points", "spent"]),
      tierWindowMonths: text(30),
      tiers: z
        .array(
          z.object({
            key: text(60),
            id: text(40).nullable(),
            name: text(200),
            threshold: text(30),
            multiplier: text(30),
            entryPoints: text(30),
          }),
        )
        .max(50),
      rewards: z
        .array(
          z.object({
            key: text(60),
            id: text(40).nullable(),
            type: z.enum(REWARD_TYPES),
            title: text(400),
            cost: text(30),
            value: text(30),
            variantGid: text(200).nullable(),
            minimumSubtotal: text(30),
            enabled: z.boolean(),
          }),
        )
        .max(100),
      expiryEnabled: z.boolean(),
      expiryMonths: text(30),
      warningDays: text(30),
      lastChanceDays: text(30),
    });
  }
  try {
    const parsed = draftSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The program's values as the settings read them (see `loyaltyProgram`). */
export interface ProgramValues {
  enabled: boolean;
  pointsPerUnit: number;
  includeTax: boolean;
  includeShipping: boolean;
  rounding: Rounding;
  excludedTagList: string[];
  excludedCollectionList: string[];
  pendingDays: number;
  signupEnabled: boolean;
  signupPoints: number;
  birthdayEnabled: boolean;
  birthdayPoints: number;
  reviewEnabled: boolean;
  reviewPoints: number;
  tierBasis: TierBasis;
  tierWindowMonths: number;
  tiers: (Omit<Tier, "id"> & { id?: string })[];
  rewards: (Omit<Reward, "id" | "variantGid" | "minimumSubtotal"> & {
    id?: string;
    variantGid?: string | null;
    minimumSubtotal?: number | null;
  })[];
  expiryEnabled: boolean;
  expiryMonths: number;
  warningDays: number;
  lastChanceDays: number;
}

/** Money as the merchant reads it in their language: 500 PLN minor → "5,00" (Polish) or "5.00". */
export function moneyText(minor: number, currency: string, locale: Locale): string {
  const decimal = minorToDecimal(minor, currency);
  return locale === "pl" ? decimal.replace(".", ",") : decimal;
}

/** Whether a reward type's value is an amount of money (minor units) rather than a percent or nothing. */
export function valueIsMoney(type: RewardType): boolean {
  return type === "fixed_amount" || type === "store_credit";
}

export function draftOf(p: ProgramValues, currency: string, locale: Locale): ProgramDraft {
  const money = (minor: number) => moneyText(minor, currency, locale);
  return {
    enabled: p.enabled,
    pointsPerUnit: String(p.pointsPerUnit),
    includeTax: p.includeTax,
    includeShipping: p.includeShipping,
    rounding: p.rounding,
    excludedTags: [...p.excludedTagList],
    excludedCollections: [...p.excludedCollectionList],
    pendingDays: String(p.pendingDays),
    signupEnabled: p.signupEnabled,
    signupPoints: String(p.signupPoints),
    birthdayEnabled: p.birthdayEnabled,
    birthdayPoints: String(p.birthdayPoints),
    reviewEnabled: p.reviewEnabled,
    reviewPoints: String(p.reviewPoints),
    tierBasis: p.tierBasis,
    tierWindowMonths: String(p.tierWindowMonths),
    tiers: p.tiers.map((tier, i) => ({
      key: tier.id ?? `tier-${i}`,
      id: tier.id ?? null,
      name: tier.name,
      threshold: p.tierBasis === "spent" ? money(tier.threshold) : String(tier.threshold),
      multiplier: String(tier.multiplier),
      entryPoints: String(tier.entryPoints),
    })),
    rewards: p.rewards.map((r, i) => ({
      key: r.id ?? `reward-${i}`,
      id: r.id ?? null,
      type: r.type,
      title: r.title,
      cost: String(r.cost),
      value: valueIsMoney(r.type) ? money(r.value) : r.type === "percentage" ? String(r.value) : "",
      variantGid: r.variantGid ?? null,
      minimumSubtotal: r.minimumSubtotal != null ? money(r.minimumSubtotal) : "",
      enabled: r.enabled,
    })),
    expiryEnabled: p.expiryEnabled,
    expiryMonths: String(p.expiryMonths),
    warningDays: String(p.warningDays),
    lastChanceDays: String(p.lastChanceDays),
  };
}

/** One unit of the currency in minor units (100 for PLN, 1 for JPY): what starterRewards is given. */
export function minorPerUnit(currency: string): number {
  return 10 ** currencyDigits(currency);
}

const MONEY = /^\d{1,9}(?:[.,]\d{1,4})?$/;

/** Money typed in the shop's currency ("5", "5.5", "1 200,50") → minor units; null when it is not an amount. */
export function parseMoney(typed: string, currency: string): number | null {
  const compact = typed.replace(/[\s\u00a0\u202f]/g, "");
  if (!MONEY.test(compact)) return null;
  try {
    return toMinorUnits(compact.replace(",", "."), currency);
  } catch {
    return null;
  }
}

/** Text the schema coerces: an empty field is "no number", never 0. */
function numberText(typed: string): string | number {
  const trimmed = typed.trim();
  return trimmed === "" ? Number.NaN : trimmed;
}

/**
 * The draft as `programInput` expects it: money turned into minor units, everything else as typed
 * for the schema to judge. An amount that is not one is an error here, on its field (and no number
 * in the input, so the schema refuses it too).
 */
export function inputOfDraft(
  d: ProgramDraft,
  c: { currency: string; locale: Locale; t: Translate },
): { input: unknown; errors: ProgramFieldErrors } {
  const { currency, t } = c;
  const errors: ProgramFieldErrors = {};
  const example = moneyText(5 * minorPerUnit(currency), currency, c.locale);
  const money = (field: string, typed: string, required: boolean): number | null => {
    if (!typed.trim()) {
      if (!required) return null;
      errors[field] = t("loyalty.error.amount", { example });
      return Number.NaN;
    }
    const minor = parseMoney(typed, currency);
    if (minor !== null) return minor;
    errors[field] = t("loyalty.error.amount", { example });
    return Number.NaN;
  };
  const input = {
    enabled: d.enabled,
    pointsPerUnit: numberText(d.pointsPerUnit),
    includeTax: d.includeTax,
    includeShipping: d.includeShipping,
    rounding: d.rounding,
    excludedTags: [...new Set(d.excludedTags.map((tag) => tag.trim()).filter(Boolean))],
    excludedCollections: [...new Set(d.excludedCollections)],
    pendingDays: numberText(d.pendingDays),
    signupEnabled: d.signupEnabled,
    signupPoints: numberText(d.signupPoints),
    birthdayEnabled: d.birthdayEnabled,
    birthdayPoints: numberText(d.birthdayPoints),
    reviewEnabled: d.reviewEnabled,
    reviewPoints: numberText(d.reviewPoints),
    tierBasis: d.tierBasis,
    tierWindowMonths: numberText(d.tierWindowMonths),
    tiers: d.tiers.map((tier, i) => ({
      ...(tier.id ? { id: tier.id } : {}),
      name: tier.name,
      threshold: d.tierBasis === "spent" ? money(`tiers.${i}.threshold`, tier.threshold, true) : numberText(tier.threshold),
      multiplier: numberText(tier.multiplier),
      entryPoints: numberText(tier.entryPoints),
    })),
    rewards: d.rewards.map((r, i) => ({
      ...(r.id ? { id: r.id } : {}),
      type: r.type,
      title: r.title,
      cost: numberText(r.cost),
      value: valueIsMoney(r.type) ? money(`rewards.${i}.value`, r.value, true) : r.type === "percentage" ? numberText(r.value) : 0,
      variantGid: r.type === "free_product" ? r.variantGid || null : null,
      minimumSubtotal: money(`rewards.${i}.minimumSubtotal`, r.minimumSubtotal, false),
      enabled: r.enabled,
    })),
    expiryEnabled: d.expiryEnabled,
    expiryMonths: numberText(d.expiryMonths),
    warningDays: numberText(d.warningDays),
    lastChanceDays: numberText(d.lastChanceDays),
  };
  return { input, errors };
}

/** Where an issue shows: the row's own field for tiers and rewards, the list for tags and collections. */
function fieldOf(path: (string | number)[]): string {
  const [head, index, field] = path;
  if ((head === "tiers" || head === "rewards") && typeof index === "number")
    return field === undefined ? String(head) : `${head}.${index}.${field}`;
  return String(head ?? "form");
}

const TIER_PROBLEM: Record<"duplicate_name" | "same_threshold" | "multiplier_order", MessageKey> = {
  duplicate_name: "loyalty.error.tierName",
  same_threshold: "loyalty.error.tierOverlap",
  multiplier_order: "loyalty.error.tierMultiplier",
};

interface IssueContext {
  t: Translate;
  /** The input the schema judged (for the names in tier problems and the reward's type). */
  input: {
    tierBasis?: unknown;
    tiers?: { name?: unknown; threshold?: unknown; multiplier?: unknown }[];
    rewards?: { type?: unknown }[];
  };
}

function customText(issue: ZodIssue, field: string, c: IssueContext): string {
  const { t, input } = c;
  const [head, index] = issue.path;
  if (head === "tiers" && typeof index === "number" && Array.isArray(input.tiers)) {
    const tiers = input.tiers.map((x) => ({
      name: String(x.name ?? "").trim(),
      threshold: Number(x.threshold),
      multiplier: Number(x.multiplier),
    }));
    const problem = tierProblems(tiers).find((p) => p.index === index && field.endsWith(`.${p.field}`));
    if (problem) {
      const basis = t(input.tierBasis === "spent" ? "loyalty.error.basis.spent" : "loyalty.error.basis.points");
      return t(TIER_PROBLEM[problem.code], { tier: tiers[index].name, other: problem.other, basis });
    }
  }
  if (head === "rewards" && typeof index === "number") {
    const type = input.rewards?.[index]?.type;
    if (field.endsWith(".value")) return t(type === "percentage" ? "loyalty.error.percent" : "loyalty.error.rewardValue");
    if (field.endsWith(".variantGid")) return t("loyalty.error.variant");
  }
  if (field === "lastChanceDays") return t("loyalty.error.lastChance");
  return t("loyalty.error.invalid");
}

function issueText(issue: ZodIssue, field: string, c: IssueContext): string {
  const { t } = c;
  switch (issue.code) {
    case "too_small":
      if (issue.type === "string") return t("loyalty.error.required");
      return t("loyalty.error.min", { min: Number(issue.minimum) });
    case "too_big":
      if (issue.type === "string") return t("loyalty.error.tooLong", { max: Number(issue.maximum) });
      if (issue.type === "array") return t("loyalty.error.tooMany", { max: Number(issue.maximum) });
      return t("loyalty.error.max", { max: Number(issue.maximum) });
    case "invalid_type":
      return t(issue.expected === "number" || issue.expected === "integer" ? "loyalty.error.number" : "loyalty.error.invalid");
    case "invalid_string":
      if (field === "excludedCollections") return t("loyalty.error.collection");
      if (field.endsWith(".variantGid")) return t("loyalty.error.variant");
      return t("loyalty.error.invalid");
    case "invalid_enum_value":
      return t("loyalty.error.choose");
    case "custom":
      return customText(issue, field, c);
    default:
      return t("loyalty.error.invalid");
  }
}

/** The first problem of each field, translated. */
export function programFieldErrors(issues: ZodIssue[], t: Translate, input: unknown): ProgramFieldErrors {
  const c: IssueContext = { t, input: (input && typeof input === "object" ? input : {}) as IssueContext["input"] };
  const out: ProgramFieldErrors = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (!(field in out)) out[field] = issueText(issue, field, c);
  }
  return out;
}
