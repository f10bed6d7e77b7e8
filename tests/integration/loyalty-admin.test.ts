// The merchant's loyalty pages, through their loaders and actions on a real database: a new shop's
// settings start from the starter program; a save with overlapping tiers or a bad reward is refused
// with messages on the fields (in English and Polish) and changes nothing; a good save is what the
// page shows next and what the storefront reads at once. The members list finds people by name or
// email and never shows another shop's. A manual adjustment happens once however often it is
// posted, needs a note, never takes a balance below zero and shows on the customer's timeline with
// who made it. The overview's figures add up for a small ledger, and its ledger check notices a
// balance that differs from the entries.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Runtime } from "~/runtime.server";

// The routes' two ways out of the test: Shopify's session check (the shop and staff member come
// from the request's headers) and the process-wide runtime (the harness's).
const state = vi.hoisted(() => ({ runtime: null as Runtime | null }));
vi.mock("~/shopify.server", () => ({
  authenticate: {
    admin: async (request: Request) => {
      const user = request.headers.get("x-test-user");
      return {
        session: {
          shop: request.headers.get("x-test-shop"),
          onlineAccessInfo: user
            ? { associated_user: { first_name: user.split(" ")[0], last_name: user.split(" ")[1] ?? "", email: "staff@example.pl" } }
            : undefined,
        },
        sessionToken: request.headers.get("x-test-sub") ? { sub: request.headers.get("x-test-sub") } : {},
        admin: {
          graphql: async () => {
            throw new Error("Shopify is not asked in this test");
          },
        },
      };
    },
  },
}));
vi.mock("~/runtime.server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("~/runtime.server")>()),
  runtime: async () => state.runtime!,
}));

import { loyaltyFigures } from "~/loyalty/figures.server";
import { appendEntries } from "~/loyalty/ledger.server";
import { loyaltyProgram } from "~/loyalty/program.server";
import type { ProgramDraft } from "~/loyalty/settings-form";
import { LEDGER_PER_PAGE } from "~/loyalty/members.server";
import { cachedProgram } from "~/loyalty/shopper.server";
import { formatMoney } from "~/orders/format-money";
import * as customerPage from "~/routes/app.customers.$id";
import * as overviewPage from "~/routes/app.loyalty._index";
import * as membersPage from "~/routes/app.loyalty.members";
import * as settingsPage from "~/routes/app.loyalty.settings";
import { searchVariants, variantTitles } from "~/loyalty/variants.server";
import type { AdminGraphql } from "~/messaging/guides.server";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { startHarness, type Harness } from "../support/app-harness";
import { startShopifyDouble } from "../support/shopify";
import { AdminStore } from "../support/shopify/admin";

const ANNA = "anna-ceramics.myshopify.com";
const BOB = "bob-bikes.myshopify.com";
const CAROL = "carol-candles.myshopify.com";
const DAY = 86_400_000;

let h: Harness;
let seq = 0;

beforeAll(async () => {
  h = await startHarness();
  state.runtime = h.runtime;
  for (const shop of [ANNA, BOB, CAROL]) {
    await h.runtime.db.shop.create({ data: { shop, name: shop, timezone: "Europe/Warsaw", currency: "PLN" } });
  }
});
afterAll(() => h?.stop());

interface As {
  shop: string;
  locale?: "en" | "pl";
  user?: string;
  sub?: string;
}

function request(path: string, as: As, form?: Record<string, string>): Request {
  const url = new URL(`http://app.test${path}`);
  if (as.locale) url.searchParams.set("locale", as.locale);
  const headers = new Headers({ "x-test-shop": as.shop });
  if (as.user) headers.set("x-test-user", as.user);
  if (as.sub) headers.set("x-test-sub", as.sub);
  if (!form) return new Request(url, { headers });
  return new Request(url, { method: "POST", headers, body: new URLSearchParams(form) });
}

const ctx = (params: Record<string, string> = {}) => ({ params, context: {} });
const json = async (r: Response) => ({
  status: r.status,
  body: (await r.json()) as Record<string, unknown> & { errors?: Record<string, string> },
});

const loadSettings = (as: As) => settingsPage.loader({ request: request("/app/loyalty/settings", as), ...ctx() });
const saveSettings = async (as: As, draft: ProgramDraft) =>
  json(await settingsPage.action({ request: request("/app/loyalty/settings", as, { program: JSON.stringify(draft) }), ...ctx() }));

async function customer(shop: string, c: { email: string; firstName: string; lastName: string }) {
  const customerGid = `gid://shopify/Customer/${7000 + ++seq}`;
  await h.runtime.db.customer.create({ data: { shop, customerGid, ...c, shopifyUpdatedAt: h.runtime.clock.now() } });
  return { customerGid, id: customerGid.replace(/^.*\//, "") };
}

/** Points given the way the ledger gives them (so the shop's ledger stays sound). */
async function give(shop: string, customerGid: string, points: number, at = h.runtime.clock.now()) {
  await appendEntries(
    h.runtime.db,
    shop,
    customerGid,
    [{ key: `test:${++seq}`, kind: "earn", points, reason: "signup", source: "customer" }],
    at,
  );
}

describe("program settings", () => {
  it("starts a new shop from the starter tiers and rewards, in the shop's currency", async () => {
    const data = await loadSettings({ shop: ANNA });
    expect(data.starter).toBe(true);
    expect(data.currency).toBe("PLN");
    expect(data.draft.enabled).toBe(false);
    expect(data.draft.tiers.map((t) => [t.name, t.threshold, t.multiplier])).toEqual([
      ["Silver", "500", "125"],
      ["Gold", "1500", "150"],
    ]);
    expect(data.draft.rewards.map((r) => [r.type, r.cost, r.value])).toEqual([
      ["fixed_amount", "500", "5.00"],
      ["percentage", "1000", "10"],
      ["free_shipping", "300", ""],
    ]);
    // Polish merchants read (and type) amounts with a comma.
    expect((await loadSettings({ shop: ANNA, locale: "pl" })).draft.rewards[0].value).toBe("5,00");
  });

  it("refuses overlapping tiers with a message on the tier that names both, in either language, and saves nothing", async () => {
    const { draft } = await loadSettings({ shop: ANNA });
    const overlapping: ProgramDraft = {
      ...draft,
      enabled: true,
      tiers: [draft.tiers[0], { ...draft.tiers[1], threshold: "500" }],
    };
    const en = await saveSettings({ shop: ANNA }, overlapping);
    expect(en.status).toBe(400);
    expect(en.body.errors).toEqual({
      "tiers.1.threshold":
        "Gold and Silver start at the same number of points: a customer would be in both and earn twice. Give each tier its own threshold.",
    });
    const pl = await saveSettings({ shop: ANNA, locale: "pl" }, overlapping);
    expect(pl.body.errors?.["tiers.1.threshold"]).toBe(
      "Gold i Silver zaczynają się od tej samej liczby punktów: klient byłby na obu poziomach i dostałby punkty dwa razy. Ustaw każdemu poziomowi inny próg.",
    );
    const spent = await saveSettings(
      { shop: ANNA },
      { ...overlapping, tierBasis: "spent", tiers: overlapping.tiers.map((t) => ({ ...t, threshold: "250,00" })) },
    );
    expect(spent.body.errors?.["tiers.1.threshold"]).toContain("Gold and Silver start at the same amount spent");
    expect(await loyaltyProgram(h.runtime.db, ANNA)).toMatchObject({ enabled: false, tiers: [], rewards: [] });
  });

  it("refuses a reward without a sensible value, on that reward's field", async () => {
    const { draft } = await loadSettings({ shop: ANNA });
    const bad: ProgramDraft = {
      ...draft,
      rewards: [
        { ...draft.rewards[0], value: "five" },
        { ...draft.rewards[1], value: "150" },
        { ...draft.rewards[2], type: "free_product", variantGid: null },
        { ...draft.rewards[0], key: "new-1", id: null, title: " ", cost: "0", value: "1.999" },
      ],
    };
    const r = await saveSettings({ shop: ANNA }, bad);
    expect(r.status).toBe(400);
    // Every reward's problems at once, each on its field.
    expect(r.body.errors).toEqual({
      "rewards.0.value": "Enter an amount like 5.00",
      "rewards.1.value": "Enter a percentage from 1 to 100",
      "rewards.2.variantGid": "Choose the product the reward gives",
      "rewards.3.title": "This can't be empty",
      "rewards.3.cost": "At least 1",
      "rewards.3.value": "Enter an amount like 5.00",
    });
    const pointsPerUnit = await saveSettings({ shop: ANNA, locale: "pl" }, { ...draft, pointsPerUnit: "" });
    expect(pointsPerUnit.body.errors).toEqual({ pointsPerUnit: "Wpisz liczbę całkowitą" });
    expect((await loyaltyProgram(h.runtime.db, ANNA)).rewards).toEqual([]);
  });

  it("saves the program, shows it on the next load, and the storefront reads it at once", async () => {
    expect((await cachedProgram(h.runtime.db, ANNA)).pointsPerUnit).toBe(1);
    const { draft } = await loadSettings({ shop: ANNA, locale: "pl" });
    const edited: ProgramDraft = {
      ...draft,
      enabled: true,
      pointsPerUnit: "3",
      includeShipping: true,
      excludedTags: ["karta-podarunkowa", " gift "],
      pendingDays: "14",
      birthdayEnabled: false,
      rewards: [{ ...draft.rewards[0], title: "12,50 zł rabatu", value: "12,50", minimumSubtotal: "100" }, draft.rewards[2]],
    };
    const saved = await saveSettings({ shop: ANNA, locale: "pl" }, edited);
    expect(saved).toEqual({ status: 200, body: { ok: true, errors: {} } });
    // The storefront's cache was told: the new rate shows without waiting.
    expect((await cachedProgram(h.runtime.db, ANNA)).pointsPerUnit).toBe(3);

    const program = await loyaltyProgram(h.runtime.db, ANNA);
    expect(program).toMatchObject({ enabled: true, pointsPerUnit: 3, includeShipping: true, pendingDays: 14, birthdayEnabled: false });
    expect(program.excludedTagList).toEqual(["karta-podarunkowa", "gift"]);
    expect(program.rewards.map((r) => [r.title, r.value, r.minimumSubtotal])).toEqual([
      ["Darmowa dostawa", 0, null],
      ["12,50 zł rabatu", 1250, 10000],
    ]);

    const again = await loadSettings({ shop: ANNA });
    expect(again.starter).toBe(false);
    expect(again.draft).toMatchObject({ enabled: true, pointsPerUnit: "3", pendingDays: "14", birthdayEnabled: false });
    // The starters were proposed in the merchant's language (Polish here) and saved as such.
    expect(again.draft.tiers.map((t) => t.name)).toEqual(["Srebrny", "Złoty"]);
    expect(again.draft.rewards.map((r) => [r.title, r.value, r.minimumSubtotal])).toEqual([
      ["Darmowa dostawa", "", ""],
      ["12,50 zł rabatu", "12.50", "100.00"],
    ]);

    // Saving again keeps the tiers' ids (members point at them); an id from elsewhere is not taken.
    const ids = again.draft.tiers.map((t) => t.id);
    const foreign = { ...again.draft.tiers[1], id: "not-this-shops-tier" };
    expect((await saveSettings({ shop: ANNA }, { ...again.draft, tiers: [again.draft.tiers[0], foreign] })).status).toBe(200);
    const tiers = (await loyaltyProgram(h.runtime.db, ANNA)).tiers;
    expect(tiers[0].id).toBe(ids[0]);
    expect(tiers[1].id).not.toBe("not-this-shops-tier");
    expect(await loyaltyProgram(h.runtime.db, BOB)).toMatchObject({ enabled: false, tiers: [], rewards: [] });
  });
});

describe("the free-product picker", () => {
  it("finds variants by the product's title in Shopify, and names the variant a saved reward gives", async () => {
    const store = new AdminStore();
    store.upsertShop(ANNA, { name: "Anna Ceramics", currencyCode: "PLN" });
    store.createProduct(ANNA, {
      title: "Kubek ceramiczny",
      variants: [
        { title: "Niebieski", price: "49.00" },
        { title: "Zielony", price: "49.00" },
      ],
    });
    store.createProduct(ANNA, { title: "Talerz", variants: [{ title: "Default Title", price: "89.00" }] });
    store.install(ANNA, { accessToken: "shpat_picker", scope: "read_products" });
    const double = await startShopifyDouble({ appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: "s", store });
    try {
      const graphql: AdminGraphql = (query, options) =>
        fetch(`${double.url}/shops/${ANNA}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_picker" },
          body: JSON.stringify({ query, variables: options?.variables ?? {} }),
        });
      const mugs = await searchVariants(graphql, "kub");
      expect(mugs.map((v) => v.title)).toEqual(["Kubek ceramiczny - Niebieski", "Kubek ceramiczny - Zielony"]);
      expect((await searchVariants(graphql, "talerz")).map((v) => v.title)).toEqual(["Talerz"]);
      expect(await searchVariants(graphql, " ( ")).toEqual([]);
      expect(await variantTitles(graphql, [mugs[1].id, "gid://shopify/ProductVariant/999999"])).toEqual({
        [mugs[1].id]: "Kubek ceramiczny - Zielony",
      });
    } finally {
      await double.close();
    }
  });
});

describe("members list", () => {
  it("finds members by name or email, sorts them, and never shows another shop's", async () => {
    const ewa = await customer(ANNA, { email: "ewa.kowalska@example.pl", firstName: "Ewa", lastName: "Kowalska" });
    const jan = await customer(ANNA, { email: "jan.nowak@example.pl", firstName: "Jan", lastName: "Nowak" });
    const bobs = await customer(BOB, { email: "ewa.kowalska@example.pl", firstName: "Ewa", lastName: "Kowalska" });
    await give(ANNA, ewa.customerGid, 300);
    await give(ANNA, jan.customerGid, 80);
    await give(BOB, bobs.customerGid, 999);

    const list = (q: string, as: As = { shop: ANNA }) =>
      membersPage.loader({ request: request(`/app/loyalty/members${q}`, as), ...ctx() }) as ReturnType<typeof membersPage.loader>;

    const all = await list("");
    expect(all.rows.map((r) => [r.name, r.balance, r.email])).toEqual([
      ["Ewa Kowalska", "300", "ewa.kowalska@example.pl"],
      ["Jan Nowak", "80", "jan.nowak@example.pl"],
    ]);
    expect(all.totalText).toBe("2 members");
    expect(all.rows[0].id).toBe(ewa.id);

    const byEmail = await list("?q=EWA.KOW");
    expect(byEmail.rows.map((r) => r.name)).toEqual(["Ewa Kowalska"]);
    expect(byEmail.rows[0].balance).toBe("300");
    expect((await list("?q=nowak")).rows.map((r) => r.name)).toEqual(["Jan Nowak"]);
    expect((await list("?q=jan%20nowak")).rows.map((r) => r.name)).toEqual(["Jan Nowak"]);
    expect((await list("?q=nobody")).rows).toEqual([]);
    expect((await list("?sort=balance_asc")).rows.map((r) => r.name)).toEqual(["Jan Nowak", "Ewa Kowalska"]);

    const bob = await list("?q=ewa", { shop: BOB, locale: "pl" });
    expect(bob.rows.map((r) => r.balance)).toEqual(["999"]);
    expect(bob.totalText).toBe("1 uczestnik");
  });
});

describe("manual adjustment", () => {
  const adjust = async (as: As, id: string, form: Record<string, string>) =>
    json(await customerPage.action({ request: request(`/app/customers/${id}`, as, { intent: "adjust", ...form }), ...ctx({ id }) }));
  const page = (as: As, id: string) =>
    customerPage.loader({ request: request(`/app/customers/${id}`, as), ...ctx({ id }) }) as ReturnType<typeof customerPage.loader>;

  it("adds points once however often the form is posted, onto the customer's timeline with who did it", async () => {
    const c = await customer(ANNA, { email: "ola@example.pl", firstName: "Ola", lastName: "Lis" });
    const before = await page({ shop: ANNA }, c.id);
    expect(before.loyalty).toMatchObject({ balance: 0, ledger: [] });
    const form = { points: "120", note: "Paczka przyszła uszkodzona", requestKey: before.adjustKey };
    const first = await adjust({ shop: ANNA, user: "Anna Nowak" }, c.id, form);
    const second = await adjust({ shop: ANNA, user: "Anna Nowak" }, c.id, form);
    expect(first).toEqual({ status: 200, body: { ok: true, balance: 120 } });
    expect(second).toEqual({ status: 200, body: { ok: true, balance: 120 } });
    expect(await h.runtime.db.loyaltyEntry.count({ where: { shop: ANNA, customerGid: c.customerGid } })).toBe(1);

    const after = await page({ shop: ANNA }, c.id);
    expect(after.adjustKey).not.toBe(before.adjustKey);
    expect(after.loyalty).toMatchObject({ balance: 120, pending: 0 });
    expect(after.loyalty.ledger).toEqual([
      expect.objectContaining({
        kind: "Adjusted",
        reason: null,
        points: "+120",
        note: "Paczka przyszła uszkodzona",
        actor: "Anna Nowak",
      }),
    ]);
    const event = after.timeline.find((e) => e.label === "Loyalty points");
    expect(event?.details.map((d) => d.text)).toEqual([
      "+120 points · adjusted by staff",
      "Note: Paczka przyszła uszkodzona",
      "By Anna Nowak",
      "Balance 120 points, 0 pending",
    ]);
  });

  it("needs a note, refuses to go below zero with the balance on the field, and never touches another shop's customer", async () => {
    const c = await customer(ANNA, { email: "piotr@example.pl", firstName: "Piotr", lastName: "Wrona" });
    await give(ANNA, c.customerGid, 120);
    const key = () => `key-${++seq}-abcdef`;

    const noNote = await adjust({ shop: ANNA }, c.id, { points: "50", note: " ", requestKey: key() });
    expect(noNote).toEqual({ status: 400, body: { ok: false, errors: { note: "Say why (at least 3 characters)" } } });
    const zero = await adjust({ shop: ANNA, locale: "pl" }, c.id, { points: "0", note: "korekta", requestKey: key() });
    expect(zero.body.errors).toEqual({ points: "Wpisz liczbę całkowitą różną od 0" });

    const tooMuch = await adjust({ shop: ANNA }, c.id, { points: "-500", note: "Zwrot poza systemem", requestKey: key() });
    expect(tooMuch).toEqual({ status: 409, body: { ok: false, errors: { points: "The balance is 120 points; 500 are needed." } } });
    const polish = await adjust({ shop: ANNA, locale: "pl" }, c.id, { points: "-500", note: "Zwrot poza systemem", requestKey: key() });
    expect(polish.body.errors).toEqual({ points: "Saldo wynosi 120 pkt, a potrzeba 500 pkt." });

    // Without the staff member's name the session's user id says who, else "staff".
    expect((await adjust({ shop: ANNA, sub: "73" }, c.id, { points: "-20", note: "Korekta", requestKey: key() })).body).toEqual({
      ok: true,
      balance: 100,
    });
    expect((await adjust({ shop: ANNA }, c.id, { points: "5", note: "Korekta", requestKey: key() })).body).toEqual({
      ok: true,
      balance: 105,
    });
    const actors = (await page({ shop: ANNA }, c.id)).loyalty.ledger.map((e) => e.actor ?? "none");
    expect(actors.sort()).toEqual(["none", "staff", "staff #73"]);

    const refused = await adjust({ shop: BOB }, c.id, { points: "10", note: "Nie mój klient", requestKey: key() }).catch((e: unknown) => e);
    expect(refused instanceof Response && refused.status).toBe(404);
    expect(await h.runtime.db.loyaltyMember.count({ where: { shop: BOB, customerGid: c.customerGid } })).toBe(0);
  });
});

describe("a customer's points history", () => {
  it("comes in pages, newest first", async () => {
    const c = await customer(ANNA, { email: "lena@example.pl", firstName: "Lena", lastName: "Sowa" });
    for (let i = 1; i <= LEDGER_PER_PAGE + 5; i++) await give(ANNA, c.customerGid, i, new Date(Date.UTC(2026, 0, 1, 0, i)));
    const page = (q: string) =>
      customerPage.loader({ request: request(`/app/customers/${c.id}${q}`, { shop: ANNA }), ...ctx({ id: c.id }) }) as ReturnType<
        typeof customerPage.loader
      >;
    const first = (await page("")).loyalty;
    expect(first.ledger).toHaveLength(LEDGER_PER_PAGE);
    expect(first.ledger[0]).toMatchObject({ points: `+${LEDGER_PER_PAGE + 5}`, kind: "Earned", reason: "account created" });
    expect(first).toMatchObject({ page: 1, hasNext: true });
    const second = (await page("?ledger=2")).loyalty;
    expect(second.ledger.map((e) => e.points)).toEqual(["+5", "+4", "+3", "+2", "+1"]);
    expect(second).toMatchObject({ page: 2, hasNext: false });
    // Dates in the shop's time zone (Warsaw: UTC+1 in January).
    expect(second.ledger[4].at).toBe("1 Jan 2026, 01:01");
  });
});

describe("overview figures", () => {
  it("adds up members, outstanding points, the redemption rate, rewards by type and the revenue of orders with a reward", async () => {
    const db = h.runtime.db;
    const now = h.runtime.clock.now();
    const a = await customer(CAROL, { email: "a@example.pl", firstName: "Ada", lastName: "Mak" });
    const b = await customer(CAROL, { email: "b@example.pl", firstName: "Bea", lastName: "Lis" });
    const entry = (key: string, kind: "earn" | "reverse" | "redeem" | "restore", points: number, pendingPoints = 0) => ({
      key,
      kind,
      points,
      pendingPoints,
      reason: kind === "earn" ? ("order_paid" as const) : kind === "reverse" ? ("order_refunded" as const) : ("reward_redeemed" as const),
      source: "order" as const,
    });
    // In the last 30 days: 300 + 200 pending earned, 100 taken back; 150 redeemed, 50 of it given back.
    await appendEntries(
      db,
      CAROL,
      a.customerGid,
      [entry("a1", "earn", 300), entry("a2", "earn", 0, 200), entry("a3", "reverse", -100)],
      now,
    );
    await appendEntries(db, CAROL, a.customerGid, [entry("a4", "redeem", -150), entry("a5", "restore", 50)], now);
    // Sixty days ago (only in the longer periods), and long ago (in none).
    await appendEntries(db, CAROL, b.customerGid, [entry("b1", "earn", 200)], new Date(now.getTime() - 60 * DAY));
    await appendEntries(db, CAROL, b.customerGid, [entry("b2", "earn", 1000)], new Date(now.getTime() - 400 * DAY));

    const order = async (n: number, totalMinor: number, daysAgo: number, refundedMinor = 0) => {
      const orderGid = `gid://shopify/Order/${n}`;
      await db.order.create({
        data: {
          shop: CAROL,
          orderGid,
          name: `#${n}`,
          currency: "PLN",
          totalMinor,
          processedAt: new Date(now.getTime() - daysAgo * DAY),
          shopifyUpdatedAt: now,
        },
      });
      if (refundedMinor)
        await db.refund.create({
          data: {
            shop: CAROL,
            orderGid,
            refundGid: `gid://shopify/Refund/${n}`,
            amountMinor: refundedMinor,
            currency: "PLN",
            processedAt: now,
          },
        });
      return orderGid;
    };
    const redemption = async (type: string, status: string, cost: number, orderGid: string | null = null) =>
      db.loyaltyRedemption.create({
        data: {
          shop: CAROL,
          customerGid: a.customerGid,
          rewardId: "r",
          requestKey: `rk-${++seq}`,
          type,
          title: type,
          cost,
          status,
          orderGid,
          code: `CODE${seq}`,
        },
      });
    await redemption("fixed_amount", "used", 150, await order(5001, 10_000, 2, 2_000));
    await redemption("fixed_amount", "refunded", 150, await order(5002, 5_000, 3, 5_000));
    await redemption("percentage", "issued", 100);
    await redemption("free_shipping", "failed", 50);
    await redemption("percentage", "used", 100, await order(5003, 7_000, 100));
    await order(5004, 99_999, 1);
    // Another shop's order carrying a code of the same order id: never CAROL's revenue.
    await db.loyaltyRedemption.create({
      data: {
        shop: BOB,
        customerGid: "x",
        rewardId: "r",
        requestKey: "bob-1",
        type: "fixed_amount",
        title: "x",
        cost: 1,
        status: "used",
        orderGid: "gid://shopify/Order/5004",
      },
    });

    const f30 = await loyaltyFigures(db, CAROL, now, 30);
    expect(f30).toMatchObject({ members: 2, spendable: 100 + 200 + 1000, pending: 200, earned: 400, redeemed: 100, redemptionRate: 0.25 });
    expect(f30.revenue).toEqual([{ currency: "PLN", orders: 2, totalMinor: 15_000, refundedMinor: 7_000 }]);
    expect(f30.rewards).toEqual([
      { type: "fixed_amount", redeemed: 2, used: 2, points: 150 },
      { type: "percentage", redeemed: 2, used: 1, points: 200 },
    ]);
    expect((await loyaltyFigures(db, CAROL, now, 90)).earned).toBe(600);
    expect((await loyaltyFigures(db, CAROL, now, 365)).revenue).toEqual([
      { currency: "PLN", orders: 3, totalMinor: 22_000, refundedMinor: 7_000 },
    ]);

    const overview = (q = "") =>
      overviewPage.loader({ request: request(`/app/loyalty${q}`, { shop: CAROL }), ...ctx() }) as ReturnType<typeof overviewPage.loader>;
    const page = await overview();
    expect(page.days).toBe(30);
    expect(page.program).toEqual({
      enabled: false,
      summary: ["1 point per 1 PLN", "points wait 30 days", "0 VIP tiers", "0 rewards offered"],
    });
    expect(page.figures).toMatchObject({ members: "2", spendable: "1,300", pending: "200", rate: "25%", earned: "400", redeemed: "100" });
    expect(page.figures.revenue).toBe(formatMoney(8_000, "PLN", "en"));
    expect(page.figures.revenueOrders).toBe("2 orders, less refunds");
    expect(page.mismatches.count).toBe(0);
    expect((await overview("?days=90")).figures.earned).toBe("600");
    expect((await overview("?days=7")).days).toBe(30);

    // A cached balance that differs from the ledger is reported, never corrected silently.
    await db.loyaltyMember.update({ where: { shop_customerGid: { shop: CAROL, customerGid: b.customerGid } }, data: { balance: 1300 } });
    const broken = await overview();
    expect(broken.mismatches.count).toBe(1);
    expect(broken.mismatches.shown).toEqual([{ id: b.id, text: `Customer ${b.id}: balance 1300, ledger 1200; pending 0, ledger 0` }]);

    // The customer's page lists their reward codes with what became of them.
    const codes = (
      (await customerPage.loader({ request: request(`/app/customers/${a.id}`, { shop: CAROL }), ...ctx({ id: a.id }) })) as Awaited<
        ReturnType<typeof customerPage.loader>
      >
    ).loyalty.codes;
    expect(codes.map((r) => [r.type, r.status, r.order?.name ?? null])).toEqual(
      expect.arrayContaining([
        ["Amount off", "Used", "#5001"],
        ["Amount off", "Order refunded, points returned", "#5002"],
        ["Percentage off", "Not used yet", null],
        ["Free shipping", "Failed, points returned", null],
      ]),
    );
  });
});
