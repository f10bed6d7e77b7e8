// The merchant's reviews pages, through their loaders and actions on a real database: the queue's
// tabs count what each holds, its filters and case-blind search (Polish letters too) find the right
// reviews and never another shop's; a review of another shop is a 404, as is its photo; rejecting
// needs one of the policy reasons and is recorded with it and who did it; a public reply is saved
// and removed; the per-product summary and the overview's figures add up; settings refuse bad
// values on their fields. CSV: the export holds what the queue shows (formulas defused), the import
// writes a whole file or nothing (each problem with its line), never verified, the same file twice
// adds nothing, and a file exported from one shop imports into another as the same reviews.
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

import { reviewSettings } from "~/reviews/settings.server";
import { exportCsv, importCsv, parseCsvDate } from "~/reviews/csv.server";
import { SYNC_PRODUCT_JOB } from "~/reviews/moderation.server";
import * as queuePage from "~/routes/app.reviews._index";
import * as reviewPage from "~/routes/app.reviews.$id";
import * as photoRoute from "~/routes/app.reviews.photos.$id";
import * as productsPage from "~/routes/app.reviews.products";
import * as settingsPage from "~/routes/app.reviews.settings";
import * as exportRoute from "~/routes/app.reviews.export";
import * as importPage from "~/routes/app.reviews.import";
import { startHarness, type Harness } from "../support/app-harness";

const ANNA = "anna-ceramics.myshopify.com";
const BOB = "bob-bikes.myshopify.com";
const CAROL = "carol-candles.myshopify.com";
const DORA = "dora-dishes.myshopify.com";
const MUG = "gid://shopify/Product/101";
const VASE = "gid://shopify/Product/202";
const BOWL = "gid://shopify/Product/303";

let h: Harness;
let seq = 0;

beforeAll(async () => {
  h = await startHarness();
  state.runtime = h.runtime;
  for (const shop of [ANNA, BOB, CAROL, DORA]) {
    await h.runtime.db.shop.create({ data: { shop, name: shop, timezone: "Europe/Warsaw", currency: "PLN", email: `owner@${shop}` } });
  }
});
afterAll(() => h?.stop());

interface As {
  shop: string;
  locale?: "en" | "pl";
  user?: string;
}

function request(path: string, as: As, form?: Record<string, string | string[]>): Request {
  const url = new URL(`http://app.test${path}`);
  if (as.locale) url.searchParams.set("locale", as.locale);
  const headers = new Headers({ "x-test-shop": as.shop });
  if (as.user) headers.set("x-test-user", as.user);
  if (!form) return new Request(url, { headers });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return new Request(url, { method: "POST", headers, body });
}

const ctx = (params: Record<string, string> = {}) => ({ params, context: {} });
const json = async <T = Record<string, unknown>>(r: Response) => ({ status: r.status, body: (await r.json()) as T });

type SeedReview = Partial<Parameters<Runtime["db"]["review"]["create"]>[0]["data"]>;

async function review(shop: string, data: SeedReview = {}) {
  seq++;
  return h.runtime.db.review.create({
    data: {
      shop,
      productGid: MUG,
      productTitle: "Kubek ceramiczny",
      authorName: `Author ${seq}`,
      rating: 5,
      title: `Review ${seq}`,
      body: "Fine.",
      status: "published",
      source: "email",
      verified: true,
      submittedAt: new Date(h.runtime.clock.now().getTime() - seq * 60_000),
      ...data,
    } as Parameters<Runtime["db"]["review"]["create"]>[0]["data"],
  });
}

const queue = (q: string, as: As = { shop: ANNA }) =>
  queuePage.loader({ request: request(`/app/reviews${q}`, as), ...ctx() }) as ReturnType<typeof queuePage.loader>;
const page = (id: string, as: As = { shop: ANNA }) =>
  reviewPage.loader({ request: request(`/app/reviews/${id}`, as), ...ctx({ id }) }) as ReturnType<typeof reviewPage.loader>;
const act = async (id: string, form: Record<string, string>, as: As = { shop: ANNA }) =>
  json<{ ok: boolean; intent: string | null; error?: string }>(
    await reviewPage.action({ request: request(`/app/reviews/${id}`, as, form), ...ctx({ id }) }),
  );
const rejectedWith = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  return e instanceof Response ? e.status : e;
};

describe("the moderation queue", () => {
  it("counts each tab, filters, searches case-blind in any script, sorts, and shows only the shop's own", async () => {
    await review(ANNA, { rating: 2, title: "Pękł po tygodniu", body: "Słabe szkliwo", status: "pending", heldFor: "low_rating" });
    await review(ANNA, { rating: 5, title: "Świetny kubek", body: "Trzyma ciepło", authorName: "Łucja Żak" });
    await review(ANNA, { rating: 4, title: "Nice vase", productGid: VASE, productTitle: "Wazon", source: "import", verified: false });
    await review(ANNA, { rating: 1, title: "Buy cheap watches", status: "rejected", rejectReason: "spam" });
    await review(ANNA, {
      rating: 3,
      title: "Spam word inside",
      body: "idiot",
      status: "pending",
      heldFor: "blocked_word",
      incentivised: true,
    });
    await review(BOB, { rating: 2, title: "Świetny rower? Nie", status: "pending" });

    const pending = await queue("");
    expect(pending.query.tab).toBe("pending");
    expect(pending.counts).toEqual({ pending: 2, published: 2, rejected: 1, all: 5 });
    expect(pending.rows.map((r) => [r.title, r.held, r.status.label])).toEqual([
      ["Pękł po tygodniu", "Held: below your auto-publish rating", "Waiting"],
      ["Spam word inside", "Held: contains a blocked word", "Waiting"],
    ]);
    expect(pending.rows[1].badges.map((b) => b.label)).toEqual(["Verified buyer", "Incentivised"]);

    const titles = async (q: string, as?: As) => (await queue(q, as)).rows.map((r) => r.title);
    expect(await titles("?tab=published")).toEqual(["Świetny kubek", "Nice vase"]);
    expect(await titles("?tab=rejected")).toEqual(["Buy cheap watches"]);
    expect((await queue("?tab=rejected")).rows[0].rejectReason).toBe("Spam or advertising");
    expect(await titles("?tab=all&rating=4")).toEqual(["Nice vase"]);
    expect(await titles("?tab=all&verified=no")).toEqual(["Nice vase"]);
    expect(await titles("?tab=all&source=import")).toEqual(["Nice vase"]);
    expect(await titles("?tab=all&product=202")).toEqual(["Nice vase"]);
    expect((await queue("?tab=all&product=202")).query.productTitle).toBe("Wazon");
    expect((await queue("?tab=all&source=import")).rows[0].badges.map((b) => b.label)).toEqual(["Imported"]);
    // Case-blind in title, text and author, Polish letters included; never BOB's "Świetny rower".
    expect(await titles("?tab=all&q=%C5%9AWIETNY")).toEqual(["Świetny kubek"]);
    expect(await titles("?tab=all&q=SZKLIWO")).toEqual(["Pękł po tygodniu"]);
    expect(await titles("?tab=all&q=%C5%82ucja%20%C5%BC")).toEqual(["Świetny kubek"]);
    expect(await titles("?tab=all&q=%5B*%3F%5D")).toEqual([]);
    expect(await titles("?tab=all&sort=rating_asc")).toEqual([
      "Buy cheap watches",
      "Pękł po tygodniu",
      "Spam word inside",
      "Nice vase",
      "Świetny kubek",
    ]);
    // Unknown values fall back to the defaults rather than failing.
    expect((await queue("?tab=nope&rating=9&sort=x")).query).toMatchObject({ tab: "pending", rating: null, sort: "newest" });

    const bob = await queue("?tab=all", { shop: BOB, locale: "pl" });
    expect(bob.rows.map((r) => r.title)).toEqual(["Świetny rower? Nie"]);
    expect(bob.rows[0].status.label).toBe("Oczekuje");
    expect(bob.counts.all).toBe(1);

    expect(pending.figures).toMatchObject({ any: true, average: "4.5", pending: "2", verified: "50%", recent: "5" });
    expect(pending.figures.averageNote).toBe("from 2 published reviews");
    expect(pending.figures.distribution.map((d) => [d.star, d.count])).toEqual([
      [5, "1"],
      [4, "1"],
      [3, "0"],
      [2, "0"],
      [1, "0"],
    ]);
  });

  it("publishes and rejects the selected reviews at once; a reject needs a policy reason; another shop's are left alone", async () => {
    const a = await review(CAROL, { status: "pending", rating: 1, title: "Too small" });
    const b = await review(CAROL, { status: "pending", rating: 2, title: "Chipped" });
    const c = await review(CAROL, { status: "published", rating: 5, title: "Lovely" });
    const foreign = await review(BOB, { status: "pending", title: "Not Carol's" });
    const bulk = async (form: Record<string, string | string[]>) =>
      json(await queuePage.action({ request: request("/app/reviews", { shop: CAROL, user: "Ewa Nowak" }, form), ...ctx() }));

    expect(await bulk({ intent: "reject", id: [a.id] })).toEqual({ status: 400, body: { ok: false, error: "reason" } });
    expect(await bulk({ intent: "reject", id: [a.id], reason: "too_negative" })).toEqual({
      status: 400,
      body: { ok: false, error: "reason" },
    });
    expect((await h.runtime.db.review.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("pending");

    const published = await bulk({ intent: "publish", id: [a.id, b.id, c.id, foreign.id] });
    expect(published.body).toEqual({ ok: true, intent: "publish", done: 2, unchanged: 1, missing: 1 });
    expect((await h.runtime.db.review.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("pending");

    const rejected = await bulk({ intent: "reject", id: [b.id], reason: "off_topic" });
    expect(rejected.body).toMatchObject({ ok: true, done: 1 });
    expect(await h.runtime.db.review.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({
      status: "rejected",
      rejectReason: "off_topic",
    });
    const history = (await page(b.id, { shop: CAROL })).history.map((e) => e.text);
    expect(history).toEqual(["Written by the shopper", "Published", "Rejected: Not about the product"]);
  });
});

describe("one review", () => {
  it("shows the review with its photos' sizes, order and customer; another shop's review and photo are 404", async () => {
    const r = await review(ANNA, {
      rating: 4,
      title: "<b>Solid</b>",
      body: "Line one\nLine two",
      authorEmail: "ola@example.pl",
      orderGid: "gid://shopify/Order/5551",
      customerGid: "gid://shopify/Customer/777",
      status: "pending",
      heldFor: "manual",
    });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const photo = await h.runtime.db.reviewPhoto.create({
      data: { shop: ANNA, reviewId: r.id, contentType: "image/png", size: png.length, data: png },
    });

    const data = await page(r.id);
    expect(data.review).toMatchObject({
      title: "<b>Solid</b>",
      body: "Line one\nLine two",
      email: "ola@example.pl",
      ratingLabel: "4 out of 5 stars",
      order: { url: "/app/orders/5551", name: "#5551" },
      customerUrl: "/app/customers/777",
      held: "Held for your look",
      source: "Review request (order link)",
      productQueueUrl: "/app/reviews?tab=all&product=101",
    });
    expect(data.photos).toEqual([expect.objectContaining({ id: photo.id, url: `/app/reviews/photos/${photo.id}`, type: "PNG" })]);
    expect(data.photos[0]).not.toHaveProperty("data");

    expect(await rejectedWith(page(r.id, { shop: BOB }))).toBe(404);
    expect(await rejectedWith(page("no-such-review"))).toBe(404);
    expect(await rejectedWith(page("bad id!"))).toBe(404);

    const served = await photoRoute.loader({
      request: request(`/app/reviews/photos/${photo.id}`, { shop: ANNA }),
      ...ctx({ id: photo.id }),
    });
    expect(served.status).toBe(200);
    expect(Object.fromEntries(served.headers)).toMatchObject({
      "content-type": "image/png",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
      "cache-control": "private, max-age=3600",
    });
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
    const foreign = await photoRoute.loader({
      request: request(`/app/reviews/photos/${photo.id}`, { shop: BOB }),
      ...ctx({ id: photo.id }),
    });
    expect(foreign.status).toBe(404);
  });

  it("rejects only for a listed policy reason, recorded with who did it; unpublishes; and never touches another shop's", async () => {
    const r = await review(ANNA, { rating: 1, status: "published", title: "Awful" });
    expect(await act(r.id, { intent: "reject" })).toEqual({ status: 400, body: { ok: false, intent: "reject", error: "reason" } });
    expect(await act(r.id, { intent: "reject", reason: "low_rating" })).toMatchObject({ status: 400, body: { error: "reason" } });
    expect(await act(r.id, { intent: "reject", reason: "spam" }, { shop: BOB })).toMatchObject({
      status: 404,
      body: { error: "not_found" },
    });
    expect(await act(r.id, { intent: "frobnicate" })).toMatchObject({ status: 400, body: { error: "invalid" } });
    expect((await h.runtime.db.review.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("published");

    expect(await act(r.id, { intent: "unpublish" }, { shop: ANNA, user: "Anna Nowak" })).toEqual({
      status: 200,
      body: { ok: true, intent: "unpublish" },
    });
    expect(await act(r.id, { intent: "unpublish" })).toMatchObject({ status: 409, body: { error: "unchanged" } });
    expect(await act(r.id, { intent: "reject", reason: "personal_data" }, { shop: ANNA, user: "Anna Nowak" })).toMatchObject({
      status: 200,
    });
    const after = await page(r.id, { shop: ANNA, locale: "pl" });
    expect(after.review).toMatchObject({ status: "rejected", rejectReason: "Zawiera dane osobowe" });
    expect(after.history.map((e) => [e.text, e.actor])).toEqual([
      ["Napisana przez kupującego", null],
      ["Publikacja wycofana", "Anna Nowak"],
      ["Odrzucona: Zawiera dane osobowe", "Anna Nowak"],
    ]);
    // A rejected review can still be published (a mistake undone).
    expect(await act(r.id, { intent: "publish" })).toMatchObject({ status: 200 });
  });

  it("saves, changes and removes the public reply", async () => {
    const r = await review(ANNA, { rating: 2, title: "Late parcel" });
    expect(await act(r.id, { intent: "reply", reply: "   " })).toMatchObject({ status: 400, body: { error: "reply_empty" } });
    expect(await act(r.id, { intent: "reply", reply: "x".repeat(5_000) })).toMatchObject({ status: 400, body: { error: "reply_long" } });
    expect(await act(r.id, { intent: "reply", reply: "Sorry! We have changed couriers." })).toEqual({
      status: 200,
      body: { ok: true, intent: "reply" },
    });
    expect((await page(r.id)).review).toMatchObject({ reply: "Sorry! We have changed couriers." });
    expect(await act(r.id, { intent: "reply", reply: "Sorry! We have changed couriers." })).toMatchObject({
      status: 409,
      body: { error: "unchanged" },
    });
    expect(await act(r.id, { intent: "removeReply" })).toEqual({ status: 200, body: { ok: true, intent: "removeReply" } });
    const data = await page(r.id);
    expect(data.review.reply).toBe("");
    expect(data.review.replied).toBeNull();
    expect(data.history.map((e) => e.text)).toEqual(["Written by the shopper", "Reply saved", "Reply removed"]);
  });
});

describe("reviews by product", () => {
  it("sums each product's published reviews, counts what waits, sorts and searches", async () => {
    const shop = DORA;
    for (const rating of [5, 4, 4]) await review(shop, { rating, productGid: MUG, productTitle: "Kubek" });
    await review(shop, { rating: 1, productGid: MUG, productTitle: "Kubek", status: "pending" });
    await review(shop, { rating: 2, productGid: VASE, productTitle: "Wazon" });
    await review(shop, { rating: 3, productGid: BOWL, productTitle: "Miska", status: "pending" });
    await review(BOB, { rating: 5, productGid: BOWL, productTitle: "Miska" });

    const list = (q = "", locale?: "pl") =>
      productsPage.loader({ request: request(`/app/reviews/products${q}`, { shop, locale }), ...ctx() }) as ReturnType<
        typeof productsPage.loader
      >;
    const byAverage = await list("?sort=average_desc");
    expect(byAverage.rows.map((p) => [p.title, p.average, p.published, p.pending])).toEqual([
      ["Kubek", "4.3", "3", 1],
      ["Wazon", "2.0", "1", 0],
      ["Miska", null, "0", 1],
    ]);
    expect(byAverage.rows[0].distribution).toBe("5★ 1 · 4★ 2 · 3★ 0 · 2★ 0 · 1★ 0");
    expect(byAverage.rows[0].url).toBe("/app/reviews?tab=all&product=101");
    expect(byAverage.totalText).toBe("3 reviewed products");
    expect((await list("?sort=average_asc")).rows.map((p) => p.title)).toEqual(["Wazon", "Kubek", "Miska"]);
    expect((await list("?sort=title")).rows.map((p) => p.title)).toEqual(["Kubek", "Miska", "Wazon"]);
    expect((await list("?q=WAZ")).rows.map((p) => p.title)).toEqual(["Wazon"]);
    expect((await list("", "pl")).totalText).toBe("3 produkty z opiniami");
  });
});

describe("settings", () => {
  const save = async (form: Record<string, string>, locale?: "pl") =>
    json<{ ok: boolean; errors: Record<string, string> }>(
      await settingsPage.action({ request: request("/app/reviews/settings", { shop: CAROL, locale }, form), ...ctx() }),
    );
  const good = {
    autoPublishMin: "3",
    blockedWords: "idiot\nScam site\n\nidiot",
    requestItems: "4",
    reminders: "1",
    editDays: "14",
    incentive: "discount",
    incentivePercent: "15",
    jsonLd: "false",
    syndicate: "false",
    lowRatingAlert: "true",
    alertEmail: "",
  };

  it("starts from the defaults, refuses bad values on their fields, and saves good ones", async () => {
    const first = (await settingsPage.loader({ request: request("/app/reviews/settings", { shop: CAROL }), ...ctx() })) as Awaited<
      ReturnType<typeof settingsPage.loader>
    >;
    expect(first.draft).toMatchObject({ autoPublishMin: "4", jsonLd: true, incentive: "none", alertEmail: "" });
    expect(first.shopEmail).toBe(`owner@${CAROL}`);

    const bad = await save({ ...good, autoPublishMin: "6", editDays: "0", alertEmail: "not-an-email", incentivePercent: "90" });
    expect(bad).toEqual({
      status: 400,
      body: {
        ok: false,
        errors: {
          autoPublishMin: "Enter a whole number from 0 to 5",
          editDays: "Enter a whole number from 1 to 365",
          incentivePercent: "Enter a whole number from 1 to 50",
          alertEmail: "Enter an email address, or leave it empty",
        },
      },
    });
    expect((await save({ ...good, blockedWords: "x".repeat(61) }, "pl")).body.errors).toEqual({
      blockedWords: "Każde słowo lub wyrażenie może mieć najwyżej 60 znaków",
    });
    expect((await reviewSettings(h.runtime.db, CAROL)).autoPublishMin).toBe(4);

    expect(await save(good)).toEqual({ status: 200, body: { ok: true, errors: {} } });
    expect(await reviewSettings(h.runtime.db, CAROL)).toMatchObject({
      autoPublishMin: 3,
      blockedWords: ["idiot", "scam site"],
      incentive: "discount",
      incentivePercent: 15,
      jsonLd: false,
      lowRatingAlert: true,
      alertEmail: null,
    });
    const again = (await settingsPage.loader({ request: request("/app/reviews/settings", { shop: CAROL }), ...ctx() })) as Awaited<
      ReturnType<typeof settingsPage.loader>
    >;
    expect(again.draft).toMatchObject({ autoPublishMin: "3", blockedWords: "idiot\nscam site", editDays: "14", jsonLd: false });
  });
});

describe("CSV", () => {
  const SOURCE = "csv-source.myshopify.com";
  const TARGET = "csv-target.myshopify.com";
  const deps = () => ({ db: h.runtime.db, events: h.runtime.events, jobs: h.runtime.jobs, clock: h.runtime.clock });
  const download = async (shop: string, q = "") => {
    const res = await exportRoute.loader({ request: request(`/app/reviews/export${q}`, { shop }), ...ctx() });
    // Decoded keeping the BOM (Response.text() would drop it): spreadsheets need it to read UTF-8.
    return { res, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer()) };
  };
  const upload = async (shop: string, text: string, locale?: "pl") => {
    const url = new URL("http://app.test/app/reviews/import");
    if (locale) url.searchParams.set("locale", locale);
    const form = new FormData();
    form.set("file", new File([text], "reviews.csv", { type: "text/csv" }));
    const res = await importPage.action({
      request: new Request(url, { method: "POST", headers: { "x-test-shop": shop }, body: form }),
      ...ctx(),
    });
    return json<{ ok: boolean; message?: string; problems?: string[]; more?: string | null; imported?: number; alreadyThere?: number }>(
      res,
    );
  };
  const HEADER = "product_id,product_title,rating,title,body,author,email,created_at,status,reply";

  it("exports what the queue shows, with formulas defused, and imports it into another shop as the same reviews, unverified", async () => {
    await review(SOURCE, {
      rating: 5,
      title: '=HYPERLINK("http://evil")',
      body: 'Great, "really"\nsecond line',
      authorName: "Zoë Łęcka",
      authorEmail: "zoe@example.pl",
      submittedAt: new Date("2026-01-02T10:00:00.000Z"),
      publishedAt: new Date("2026-01-02T10:05:00.000Z"),
      reply: "-thanks",
      repliedAt: new Date("2026-01-03T09:00:00.000Z"),
      incentivised: true,
      orderGid: "gid://shopify/Order/9001",
    });
    await review(SOURCE, {
      rating: 2,
      productGid: VASE,
      productTitle: "Wazon",
      title: "Meh",
      status: "pending",
      heldFor: "low_rating",
      submittedAt: new Date("2026-01-01T08:00:00.000Z"),
    });
    await review(SOURCE, {
      rating: 1,
      title: "Buy followers",
      status: "rejected",
      rejectReason: "spam",
      submittedAt: new Date("2026-01-03T08:00:00.000Z"),
    });

    const { res, text } = await download(SOURCE);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="reviews-csv-source-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(text.startsWith("\uFEFFid,product_id,product_title,rating,title,body,author,email,created_at,status")).toBe(true);
    const lines = text.trim().split("\n");
    // Oldest first; a quoted newline keeps the first review on two lines.
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(text).toContain(`,gid://shopify/Product/202,Wazon,2,Meh,Fine.,`);
    expect(text).toContain(
      `"'=HYPERLINK(""http://evil"")","Great, ""really""\nsecond line",Zoë Łęcka,zoe@example.pl,2026-01-02T10:00:00.000Z,published,,'-thanks,`,
    );
    expect(text).toContain(",rejected,spam,");

    // Filtered like the queue: only the pending tab's review.
    const pendingOnly = (await download(SOURCE, "?tab=pending")).text.trim().split("\n");
    expect(pendingOnly).toHaveLength(2);
    expect(pendingOnly[1]).toContain("Meh");
    // Another shop's export is its own (none here).
    expect((await download(BOB, "?q=HYPERLINK")).text.trim().split("\n")).toHaveLength(1);

    const enqueue = vi.spyOn(h.runtime.jobs, "enqueue");
    const imported = await upload(TARGET, text);
    expect(imported).toMatchObject({ status: 200, body: { ok: true, imported: 3, alreadyThere: 0, message: "3 reviews imported." } });
    // Only products whose published reviews changed are synced to Shopify.
    expect(enqueue.mock.calls.filter(([name]) => name === SYNC_PRODUCT_JOB).map(([, p]) => p)).toEqual([{ shop: TARGET, productGid: MUG }]);
    enqueue.mockRestore();

    const pick = {
      productGid: true,
      productTitle: true,
      rating: true,
      title: true,
      body: true,
      authorName: true,
      authorEmail: true,
      submittedAt: true,
      publishedAt: true,
      status: true,
      rejectReason: true,
      reply: true,
      repliedAt: true,
      incentivised: true,
      locale: true,
    } as const;
    const source = await h.runtime.db.review.findMany({ where: { shop: SOURCE }, select: pick, orderBy: { submittedAt: "asc" } });
    const target = await h.runtime.db.review.findMany({
      where: { shop: TARGET },
      select: { ...pick, verified: true, source: true, orderGid: true, importKey: true },
      orderBy: { submittedAt: "asc" },
    });
    const sameFields = (r: (typeof target)[number]) => Object.fromEntries(Object.keys(pick).map((k) => [k, r[k as keyof typeof pick]]));
    expect(target.map(sameFields)).toEqual(source);
    for (const r of target)
      expect(r).toMatchObject({ verified: false, source: "import", orderGid: null, importKey: expect.stringMatching(/^csv:/) });

    // The same file again adds nothing; nor does the file imported back into the shop it came from.
    expect((await upload(TARGET, text)).body).toMatchObject({ ok: true, imported: 0, alreadyThere: 3 });
    expect((await upload(SOURCE, text)).body).toMatchObject({ ok: true, imported: 0, alreadyThere: 3 });
    expect(await h.runtime.db.review.count({ where: { shop: TARGET } })).toBe(3);
    expect(await h.runtime.db.review.count({ where: { shop: SOURCE } })).toBe(3);
    // And the target's own export is the same file but for ids, verification, source and order.
    const strip = (csv: string) =>
      csv
        .split("\n")
        .slice(1)
        .map((l) => l.replace(/^[^,]*,/, "").replace(/,(true|false),(true|false),(email|import),en,\d*$/, ",$2,en"));
    expect(strip(await exportCsv(h.runtime.db, TARGET))).toEqual(strip(text));
  });

  it("imports nothing from a file with a bad line, and says what is wrong on which line", async () => {
    const shop = "csv-errors.myshopify.com";
    const file = [
      HEADER,
      "101,Kubek,5,Great,Holds heat,Ewa,ewa@example.pl,2026-02-01,,",
      "abc,Kubek,6,Bad,Bad,Jan,not-an-email,2026-02-30,,",
      '102,"Wazon",4,"Two',
      'lines",ok,Jan,,2026-02-01T10:00:00+01:00,rejected,',
      "103,Miska,3,,,Ola,,2999-01-01,archived,",
      "104,Talerz,4,Fine,,,,2026-02-01",
    ].join("\n");
    const result = await upload(shop, file);
    expect(result.status).toBe(400);
    expect(result.body.problems).toEqual([
      "Line 3, product_id: a product ID: the number, or gid://shopify/Product/…",
      "Line 3, rating: a whole number from 1 to 5",
      "Line 3, email: an email address, or nothing",
      "Line 3, created_at: a date like 2026-03-01 or 2026-03-01T14:30:00Z",
      "Line 4, reject_reason: this can't be empty",
      "Line 6, created_at: this date is in the future",
      "Line 6, status: published, pending or rejected (empty: published)",
      "Line 7: 8 values, but the header has 10 columns.",
    ]);
    expect(await h.runtime.db.review.count({ where: { shop } })).toBe(0);

    const pl = await upload(shop, [HEADER, "101,Kubek,0,a,b,Ewa,,2026-02-01,,"].join("\n"), "pl");
    expect(pl.body.problems).toEqual(["Wiersz 2, rating: liczba całkowita od 1 do 5"]);

    expect((await upload(shop, "title,body\nx,y\n")).body.problems).toEqual([
      "The header row lacks these columns: product_id, product_title, rating, author, created_at.",
    ]);
    expect((await upload(shop, HEADER + "\n")).body.problems).toEqual([
      "The file has no reviews: it needs a header row and at least one review.",
    ]);
    expect((await upload(shop, `${HEADER}\n101,"Kubek,5,a,b,Ewa,,2026-02-01,,\n`)).body.problems?.[0]).toMatch(
      /^Line 2: the file is not valid CSV/,
    );

    const big = await upload(shop, HEADER + "\n" + "x".repeat(2 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(big.body.problems).toEqual(["The file is larger than 2 MB. Split it into smaller files."]);

    // Valid now: pending and rejected as the file says, the rest published; a repeated row is one review.
    const ok = await upload(
      shop,
      [
        HEADER + ",reject_reason",
        "101,Kubek,5,Great,Holds heat,Ewa,EWA@example.pl,2026-02-01,,Thank you!,",
        "101,Kubek,5,Great,Holds heat,Ewa,ewa@example.pl,2026-02-01,,Thank you!,",
        "gid://shopify/Product/202,Wazon,2,Meh,,Jan,,2026-02-02T10:00:00+01:00,pending,,",
        "303,Miska,1,Buy now,,Bot,,2026-02-03,rejected,,spam",
      ].join("\r\n"),
    );
    expect(ok.body).toMatchObject({ ok: true, imported: 3, alreadyThere: 1 });
    const rows = await h.runtime.db.review.findMany({ where: { shop }, orderBy: { submittedAt: "asc" } });
    expect(rows.map((r) => [r.productGid, r.status, r.rejectReason, r.verified, r.source, r.authorEmail, r.reply])).toEqual([
      [MUG, "published", null, false, "import", "ewa@example.pl", "Thank you!"],
      [VASE, "pending", null, false, "import", null, null],
      [BOWL, "rejected", "spam", false, "import", null, null],
    ]);
    expect(rows[1].submittedAt.toISOString()).toBe("2026-02-02T09:00:00.000Z");
    expect(rows[0].publishedAt?.toISOString()).toBe("2026-02-01T00:00:00.000Z");

    // Imported reviews are labelled as such in the queue and on their page.
    const list = await queue("?tab=all&source=import", { shop });
    expect(list.rows.map((r) => r.badges.map((b) => b.label))).toEqual([["Imported"], ["Imported"], ["Imported"]]);
    const detail = await page(rows[0].id, { shop });
    expect(detail.review).toMatchObject({ verified: false, source: "CSV import" });
    expect(detail.history[0].text).toBe("Imported from CSV");
  });

  it("reads the dates people write", () => {
    expect(parseCsvDate("2026-03-01")?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(parseCsvDate("2026-03-01 14:30")?.toISOString()).toBe("2026-03-01T14:30:00.000Z");
    expect(parseCsvDate("2026-03-01T14:30:00.5+0200")?.toISOString()).toBe("2026-03-01T12:30:00.500Z");
    expect(parseCsvDate("2026-02-29")).toBeNull();
    expect(parseCsvDate("01/03/2026")).toBeNull();
  });

  it("refuses more than 10,000 rows and an empty upload", async () => {
    const shop = "csv-limits.myshopify.com";
    const rows = Array.from({ length: 10_001 }, (_, i) => `${i + 1},P,5,,,A,,2026-01-01,,`);
    const result = await importCsv(deps(), shop, [HEADER, ...rows].join("\n"));
    expect(result).toEqual({ ok: false, problems: [{ line: null, code: "too_many_rows", max: 10_000 }], totalProblems: 1 });
    const none = await importPage.action({
      request: new Request("http://app.test/app/reviews/import", {
        method: "POST",
        headers: { "x-test-shop": shop },
        body: new FormData(),
      }),
      ...ctx(),
    });
    expect(await json(none)).toMatchObject({ status: 400, body: { ok: false, problems: ["Choose a CSV file to import."] } });
  });
});
