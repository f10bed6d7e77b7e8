// customers/redact and shop/redact: apply the privacy registry's rules for one customer of a shop,
// or for the whole shop. Every rule is idempotent (a second run finds nothing left to change), so a
// redaction that stopped half-way simply runs again; counts add up across runs in `rows`.
import { ruleFor, ruleOrder, type ModelName, type RedactionContext } from "./rules.server";
import type { DataSubject } from "./data-subject";

/** Rows deleted or anonymised per table (and jobs purged from the queue, under Job). */
export type RedactionCounts = Partial<Record<ModelName, number>>;

/** Adds each rule's count to `counts` as it finishes, so a failure part-way still records what was done. */
export async function redactCustomer(ctx: RedactionContext, s: DataSubject, counts: RedactionCounts): Promise<void> {
  for (const model of ruleOrder) {
    const rule = ruleFor(model).customer;
    if (rule.holds === "nothing" || rule.redact.how === "keep") continue;
    const n = await rule.redact.run(s, ctx);
    counts[model] = (counts[model] ?? 0) + n;
  }
}

export async function redactShop(ctx: RedactionContext, shop: string, counts: RedactionCounts): Promise<void> {
  for (const model of ruleOrder) {
    const n = await ruleFor(model).shop.run(shop, ctx);
    counts[model] = (counts[model] ?? 0) + n;
  }
}
