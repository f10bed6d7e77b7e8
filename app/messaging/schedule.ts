// When a planned message may go out: inside the shop's send window, in the shop's time zone, on a
// day that is not quiet; and, for marketing, within the customer's frequency cap. Pure functions of
// their inputs (no clock, no database), so every rule is unit-tested with fixed instants.
import { TZDate } from "@date-fns/tz";

export interface SendWindow {
  /** IANA zone of the shop (e.g. Europe/Warsaw). */
  timeZone: string;
  /** Minutes after local midnight; mail goes out in [start, end). start < end. */
  start: number;
  end: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) on which nothing is sent. */
  quietDays: number[];
}

export const DEFAULT_WINDOW = { start: 9 * 60, end: 20 * 60, quietDays: [] as number[] };

const MINUTE = 60_000;

function isoWeekday(d: TZDate): number {
  return d.getDay() === 0 ? 7 : d.getDay();
}

/**
 * The first instant at or after `at` inside the send window. A message due at 21:30 waits for
 * 09:00 the next open day, local time; daylight-saving changes are the zone's (TZDate). With every
 * day quiet the window never opens: the answer is null.
 */
export function nextOpening(at: Date, w: SendWindow): Date | null {
  if (w.quietDays.length >= 7 || w.start >= w.end) return null;
  const local = new TZDate(at.getTime(), w.timeZone);
  for (let day = 0; day < 8; day++) {
    const y = local.getFullYear();
    const m = local.getMonth();
    const d = local.getDate() + day;
    const open = new TZDate(y, m, d, Math.floor(w.start / 60), w.start % 60, 0, w.timeZone);
    const close = new TZDate(y, m, d, Math.floor(w.end / 60), w.end % 60, 0, w.timeZone);
    if (w.quietDays.includes(isoWeekday(open))) continue;
    if (at.getTime() < open.getTime()) return new Date(open.getTime());
    if (at.getTime() < close.getTime()) return new Date(at.getTime());
  }
  return null;
}

/** Whether `at` is inside the window (nextOpening would not move it). */
export function isOpen(at: Date, w: SendWindow): boolean {
  return nextOpening(at, w)?.getTime() === at.getTime();
}

export interface FrequencyCap {
  /** At most `count` marketing emails per `days` days, for each rule. */
  rules: { count: number; days: number }[];
}

export type CapDecision = { allowed: true } | { allowed: false; freeAt: Date; rule: { count: number; days: number } };

/**
 * Whether one more marketing email may go to a customer at `now`, given when their earlier ones
 * went. When not, `freeAt` is the first instant every rule allows it (the oldest email that
 * counts against a rule leaves its period then).
 */
export function capDecision(sentAt: Date[], now: Date, cap: FrequencyCap): CapDecision {
  let freeAt = now.getTime();
  let blocking: { count: number; days: number } | null = null;
  const times = sentAt.map((d) => d.getTime()).sort((a, b) => b - a);
  for (const rule of cap.rules) {
    if (rule.count <= 0 || rule.days <= 0) continue;
    const period = rule.days * 24 * 60 * MINUTE;
    const within = times.filter((t) => t > now.getTime() - period && t <= now.getTime());
    if (within.length < rule.count) continue;
    // The (count)-th newest must leave the period before one more fits.
    const leaves = within[rule.count - 1] + period + 1;
    if (leaves > freeAt) {
      freeAt = leaves;
      blocking = rule;
    }
  }
  return blocking ? { allowed: false, freeAt: new Date(freeAt), rule: blocking } : { allowed: true };
}

/** How far back sent marketing matters for the cap: its longest rule. */
export function capLookbackDays(cap: FrequencyCap): number {
  return Math.max(0, ...cap.rules.map((r) => r.days));
}
