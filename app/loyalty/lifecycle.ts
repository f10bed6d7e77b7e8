// The program's calendar and one-off rules, pure: when inactive points expire and when the customer
// is told (warning, last chance), what a valid birthday is and on which local day it is celebrated,
// and what a one-off award for past orders gives a customer (the same earning, refund and tier
// rules as live orders, so its preview and its run agree).
import { awardFor, refundedShare, reversalTarget, type OrderForEarning, type RefundForReversal } from "./earning";
import { tierFor } from "./tiers";
import type { EarningRules, Tier, TierBasis } from "./types";

export const DAY_MS = 86_400_000;

/**
 * A reminder due longer ago than this was late (the sweep did not run, or expiry was just switched
 * on): the customer then gets the full warning period from now, never a shorter one.
 */
export const LATE_MS = DAY_MS;

/** `months` calendar months after `at` (UTC, time of day kept); the day is clamped (31 Jan + 1 month = 28 or 29 Feb). */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(at.getTime());
  out.setUTCFullYear(y, m, Math.min(at.getUTCDate(), last));
  return out;
}

export interface ExpiryRules {
  expiryMonths: number;
  warningDays: number;
  lastChanceDays: number;
}

/** When points expire by the rules alone: `expiryMonths` after the last activity. */
export function naturalExpiry(lastActivityAt: Date, rules: Pick<ExpiryRules, "expiryMonths">): Date {
  return addMonths(lastActivityAt, rules.expiryMonths);
}

/**
 * The latest last-activity time whose warning can be due at `now`: members active after it have
 * nothing due. A few days' slack covers the month-end clamping; the exact test is `expiryStep`.
 */
export function expiryCutoff(now: Date, rules: Pick<ExpiryRules, "expiryMonths" | "warningDays">): Date {
  return new Date(addMonths(new Date(now.getTime() + rules.warningDays * DAY_MS), -rules.expiryMonths).getTime() + 4 * DAY_MS);
}

export type ExpiryStep = { kind: "warning" | "last_chance" | "expire"; expiresAt: Date } | null;

/**
 * What is due for one inactivity period at `now`. Points expire only after a warning: the warning
 * names the date (`warnedExpiresAt` once sent), and that date is kept even if the merchant shortens
 * the period later; a longer period moves it out. A late warning gives the full `warningDays` from
 * now. The last chance is skipped if its time passed before the sweep saw it (it would name a past date).
 */
export function expiryStep(input: {
  lastActivityAt: Date;
  now: Date;
  rules: ExpiryRules;
  warnedExpiresAt: Date | null;
  lastChanceSent: boolean;
}): ExpiryStep {
  const { now, rules } = input;
  const natural = naturalExpiry(input.lastActivityAt, rules);
  if (!input.warnedExpiresAt) {
    const warnAt = natural.getTime() - rules.warningDays * DAY_MS;
    if (now.getTime() < warnAt) return null;
    const late = now.getTime() - warnAt > LATE_MS;
    return { kind: "warning", expiresAt: late ? new Date(now.getTime() + rules.warningDays * DAY_MS) : natural };
  }
  const expiresAt = new Date(Math.max(natural.getTime(), input.warnedExpiresAt.getTime()));
  if (now.getTime() >= expiresAt.getTime()) return { kind: "expire", expiresAt };
  if (!input.lastChanceSent && now.getTime() >= expiresAt.getTime() - rules.lastChanceDays * DAY_MS)
    return { kind: "last_chance", expiresAt };
  return null;
}

// ─── Birthdays ───

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** "MM-DD" (29 February allowed) → month and day; null when it is not a day of the year. */
export function parseBirthday(input: string): { month: number; day: number } | null {
  const m = /^(\d{2})-(\d{2})$/.exec(input.trim());
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return null;
  return { month, day };
}

export function formatBirthday(b: { month: number; day: number }): string {
  return `${String(b.month).padStart(2, "0")}-${String(b.day).padStart(2, "0")}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

/** The calendar day `at` falls on in `timeZone` (an unknown zone counts as UTC). */
export function localDay(at: Date, timeZone: string | null | undefined): LocalDay {
  const read = (zone: string) => {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(at);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return { year: part("year"), month: part("month"), day: part("day") };
  };
  try {
    return read(timeZone || "UTC");
  } catch {
    return read("UTC");
  }
}

/** The birthdays celebrated on this day: its own, and 29 February on the 28th of a year without one. */
export function birthdaysOn(d: LocalDay): string[] {
  const own = formatBirthday(d);
  return d.month === 2 && d.day === 28 && !isLeapYear(d.year) ? [own, "02-29"] : [own];
}

// ─── The one-off award for past orders ───

export interface PastOrder {
  earning: OrderForEarning;
  refunds: RefundForReversal[];
}

export interface AwardStart {
  /** The customer's tier standing now (points earned over the window, or amount spent). */
  standing: number;
  /** The tier the member is in now (null: none, or one the merchant deleted). */
  tierId: string | null;
  /** Tiers whose entry points the customer already had (given once ever). */
  entered: ReadonlySet<string>;
}

export interface AwardOutcome {
  /** Net points: each order's award less what its refunds take back, plus tier entry points reached on the way. */
  points: number;
  /** Orders that earn anything. */
  orders: number;
}

/**
 * What awarding `orders` (oldest first) gives a customer, as the ledger would write it: each order
 * earns at the multiplier of the tier the customer is in when it is awarded, its refunds take their
 * share back, and a tier first reached on the way gives its entry points once.
 */
export function pastOrdersAward(
  orders: PastOrder[],
  rules: EarningRules & { tiers: Tier[]; tierBasis: TierBasis },
  start: AwardStart,
): AwardOutcome {
  let tier = rules.tiers.find((t) => t.id === start.tierId) ?? null;
  let standing = start.standing;
  const entered = new Set(start.entered);
  let points = 0;
  let count = 0;
  for (const o of orders) {
    const award = awardFor(o.earning, rules, tier?.multiplier ?? 100);
    if (award.points <= 0) continue;
    const back = reversalTarget(award.points, refundedShare(award, o.earning.totalMinor, o.refunds), rules.rounding);
    const net = award.points - back;
    points += net;
    count++;
    if (rules.tierBasis === "points") standing += net;
    const next = tierFor(rules.tiers, standing);
    if ((next?.id ?? null) === (tier?.id ?? null)) continue;
    const up = (next?.threshold ?? -1) > (tier?.threshold ?? -1);
    if (next && up && next.entryPoints > 0 && !entered.has(next.id)) {
      points += next.entryPoints;
      entered.add(next.id);
    }
    tier = next;
  }
  return { points, orders: count };
}
