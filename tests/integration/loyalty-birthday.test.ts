// Birthday points as a shopper and a merchant see them: the storefront's birthday is validated
// (29 February allowed), a shopper cannot change it again for 12 months while staff can; on the day
// itself in the shop's time zone the points arrive once that year however often the sweep runs,
// again the next year, on the 28th for a 29 February birthday, and never while the award is off.
import { afterEach, describe, expect, it } from "vitest";
import { awardBirthdays, setBirthday } from "~/loyalty/birthday.server";
import { ledgerMismatches } from "~/loyalty/ledger.server";
import { loyaltyProgram, saveProgram } from "~/loyalty/program.server";
import { LOYALTY_SHOP, PROGRAM, startLoyaltyShop, type LoyaltyShop } from "../support/loyalty-shop";
import { waitForValue } from "../support/wait";

let s: LoyaltyShop | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const KASIA = "gid://shopify/Customer/9100";
const JAN = "gid://shopify/Customer/9101";

function birthdayEntries(shop: LoyaltyShop, customerGid: string) {
  return shop.harness.runtime.db.loyaltyEntry.findMany({
    where: { shop: LOYALTY_SHOP, customerGid, reason: "birthday" },
    orderBy: { createdAt: "asc" },
    select: { key: true, points: true, kind: true },
  });
}

describe("setting a birthday", () => {
  it("takes MM-DD (29 February too), refuses what is not a day, and locks the shopper's choice for 12 months", async () => {
    s = await startLoyaltyShop();
    const db = s.harness.runtime.db;
    const now = new Date("2027-01-15T12:00:00Z");
    for (const bad of ["02-30", "13-01", "1990-03-14", "3/14", ""]) {
      expect(await setBirthday(db, LOYALTY_SHOP, KASIA, bad, { now })).toMatchObject({ ok: false, status: 400, error: "INVALID_BIRTHDAY" });
    }
    expect(await setBirthday(db, LOYALTY_SHOP, KASIA, "02-29", { now })).toEqual({ ok: true, birthday: "02-29", changed: true });
    // The same date again is fine; another is refused, saying from when it can change.
    expect(await setBirthday(db, LOYALTY_SHOP, KASIA, "02-29", { now: new Date("2027-03-01T00:00:00Z") })).toEqual({
      ok: true,
      birthday: "02-29",
      changed: false,
    });
    const locked = await setBirthday(db, LOYALTY_SHOP, KASIA, "03-01", { now: new Date("2027-06-01T00:00:00Z") });
    expect(locked).toMatchObject({
      ok: false,
      status: 409,
      error: "BIRTHDAY_LOCKED",
      birthday: "02-29",
      changeableAt: new Date("2028-01-15T12:00:00Z"),
    });
    // Two attempts at once: neither gets through the lock.
    const both = await Promise.all([
      setBirthday(db, LOYALTY_SHOP, KASIA, "04-01", { now: new Date("2027-06-02T00:00:00Z") }),
      setBirthday(db, LOYALTY_SHOP, KASIA, "05-01", { now: new Date("2027-06-02T00:00:00Z") }),
    ]);
    expect(both.map((r) => r.ok)).toEqual([false, false]);
    // Staff correct it any time; a year after that the shopper may change it.
    expect(await setBirthday(db, LOYALTY_SHOP, KASIA, "03-01", { now: new Date("2027-06-03T00:00:00Z"), by: "staff" })).toMatchObject({
      ok: true,
      birthday: "03-01",
    });
    expect(await setBirthday(db, LOYALTY_SHOP, KASIA, "03-02", { now: new Date("2028-06-03T00:00:00Z") })).toMatchObject({
      ok: true,
      birthday: "03-02",
    });
    // A new customer gets a member row with the birthday and nothing else.
    expect(await db.loyaltyMember.findUnique({ where: { shop_customerGid: { shop: LOYALTY_SHOP, customerGid: KASIA } } })).toMatchObject({
      birthday: "03-02",
      balance: 0,
    });
  }, 60_000);
});

describe("birthday points", () => {
  it("arrive on the day in the shop's time zone, once a year however often the sweep runs", async () => {
    s = await startLoyaltyShop({ birthdayPoints: 250 });
    const db = s.harness.runtime.db;
    s.clock.set(new Date("2027-03-01T08:00:00Z"));
    expect((await setBirthday(db, LOYALTY_SHOP, JAN, "03-14", { now: s.clock.now() })).ok).toBe(true);
    expect((await setBirthday(db, LOYALTY_SHOP, KASIA, "02-29", { now: s.clock.now() })).ok).toBe(true);

    // 13 March, 23:30 UTC is already the 14th in Warsaw: the lifecycle sweep gives Jan his points.
    s.clock.set(new Date("2027-03-13T23:30:00Z"));
    const [entry] = await waitForValue(async () => {
      const found = await birthdayEntries(s!, JAN);
      return found.length ? found : null;
    }, 20_000);
    expect(entry).toEqual({ key: `birthday:${JAN}:2027`, points: 250, kind: "earn" });
    expect(await db.loyaltyMember.findUnique({ where: { shop_customerGid: { shop: LOYALTY_SHOP, customerGid: JAN } } })).toMatchObject({
      balance: 250,
    });

    // Later sweeps that day, and the rest of the year, give nothing more.
    const program = await loyaltyProgram(db, LOYALTY_SHOP);
    const deps = s.harness.runtime;
    expect(await awardBirthdays(deps, program, "Europe/Warsaw", new Date("2027-03-14T18:00:00Z"))).toBe(0);
    s.clock.set(new Date("2027-03-14T20:00:00Z"));
    await s.settle();
    expect(await birthdayEntries(s, JAN)).toHaveLength(1);

    // 29 February celebrates on the 28th when the year has no 29th.
    expect(await awardBirthdays(deps, program, "Europe/Warsaw", new Date("2027-02-28T10:00:00Z"))).toBe(1);
    expect(await birthdayEntries(s, KASIA)).toEqual([{ key: `birthday:${KASIA}:2027`, points: 250, kind: "earn" }]);

    // The next year, again.
    expect(await awardBirthdays(deps, program, "Europe/Warsaw", new Date("2028-03-14T10:00:00Z"))).toBe(1);
    expect((await birthdayEntries(s, JAN)).map((e) => e.key)).toEqual([`birthday:${JAN}:2027`, `birthday:${JAN}:2028`]);
    expect(await ledgerMismatches(db, LOYALTY_SHOP)).toEqual([]);
  }, 60_000);

  it("gives nothing while the birthday award is off", async () => {
    s = await startLoyaltyShop();
    const db = s.harness.runtime.db;
    await saveProgram(db, LOYALTY_SHOP, { ...PROGRAM, birthdayEnabled: false });
    await setBirthday(db, LOYALTY_SHOP, JAN, "07-01", { now: s.clock.now() });
    const program = await loyaltyProgram(db, LOYALTY_SHOP);
    expect(await awardBirthdays(s.harness.runtime, program, "Europe/Warsaw", new Date("2027-07-01T10:00:00Z"))).toBe(0);
    expect(await birthdayEntries(s, JAN)).toEqual([]);
  }, 60_000);
});
