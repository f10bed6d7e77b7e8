// Privacy requests end to end, driven by signed webhooks through the real runtime: a customer's data
// export holds everything Aftercare keeps about them and nothing of anyone else; a customer redaction
// leaves no trace of their email, name, phone or address anywhere in the database (read generically,
// table by table from Prisma's model list) while other customers and other shops are untouched; a
// redaction that fails half-way shows as failed and completes on retry; shop/redact empties every
// table of the shop but the record that it was done. Runs on SQLite + embedded jobs and on
// PostgreSQL + BullMQ (npm run test:scale).
import { Prisma } from "@prisma/client";
import { afterEach, describe, expect, it } from "vitest";
import { dialectOf, type Db } from "~/platform/db.server";
import { EXPORT_FORMAT } from "~/privacy/export.server";
import { fulfilPrivacyRequest } from "~/privacy/privacy-job.server";
import { exportForDownload, listPrivacyRequests, retryPrivacyRequest } from "~/privacy/requests.server";
import { ruleFor, ruleOrder } from "~/privacy/rules.server";
import { resolveSubject } from "~/privacy/subject.server";
import { once } from "~/platform/effects.server";
import { defaultFlow, saveFlowSettings } from "~/messaging/settings.server";
import { FLOWS } from "~/messaging/types";
import { parseShopifyJson } from "~/webhooks/shopify-json";
import { adjustPoints } from "~/loyalty/adjust.server";
import { saveProgram } from "~/loyalty/program.server";
import { PROGRAM } from "../support/loyalty-shop";
import { waitForValue } from "../support/wait";
import { startHarness, type Harness } from "../support/app-harness";
import { fulfillmentPayload, nextId, orderPayload } from "../support/payloads";

const ANNA = "anna-ceramics.myshopify.com";
const BOB = "bob-bikes.myshopify.com";

interface Person {
  id: string;
  email: string;
  first: string;
  last: string;
  phone: string;
  address1: string;
  city: string;
  zip: string;
}

// John's id is beyond 2^53: it must stay exact from the webhook to the export.
const JOHN: Person = {
  id: "7205759403792793901",
  email: "johnathan.przybylski@example.com",
  first: "Johnathan",
  last: "Przybylski",
  phone: "+48 601 234 567",
  address1: "ul. Wiśniowa 17",
  city: "Sopot",
  zip: "81-701",
};
const MARIA: Person = {
  id: "7001",
  email: "marianna.zdunczyk@example.com",
  first: "Marianna",
  last: "Zdunczyk",
  phone: "+48 602 999 888",
  address1: "ul. Klonowa 3",
  city: "Radom",
  zip: "26-600",
};
const gid = (p: Person) => `gid://shopify/Customer/${p.id}`;
/** What a search for the person would look for: email, names, phone in any spelling, address. */
const traces = (p: Person) => [
  p.email,
  p.first,
  p.last,
  p.phone,
  p.phone.replace(/\s/g, ""),
  p.phone.replace(/\D/g, "").slice(2),
  p.address1,
  p.zip,
];

/** A 1×1 PNG: the photo attached to each person's review (a photo may show the person or their home). */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

/** JSON with "<long:123>" written as the bare number 123, as Shopify sends ids too long for a double. */
const rawJson = (body: unknown) => JSON.stringify(body).replace(/"<long:(\d+)>"/g, "$1");
const long = (id: string) => `<long:${id}>`;

const address = (p: Person) => ({
  first_name: p.first,
  last_name: p.last,
  name: `${p.first} ${p.last}`,
  address1: p.address1,
  city: p.city,
  zip: p.zip,
  country: "Poland",
  phone: p.phone,
});

const customerUpdate = (p: Person) => ({
  id: long(p.id),
  admin_graphql_api_id: gid(p),
  email: p.email,
  first_name: p.first,
  last_name: p.last,
  phone: p.phone.replace(/\s/g, ""),
  locale: "pl",
  created_at: "2026-09-01T10:00:00Z",
  updated_at: "2026-10-01T10:00:00Z",
  email_marketing_consent: { state: "subscribed", consent_updated_at: "2026-10-01T10:00:00Z" },
  default_address: address(p),
});

const customerOrder = (p: Person, over: Record<string, unknown> = {}) =>
  orderPayload({
    email: p.email,
    phone: p.phone,
    customer: { id: long(p.id), admin_graphql_api_id: gid(p), email: p.email, first_name: p.first, last_name: p.last },
    shipping_address: address(p),
    billing_address: address(p),
    ...over,
  });

function complianceBody(topic: "customers/data_request" | "customers/redact", shop: string, p: Person, orderIds: string[], extra = "") {
  const list = topic === "customers/data_request" ? "orders_requested" : "orders_to_redact";
  return (
    `{"shop_id":954889,"shop_domain":${JSON.stringify(shop)},"customer":{"id":${p.id},"email":${JSON.stringify(p.email)},"phone":${JSON.stringify(p.phone)}},` +
    `"${list}":[${orderIds.join(",")}]${topic === "customers/data_request" ? ',"data_request":{"id":9999}' : ""}${extra}}`
  );
}

interface Seeded {
  /** John's order with his customer account, and his guest checkout (email only, other letter case). */
  johnOrder: ReturnType<typeof orderPayload>;
  johnGuestOrder: ReturnType<typeof orderPayload>;
  mariaOrder: ReturnType<typeof orderPayload>;
}

/** A shop where John (and, if given, Maria) bought, got a parcel, a refund and a timeline, and reviewed the purchase with a photo; plus one broken delivery about John. */
async function seedShop(h: Harness, shop: string, people: Person[]): Promise<Seeded> {
  const send = async (topic: string, body: unknown) => {
    const res = await h.sendWebhook(topic, shop, typeof body === "string" ? body : rawJson(body));
    expect(res.status, `${topic} for ${shop}: ${res.text}`).toBe(200);
  };
  const orders: Partial<Seeded> = {};
  // The shop's email flows are off: the messages below are this test's fixtures, and nothing is sent meanwhile.
  for (const flow of FLOWS) await saveFlowSettings(h.runtime.db, shop, flow, { ...defaultFlow(flow), enabled: false });
  // Anna's loyalty program is on: the orders earn points, a reward is redeemed, and staff leave a note
  // naming the customer. (Bob's is off: nothing of his retries against a Shopify this test does not run.)
  const loyalty = shop === ANNA;
  if (loyalty) await saveProgram(h.runtime.db, shop, { ...PROGRAM, pendingDays: 0 });
  for (const p of people) {
    await send("customers/update", customerUpdate(p));
    const order = customerOrder(p);
    await send("orders/create", order);
    const fulfillment = fulfillmentPayload(String(order.id), { destination: address(p) });
    await send("fulfillments/create", fulfillment);
    const eventId = nextId();
    await send("fulfillment_events/create", {
      id: Number(eventId),
      admin_graphql_api_id: `gid://shopify/FulfillmentEvent/${eventId}`,
      fulfillment_id: fulfillment.id,
      order_id: order.id,
      status: "delivered",
      message: `Delivered to ${p.first} ${p.last}, ${p.address1}`,
      happened_at: "2026-11-02T12:00:00Z",
      created_at: "2026-11-02T12:00:00Z",
    });
    const refundId = nextId();
    await send("refunds/create", {
      id: Number(refundId),
      admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
      order_id: order.id,
      note: `Goodwill refund for ${p.first} ${p.last}`,
      created_at: "2026-11-03T09:00:00Z",
      processed_at: "2026-11-03T09:00:00Z",
      transactions: [{ amount: "49.90", currency: "PLN", kind: "refund", status: "success" }],
      refund_line_items: [],
    });
    // Effects keyed by the customer and by the order (a later capability's welcome mail, review request).
    await once(h.runtime.db, shop, `${gid(p)}:welcome-email`, async () => undefined);
    await once(h.runtime.db, shop, `gid://shopify/Order/${order.id}:review-request`, async () => undefined);
    if (p === JOHN) orders.johnOrder = order;
    if (p === MARIA) orders.mariaOrder = order;
  }
  if (people.includes(JOHN)) {
    orders.johnGuestOrder = orderPayload({ email: "Johnathan.Przybylski@Example.com", customer: null, shipping_address: address(JOHN) });
    await send("orders/create", orders.johnGuestOrder);
    // A delivery that can never be processed (a date that is not a date) still holds John's data.
    await send("orders/updated", customerOrder(JOHN, { processed_at: "yesterday-ish", updated_at: "not a date" }));
  }
  await h.drain();
  // Messaging: a follow-up sent to them (its subject names them, a refusal quoted the address) and a
  // cross-sell planned for later; they unsubscribed from marketing and answered the CSAT question.
  const { db } = h.runtime;
  for (const p of loyalty ? people : []) {
    // The order's points, and the refund's reversal of some of them, are in the ledger.
    await waitForValue(async () =>
      (await db.loyaltyEntry.count({ where: { shop, customerGid: gid(p), kind: { in: ["earn", "reverse"] } } })) >= 2 ? true : null,
    );
    const adjusted = await adjustPoints(h.runtime, {
      shop,
      customerGid: gid(p),
      points: 25,
      note: `Apology to ${p.first} ${p.last} for the late parcel`,
      requestKey: `apology-${p.id}`,
      actor: "staff@example.com",
    });
    expect(adjusted.ok).toBe(true);
    await db.loyaltyMember.updateMany({ where: { shop, customerGid: gid(p) }, data: { birthday: "04-17" } });
    await db.loyaltyRedemption.create({
      data: {
        shop,
        customerGid: gid(p),
        rewardId: "reward-1",
        requestKey: `redeem-${p.id}`,
        type: "free_shipping",
        title: "Free shipping",
        cost: 10,
        status: "issued",
        code: `PTS-TEST-${people.indexOf(p)}`,
      },
    });
  }
  for (const p of people) {
    const order = p === JOHN ? orders.johnOrder! : orders.mariaOrder!;
    const orderGid = order.admin_graphql_api_id as string;
    const base = {
      shop,
      orderGid,
      customerGid: gid(p),
      email: p.email,
      locale: "pl",
      items: "[]",
      dueAt: new Date("2026-11-03T12:00:00Z"),
    };
    await db.message.create({
      data: {
        ...base,
        key: `delivery_follow_up:${orderGid}`,
        flow: "delivery_follow_up",
        category: "transactional",
        sendAt: base.dueAt,
        status: "sent",
        sentAt: base.dueAt,
        subject: `How is it going, ${p.first}?`,
        lastError: `451 <${p.email}>: try again later`,
      },
    });
    await db.message.create({
      data: { ...base, key: `cross_sell:${orderGid}`, flow: "cross_sell", category: "marketing", sendAt: new Date("2099-01-01T09:00:00Z") },
    });
    await db.messageSuppression.create({ data: { shop, email: p.email, customerGid: gid(p), category: "marketing", source: "link" } });
    await db.csatResponse.create({
      data: { shop, orderGid, customerGid: gid(p), score: 2, comment: `${p.first} ${p.last}: the mug chipped`, answeredAt: new Date() },
    });
    // Their verified review of the apron from the review request's link, published, with a photo.
    const line = (order.line_items as { admin_graphql_api_id: string; title: string }[])[0];
    const review = await db.review.create({
      data: {
        shop,
        productGid: "gid://shopify/Product/632910392",
        variantGid: "gid://shopify/ProductVariant/808950810",
        productTitle: line.title,
        orderGid,
        lineItemGid: line.admin_graphql_api_id,
        customerGid: gid(p),
        authorName: `${p.first} ${p.last[0]}.`,
        authorEmail: p.email,
        rating: 5,
        title: "Solidny len",
        body: "Dobrze uszyty, kolor jak na zdjęciu.",
        locale: "pl",
        status: "published",
        source: "email",
        verified: true,
        submittedAt: new Date("2026-11-10T18:00:00Z"),
        publishedAt: new Date("2026-11-10T18:00:00Z"),
        editableUntil: new Date("2026-12-10T18:00:00Z"),
      },
    });
    await db.reviewPhoto.create({ data: { shop, reviewId: review.id, contentType: "image/png", size: PNG.length, data: PNG } });
    // Their return of the apron: their note, the merchant's messages to them, the label and a photo.
    await db.returnCase.create({
      data: {
        id: `return-${p.id}-${shop}`,
        shop,
        orderGid,
        orderName: "#1001",
        customerGid: gid(p),
        returnGid: `gid://shopify/Return/${p.id}`,
        name: "#1001-R1",
        status: "in_transit",
        resolution: "refund",
        currency: "PLN",
        approveMessage: `${p.first}, send it back in its box`,
        declineMessage: `${p.first}, the first request was incomplete`,
        labelUrl: `https://labels.example/${p.id}.pdf`,
        trackingNumber: `RR${p.id}PL`,
        trackingUrl: `https://track.example/RR${p.id}PL`,
        email: p.email,
        customerName: `${p.first} ${p.last}`,
        customerNote: `Call ${p.first} before pickup`,
        requestedAt: new Date("2026-11-12T10:00:00Z"),
        items: {
          create: {
            id: `return-item-${p.id}-${shop}`,
            shop,
            lineItemGid: line.admin_graphql_api_id,
            title: line.title,
            quantity: 1,
            unitPriceMinor: 12900,
            reasonCode: "defective",
            shopifyReason: "DEFECTIVE",
            note: `${p.first}: the seam came apart`,
            photos: { create: { shop, contentType: "image/png", size: PNG.length, data: PNG } },
          },
        },
      },
    });
  }
  return orders as Seeded;
}

interface DumpRow {
  model: string;
  shop: string | null;
  text: string;
}

/** Every row of every table, read generically from Prisma's model list, serialised. */
async function dumpDatabase(db: Db): Promise<DumpRow[]> {
  const rows: DumpRow[] = [];
  for (const model of Prisma.dmmf.datamodel.models) {
    const delegate = (db as unknown as Record<string, { findMany(): Promise<Record<string, unknown>[]> }>)[
      model.name[0].toLowerCase() + model.name.slice(1)
    ];
    for (const row of await delegate.findMany()) {
      rows.push({
        model: model.name,
        shop: typeof row.shop === "string" ? row.shop : null,
        text: JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
      });
    }
  }
  return rows;
}

const mentioning = (rows: DumpRow[], p: Person) => {
  const needles = traces(p).map((t) => t.toLowerCase());
  return rows.filter((r) => needles.some((n) => r.text.toLowerCase().includes(n)));
};
const describeRows = (rows: DumpRow[]) => rows.map((r) => `${r.model}: ${r.text.slice(0, 300)}`);
const texts = (rows: DumpRow[]) => rows.map((r) => `${r.model} ${r.text}`).sort();

async function waitForRequest(h: Harness, webhookId: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await h.runtime.db.complianceRequest.findUnique({ where: { webhookId } });
    if (row && statuses.includes(row.status)) return row;
    if (Date.now() > deadline)
      throw new Error(`privacy request ${webhookId} is ${row?.status ?? "missing"}, expected ${statuses.join("|")}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function request(h: Harness, shop: string, topic: string, body: string) {
  const sent = await h.sendWebhook(topic, shop, body);
  expect(sent.status).toBe(200);
  return sent.webhookId;
}

/** The field that identifies a model's rows: `id`, or else the first field (the inbox's webhookId). */
function keyOf(model: string): string {
  const fields = Prisma.dmmf.datamodel.models.find((m) => m.name === model)!.fields;
  return fields.some((f) => f.name === "id") ? "id" : fields[0].name;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("customers/data_request", () => {
  it("exports everything held about the customer in that shop, exact ids and all, and nothing of anyone else", async () => {
    h = await startHarness();
    const { db } = h.runtime;
    const anna = await seedShop(h, ANNA, [JOHN, MARIA]);
    await seedShop(h, BOB, [JOHN]);

    // A first request, so the second export must also carry the first one's result.
    const first = await request(
      h,
      ANNA,
      "customers/data_request",
      complianceBody("customers/data_request", ANNA, JOHN, [String(anna.johnOrder.id)]),
    );
    await waitForRequest(h, first, ["completed"]);
    const subject = await resolveSubject(db, ANNA, complianceBody("customers/data_request", ANNA, JOHN, [String(anna.johnOrder.id)]));
    const held = new Map<string, Record<string, unknown>[]>();
    for (const model of ruleOrder) {
      const rule = ruleFor(model).customer;
      if (rule.holds === "customer") held.set(model, (await rule.find(db, subject)) as Record<string, unknown>[]);
    }

    const second = await request(
      h,
      ANNA,
      "customers/data_request",
      complianceBody("customers/data_request", ANNA, JOHN, [String(anna.johnOrder.id)]),
    );
    const row = await waitForRequest(h, second, ["completed"]);
    expect(row.error).toBeNull();
    const download = await exportForDownload(db, ANNA, row.id);
    expect(download).not.toBeNull();
    const text = download!.body;
    const exported = parseShopifyJson(text) as {
      format: string;
      shop: string;
      customer: { gid: string };
      data: Record<string, Record<string, unknown>[]>;
      notHeld: Record<string, string>;
    };

    expect(exported.format).toBe(EXPORT_FORMAT);
    expect(exported.customer.gid).toBe(gid(JOHN));
    // The id beyond 2^53 is written as Shopify sent it, never rounded.
    expect(text).toContain(`"id":${JOHN.id}`);
    expect(text).not.toContain("7205759403792794000");
    // John's orders: with his account and his guest checkout; Maria's is not there.
    expect(exported.data.Order.map((o) => o.orderGid).sort()).toEqual(
      [anna.johnOrder.admin_graphql_api_id, anna.johnGuestOrder.admin_graphql_api_id].sort(),
    );
    expect(exported.data.Customer).toEqual([expect.objectContaining({ email: JOHN.email, firstName: JOHN.first, lastName: JOHN.last })]);
    expect(exported.data.OrderLine).toEqual(expect.arrayContaining([expect.objectContaining({ title: "Linen apron", quantity: 2 })]));
    expect(exported.data.Fulfillment).toHaveLength(1);
    expect(exported.data.AfterSalesEvent.map((e) => e.type)).toEqual(
      expect.arrayContaining(["customer.created", "order.placed", "order.fulfilled", "order.refunded"]),
    );
    const topics = exported.data.WebhookDelivery.map((d) => d.topic);
    for (const topic of [
      "customers/update",
      "orders/create",
      "fulfillments/create",
      "fulfillment_events/create",
      "refunds/create",
      "orders/updated",
      "customers/data_request",
    ]) {
      expect(topics, `a ${topic} delivery about John`).toContain(topic);
    }
    // Raw payloads are embedded as JSON, as received.
    expect(exported.data.WebhookDelivery.find((d) => d.topic === "customers/update")!.payload).toMatchObject({
      email: JOHN.email,
      default_address: { address1: JOHN.address1 },
    });
    expect(exported.data.ComplianceRequest.map((r) => r.webhookId)).toEqual(expect.arrayContaining([first, second]));
    // John's review, who wrote it and its photo's bytes (base64); Maria's review is not there.
    expect(exported.data.Review).toEqual([
      expect.objectContaining({
        orderGid: anna.johnOrder.admin_graphql_api_id,
        customerGid: gid(JOHN),
        authorName: `${JOHN.first} ${JOHN.last[0]}.`,
        authorEmail: JOHN.email,
        rating: 5,
        verified: true,
        status: "published",
      }),
    ]);
    expect(exported.data.ReviewPhoto).toEqual([
      expect.objectContaining({
        reviewId: exported.data.Review[0].id,
        contentType: "image/png",
        size: PNG.length,
        data: PNG.toString("base64"),
      }),
    ]);
    expect(Object.keys(exported.notHeld).sort()).toEqual([
      "Backfill",
      "CrossSellRule",
      "Job",
      "LoyaltyHistoryAward",
      "LoyaltyProgram",
      "LoyaltyReward",
      "LoyaltyTier",
      "MessageFlow",
      "MessageTemplate",
      "MessagingSettings",
      "ProductGuide",
      "ReturnSettings",
      "ReviewSettings",
      "Session",
      "Shop",
    ]);
    // Nothing of Maria, nothing of Bob's shop.
    for (const t of traces(MARIA)) expect(text.toLowerCase()).not.toContain(t.toLowerCase());
    for (const rows of Object.values(exported.data)) for (const r of rows) expect(r.shop).toBe(ANNA);

    // Every personal field the registry names reaches the export with the value stored (and this
    // test seeds a value for each, so a personal field added later must be added here too).
    for (const [model, rows] of held) {
      const rule = ruleFor(model as Parameters<typeof ruleFor>[0]).customer;
      if (rule.holds !== "customer") continue;
      const key = keyOf(model);
      const json = rule.json ?? [];
      for (const [field, kind] of Object.entries(rule.fields)) {
        if (kind !== "personal") continue;
        const withValue = rows.filter((r) => r[field] != null && !["", "[]", "{}"].includes(String(r[field])));
        expect(withValue.length, `seed a value for ${model}.${field} in this test`).toBeGreaterThan(0);
        for (const r of withValue) {
          const out = exported.data[model].find((e) => e[key] === r[key]);
          expect(out, `${model} ${String(r[key])} is in the export`).toBeDefined();
          const stored = r[field];
          const expected = stored instanceof Date ? stored.toISOString() : json.includes(field) ? parseShopifyJson(String(stored)) : stored;
          expect(out![field], `${model}.${field}`).toEqual(expected);
        }
      }
    }
  });
});

describe("customers/redact", () => {
  it("leaves no trace of the customer in the shop, keeps the shop's figures, and touches no one else", async () => {
    h = await startHarness();
    const { db } = h.runtime;
    const anna = await seedShop(h, ANNA, [JOHN, MARIA]);
    await seedShop(h, BOB, [JOHN]);
    const dataRequest = await request(h, ANNA, "customers/data_request", complianceBody("customers/data_request", ANNA, JOHN, []));
    const exportRow = await waitForRequest(h, dataRequest, ["completed"]);
    expect(await exportForDownload(db, ANNA, exportRow.id)).not.toBeNull();

    const before = await dumpDatabase(db);
    expect(
      mentioning(
        before.filter((r) => r.shop !== BOB),
        JOHN,
      ).length,
    ).toBeGreaterThan(10);
    const johnOrder = await db.order.findFirstOrThrow({ where: { shop: ANNA, orderGid: anna.johnOrder.admin_graphql_api_id } });
    const johnReview = await db.review.findFirstOrThrow({ where: { shop: ANNA, customerGid: gid(JOHN) }, include: { photos: true } });
    const mariaReview = await db.review.findFirstOrThrow({ where: { shop: ANNA, customerGid: gid(MARIA) }, include: { photos: true } });
    expect(johnReview.photos).toHaveLength(1);
    const johnEvents = await db.afterSalesEvent.findMany({ where: { shop: ANNA, orderGid: johnOrder.orderGid }, orderBy: { key: "asc" } });

    const body = complianceBody("customers/redact", ANNA, JOHN, [String(anna.johnOrder.id)]);
    const redact = await request(h, ANNA, "customers/redact", body);
    const done = await waitForRequest(h, redact, ["completed"]);
    await h.drain();

    const after = await dumpDatabase(db);
    // Not one row outside Bob's shop holds John's email, name, phone or address.
    expect(
      describeRows(
        mentioning(
          after.filter((r) => r.shop !== BOB),
          JOHN,
        ),
      ),
    ).toEqual([]);
    // Bob's shop (where John also bought) is exactly as it was, and still knows John.
    expect(texts(after.filter((r) => r.shop === BOB))).toEqual(texts(before.filter((r) => r.shop === BOB)));
    expect(
      mentioning(
        after.filter((r) => r.shop === BOB),
        JOHN,
      ).length,
    ).toBeGreaterThan(0);
    // Maria, in the same shop, is untouched.
    expect(texts(mentioning(after, MARIA))).toEqual(texts(mentioning(before, MARIA)));

    // What the merchant still sees: the order's figures and timeline, without the person.
    const order = await db.order.findFirstOrThrow({ where: { shop: ANNA, orderGid: johnOrder.orderGid } });
    expect(order).toMatchObject({
      email: null,
      customerGid: null,
      totalMinor: johnOrder.totalMinor,
      currency: johnOrder.currency,
      name: johnOrder.name,
    });
    expect(order.processedAt).toEqual(johnOrder.processedAt);
    const events = await db.afterSalesEvent.findMany({ where: { shop: ANNA, orderGid: johnOrder.orderGid }, orderBy: { key: "asc" } });
    expect(events.map((e) => [e.type, e.occurredAt.toISOString()])).toEqual(johnEvents.map((e) => [e.type, e.occurredAt.toISOString()]));
    expect(events.every((e) => e.customerGid === null)).toBe(true);
    expect(JSON.parse(events.find((e) => e.type === "order.refunded")!.detail)).toEqual({
      refundGid: expect.stringMatching(/^gid:\/\/shopify\/Refund\//),
      amountMinor: 4990,
      currency: "PLN",
    });
    const parcel = await db.fulfillment.findFirstOrThrow({ where: { shop: ANNA, orderGid: johnOrder.orderGid } });
    expect(parcel).toMatchObject({ status: "success", trackingCompany: "InPost", trackingNumbers: "[]", trackingUrls: "[]" });
    expect(await db.customer.count({ where: { shop: ANNA, customerGid: gid(JOHN) } })).toBe(0);
    expect(await db.customer.count({ where: { shop: ANNA, customerGid: gid(MARIA) } })).toBe(1);
    expect(await db.webhookDelivery.count({ where: { shop: ANNA, redactedAt: { not: null } } })).toBeGreaterThanOrEqual(8);
    // His review stays with the product, rating and words, but no longer names him, can no longer be
    // edited through its link, and its photo is gone; Maria's review and photo are as they were.
    const { photos: johnPhotosBefore, ...johnReviewBefore } = johnReview;
    const reviewAfter = await db.review.findUniqueOrThrow({ where: { id: johnReview.id }, include: { photos: true } });
    expect(reviewAfter).toMatchObject({
      ...johnReviewBefore,
      authorName: "Anonim",
      authorEmail: null,
      customerGid: null,
      editableUntil: expect.any(Date),
      updatedAt: expect.any(Date),
      photos: [],
    });
    expect(reviewAfter.editableUntil!.getTime()).toBeLessThanOrEqual(h.runtime.clock.now().getTime());
    expect(johnPhotosBefore).toHaveLength(1);
    expect(await db.reviewPhoto.count({ where: { shop: ANNA, reviewId: johnReview.id } })).toBe(0);
    expect(await db.review.findUniqueOrThrow({ where: { id: mariaReview.id }, include: { photos: true } })).toEqual(mariaReview);
    expect(Buffer.from(mariaReview.photos[0].data)).toEqual(PNG);

    // The earlier export is gone too, and the page says so; the redaction is recorded with its counts.
    expect(await exportForDownload(db, ANNA, exportRow.id)).toBeNull();
    const listed = await listPrivacyRequests(db, ANNA, 1);
    expect(listed.requests.find((r) => r.id === exportRow.id)).toMatchObject({
      status: "completed",
      exportState: "erased",
      filename: null,
    });
    expect(listed.requests.find((r) => r.id === done.id)).toMatchObject({
      topic: "customers/redact",
      status: "completed",
      customerId: JOHN.id,
      exportState: "none",
    });
    expect(done.completedAt).not.toBeNull();
    const summary = JSON.parse(done.result!) as { rows: Record<string, number> };
    expect(summary.rows).toMatchObject({
      Customer: 1,
      Order: 2,
      Fulfillment: 1,
      Effect: 1,
      ComplianceRequest: 1,
      Review: 1,
      ReviewPhoto: 1,
    });
    expect(summary.rows.WebhookDelivery).toBeGreaterThanOrEqual(8);

    // The same webhook again, and the same job again: nothing happens twice.
    expect((await h.sendWebhook("customers/redact", ANNA, body, { webhookId: redact })).status).toBe(200);
    await h.drain();
    await fulfilPrivacyRequest({ db, jobs: h.runtime.jobs, clock: h.runtime.clock }, redact, { attempt: 1 });
    expect(await db.complianceRequest.count({ where: { webhookId: redact } })).toBe(1);
    expect(await db.complianceRequest.findUniqueOrThrow({ where: { webhookId: redact } })).toMatchObject({
      completedAt: done.completedAt,
      result: done.result,
    });
    // Shopify asking again under a new id finds nothing left to erase.
    const again = await request(h, ANNA, "customers/redact", body);
    const second = await waitForRequest(h, again, ["completed"]);
    expect(JSON.parse(second.result!).rows).toMatchObject({ Customer: 0, Order: 0, Fulfillment: 0, Effect: 0 });
    await h.drain();
    expect(
      describeRows(
        mentioning(
          (await dumpDatabase(db)).filter((r) => r.shop !== BOB),
          JOHN,
        ),
      ),
    ).toEqual([]);
  });

  it("shows a redaction that failed half-way as failed, with why, and completes it on retry", async () => {
    h = await startHarness();
    const { db, jobs } = h.runtime;
    const anna = await seedShop(h, ANNA, [JOHN]);
    // The database refuses to change orders (a full disk, a lock held by an operator…).
    const pg = dialectOf(db) === "postgresql";
    if (pg) {
      await db.$executeRawUnsafe(
        `CREATE FUNCTION privacy_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'orders are read-only right now'; END $$`,
      );
      await db.$executeRawUnsafe(
        `CREATE TRIGGER privacy_test_refuse BEFORE UPDATE ON "Order" FOR EACH ROW EXECUTE FUNCTION privacy_test_refuse()`,
      );
    } else {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER privacy_test_refuse BEFORE UPDATE ON "Order" BEGIN SELECT RAISE(ABORT, 'orders are read-only right now'); END`,
      );
    }

    const redact = await request(h, ANNA, "customers/redact", complianceBody("customers/redact", ANNA, JOHN, [String(anna.johnOrder.id)]));
    const failed = await waitForRequest(h, redact, ["failed"], 30_000);
    // The database's reason, without the server's call site (drivers phrase the refusal differently).
    expect(failed.error).toMatch(/read-only|constraint/);
    expect(failed.attempts).toBeGreaterThan(1);
    // What ran before the failure is done and counted.
    expect(JSON.parse(failed.result!).rows).toMatchObject({ Fulfillment: 1 });
    const listed = (await listPrivacyRequests(db, ANNA, 1)).requests.find((r) => r.id === failed.id);
    expect(listed).toMatchObject({ status: "failed", error: failed.error });
    expect(failed.error).not.toContain("rules.server.ts");

    if (pg) await db.$executeRawUnsafe(`DROP TRIGGER privacy_test_refuse ON "Order"`);
    else await db.$executeRawUnsafe(`DROP TRIGGER privacy_test_refuse`);
    expect(await retryPrivacyRequest(db, jobs, BOB, failed.id)).toBe(false);
    expect(await retryPrivacyRequest(db, jobs, ANNA, failed.id)).toBe(true);
    expect(await retryPrivacyRequest(db, jobs, ANNA, failed.id)).toBe(false);
    const done = await waitForRequest(h, redact, ["completed"]);
    expect(done.error).toBeNull();
    // Counts add up over both runs: the parcel anonymised in the first run is not lost from the summary.
    expect(JSON.parse(done.result!).rows).toMatchObject({ Fulfillment: 1, Order: 2, Customer: 1 });
    await h.drain();
    expect(describeRows(mentioning(await dumpDatabase(db), JOHN))).toEqual([]);
  });
});

describe("shop/redact", () => {
  it("removes every row of the shop, its sessions and queued work, keeping only the record that it was done", async () => {
    h = await startHarness();
    const { db, jobs } = h.runtime;
    const staffSession = (shop: string, id: string) =>
      db.session.create({ data: { id, shop, state: "", accessToken: "shpat_test", email: `owner@${shop}`, firstName: "Owner" } });
    for (const shop of [ANNA, BOB]) {
      await db.shop.create({ data: { shop, name: `${shop} store`, email: `owner@${shop}` } });
      await staffSession(shop, `offline_${shop}`);
      // Work the shop had scheduled for next week.
      await jobs.enqueue(
        "shop.sync",
        { shop },
        { key: `privacy-test-sync:${shop}`, shop, runAt: new Date(h.runtime.clock.now().getTime() + 7 * 86_400_000) },
      );
    }
    const anna = await seedShop(h, ANNA, [JOHN, MARIA]);
    await seedShop(h, BOB, [JOHN]);
    const exportRequest = await request(
      h,
      ANNA,
      "customers/data_request",
      complianceBody("customers/data_request", ANNA, JOHN, [String(anna.johnOrder.id)]),
    );
    await waitForRequest(h, exportRequest, ["completed"]);
    const before = await dumpDatabase(db);
    const bobStats = await jobs.stats(BOB);

    // Shopify sends shop/redact 48 hours after the uninstall.
    expect((await h.sendWebhook("app/uninstalled", ANNA, { id: 954889, domain: ANNA })).status).toBe(200);
    await h.drain();
    // The uninstall deleted the shop's sessions; one stored by an admin page still open then is left.
    await staffSession(ANNA, "online_after_uninstall");
    const body = rawJson({ shop_id: 954889, shop_domain: ANNA });
    const redact = await request(h, ANNA, "shop/redact", body);
    const done = await waitForRequest(h, redact, ["completed"]);
    await h.drain();

    const after = await dumpDatabase(db);
    const left = after.filter((r) => r.shop === ANNA);
    // Only the record of the shop/redact request is left (the request and its delivery), naming no one.
    expect(left.map((r) => r.model).sort()).toEqual(["ComplianceRequest", "WebhookDelivery"]);
    for (const r of left) expect(r.text).toContain('"topic":"shop/redact"');
    expect(mentioning(left, JOHN)).toEqual([]);
    expect(mentioning(left, MARIA)).toEqual([]);
    for (const model of Prisma.dmmf.datamodel.models.filter((m) => m.fields.some((f) => f.name === "shop"))) {
      const delegate = (db as unknown as Record<string, { count(a: object): Promise<number> }>)[
        model.name[0].toLowerCase() + model.name.slice(1)
      ];
      const expected = model.name === "ComplianceRequest" || model.name === "WebhookDelivery" ? 1 : 0;
      expect(await delegate.count({ where: { shop: ANNA } }), `${model.name} rows of the shop`).toBe(expected);
    }
    expect(await jobs.stats(ANNA)).toEqual({ queued: 0, delayed: 0, retrying: 0, running: 0, completed: 0, dead: 0 });
    // Bob's shop is exactly as it was, his scheduled work included.
    expect(texts(after.filter((r) => r.shop === BOB))).toEqual(texts(before.filter((r) => r.shop === BOB)));
    expect(await jobs.stats(BOB)).toEqual(bobStats);

    expect(done).toMatchObject({ status: "completed", error: null });
    const summary = JSON.parse(done.result!) as { rows: Record<string, number> };
    expect(summary.rows).toMatchObject({ Shop: 1, Session: 1, Customer: 2, Order: 3, ComplianceRequest: 1 });
    expect(summary.rows.Job).toBeGreaterThanOrEqual(1);
    expect((await listPrivacyRequests(db, ANNA, 1)).requests).toEqual([
      expect.objectContaining({ topic: "shop/redact", status: "completed", customerId: null, exportState: "none" }),
    ]);

    // A duplicate delivery and a re-run change nothing.
    expect((await h.sendWebhook("shop/redact", ANNA, body, { webhookId: redact })).status).toBe(200);
    await h.drain();
    await fulfilPrivacyRequest({ db, jobs, clock: h.runtime.clock }, redact, { attempt: 1 });
    expect(await db.complianceRequest.findMany({ where: { shop: ANNA } })).toEqual([
      expect.objectContaining({ webhookId: redact, completedAt: done.completedAt, result: done.result }),
    ]);
  });
});

describe("privacy requests in the admin", () => {
  it("keeps a deeply nested request exactly as received, and shows and serves each shop only its own", async () => {
    h = await startHarness();
    const { db, jobs } = h.runtime;
    const depth = 20_000;
    const body = complianceBody("customers/data_request", ANNA, JOHN, [], `,"extra":${"[".repeat(depth)}"x"${"]".repeat(depth)}`);
    const webhookId = await request(h, ANNA, "customers/data_request", body);
    const row = await waitForRequest(h, webhookId, ["completed"]);
    expect(row.payload).toBe(body);
    expect(row.customerGid).toBe(gid(JOHN));

    const own = await exportForDownload(db, ANNA, row.id);
    expect(own?.filename).toBe(`customer-${JOHN.id}-data-${row.receivedAt.toISOString().slice(0, 10)}.json`);
    expect(() => parseShopifyJson(own!.body)).not.toThrow();
    expect((await listPrivacyRequests(db, ANNA, 1)).requests).toEqual([
      expect.objectContaining({
        id: row.id,
        topic: "customers/data_request",
        customerId: JOHN.id,
        status: "completed",
        exportState: "ready",
        filename: own!.filename,
      }),
    ]);

    // Bob's admin neither lists nor serves Anna's request, and cannot retry it.
    expect((await listPrivacyRequests(db, BOB, 1)).requests).toEqual([]);
    expect(await exportForDownload(db, BOB, row.id)).toBeNull();
    expect(await exportForDownload(db, ANNA, "no-such-request")).toBeNull();
    expect(await retryPrivacyRequest(db, jobs, ANNA, row.id)).toBe(false);
  });
});
