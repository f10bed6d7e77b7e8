// When a line's return window closes: the end of the last day, in the shop's time zone, counted in
// calendar days from the delivery (or the fulfilment + a transit buffer), so a daylight-saving
// change inside the window neither adds nor takes an hour. Pure.
import { TZDate } from "@date-fns/tz";

export interface WindowStart {
  deadline: string | null;
  windowFrom: "delivery" | "fulfilment";
}

/** The last millisecond of the day `days` calendar days after `from`'s local date. */
export function endOfDayAfter(from: Date, days: number, timeZone: string): Date {
  const local = new TZDate(from.getTime(), timeZone);
  const nextMidnight = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + days + 1, 0, 0, 0, timeZone);
  return new Date(nextMidnight.getTime() - 1);
}

/**
 * The window's deadline for a line, or null when it is unlimited; undefined when the line has no
 * fulfilment yet (nothing to count from).
 */
export function windowFor(
  line: { deliveredAt: string | null; fulfilledAt: string | null },
  windowDays: number | null,
  transitBufferDays: number,
  timeZone: string,
): WindowStart | undefined {
  const windowFrom = line.deliveredAt ? "delivery" : line.fulfilledAt ? "fulfilment" : null;
  if (!windowFrom) return undefined;
  if (windowDays === null) return { deadline: null, windowFrom };
  const start = new Date(windowFrom === "delivery" ? line.deliveredAt! : line.fulfilledAt!);
  const days = windowDays + (windowFrom === "fulfilment" ? transitBufferDays : 0);
  return { deadline: endOfDayAfter(start, days, timeZone).toISOString(), windowFrom };
}

export function isPast(deadline: string | null, now: Date): boolean {
  return deadline !== null && now.getTime() > Date.parse(deadline);
}
