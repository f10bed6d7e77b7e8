// The shop's loyalty program as stored: earning rules, pending period, action awards, tiers,
// rewards and expiry. Reads create the defaults on first use; saves validate everything (zod plus
// the tier rules in tiers.ts) and replace tiers and rewards in one transaction.
import { z } from "zod";
import type { Db } from "~/platform/db.server";
import { tierProblems } from "./tiers";
import { REWARD_TYPES, type Reward, type Rounding, type Tier, type TierBasis } from "./types";

export type ProgramRow = Awaited<ReturnType<typeof readProgram>>;

export interface Program extends Omit<NonNullable<ProgramRow>, "rounding" | "tierBasis"> {
  rounding: Rounding;
  tierBasis: TierBasis;
  excludedTagList: string[];
  excludedCollectionList: string[];
  tiers: Tier[];
  rewards: Reward[];
}

function readProgram(db: Db, shop: string) {
  return db.loyaltyProgram.findUnique({ where: { shop } });
}

function parseList(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export async function loyaltyProgram(db: Db, shop: string): Promise<Program> {
  const row = (await readProgram(db, shop)) ?? (await db.loyaltyProgram.upsert({ where: { shop }, create: { shop }, update: {} }));
  const [tiers, rewards] = await Promise.all([
    db.loyaltyTier.findMany({ where: { shop }, orderBy: { threshold: "asc" } }),
    db.loyaltyReward.findMany({ where: { shop }, orderBy: [{ cost: "asc" }, { createdAt: "asc" }] }),
  ]);
  return {
    ...row,
    rounding: (["down", "nearest", "up"].includes(row.rounding) ? row.rounding : "down") as Rounding,
    tierBasis: row.tierBasis === "spent" ? "spent" : "points",
    excludedTagList: parseList(row.excludedTags),
    excludedCollectionList: parseList(row.excludedCollections),
    tiers: tiers.map(({ id, name, threshold, multiplier, entryPoints }) => ({ id, name, threshold, multiplier, entryPoints })),
    rewards: rewards.map((r) => ({
      id: r.id,
      type: r.type as Reward["type"],
      title: r.title,
      cost: r.cost,
      value: r.value,
      variantGid: r.variantGid,
      minimumSubtotal: r.minimumSubtotal,
      enabled: r.enabled,
    })),
  };
}

/** Whether the shop runs a program at all (the cheap check every subscriber makes first). */
export async function programEnabled(db: Db, shop: string): Promise<boolean> {
  return (await readProgram(db, shop))?.enabled ?? false;
}

const points = z.coerce.number().int().min(0).max(1_000_000);
const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`), `must be a ${type} id`);

export const tierInput = z.object({
  id: z.string().max(40).optional(),
  name: z.string().trim().min(1).max(40),
  threshold: points,
  multiplier: z.coerce.number().int().min(100).max(1000),
  entryPoints: points.default(0),
});

export const rewardInput = z
  .object({
    id: z.string().max(40).optional(),
    type: z.enum(REWARD_TYPES),
    title: z.string().trim().min(1).max(80),
    cost: z.coerce.number().int().min(1).max(1_000_000),
    value: z.coerce.number().int().min(0).max(100_000_000).default(0),
    variantGid: gid("ProductVariant").nullish(),
    minimumSubtotal: z.coerce.number().int().min(0).max(100_000_000).nullish(),
    enabled: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    if (r.type === "percentage" && (r.value < 1 || r.value > 100))
      ctx.addIssue({ code: "custom", path: ["value"], message: "A percentage must be from 1 to 100" });
    if ((r.type === "fixed_amount" || r.type === "store_credit") && r.value < 1)
      ctx.addIssue({ code: "custom", path: ["value"], message: "Enter the amount the reward is worth" });
    if (r.type === "free_product" && !r.variantGid)
      ctx.addIssue({ code: "custom", path: ["variantGid"], message: "Choose the product variant the reward gives" });
  });

export const programInput = z
  .object({
    enabled: z.boolean(),
    pointsPerUnit: z.coerce.number().int().min(1).max(1000),
    includeTax: z.boolean(),
    includeShipping: z.boolean(),
    rounding: z.enum(["down", "nearest", "up"]),
    excludedTags: z.array(z.string().trim().min(1).max(255)).max(50),
    excludedCollections: z.array(gid("Collection")).max(50),
    pendingDays: z.coerce.number().int().min(0).max(365),
    signupPoints: points,
    signupEnabled: z.boolean(),
    birthdayPoints: points,
    birthdayEnabled: z.boolean(),
    reviewPoints: points,
    reviewEnabled: z.boolean(),
    tierBasis: z.enum(["points", "spent"]),
    tierWindowMonths: z.coerce.number().int().min(1).max(60),
    expiryEnabled: z.boolean(),
    expiryMonths: z.coerce.number().int().min(1).max(60),
    warningDays: z.coerce.number().int().min(1).max(90),
    lastChanceDays: z.coerce.number().int().min(1).max(30),
    tiers: z.array(tierInput).max(10),
    rewards: z.array(rewardInput).max(30),
  })
  .superRefine((p, ctx) => {
    for (const problem of tierProblems(p.tiers)) {
      const tier = p.tiers[problem.index].name;
      const message =
        problem.code === "same_threshold"
          ? `${tier} and ${problem.other} start at the same ${p.tierBasis === "points" ? "points" : "amount spent"}: a customer would be in both and earn twice. Give each tier its own threshold.`
          : problem.code === "duplicate_name"
            ? `Two tiers are called ${tier}.`
            : `${tier} earns less than ${problem.other}, a lower tier: customers would earn less by moving up.`;
      ctx.addIssue({ code: "custom", path: ["tiers", problem.index, problem.field], message });
    }
    if (p.expiryEnabled && p.lastChanceDays >= p.warningDays)
      ctx.addIssue({ code: "custom", path: ["lastChanceDays"], message: "The last-chance email must come after the warning." });
  });

export type ProgramInput = z.infer<typeof programInput>;

/** A program as a new shop has it (the table's defaults): off, no tiers, no rewards. */
export const PROGRAM_DEFAULTS: ProgramInput = {
  enabled: false,
  pointsPerUnit: 1,
  includeTax: false,
  includeShipping: false,
  rounding: "down",
  excludedTags: [],
  excludedCollections: [],
  pendingDays: 30,
  signupPoints: 100,
  signupEnabled: true,
  birthdayPoints: 200,
  birthdayEnabled: true,
  reviewPoints: 50,
  reviewEnabled: true,
  tierBasis: "points",
  tierWindowMonths: 12,
  expiryEnabled: false,
  expiryMonths: 12,
  warningDays: 30,
  lastChanceDays: 7,
  tiers: [],
  rewards: [],
};

/** Saves a validated program. Tiers and rewards not in the input are removed; ids keep the others. */
export async function saveProgram(db: Db, shop: string, input: ProgramInput): Promise<void> {
  const { tiers, rewards, excludedTags, excludedCollections, ...fields } = input;
  const data = { ...fields, excludedTags: JSON.stringify(excludedTags), excludedCollections: JSON.stringify(excludedCollections) };
  await db.$transaction(async (tx) => {
    await tx.loyaltyProgram.upsert({ where: { shop }, create: { shop, ...data }, update: data });
    // Tiers are unique by threshold: clear first, then write the new list (ids kept where given).
    await tx.loyaltyTier.deleteMany({ where: { shop } });
    for (const t of tiers) {
      await tx.loyaltyTier.create({
        data: { shop, id: t.id || undefined, name: t.name, threshold: t.threshold, multiplier: t.multiplier, entryPoints: t.entryPoints },
      });
    }
    // Rewards are referenced by redemptions by id: update in place, disable-by-removal is a delete of the offer only.
    const keep = rewards.flatMap((r) => (r.id ? [r.id] : []));
    await tx.loyaltyReward.deleteMany({ where: { shop, id: { notIn: keep } } });
    for (const r of rewards) {
      const values = {
        type: r.type,
        title: r.title,
        cost: r.cost,
        value: r.type === "free_shipping" || r.type === "free_product" ? 0 : r.value,
        variantGid: r.type === "free_product" ? (r.variantGid ?? null) : null,
        minimumSubtotal: r.minimumSubtotal ?? null,
        enabled: r.enabled,
      };
      const existing = r.id ? await tx.loyaltyReward.findFirst({ where: { shop, id: r.id }, select: { id: true } }) : null;
      if (existing) await tx.loyaltyReward.update({ where: { id: existing.id }, data: values });
      else await tx.loyaltyReward.create({ data: { shop, ...values } });
    }
  });
}

/** A program merchants can switch on as it is, in their language: the seeds of a new shop's settings form and of the demo. */
const STARTER_COPY = {
  en: { tiers: ["Silver", "Gold"], rewards: ["Amount off", "10% off", "Free shipping"] },
  pl: { tiers: ["Srebrny", "Złoty"], rewards: ["Rabat kwotowy", "10% rabatu", "Darmowa dostawa"] },
};

export function starterTiers(locale = "en") {
  const [silver, gold] = (locale === "pl" ? STARTER_COPY.pl : STARTER_COPY.en).tiers;
  return [
    { name: silver, threshold: 500, multiplier: 125, entryPoints: 50 },
    { name: gold, threshold: 1500, multiplier: 150, entryPoints: 150 },
  ];
}

export function starterRewards(currencyMinorPerUnit: number, locale = "en") {
  const [amount, percent, shipping] = (locale === "pl" ? STARTER_COPY.pl : STARTER_COPY.en).rewards;
  return [
    { type: "fixed_amount" as const, title: amount, cost: 500, value: 5 * currencyMinorPerUnit, enabled: true },
    { type: "percentage" as const, title: percent, cost: 1000, value: 10, enabled: true },
    { type: "free_shipping" as const, title: shipping, cost: 300, value: 0, enabled: true },
  ];
}
