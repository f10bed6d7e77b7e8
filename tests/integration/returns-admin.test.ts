// The merchant's returns pages, through their loaders and actions on a real database: the queue's
// tabs count what each holds (what needs action first), its reason and risk filters and search find
// the right returns and never another shop's; a return of another shop is a 404, as is its photo,
// and acting on it changes nothing; a photo is served as its image type, never sniffed; declining
// needs a reason and a message (400, said in the merchant's language); the return page tells the
// policy's decision in words; the policy settings round-trip and refuse bad values on their fields;
// the analytics add up on seeded orders and returns; the order page lists the order's returns.
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
          onlineAccessInfo: user ? { associated_user: { first_name: user.split(" ")[0], last_name: user.split(" ")[1] ?? "" } } : undefined,
        },
        sessionToken: {},
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

import { defaultReturnPolicy } from "~/returns/policy-schema";
import { loadReturnPolicy } from "~/returns/settings.server";
import * as queuePage from "~/routes/app.returns._index";
import * as returnPage from "~/routes/app.returns.$id";
import * as photoRoute from "~/routes/app.returns.photos.$id";
import * as settingsPage from "~/routes/app.returns.settings";
import * as analyticsPage from "~/routes/app.returns.analytics";
import * as orderPage from "~/routes/app.orders.$id";
import { startHarness, type Harness } from "../support/app-harness";

const ANNA = "anna-ceramics.myshopify.com";
const BOB = "bob-bikes.myshopify.com";
const CAROL = "carol-candles.myshopify.com";
const DAY = 86_400_000;
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

let h: Harness;
let seq = 0;

beforeAll(async () => {
  h = await startHarness();
  state.runtime = h.runtime;
  for (const shop of [ANNA, BOB, CAROL]) {
    await h.runtime.db.shop.create({ data: { shop, name: shop, timezone: "Europe/Warsaw", currency: "PLN", email: `owner@${shop}` } });
  }
});
afterAll(() => h?.stop());

interface As {
  shop: string;
  locale?: "en" | "pl";
  user?: string;
}

function request(path: string, as: As, form?: Record<string, string>): Request {
  const url = new URL(`http://app.test${path}`);
  if (as.locale) url.searchParams.set("locale", as.locale);
  const headers = new Headers({ "x-test-shop": as.shop });
  if (as.user) headers.set("x-test-user", as.user);
  if (!form) return new Request(url, { headers });
  return new Request(url, { method: "POST", headers, body: new URLSearchParams(form) });
}

const ctx = (params: Record<string, string> = {}) => ({ params, context: {} });
const json = async <T = Record<string, unknown>>(r: Response) => ({ status: r.status, body: (await r.json()) as T });
const rejectedWith = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  return e instanceof Response ? e.status : e;
};

async function order(shop: string, data: { name?: string; processedAt?: Date; customerGid?: string | null } = {}) {
  seq++;
  const now = h.runtime.clock.now();
  return h.runtime.db.order.create({
    data: {
      shop,
      orderGid: `gid://shopify/Order/${9000 + seq}`,
      name: data.name ?? `#${1000 + seq}`,
      currency: "PLN",
      totalMinor: 20000,
      processedAt: data.processedAt ?? new Date(now.getTime() - 5 * DAY),
      shopifyUpdatedAt: now,
      customerGid: data.customerGid ?? null,
      email: "ewa@example.com",
    },
  });
}

interface SeedItem {
  title: string;
  quantity?: number;
  unitPriceMinor?: number;
  reasonCode?: string;
  note?: string | null;
  photo?: Buffer;
}

interface SeedReturn {
  status?: string;
  resolution?: "refund" | "store_credit" | "exchange";
  approval?: "auto" | "review";
  customerName?: string | null;
  riskFlags?: string[];
  trace?: unknown[];
  items?: SeedItem[];
  restockingFeeMinor?: number;
  requestedAt?: Date;
  processedAt?: Date | null;
}

/** A return case of `shop` for `o`, as the portal would have stored it (amounts from its items). */
async function returnCase(shop: string, o: { orderGid: string; name: string }, data: SeedReturn = {}) {
  seq++;
  const items = data.items ?? [{ title: "Kubek ceramiczny" }];
  const itemsMinor = items.reduce((s, i) => s + (i.unitPriceMinor ?? 5000) * (i.quantity ?? 1), 0);
  const fee = data.restockingFeeMinor ?? 0;
  const id = `rc_${seq}`;
  const requestedAt = data.requestedAt ?? new Date(h.runtime.clock.now().getTime() - seq * 60_000);
  await h.runtime.db.returnCase.create({
    data: {
      id,
      shop,
      orderGid: o.orderGid,
      orderName: o.name,
      name: `${o.name}-R${seq}`,
      status: data.status ?? "requested",
      resolution: data.resolution ?? "refund",
      approval: data.approval ?? "review",
      riskFlags: JSON.stringify(data.riskFlags ?? []),
      trace: JSON.stringify(data.trace ?? []),
      currency: "PLN",
      itemsMinor,
      restockingFeeMinor: fee,
      totalMinor: itemsMinor - fee,
      email: "ewa@example.com",
      customerName: data.customerName === undefined ? "Ewa Żak" : data.customerName,
      requestedAt,
      approvedAt: data.status && data.status !== "requested" && data.status !== "declined" ? requestedAt : null,
      processedAt: data.processedAt ?? (data.status === "processed" || data.status === "closed" ? requestedAt : null),
      items: {
        create: items.map((item, n) => ({
          id: `${id}_i${n}`,
          shop,
          lineItemGid: `gid://shopify/LineItem/${seq * 10 + n}`,
          title: item.title,
          quantity: item.quantity ?? 1,
          unitPriceMinor: item.unitPriceMinor ?? 5000,
          reasonCode: item.reasonCode ?? "too_small",
          shopifyReason: "SIZE_TOO_SMALL",
          note: item.note ?? null,
          photos: item.photo
            ? { create: [{ shop, contentType: "image/png", size: item.photo.length, data: new Uint8Array(item.photo) }] }
            : undefined,
        })),
      },
    },
  });
  return h.runtime.db.returnCase.findFirstOrThrow({ where: { id }, include: { items: { include: { photos: true } } } });
}

const queue = (q: string, as: As = { shop: ANNA }) =>
  queuePage.loader({ request: request(`/app/returns${q}`, as), ...ctx() }) as ReturnType<typeof queuePage.loader>;
const page = (id: string, as: As = { shop: ANNA }) =>
  returnPage.loader({ request: request(`/app/returns/${id}`, as), ...ctx({ id }) }) as ReturnType<typeof returnPage.loader>;
const act = async (id: string, form: Record<string, string>, as: As = { shop: ANNA }) =>
  json<{ ok: boolean; intent: string | null; error?: string; message?: string; fields?: Record<string, string>; status?: string }>(
    await returnPage.action({ request: request(`/app/returns/${id}`, as, form), ...ctx({ id }) }),
  );

describe("the returns queue", () => {
  it("shows what needs action first, counts each tab, filters by reason and risk, searches, and shows only the shop's own", async () => {
    const o1 = await order(ANNA, { name: "#2001" });
    const o2 = await order(ANNA, { name: "#2002" });
    const o3 = await order(ANNA, { name: "#2003" });
    await returnCase(ANNA, o1, { items: [{ title: "Kubek", reasonCode: "defective" }], riskFlags: ["review_international"] });
    await returnCase(ANNA, o2, { approval: "auto", customerName: "Łucja Nowak" });
    await returnCase(ANNA, o3, { status: "approved" });
    await returnCase(ANNA, o3, { status: "processed", resolution: "store_credit" });
    await returnCase(ANNA, o1, { status: "declined" });
    const foreign = await order(BOB, { name: "#2001" });
    await returnCase(BOB, foreign, { customerName: "Ewa Żak" });

    const first = await queue("");
    expect(first.query.tab).toBe("requested");
    expect(first.counts).toMatchObject({ requested: 2, approved: 1, processed: 1, declined: 1, in_transit: 0, all: 5 });
    const byOrder = [...first.rows].sort((a, b) => a.orderName.localeCompare(b.orderName));
    expect(byOrder.map((r) => [r.orderName, r.status.label, r.approval])).toEqual([
      ["#2001", "Requested", "Review required"],
      ["#2002", "Requested", "Approved automatically"],
    ]);
    expect(byOrder[0].reasons).toEqual(["Damaged or defective"]);
    expect(byOrder[0].risks).toEqual(["International"]);
    expect(byOrder[0].total).toMatch(/50[.,]00/);

    const orders = async (q: string, as?: As) => (await queue(q, as)).rows.map((r) => r.orderName).sort();
    expect(await orders("?tab=approved")).toEqual(["#2003"]);
    expect(await orders("?tab=all&reason=defective")).toEqual(["#2001"]);
    expect((await queue("?tab=all&reason=defective")).query.reasonLabel).toBe("Damaged or defective");
    expect(await orders("?tab=all&risk=auto")).toEqual(["#2002"]);
    expect(await orders("?tab=requested&risk=review")).toEqual(["#2001"]);
    expect(await orders("?tab=all&q=2003")).toEqual(["#2003", "#2003"]);
    expect(await orders("?tab=all&q=%C5%81ucja")).toEqual(["#2002"]);
    // Unknown values fall back to the defaults rather than failing.
    expect((await queue("?tab=nope&risk=x&page=-3")).query).toMatchObject({ tab: "requested", risk: null });

    const bob = await queue("?tab=all", { shop: BOB, locale: "pl" });
    expect(bob.rows.map((r) => [r.orderName, r.status.label])).toEqual([["#2001", "Zgłoszony"]]);
    expect(bob.counts.all).toBe(1);

    const empty = await queue("", { shop: CAROL });
    expect(empty.any).toBe(false);
    expect(empty.rows).toEqual([]);
  });
});

describe("one return", () => {
  it("shows its items, photos, amounts, the policy's decision in words and what can be done; another shop's is a 404", async () => {
    const o = await order(ANNA, { name: "#3001" });
    const trace = [
      { rule: "window", fired: false, because: "passed", values: {}, items: [] },
      { rule: "restocking_fee", fired: true, because: "charged", values: { feeMinor: 500, policyPercent: 10, waived: false } },
      { rule: "review_value", fired: true, because: "over_threshold", values: { valueMinor: 5000, thresholdMinor: 4000 } },
      { rule: "auto_approval", fired: false, because: "review_required", values: { enabled: true } },
    ];
    const rc = await returnCase(ANNA, o, {
      trace,
      restockingFeeMinor: 500,
      items: [{ title: "Wazon", note: "Pęknięty przy dnie", reasonCode: "defective", photo: PNG }],
    });
    const view = await page(rc.id);
    expect(view.ret).toMatchObject({
      name: rc.name,
      status: "requested",
      orderName: "#3001",
      customerName: "Ewa Żak",
      allowed: ["approve", "decline"],
    });
    expect(view.items).toEqual([
      expect.objectContaining({ title: "Wazon", quantity: 1, reason: "Damaged or defective", note: "Pęknięty przy dnie" }),
    ]);
    expect(view.items[0].photos).toHaveLength(1);
    expect(view.amounts.map((a) => a.label)).toEqual(["Items", "Restocking fee"]);
    expect(view.total.label).toBe("To refund");
    expect(view.total.value).toMatch(/45[.,]00/);
    const texts = view.trace.map((l) => l.text);
    expect(texts).toContain("Every item is within its return window.");
    expect(texts.some((t) => /^A restocking fee of .*5[.,]00 is charged\.$/.test(t))).toBe(true);
    expect(texts).toContain("Not approved automatically: a review rule applies.");

    const polish = await page(rc.id, { shop: ANNA, locale: "pl" });
    expect(polish.ret.statusLook.label).toBe("Zgłoszony");
    expect(polish.trace.map((l) => l.text)).toContain("Nie zaakceptowano automatycznie: obowiązuje reguła sprawdzania.");

    expect(await rejectedWith(page(rc.id, { shop: BOB }))).toBe(404);
    expect(await rejectedWith(page("no-such-return"))).toBe(404);
    expect(await rejectedWith(page("../etc"))).toBe(404);

    // Its photo: the image, as its type, never sniffed; to another shop, a 404.
    const photoId = rc.items[0].photos[0].id;
    const photo = (await photoRoute.loader({
      request: request(`/app/returns/photos/${photoId}`, { shop: ANNA }),
      ...ctx({ id: photoId }),
    })) as Response;
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(photo.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
    const stolen = (await photoRoute.loader({
      request: request(`/app/returns/photos/${photoId}`, { shop: BOB }),
      ...ctx({ id: photoId }),
    })) as Response;
    expect(stolen.status).toBe(404);
  });

  it("declining needs a reason and a message, said on their fields in the merchant's language; nothing changes meanwhile", async () => {
    const o = await order(ANNA, { name: "#3002" });
    const rc = await returnCase(ANNA, o);

    const noReason = await act(rc.id, { intent: "decline", message: "Sorry" });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ ok: false, intent: "decline", error: "invalid", message: "Choose why the return is declined." });
    expect(noReason.body.fields).toEqual({ reason: "Choose why the return is declined." });

    const noMessage = await act(rc.id, { intent: "decline", reason: "FINAL_SALE", message: "  " }, { shop: ANNA, locale: "pl" });
    expect(noMessage.status).toBe(400);
    expect(noMessage.body.message).toBe("Napisz klientowi, dlaczego (do 1000 znaków).");

    const badLabel = await act(rc.id, { intent: "label", labelUrl: "javascript:alert(1)", trackingNumber: "" });
    expect(badLabel.status).toBe(400);
    expect(badLabel.body.fields).toEqual({
      labelUrl: "Enter the label's web address (https://…).",
      trackingNumber: "Enter the tracking number.",
    });

    const unknown = await act(rc.id, { intent: "refund-everything" });
    expect(unknown.status).toBe(400);
    expect((await h.runtime.db.returnCase.findUniqueOrThrow({ where: { id: rc.id } })).status).toBe("requested");
  });

  it("acting on another shop's return is a 404 and leaves it alone", async () => {
    const o = await order(BOB, { name: "#3003" });
    const rc = await returnCase(BOB, o);
    const declined = await act(rc.id, { intent: "decline", reason: "OTHER", message: "No." }, { shop: ANNA, user: "Anna Nowak" });
    expect(declined.status).toBe(404);
    const approved = await act(rc.id, { intent: "approve" }, { shop: ANNA });
    expect(approved.status).toBe(404);
    expect((await h.runtime.db.returnCase.findUniqueOrThrow({ where: { id: rc.id } })).status).toBe("requested");
  });
});

describe("when someone else acted first", () => {
  it("says so and names the state the return is in now", async () => {
    const o = await order(ANNA, { name: "#3101" });
    const approved = await returnCase(ANNA, o, { status: "approved" });
    const again = await act(approved.id, { intent: "approve" }, { shop: ANNA, user: "Piotr Nowak" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      ok: false,
      error: "unchanged",
      status: "approved",
      message: "Someone else changed this return first: it is now Approved.",
    });

    const declined = await returnCase(ANNA, o, { status: "declined" });
    const close = await act(declined.id, { intent: "close" }, { shop: ANNA, locale: "pl" });
    expect(close.status).toBe(409);
    expect(close.body).toMatchObject({
      error: "invalid_state",
      message: "Ten krok nie jest już możliwy: zwrot ma teraz status „Odrzucony”.",
    });
    expect((await h.runtime.db.returnCase.findUniqueOrThrow({ where: { id: declined.id } })).status).toBe("declined");
  });
});

describe("the return policy settings", () => {
  const settings = (as: As = { shop: CAROL }) =>
    settingsPage.loader({ request: request("/app/returns/settings", as), ...ctx() }) as ReturnType<typeof settingsPage.loader>;
  const save = async (policy: unknown, as: As = { shop: CAROL }) =>
    json<{ ok: boolean; errors: Record<string, string> }>(
      await settingsPage.action({ request: request("/app/returns/settings", as, { policy: JSON.stringify(policy) }), ...ctx() }),
    );

  it("starts from the default policy, saves a changed one and shows it back; bad values are refused on their fields", async () => {
    const start = await settings();
    expect(start.currency).toBe("PLN");
    expect(start.draft.windowDays).toBe("30");
    expect(start.draft.reasons.map((r) => r.code)).toEqual(defaultReturnPolicy().reasons.map((r) => r.code));

    const changed = {
      ...defaultReturnPolicy(),
      windowDays: 60,
      restockingFeePercent: 5,
      returnShipping: { payer: "customer" as const, feeMinor: 1299, waiveForExchange: true },
      resolutions: {
        refund: { enabled: true },
        storeCredit: { enabled: true, bonusPercent: 10 },
        exchange: { enabled: true, bonusPercent: 5 },
      },
      rules: [{ id: "r1", target: "tag" as const, value: "final-sale", finalSale: true }],
      autoApproval: { enabled: true, maxValueMinor: 30000, reasonCodes: ["too_small"], requireUnflaggedCustomer: true },
    };
    const saved = await save(changed);
    expect(saved).toEqual({ status: 200, body: { ok: true, errors: {} } });
    expect(await loadReturnPolicy(h.runtime.db, CAROL)).toEqual(changed);
    const again = await settings();
    expect(again.draft).toMatchObject({
      windowDays: "60",
      restockingFeePercent: "5",
      returnShipping: { payer: "customer", feeMinor: "12.99" },
      autoApproval: { enabled: true, maxValueMinor: "300.00", reasonCodes: ["too_small"] },
    });
    expect(again.draft.rules).toEqual([expect.objectContaining({ id: "r1", target: "tag", value: "final-sale", finalSale: "yes" })]);
    // Another shop's policy is its own.
    expect((await settings({ shop: BOB })).draft.windowDays).toBe("30");

    const refused = await save(
      { ...changed, windowDays: 0, restockingFeePercent: "ten", rules: [{ id: "r1", target: "product", value: "mug", finalSale: true }] },
      { shop: CAROL, locale: "pl" },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toMatchObject({
      windowDays: "Podaj liczbę całkowitą dni od 1 do 3650 albo zostaw puste, by nie ograniczać czasu.",
      restockingFeePercent: "Podaj procent od 0 do 100 (najwyżej dwa miejsca po przecinku).",
      "rules.0.value": "Podaj tag albo identyfikator Shopify, np. gid://shopify/Product/123 (lub …/Collection/…).",
    });
    expect((await save("not json at all")).status).toBe(400);
    expect(await loadReturnPolicy(h.runtime.db, CAROL)).toEqual(changed);
  });
});

describe("returns analytics", () => {
  it("adds up the return rate, reasons, resolutions and the retained-revenue ratio for the period", async () => {
    const shop = "dora-dishes.myshopify.com";
    await h.runtime.db.shop.create({ data: { shop, name: shop, timezone: "Europe/Warsaw", currency: "PLN" } });
    const now = h.runtime.clock.now().getTime();
    const recent = [];
    for (let i = 0; i < 10; i++) recent.push(await order(shop, { processedAt: new Date(now - (i + 1) * DAY) }));
    const old = await order(shop, { processedAt: new Date(now - 200 * DAY) });
    const at = (days: number) => new Date(now - days * DAY);
    // Processed in the last 30 days: 200 zł refunded, 100 zł credited, 100 zł exchanged.
    await returnCase(shop, recent[0], {
      status: "processed",
      resolution: "refund",
      items: [{ title: "A", unitPriceMinor: 20000, reasonCode: "too_small" }],
      requestedAt: at(2),
      processedAt: at(1),
    });
    await returnCase(shop, recent[1], {
      status: "processed",
      resolution: "store_credit",
      items: [{ title: "B", unitPriceMinor: 10000, reasonCode: "too_small" }],
      requestedAt: at(3),
      processedAt: at(2),
    });
    await returnCase(shop, recent[2], {
      status: "closed",
      resolution: "exchange",
      items: [{ title: "C", unitPriceMinor: 10000, reasonCode: "defective" }],
      requestedAt: at(4),
      processedAt: at(3),
    });
    // Outside the last 30 days, inside 365.
    await returnCase(shop, old, {
      status: "processed",
      resolution: "refund",
      items: [{ title: "D", unitPriceMinor: 40000, reasonCode: "defective" }],
      requestedAt: at(190),
      processedAt: at(189),
    });

    const view = async (q: string, locale: "en" | "pl" = "en") =>
      analyticsPage.loader({ request: request(`/app/returns/analytics${q}`, { shop, locale }), ...ctx() }) as ReturnType<
        typeof analyticsPage.loader
      >;
    const month = await view("");
    expect(month.days).toBe(30);
    expect(month.any).toBe(true);
    expect(month.figures.returnRate).toBe("30%");
    expect(month.figures.returns).toBe("3");
    expect(month.figures.retained).toBe("50%");
    expect(month.reasons.map((r) => [r.key, r.count])).toEqual([
      ["too_small", "2"],
      ["defective", "1"],
    ]);
    expect(month.resolutions.map((r) => [r.key, r.count])).toEqual([
      ["refund", "33.3%"],
      ["store_credit", "33.3%"],
      ["exchange", "33.3%"],
    ]);

    const year = await view("?days=365", "pl");
    expect(year.days).toBe(365);
    expect(year.figures.returns).toBe("4");
    // 200 zł kept of 800 zł returned.
    expect(year.figures.retained).toBe("25%");
    expect(year.reasons.map((r) => [r.label, r.count])).toEqual([
      ["Uszkodzony lub wadliwy", "2"],
      ["Za mały rozmiar", "2"],
    ]);
    expect((await view("?days=7")).days).toBe(30);

    const none = await analyticsPage.loader({ request: request("/app/returns/analytics", { shop: CAROL }), ...ctx() });
    expect(none.any).toBe(false);
  });
});

describe("the order page", () => {
  it("lists the order's returns with their status, and no other order's", async () => {
    const o = await order(ANNA, { name: "#4001" });
    const other = await order(ANNA, { name: "#4002" });
    const rc = await returnCase(ANNA, o, { status: "approved", resolution: "exchange" });
    await returnCase(ANNA, other);
    const id = o.orderGid.split("/").pop()!;
    const view = await (orderPage.loader({ request: request(`/app/orders/${id}`, { shop: ANNA }), ...ctx({ id }) }) as ReturnType<
      typeof orderPage.loader
    >);
    expect(view.returns.map((r) => [r.id, r.name, r.status.label, r.resolution])).toEqual([[rc.id, rc.name, "Approved", "Exchange"]]);
  });
});
