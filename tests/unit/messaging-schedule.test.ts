// The send window, quiet days and the marketing frequency cap, as a merchant sets them: mail never
// leaves outside the shop's local hours (daylight-saving changes included), never on a quiet day,
// and a customer never gets more marketing than the cap allows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capDecision, isOpen, nextOpening, type SendWindow } from "~/messaging/schedule";

const warsaw: SendWindow = { timeZone: "Europe/Warsaw", start: 9 * 60, end: 20 * 60, quietDays: [] };
const la: SendWindow = { ...warsaw, timeZone: "America/Los_Angeles" };
const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

function localParts(d: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
    hourCycle: "h23",
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { minutes: Number(get("hour")) * 60 + Number(get("minute")), weekday: get("weekday") };
}

describe("send window", () => {
  it("keeps a time inside the window", () => {
    expect(nextOpening(at("2026-11-03T10:15:00Z"), warsaw)).toEqual(at("2026-11-03T10:15:00Z"));
  });

  it("moves a time before the opening to the opening the same local day", () => {
    // 06:30 in Warsaw (UTC+1 in November) → 09:00 local.
    expect(nextOpening(at("2026-11-03T05:30:00Z"), warsaw)).toEqual(at("2026-11-03T08:00:00Z"));
  });

  it("moves a time at or after the close to the next morning", () => {
    expect(nextOpening(at("2026-11-03T19:00:00Z"), warsaw)).toEqual(at("2026-11-04T08:00:00Z"));
    expect(nextOpening(at("2026-11-03T22:59:00Z"), warsaw)).toEqual(at("2026-11-04T08:00:00Z"));
  });

  it("counts in the shop's zone, not UTC: the same instant is evening in Warsaw and morning in Los Angeles", () => {
    const instant = at("2026-11-03T19:30:00Z");
    expect(nextOpening(instant, warsaw)).toEqual(at("2026-11-04T08:00:00Z"));
    expect(nextOpening(instant, la)).toEqual(instant);
  });

  it("follows daylight-saving changes: 09:00 is 07:00Z in summer and 08:00Z in winter in Warsaw", () => {
    expect(nextOpening(at("2026-03-28T21:00:00Z"), warsaw)).toEqual(at("2026-03-29T07:00:00Z"));
    expect(nextOpening(at("2026-10-24T21:00:00Z"), warsaw)).toEqual(at("2026-10-25T08:00:00Z"));
  });

  it("skips quiet days (ISO weekdays)", () => {
    // Friday 2026-11-06 evening → Saturday and Sunday are quiet → Monday 09:00.
    const weekend: SendWindow = { ...warsaw, quietDays: [6, 7] };
    expect(nextOpening(at("2026-11-06T20:00:00Z"), weekend)).toEqual(at("2026-11-09T08:00:00Z"));
    expect(nextOpening(at("2026-11-07T12:00:00Z"), weekend)).toEqual(at("2026-11-09T08:00:00Z"));
  });

  it("never opens when every day is quiet", () => {
    expect(nextOpening(at("2026-11-06T20:00:00Z"), { ...warsaw, quietDays: [1, 2, 3, 4, 5, 6, 7] })).toBeNull();
  });

  it("for any instant, zone and window: the answer is the first open instant at or after it", () => {
    const zones = ["Europe/Warsaw", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"];
    fc.assert(
      fc.property(
        fc.date({ min: at("2026-01-01T00:00:00Z"), max: at("2027-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 22 * 60 }),
        fc.integer({ min: 30, max: 12 * 60 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 6 }),
        (when, timeZone, start, length, quietDays) => {
          const w: SendWindow = { timeZone, start, end: Math.min(start + length, 24 * 60), quietDays };
          const next = nextOpening(when, w)!;
          expect(next.getTime()).toBeGreaterThanOrEqual(when.getTime());
          expect(next.getTime() - when.getTime()).toBeLessThanOrEqual(8 * DAY);
          const local = localParts(next, timeZone);
          expect(local.minutes).toBeGreaterThanOrEqual(w.start);
          expect(local.minutes).toBeLessThan(w.end);
          expect(isOpen(next, w)).toBe(true);
          // Nothing open was skipped: a minute earlier (if still after `when`) is closed.
          const earlier = new Date(next.getTime() - 60_000);
          if (earlier.getTime() >= when.getTime()) expect(isOpen(earlier, w)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("frequency cap", () => {
  const cap = {
    rules: [
      { count: 1, days: 3 },
      { count: 5, days: 30 },
    ],
  };
  const now = at("2026-11-20T12:00:00Z");
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

  it("allows the first marketing email", () => {
    expect(capDecision([], now, cap)).toEqual({ allowed: true });
  });

  it("holds a second email within 3 days until the first leaves the period", () => {
    const decision = capDecision([daysAgo(1)], now, cap);
    expect(decision).toMatchObject({ allowed: false, rule: { count: 1, days: 3 } });
    expect(decision.allowed === false && decision.freeAt.getTime()).toBe(daysAgo(1).getTime() + 3 * DAY + 1);
  });

  it("holds the sixth email within 30 days until the oldest of the five leaves", () => {
    const sent = [4, 8, 12, 16, 20].map(daysAgo);
    const decision = capDecision(sent, now, cap);
    expect(decision).toMatchObject({ allowed: false, rule: { count: 5, days: 30 } });
    expect(decision.allowed === false && decision.freeAt.getTime()).toBe(daysAgo(20).getTime() + 30 * DAY + 1);
  });

  it("never allows more than the cap in any window, whatever was sent before", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 * 24 }), { maxLength: 40 }), (hoursAgo) => {
        // Replaying a customer's history in time order, each send the cap allowed keeps every rule.
        const sends: Date[] = [];
        const events = [...hoursAgo].sort((a, b) => b - a).map((h) => new Date(now.getTime() - h * 3_600_000));
        for (const t of events) if (capDecision(sends, t, cap).allowed) sends.push(t);
        for (const s of sends) {
          for (const rule of cap.rules) {
            const within = sends.filter((x) => x.getTime() <= s.getTime() && x.getTime() > s.getTime() - rule.days * DAY);
            expect(within.length).toBeLessThanOrEqual(rule.count);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a rule of 0 is off", () => {
    expect(capDecision([daysAgo(0.5)], now, { rules: [{ count: 0, days: 3 }] })).toEqual({ allowed: true });
  });
});
