// Which of the merchant's product rules apply to a line, setting by setting: the most specific
// rule that sets it wins (product > collection > tag); rules tied at that level give the stricter
// value; with none, the policy's own. Pure.
import type { OrderLineForReturn, ProductRule, ReturnPolicy, RuleTarget } from "./policy-types";

export interface Term<T> {
  value: T;
  /** The rule it came from; null for the policy's own setting. */
  ruleId: string | null;
}

export interface LineTerms {
  finalSale: Term<boolean>;
  windowDays: Term<number | null>;
  restockingFeePercent: Term<number>;
  exchangeOrCreditOnly: Term<boolean>;
}

const SPECIFICITY: readonly RuleTarget[] = ["product", "collection", "tag"];

function matches(rule: ProductRule, line: Pick<OrderLineForReturn, "productGid" | "collectionGids" | "tags">): boolean {
  if (rule.target === "product") return rule.value === line.productGid;
  if (rule.target === "collection") return line.collectionGids.includes(rule.value);
  const tag = rule.value.trim().toLocaleLowerCase();
  return line.tags.some((t) => t.trim().toLocaleLowerCase() === tag);
}

/** a is stricter than b for this setting. */
type Stricter<T> = (a: T, b: T) => boolean;

const moreTrue: Stricter<boolean> = (a, b) => a && !b;
const shorterWindow: Stricter<number | null> = (a, b) => a !== null && (b === null || a < b);
const higherFee: Stricter<number> = (a, b) => a > b;

function resolve<K extends keyof LineTerms>(
  applicable: ProductRule[],
  key: K,
  fallback: LineTerms[K]["value"],
  stricter: Stricter<LineTerms[K]["value"]>,
): Term<LineTerms[K]["value"]> {
  for (const level of SPECIFICITY) {
    let best: Term<LineTerms[K]["value"]> | null = null;
    for (const rule of applicable) {
      const value = rule[key] as LineTerms[K]["value"] | undefined;
      if (rule.target !== level || value === undefined) continue;
      if (!best || stricter(value, best.value)) best = { value, ruleId: rule.id };
    }
    if (best) return best;
  }
  return { value: fallback, ruleId: null };
}

export function termsFor(policy: ReturnPolicy, line: Pick<OrderLineForReturn, "productGid" | "collectionGids" | "tags">): LineTerms {
  const applicable = policy.rules.filter((r) => matches(r, line));
  return {
    finalSale: resolve(applicable, "finalSale", false, moreTrue),
    windowDays: resolve(applicable, "windowDays", policy.windowDays, shorterWindow),
    restockingFeePercent: resolve(applicable, "restockingFeePercent", policy.restockingFeePercent, higherFee),
    exchangeOrCreditOnly: resolve(applicable, "exchangeOrCreditOnly", false, moreTrue),
  };
}
