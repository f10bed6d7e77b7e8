// Points expiry as a customer and a merchant notice it, with the clock moved a year on: a warning
// email 30 days before (the points, the date in the shop's time zone and the customer's language,
// a link to the store), a last-chance email 7 days before, then the spendable balance expires —
// once, however many sweeps or workers run; pending points stay. Earning in between starts a new
// period (no expiry, no more reminders); switching expiry off stops it and restores nothing.
import { afterEach, describe, expect, it } from "vitest";
import type { ParsedMail } from "mailparser";
import { sweepExpiry } from "~/loyalty/expiry.server";
import { appendEntries, ledgerMismatches } from "~/loyalty/ledger.server";
import { loyaltyProgram, saveProgram } from "~/loyalty/program.server";
import { ManualClock } from "~/platform/clock";
import { markInstalled } from "~/shops/shops.server";
import { startHarness, type Harness } from "../support/app-harness";
import { PROGRAM } from "../support/loyalty-shop";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { waitForValue } from "../support/wait";

const SHOP = "punkty-wygasaja.myshopify.com";
/** The customers' last activity: 10 March 2026, 10:00 UTC (11:00 in Warsaw). */
const SINCE = new Date("2026-03-10T10:00:00Z");

let h: Harness | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  await sink?.close();
  sink = undefined;
});

interface Shopper {
  gid: string;
  email: string;
  firstName: string;
  locale: string;
}

const MARTA: Shopper = { gid: "gid://shopify/Customer/7001", email: "marta.nowak@example.pl", firstName: "Marta", locale: "pl" };
const EMMA: Shopper = { gid: "gid://shopify/Customer/7002", email: "emma.jones@example.com", firstName: "Emma", locale: "en" };

async function start(clock: ManualClock, program: Partial<typeof PROGRAM> = {}) {
  sink = await startSmtpSink();
  h = await startHarness({ clock, messageTickMs: 50, envVars: { SMTP_URL: sink.url } });
  const db = h.runtime.db;
  await markInstalled(db, SHOP, null, clock);
  await db.shop.update({ where: { shop: SHOP }, data: { timezone: "Europe/Warsaw", name: "Ceramika Marty", currency: "PLN" } });
  await saveProgram(db, SHOP, { ...PROGRAM, expiryEnabled: true, expiryMonths: 12, warningDays: 30, lastChanceDays: 7, ...program });
  return h;
}

async function customerWithPoints(harness: Harness, who: Shopper, points: number, pending = 0) {
  const db = harness.runtime.db;
  await db.customer.create({
    data: { shop: SHOP, customerGid: who.gid, email: who.email, firstName: who.firstName, locale: who.locale, shopifyUpdatedAt: SINCE },
  });
  await appendEntries(
    db,
    SHOP,
    who.gid,
    [
      { key: `test:earn:${who.gid}`, kind: "earn", points, reason: "order_paid", source: "order" },
      ...(pending
        ? [
            {
              key: `test:pending:${who.gid}`,
              kind: "earn" as const,
              pendingPoints: pending,
              reason: "order_paid" as const,
              source: "order" as const,
            },
          ]
        : []),
    ],
    SINCE,
  );
}

function member(harness: Harness, who: Shopper) {
  return harness.runtime.db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerGid: { shop: SHOP, customerGid: who.gid } } });
}

function entries(harness: Harness, who: Shopper) {
  return harness.runtime.db.loyaltyEntry.findMany({
    where: { shop: SHOP, customerGid: who.gid },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** Moves the clock (the lifecycle sweep and the message dispatcher react to the jump). */
function moveTo(clock: ManualClock, at: string) {
  clock.set(new Date(at));
  h!.runtime.kick();
}

function mailTo(who: Shopper, count: number): Promise<ParsedMail[]> {
  return waitForValue(
    () => {
      const mails = sink!.messages.filter((m) => m.to && JSON.stringify(m.to).includes(who.email));
      return mails.length >= count ? mails : null;
    },
    20_000,
    20,
    `${count} emails to ${who.email}`,
  );
}

describe("points expiry", () => {
  it("warns, gives a last chance, then expires the spendable balance once — pending points stay", async () => {
    const clock = new ManualClock(SINCE);
    const harness = await start(clock);
    await customerWithPoints(harness, MARTA, 480, 120);
    await customerWithPoints(harness, EMMA, 75);

    // 8 February 2027: 30 days before the year of inactivity ends.
    moveTo(clock, "2027-02-08T10:00:00Z");
    const [warning] = await mailTo(MARTA, 1);
    expect(warning.subject).toBe("Marta, Twoje punkty w sklepie Ceramika Marty wkrótce wygasną");
    expect(warning.text).toContain("480");
    expect(warning.text).toContain("Twoje punkty wygasną 10 marca 2027");
    expect(warning.text).toMatch(/Wykorzystaj punkty: https:\/\/punkty-wygasaja\.myshopify\.com\/account\?utm_/);
    const [english] = await mailTo(EMMA, 1);
    expect(english.subject).toBe("Emma, your points at Ceramika Marty expire soon");
    expect(english.text).toContain("Your points expire on 10 March 2027");
    // The merchant sees both on the Outbox, one per customer, stage and period, and on the timeline.
    const db = harness.runtime.db;
    // A row is marked sent right after the SMTP server took the mail: wait for that, not only for the mail.
    const outbox = await waitForValue(async () => {
      const rows = await db.message.findMany({ where: { shop: SHOP }, orderBy: { email: "asc" } });
      return rows.length === 2 && rows.every((m) => m.status !== "sending") ? rows : null;
    });
    expect(outbox.map((m) => [m.flow, m.status, m.category, m.key])).toEqual([
      ["points_expiry_warning", "sent", "transactional", `points_expiry_warning:${EMMA.gid}:${SINCE.toISOString()}`],
      ["points_expiry_warning", "sent", "transactional", `points_expiry_warning:${MARTA.gid}:${SINCE.toISOString()}`],
    ]);
    const reminder = await db.afterSalesEvent.findFirst({ where: { shop: SHOP, customerGid: MARTA.gid, type: "loyalty.points_expiring" } });
    expect(JSON.parse(reminder!.detail)).toMatchObject({ stage: "warning", points: 480, expiresAt: "2027-03-10T10:00:00.000Z" });

    // Sweeping again (another worker, a restart) sends nothing more.
    const program = await loyaltyProgram(db, SHOP);
    expect(await sweepExpiry(harness.runtime, SHOP, program, clock.now())).toEqual({ warned: 0, lastChance: 0, expired: 0 });

    // 3 March: the last chance.
    moveTo(clock, "2027-03-03T10:00:00Z");
    const [, lastChance] = await mailTo(MARTA, 2);
    expect(lastChance.subject).toBe("Ostatnia szansa na wykorzystanie punktów, Marta");
    expect(lastChance.text).toContain("Ostatnia szansa: Twoje punkty wygasną 10 marca 2027");
    await mailTo(EMMA, 2);

    // 10 March: the lifecycle's own sweep and two more at once (more workers) expire each balance once.
    moveTo(clock, "2027-03-10T10:00:00Z");
    await Promise.all([sweepExpiry(harness.runtime, SHOP, program, clock.now()), sweepExpiry(harness.runtime, SHOP, program, clock.now())]);
    expect(await member(harness, MARTA)).toMatchObject({ balance: 0, pending: 120 });
    expect(await member(harness, EMMA)).toMatchObject({ balance: 0, pending: 0 });
    const expired = (await entries(harness, MARTA)).filter((e) => e.kind === "expire");
    expect(expired).toMatchObject([{ key: `expire:${MARTA.gid}:${SINCE.toISOString()}`, points: -480, reason: "inactivity" }]);

    // Later sweeps find nothing to do; no third email.
    moveTo(clock, "2027-03-20T10:00:00Z");
    expect(await sweepExpiry(harness.runtime, SHOP, program, clock.now())).toEqual({ warned: 0, lastChance: 0, expired: 0 });
    expect((await entries(harness, MARTA)).filter((e) => e.kind === "expire")).toHaveLength(1);
    expect(await ledgerMismatches(db, SHOP)).toEqual([]);

    // Switching expiry off restores nothing.
    await saveProgram(db, SHOP, { ...PROGRAM, expiryEnabled: false });
    moveTo(clock, "2027-03-21T10:00:00Z");
    expect(await member(harness, MARTA)).toMatchObject({ balance: 0, pending: 120 });
    await new Promise((r) => setTimeout(r, 300));
    expect(sink!.messages.filter((m) => JSON.stringify(m.to).includes(MARTA.email))).toHaveLength(2);
  }, 90_000);

  it("keeps the points of a customer who earns after the warning: a new period, no last chance, no expiry", async () => {
    const clock = new ManualClock(SINCE);
    const harness = await start(clock);
    await customerWithPoints(harness, MARTA, 300);
    moveTo(clock, "2027-02-08T10:00:00Z");
    await mailTo(MARTA, 1);

    // She orders again on 20 February: points earned are activity.
    clock.set(new Date("2027-02-20T12:00:00Z"));
    await appendEntries(
      harness.runtime.db,
      SHOP,
      MARTA.gid,
      [{ key: "test:earn:again", kind: "earn", points: 40, reason: "order_paid", source: "order" }],
      clock.now(),
    );

    moveTo(clock, "2027-03-03T10:00:00Z");
    moveTo(clock, "2027-03-11T10:00:00Z");
    const program = await loyaltyProgram(harness.runtime.db, SHOP);
    expect(await sweepExpiry(harness.runtime, SHOP, program, clock.now())).toEqual({ warned: 0, lastChance: 0, expired: 0 });
    expect(await member(harness, MARTA)).toMatchObject({ balance: 340 });
    // The warning already sent stays sent; nothing else went.
    await new Promise((r) => setTimeout(r, 300));
    expect(sink!.messages.map((m) => m.subject)).toEqual(["Marta, Twoje punkty w sklepie Ceramika Marty wkrótce wygasną"]);

    // A year after the new activity the new period's warning comes.
    moveTo(clock, "2028-01-21T12:00:00Z");
    const [, second] = await mailTo(MARTA, 2);
    expect(second.text).toContain("Twoje punkty wygasną 20 lutego 2028");
  }, 90_000);

  it("gives a full warning period when expiry is switched on for customers already inactive too long", async () => {
    const clock = new ManualClock(SINCE);
    const harness = await start(clock, { expiryEnabled: false });
    await customerWithPoints(harness, EMMA, 90);
    // Two years on, the merchant switches expiry on.
    clock.set(new Date("2028-03-10T10:00:00Z"));
    await saveProgram(harness.runtime.db, SHOP, { ...PROGRAM, expiryEnabled: true, expiryMonths: 12, warningDays: 30, lastChanceDays: 7 });
    moveTo(clock, "2028-03-10T16:00:00Z");
    const [warning] = await mailTo(EMMA, 1);
    expect(warning.text).toContain("Your points expire on 9 April 2028");
    expect(await member(harness, EMMA)).toMatchObject({ balance: 90 });
    moveTo(clock, "2028-04-09T17:00:00Z");
    await waitForValue(async () => ((await member(harness, EMMA)).balance === 0 ? true : null), 20_000);
  }, 90_000);
});
