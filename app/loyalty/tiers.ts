// VIP tiers: which tier a customer's standing reaches, and whether a tier list is coherent. Pure.
// A tier's multiplier replaces the base rate (it never adds a second award), so the only way a
// configuration could award twice is two tiers claiming the same standing; that is refused.
import type { Tier } from "./types";

/** The highest tier whose threshold the value reaches, or null (below every tier). */
export function tierFor<T extends Pick<Tier, "threshold">>(tiers: T[], value: number): T | null {
  let best: T | null = null;
  for (const t of tiers) if (value >= t.threshold && (!best || t.threshold > best.threshold)) best = t;
  return best;
}

export interface TierProblem {
  index: number;
  field: "name" | "threshold" | "multiplier" | "entryPoints";
  code: "duplicate_name" | "same_threshold" | "multiplier_order";
  /** The other tier involved. */
  other: string;
}

/** Problems with a tier list, each naming the tiers involved. */
export function tierProblems(tiers: Pick<Tier, "name" | "threshold" | "multiplier">[]): TierProblem[] {
  const problems: TierProblem[] = [];
  tiers.forEach((t, i) => {
    const earlier = tiers.slice(0, i);
    const sameName = earlier.find((o) => o.name.trim().toLowerCase() === t.name.trim().toLowerCase());
    if (sameName) problems.push({ index: i, field: "name", code: "duplicate_name", other: sameName.name });
    const sameThreshold = earlier.find((o) => o.threshold === t.threshold);
    if (sameThreshold) problems.push({ index: i, field: "threshold", code: "same_threshold", other: sameThreshold.name });
    // A higher tier earning less than a lower one is a configuration mistake merchants make by reordering.
    const lowerRicher = tiers.find((o) => o.threshold < t.threshold && o.multiplier > t.multiplier);
    if (lowerRicher) problems.push({ index: i, field: "multiplier", code: "multiplier_order", other: lowerRicher.name });
  });
  return problems;
}
