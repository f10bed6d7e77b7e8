// The merchant's messaging admin, through its services on a real database and job runner: the
// Outbox's filters, search, pages and counts never cross shops; cancel, send now, and resend or drop
// a stuck email each change a message only from the status it must be in (a second click changes
// nothing); care links and cross-sell rules are validated; a template with an unknown {{variable}}
// is refused with a clear message in both languages; the preview renders in Polish, never creates a
// discount nor signed CSAT links, and "Send test" mails the preview marked [Test].
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { translator } from "~/i18n/translate";
import { fieldErrors } from "~/messaging/form-errors";
import {
  addGuide,
  crossSellRuleInput,
  deleteGuide,
  GuideLimitError,
  guideInput,
  listGuides,
  listRules,
  MAX_GUIDES_PER_TARGET,
  saveRule,
} from "~/messaging/guides.server";
import {
  cancelOutboxMessages,
  dropStuck,
  flowCounts,
  listOutbox,
  localDay,
  messagingOverview,
  orderMessages,
  outboxCounts,
  resendStuck,
  sendNow,
} from "~/messaging/outbox.server";
import { previewEmail, SAMPLE_DISCOUNT_CODE, sendTestEmail, TestSendError } from "~/messaging/preview.server";
import { saveFlowSettings, templateInput } from "~/messaging/settings.server";
import type { Flow, MessageStatus } from "~/messaging/types";
import type { MailMessage, Mailer } from "~/platform/mailer.server";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { startHarness, type Harness } from "../support/app-harness";
import { waitFor } from "../support/wait";

const ANNA = "anna-ceramics.myshopify.com";
const BOB = "bob-bikes.myshopify.com";
const DAY = 86_400_000;

const mail: MailMessage[] = [];
const mailer: Mailer = {
  async send(m) {
    mail.push(m);
    return { messageId: `<${mail.length}@test>` };
  },
  async verify() {},
  close() {},
};

let h: Harness;
let seq = 0;

beforeAll(async () => {
  h = await startHarness({ mailer, messageTickMs: 50 });
  for (const [shop, name] of [
    [ANNA, "Anna Ceramics"],
    [BOB, "Bob Bikes"],
  ] as const) {
    await h.runtime.db.shop.create({ data: { shop, name, email: `owner@${shop}`, timezone: "Europe/Warsaw", currency: "PLN" } });
  }
});
afterAll(() => h?.stop());
beforeEach(() => {
  mail.length = 0;
});

const deps = () => ({ db: h.runtime.db, events: h.runtime.events, jobs: h.runtime.jobs, clock: h.runtime.clock });
const previewDeps = () => ({
  db: h.runtime.db,
  clock: h.runtime.clock,
  shopify: { apiVersion: SHOPIFY_API_VERSION, originTemplate: h.runtime.env.SHOPIFY_ADMIN_API_ORIGIN },
  appUrl: h.runtime.env.SHOPIFY_APP_URL,
  secret: h.runtime.env.SHOPIFY_API_SECRET,
});

/** An order the app holds (with one line and its customer), delivered `deliveredDaysAgo` ago unless null. */
async function order(shop: string, o: { name: string; email: string; firstName?: string; deliveredDaysAgo?: number | null }) {
  const n = ++seq;
  const orderGid = `gid://shopify/Order/${9000 + n}`;
  const customerGid = `gid://shopify/Customer/${7000 + n}`;
  const now = h.runtime.clock.now();
  await h.runtime.db.customer.create({
    data: { shop, customerGid, email: o.email, firstName: o.firstName ?? null, marketingState: "SUBSCRIBED", shopifyUpdatedAt: now },
  });
  await h.runtime.db.order.create({
    data: {
      shop,
      orderGid,
      name: o.name,
      email: o.email,
      customerGid,
      currency: "PLN",
      totalMinor: 4900,
      processedAt: new Date(now.getTime() - 5 * DAY + n),
      deliveredAt: o.deliveredDaysAgo == null ? null : new Date(now.getTime() - o.deliveredDaysAgo * DAY),
      shopifyUpdatedAt: now,
    },
  });
  await h.runtime.db.orderLine.create({
    data: {
      shop,
      orderGid,
      lineItemGid: `gid://shopify/LineItem/${5000 + n}`,
      productGid: `gid://shopify/Product/${100 + n}`,
      title: "Kubek ceramiczny",
      variantTitle: "Niebieski",
      quantity: 1,
      priceMinor: 4900,
    },
  });
  return { orderGid, customerGid };
}

/** A message row as the planner writes it. */
async function message(
  shop: string,
  m: { flow?: Flow; status: MessageStatus; email?: string; orderGid?: string; customerGid?: string; sendInHours?: number; reason?: string },
) {
  const now = h.runtime.clock.now();
  const flow = m.flow ?? "delivery_follow_up";
  const row = await h.runtime.db.message.create({
    data: {
      shop,
      key: `${flow}:test-${++seq}`,
      flow,
      category: flow === "cross_sell" ? "marketing" : "transactional",
      orderGid: m.orderGid ?? null,
      customerGid: m.customerGid ?? null,
      email: m.email ?? "anna.nowak@example.pl",
      locale: "pl",
      items: "[]",
      dueAt: now,
      sendAt: new Date(now.getTime() + (m.sendInHours ?? 24) * 3_600_000),
      status: m.status,
      reason: m.reason ?? null,
      sentAt: m.status === "sent" ? now : null,
    },
  });
  return row.id;
}

const statusOf = async (id: string) => (await h.runtime.db.message.findUniqueOrThrow({ where: { id } })).status;
const notSentEvents = (shop: string, orderGid: string) =>
  h.runtime.db.afterSalesEvent.findMany({ where: { shop, orderGid, type: "message.not_sent" } });

describe("the Outbox's list", () => {
  it("filters by status, flow and search, pages with a total, and never shows another shop's emails", async () => {
    const a1 = await order(ANNA, { name: "#1001", email: "ewa.kowalska@example.pl" });
    const a2 = await order(ANNA, { name: "#1002", email: "jan.nowak@example.pl" });
    await message(ANNA, { status: "planned", orderGid: a1.orderGid, email: "ewa.kowalska@example.pl", sendInHours: 2 });
    await message(ANNA, {
      status: "planned",
      flow: "cross_sell",
      orderGid: a1.orderGid,
      email: "ewa.kowalska@example.pl",
      sendInHours: 48,
    });
    await message(ANNA, { status: "sent", orderGid: a2.orderGid, email: "jan.nowak@example.pl" });
    await message(ANNA, { status: "sending", orderGid: a2.orderGid, email: "jan.nowak@example.pl" });
    await message(ANNA, { status: "stuck", reason: "interrupted", orderGid: a2.orderGid, email: "jan.nowak@example.pl" });
    // Bob's shop has an order with the same name and an email of the same start: never Anna's.
    const b1 = await order(BOB, { name: "#1001", email: "ewa.kowalska@example.pl" });
    await message(BOB, { status: "planned", orderGid: b1.orderGid, email: "ewa.kowalska@example.pl" });
    await message(BOB, { status: "stuck", orderGid: b1.orderGid, email: "ewa.kowalska@example.pl" });

    const db = h.runtime.db;
    const all = await listOutbox(db, ANNA, {});
    expect(all.total).toBe(5);
    expect(all.rows.every((r) => r.orderName === "#1001" || r.orderName === "#1002")).toBe(true);

    const planned = await listOutbox(db, ANNA, { status: "planned", sort: "soonest" });
    expect(planned.rows.map((r) => r.flow)).toEqual(["delivery_follow_up", "cross_sell"]);
    // "Sending soon" shows messages whose SMTP transaction is open too.
    expect((await listOutbox(db, ANNA, { status: "queued" })).rows.map((r) => r.status)).toEqual(["sending"]);
    expect((await listOutbox(db, ANNA, { status: "stuck" })).total).toBe(1);
    expect((await listOutbox(db, ANNA, { flow: "cross_sell" })).rows).toHaveLength(1);

    expect((await listOutbox(db, ANNA, { search: "ewa.kow" })).total).toBe(2);
    expect((await listOutbox(db, ANNA, { search: "#1002" })).total).toBe(3);
    expect((await listOutbox(db, ANNA, { search: "1001" })).rows.map((r) => r.orderName)).toEqual(["#1001", "#1001"]);
    expect((await listOutbox(db, ANNA, { search: "nobody@example.pl" })).total).toBe(0);

    const page2 = await listOutbox(db, ANNA, { pageSize: 2, page: 2 });
    expect(page2).toMatchObject({ total: 5, page: 2, pages: 3 });
    expect(page2.rows).toHaveLength(2);
    // A page past the end shows the last one.
    expect((await listOutbox(db, ANNA, { pageSize: 2, page: 99 })).page).toBe(3);

    expect(await outboxCounts(db, ANNA)).toMatchObject({ planned: 2, sent: 1, sending: 1, stuck: 1, cancelled: 0 });
    expect(await outboxCounts(db, BOB)).toMatchObject({ planned: 1, stuck: 1, sent: 0 });
    expect((await orderMessages(db, ANNA, a1.orderGid)).map((m) => m.flow)).toEqual(["delivery_follow_up", "cross_sell"]);
    expect(await orderMessages(db, ANNA, b1.orderGid)).toEqual([]);
    expect((await flowCounts(db, ANNA, h.runtime.clock.now())).cross_sell).toEqual({ planned: 1, sent30: 0 });
  });

  it("counts today in the shop's time zone for the overview", async () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Warsaw.
    const { start, end } = localDay(new Date("2026-03-01T23:30:00Z"), "Europe/Warsaw");
    expect(start.toISOString()).toBe("2026-03-01T23:00:00.000Z");
    expect(end.toISOString()).toBe("2026-03-02T23:00:00.000Z");
    const overview = await messagingOverview(h.runtime.db, BOB, h.runtime.clock.now(), "Europe/Warsaw");
    expect(overview.summary.stuck).toBe(1);
    expect(overview.alerts).toEqual([]);
  });
});

describe("Outbox actions", () => {
  it("cancels a planned email once, onto the order's timeline, and never another shop's", async () => {
    const o = await order(ANNA, { name: "#2001", email: "ola@example.pl" });
    const id = await message(ANNA, { status: "planned", orderGid: o.orderGid });
    expect(await cancelOutboxMessages(deps(), BOB, [id])).toEqual({ cancelled: [] });
    expect(await statusOf(id)).toBe("planned");

    expect(await cancelOutboxMessages(deps(), ANNA, [id])).toEqual({ cancelled: [id] });
    const row = await h.runtime.db.message.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "cancelled", reason: "merchant_cancelled" });
    expect(await cancelOutboxMessages(deps(), ANNA, [id])).toEqual({ cancelled: [] });
    const events = await notSentEvents(ANNA, o.orderGid);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].detail)).toMatchObject({ messageId: id, status: "cancelled", reason: "merchant_cancelled" });

    const sent = await message(ANNA, { status: "sent", orderGid: o.orderGid });
    expect(await cancelOutboxMessages(deps(), ANNA, [sent])).toEqual({ cancelled: [] });
    expect(await statusOf(sent)).toBe("sent");
  });

  it("sends a planned email now, outside its time, exactly once", async () => {
    const o = await order(ANNA, { name: "#2002", email: "kasia@example.pl", firstName: "Kasia", deliveredDaysAgo: 1 });
    const line = await h.runtime.db.orderLine.findFirstOrThrow({ where: { shop: ANNA, orderGid: o.orderGid } });
    const id = await message(ANNA, {
      status: "planned",
      orderGid: o.orderGid,
      customerGid: o.customerGid,
      email: "kasia@example.pl",
      sendInHours: 72,
    });
    await h.runtime.db.message.update({ where: { id }, data: { items: JSON.stringify([line.lineItemGid]) } });

    expect(await sendNow(deps(), BOB, id)).toBe("not_found");
    expect(await sendNow(deps(), ANNA, id)).toBe("done");
    expect(await sendNow(deps(), ANNA, id)).toBe("unchanged");
    await waitFor(async () => (await statusOf(id)) === "sent", 10_000, "the email to be sent");
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: "kasia@example.pl", category: "transactional" });
    expect(mail[0].subject).toContain("#2002");
    expect(await sendNow(deps(), ANNA, id)).toBe("unchanged");
  });

  it("resends or drops a stuck email only while it is stuck", async () => {
    const o = await order(ANNA, { name: "#2003", email: "ela@example.pl", deliveredDaysAgo: 1 });
    const line = await h.runtime.db.orderLine.findFirstOrThrow({ where: { shop: ANNA, orderGid: o.orderGid } });
    const resend = await message(ANNA, {
      status: "stuck",
      reason: "interrupted",
      orderGid: o.orderGid,
      customerGid: o.customerGid,
      email: "ela@example.pl",
    });
    await h.runtime.db.message.update({ where: { id: resend }, data: { items: JSON.stringify([line.lineItemGid]), attempts: 1 } });
    const drop = await message(ANNA, { status: "stuck", reason: "interrupted", orderGid: o.orderGid, email: "ela@example.pl" });

    expect(await resendStuck(deps(), BOB, resend)).toBe("not_found");
    expect(await resendStuck(deps(), ANNA, resend)).toBe("done");
    expect(await resendStuck(deps(), ANNA, resend)).toBe("unchanged");
    expect(await dropStuck(deps(), ANNA, resend)).toBe("unchanged");
    await waitFor(async () => (await statusOf(resend)) === "sent", 10_000, "the resent email");
    expect(mail.map((m) => m.to)).toEqual(["ela@example.pl"]);
    expect((await h.runtime.db.message.findUniqueOrThrow({ where: { id: resend } })).attempts).toBe(2);

    expect(await dropStuck(deps(), BOB, drop)).toBe("not_found");
    expect(await dropStuck(deps(), ANNA, drop)).toBe("done");
    expect(await dropStuck(deps(), ANNA, drop)).toBe("unchanged");
    expect(await resendStuck(deps(), ANNA, drop)).toBe("unchanged");
    expect(await h.runtime.db.message.findUniqueOrThrow({ where: { id: drop } })).toMatchObject({
      status: "cancelled",
      reason: "interrupted",
    });
    const dropped = (await notSentEvents(ANNA, o.orderGid)).map((e) => JSON.parse(e.detail));
    expect(dropped).toEqual([expect.objectContaining({ messageId: drop, status: "cancelled", reason: "interrupted" })]);
  });
});

describe("care links and cross-sell rules", () => {
  it("accepts an https link to a product or collection of the right kind, within the limits, per shop", async () => {
    const ok = {
      targetType: "product",
      targetGid: "gid://shopify/Product/1",
      title: "Jak myć kubek",
      url: "https://shop.example/pielegnacja",
    };
    expect(guideInput.safeParse(ok).success).toBe(true);
    const errorsOf = (input: object) => {
      const r = guideInput.safeParse(input);
      return r.success ? {} : fieldErrors(r.error.issues, translator("en"));
    };
    expect(errorsOf({ ...ok, url: "http://shop.example/care" })).toEqual({ url: "Enter a secure link starting with https://" });
    expect(errorsOf({ ...ok, url: "not a link" }).url).toBe("Enter a full link, like https://example.com/page");
    expect(errorsOf({ ...ok, title: "  " })).toEqual({ title: "This can't be empty" });
    expect(errorsOf({ ...ok, targetType: "collection" })).toEqual({ targetGid: "Choose a product or collection from the list" });

    const guide = await addGuide(h.runtime.db, ANNA, guideInput.parse(ok));
    expect((await listGuides(h.runtime.db, ANNA)).map((g) => g.title)).toEqual(["Jak myć kubek"]);
    expect(await listGuides(h.runtime.db, BOB)).toEqual([]);
    expect(await deleteGuide(h.runtime.db, BOB, guide.id)).toBe(false);
    for (let i = 1; i < MAX_GUIDES_PER_TARGET; i++) await addGuide(h.runtime.db, ANNA, guideInput.parse({ ...ok, title: `Link ${i}` }));
    await expect(addGuide(h.runtime.db, ANNA, guideInput.parse(ok))).rejects.toBeInstanceOf(GuideLimitError);
    expect(await deleteGuide(h.runtime.db, ANNA, guide.id)).toBe(true);
    expect(await deleteGuide(h.runtime.db, ANNA, guide.id)).toBe(false);
    await h.runtime.db.productGuide.deleteMany({ where: { shop: ANNA } });
  });

  it("takes one to six other products per source, and replaces a source's rule", async () => {
    const product = (n: number) => `gid://shopify/Product/${n}`;
    const rule = { sourceType: "collection", sourceGid: "gid://shopify/Collection/9", productGids: [product(1), product(2), product(2)] };
    expect(crossSellRuleInput.parse(rule).productGids).toEqual([product(1), product(2)]);
    const t = translator("pl");
    const issues = (input: object) => {
      const r = crossSellRuleInput.safeParse(input);
      return r.success ? {} : fieldErrors(r.error.issues, t);
    };
    expect(issues({ ...rule, productGids: [1, 2, 3, 4, 5, 6, 7].map(product) })).toEqual({ productGids: "Najwyżej 6" });
    expect(issues({ ...rule, productGids: [] })).toEqual({ productGids: "Wybierz z listy co najmniej jeden produkt" });
    expect(issues({ sourceType: "product", sourceGid: product(1), productGids: [product(1)] })).toEqual({
      productGids: "Poleć inne produkty niż ten kupiony",
    });
    expect(issues({ ...rule, productGids: ["gid://shopify/Collection/3"] })).toEqual({
      productGids: "Wybierz z listy co najmniej jeden produkt",
    });

    await saveRule(h.runtime.db, ANNA, crossSellRuleInput.parse(rule));
    await saveRule(h.runtime.db, ANNA, crossSellRuleInput.parse({ ...rule, productGids: [product(3)] }));
    expect(await listRules(h.runtime.db, ANNA)).toEqual([
      expect.objectContaining({ sourceGid: rule.sourceGid, productGids: [product(3)] }),
    ]);
    expect(await listRules(h.runtime.db, BOB)).toEqual([]);
    await h.runtime.db.crossSellRule.deleteMany({ where: { shop: ANNA } });
  });
});

describe("templates", () => {
  it("refuses an unknown {{variable}} with a message that names it and the ones that exist, in both languages", () => {
    const copy = { subject: "Hej {{firstname}}", heading: "Dzięki za {{ order_name }}", body: "Pozdrawiamy, {{shop}} i {{ }}" };
    const parsed = templateInput.safeParse(copy);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(fieldErrors(parsed.error.issues, translator("en"), "template.en.")).toEqual({
      "template.en.subject": "Unknown variable {{firstname}}. You can use {{first_name}}, {{order_name}}, {{shop_name}}.",
      "template.en.body": "Unknown variable {{shop}}, {{}}. You can use {{first_name}}, {{order_name}}, {{shop_name}}.",
    });
    expect(fieldErrors(parsed.error.issues, translator("pl"))).toMatchObject({
      subject: "Nieznana zmienna {{firstname}}. Możesz użyć: {{first_name}}, {{order_name}}, {{shop_name}}.",
    });
  });
});

describe("preview and test email", () => {
  const polish = {
    subject: "Cześć {{first_name}}, jak {{order_name}}?",
    heading: "Już u Ciebie!",
    body: "Dziękujemy, że wybrałeś {{shop_name}}.",
  };

  it("renders the follow-up in Polish from sample data while no order is delivered, with CSAT buttons that record nothing", async () => {
    const p = await previewEmail(previewDeps(), BOB, { flow: "delivery_follow_up", locale: "pl", copy: polish });
    expect(p.source).toEqual({ kind: "sample" });
    expect(p.subject).toBe("Cześć Anna, jak #1001?");
    expect(p.html).toContain('lang="pl"');
    expect(p.html).toContain("Twoje zamówienie");
    expect(p.html).toContain("Jak oceniasz swoje zamówienie?");
    expect(p.html).toContain("Dziękujemy, że wybrałeś Bob Bikes.");
    expect(p.html).not.toContain("/m/csat/");
    // Every email carries the marketing unsubscribe, the follow-up too (it never stops order mail).
    expect(p.html).toContain("/m/unsubscribe/");
  });

  it("uses the shop's most recent delivered order, and never creates a discount code", async () => {
    await order(ANNA, { name: "#3001", email: "zosia@example.pl", firstName: "Zosia", deliveredDaysAgo: 3 });
    await saveFlowSettings(h.runtime.db, ANNA, "cross_sell", {
      enabled: true,
      delayMinutes: 14 * 1440,
      productCount: 2,
      discountPercent: 15,
      discountDays: 30,
    });
    const follow = await previewEmail(previewDeps(), ANNA, { flow: "delivery_follow_up", locale: "pl", copy: polish });
    expect(follow.source).toEqual({ kind: "order", orderName: "#3001" });
    expect(follow.subject).toBe("Cześć Zosia, jak #3001?");
    expect(follow.html).toContain("Kubek ceramiczny");

    const cross = await previewEmail(previewDeps(), ANNA, {
      flow: "cross_sell",
      locale: "en",
      copy: { subject: "For you, {{first_name}}", heading: "Picked for you", body: "Hello" },
      options: { productCount: 3 },
    });
    // Shopify cannot be asked here: sample products stand in, and the code is the sample one.
    expect(cross.sampleProducts).toBe(true);
    expect(cross.html.match(/Sample product \d/g)?.length).toBeGreaterThanOrEqual(3);
    expect(cross.html).toContain(SAMPLE_DISCOUNT_CODE);
    expect(cross.html).toContain("15% off");
    expect(cross.html).toContain("/m/unsubscribe/");
    expect(await h.runtime.db.message.count({ where: { shop: ANNA, discountCode: { not: null } } })).toBe(0);
  });

  it("mails the preview marked [Test]; every test keeps its unsubscribe link", async () => {
    const sent = await sendTestEmail({ ...previewDeps(), mailer }, ANNA, {
      flow: "delivery_follow_up",
      locale: "pl",
      copy: polish,
      to: " Owner@Example.PL ",
    });
    expect(sent).toEqual({ to: "owner@example.pl", subject: "[Test] Cześć Zosia, jak #3001?" });
    expect(mail[0]).toMatchObject({ to: "owner@example.pl", subject: "[Test] Cześć Zosia, jak #3001?", category: "transactional" });
    expect(mail[0].unsubscribeUrl).toMatch(/\/m\/unsubscribe\//);

    await sendTestEmail({ ...previewDeps(), mailer }, ANNA, {
      flow: "cross_sell",
      locale: "pl",
      copy: { subject: "Dla Ciebie", heading: "Polecamy", body: "Zobacz" },
      to: "owner@example.pl",
    });
    expect(mail[1]).toMatchObject({ subject: "[Test] Dla Ciebie", category: "transactional" });
    expect(mail[1].unsubscribeUrl).toMatch(/\/m\/unsubscribe\//);

    await expect(
      sendTestEmail({ ...previewDeps(), mailer }, ANNA, { flow: "cross_sell", locale: "pl", copy: polish, to: "not-an-address" }),
    ).rejects.toThrow(TestSendError);
  });
});
