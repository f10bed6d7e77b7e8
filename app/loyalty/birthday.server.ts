// Birthday points: the birthday a shopper gives the storefront (MM-DD, 29 February allowed), which
// they may change again only 12 months after setting it (staff may correct it any time), and the
// daily award on the day itself in the shop's time zone — an `earn` entry keyed by the customer and
// the year, so however often the sweep runs a customer gets it once a year.
import type { EventLog } from "~/events/log.server";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { publishChanges } from "./changes.server";
import { appendInTx, withMember } from "./ledger.server";
import { addMonths, birthdaysOn, formatBirthday, localDay, parseBirthday } from "./lifecycle";
import type { Program } from "./program.server";
import { evaluateTier } from "./tier.server";

/** A shopper may change the birthday they gave this many months after giving it. */
export const BIRTHDAY_LOCK_MONTHS = 12;
const BATCH = 500;

export type BirthdayOutcome =
  | { ok: true; birthday: string; changed: boolean }
  | { ok: false; status: 400; error: "INVALID_BIRTHDAY"; message: string }
  | { ok: false; status: 409; error: "BIRTHDAY_LOCKED"; message: string; birthday: string; changeableAt: Date };

export const birthdayKey = (customerGid: string, year: number) => `birthday:${customerGid}:${year}`;

function isUniqueViolation(error: unknown) {
  return (error as { code?: string })?.code === "P2002";
}

/**
 * Sets a customer's birthday ("MM-DD"). `by: "customer"` (the storefront) is refused with
 * BIRTHDAY_LOCKED while a birthday given less than 12 months ago stands; `by: "staff"` always
 * applies. Giving the same birthday again changes nothing (and does not restart the 12 months).
 */
export async function setBirthday(
  db: Db,
  shop: string,
  customerGid: string,
  input: string,
  options: { now: Date; by?: "customer" | "staff" },
): Promise<BirthdayOutcome> {
  const { now } = options;
  const by = options.by ?? "customer";
  const parsed = parseBirthday(input);
  if (!parsed) {
    return { ok: false, status: 400, error: "INVALID_BIRTHDAY", message: "Give the birthday as month and day, MM-DD (for example 03-14)." };
  }
  const birthday = formatBirthday(parsed);
  const where = { shop_customerGid: { shop, customerGid } };
  const current = await db.loyaltyMember.findUnique({ where, select: { birthday: true } });
  if (current?.birthday === birthday) return { ok: true, birthday, changed: false };
  if (!current) {
    try {
      await db.loyaltyMember.create({ data: { shop, customerGid, lastActivityAt: now, birthday, birthdaySetAt: now } });
      return { ok: true, birthday, changed: true };
    } catch (error) {
      // Created meanwhile by another request or a points write: the conditional update below decides.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  const lockedUntil = addMonths(now, -BIRTHDAY_LOCK_MONTHS);
  // One statement decides, so two requests at once cannot both change a locked birthday.
  const changed = await db.loyaltyMember.updateMany({
    where: {
      shop,
      customerGid,
      ...(by === "customer" ? { OR: [{ birthday: null }, { birthdaySetAt: null }, { birthdaySetAt: { lte: lockedUntil } }] } : {}),
    },
    data: { birthday, birthdaySetAt: now },
  });
  if (changed.count === 1) return { ok: true, birthday, changed: true };
  const member = await db.loyaltyMember.findUniqueOrThrow({ where, select: { birthday: true, birthdaySetAt: true } });
  if (member.birthday === birthday) return { ok: true, birthday, changed: false };
  const changeableAt = addMonths(member.birthdaySetAt ?? now, BIRTHDAY_LOCK_MONTHS);
  return {
    ok: false,
    status: 409,
    error: "BIRTHDAY_LOCKED",
    message: `The birthday was set on ${(member.birthdaySetAt ?? now).toISOString().slice(0, 10)}; it can be changed again from ${changeableAt.toISOString().slice(0, 10)}.`,
    birthday: member.birthday ?? birthday,
    changeableAt,
  };
}

export interface BirthdayDeps {
  db: Db;
  events: EventLog;
  jobs: JobQueue;
}

/**
 * Gives today's birthday points (the shop's local day; 29 February birthdays on the 28th in other
 * years) to every member celebrating; returns how many got them now. Nothing when the program or
 * its birthday award is off.
 */
export async function awardBirthdays(deps: BirthdayDeps, program: Program, timeZone: string | null, now: Date): Promise<number> {
  if (!program.enabled || !program.birthdayEnabled || program.birthdayPoints <= 0) return 0;
  const { db } = deps;
  const shop = program.shop;
  const today = localDay(now, timeZone);
  let awarded = 0;
  let after: string | null = null;
  for (;;) {
    const members: { customerGid: string }[] = await db.loyaltyMember.findMany({
      where: { shop, birthday: { in: birthdaysOn(today) }, ...(after ? { customerGid: { gt: after } } : {}) },
      orderBy: { customerGid: "asc" },
      select: { customerGid: true },
      take: BATCH,
    });
    for (const { customerGid } of members) {
      const r = await withMember(db, shop, customerGid, now, async (tx, member) => {
        const appended = await appendInTx(
          tx,
          member,
          [
            {
              key: birthdayKey(customerGid, today.year),
              kind: "earn",
              points: program.birthdayPoints,
              reason: "birthday",
              source: "program",
              detail: { birthday: member.birthday },
            },
          ],
          now,
        );
        const tier = appended.written.length ? await evaluateTier(tx, program, member, now) : { change: null, entries: [] };
        return { entries: [...appended.written, ...tier.entries], tier: tier.change, member, awarded: appended.written.length > 0 };
      });
      await publishChanges(deps, shop, r);
      if (r.awarded) awarded++;
    }
    if (members.length < BATCH) return awarded;
    after = members[members.length - 1].customerGid;
  }
}
