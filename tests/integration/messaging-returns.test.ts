// A return's status emails through the event log, the messaging engine and a real SMTP server: each
// step's event sends its email at once (late at night too), in the shopper's language, with the
// return's items, amounts, the merchant's message, the label and the button to the status page; the
// same step reported twice (the app's action and Shopify's webhook) sends one email; a flow switched
// off sends nothing; the Flows editor previews each step.
import { afterEach, describe, expect, it } from "vitest";
import type { ParsedMail } from "mailparser";
import type { NewEvent } from "~/events/types";
import { ManualClock } from "~/platform/clock";
import { markInstalled } from "~/shops/shops.server";
import { defaultCopy } from "~/messaging/email/default-copy";
import { previewEmail } from "~/messaging/preview.server";
import { defaultFlow, saveFlowSettings } from "~/messaging/settings.server";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { startHarness, type Harness } from "../support/app-harness";
import { nextId, orderPayload } from "../support/payloads";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { waitForValue } from "../support/wait";

const SHOP = "zwroty-ceramiki.myshopify.com";
/** 23:30 in Warsaw: outside the default send window, which a return's update does not wait for. */
const NOW = new Date("2026-11-02T22:30:00Z");

let h: Harness | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  await sink?.close();
  sink = undefined;
});

interface Order {
  orderGid: string;
  orderId: string;
  name: string;
  email: string;
}

async function start(): Promise<Harness> {
  sink = await startSmtpSink();
  const clock = new ManualClock(NOW);
  h = await startHarness({ clock, messageTickMs: 50, envVars: { SMTP_URL: sink.url } });
  await markInstalled(h.runtime.db, SHOP, null, clock);
  await h.runtime.db.shop.update({ where: { shop: SHOP }, data: { timezone: "Europe/Warsaw", name: "Ceramika Anny", currency: "PLN" } });
  return h;
}

async function placeOrder(harness: Harness, over: Record<string, unknown>): Promise<Order> {
  const order = orderPayload(over);
  await harness.sendWebhook("orders/create", SHOP, order);
  await harness.drain();
  return { orderGid: order.admin_graphql_api_id, orderId: String(order.id), name: order.name, email: order.email };
}

const statusUrl = (returnId: string) => `https://${SHOP}/apps/aftercare/returns/${returnId}?t=signed-token`;

/**
 * A return event as the returns capability appends it (app/returns/case-events.server.ts): its case,
 * Shopify's return once there is one, and the fields the emails read.
 */
function returnEvent(
  type: string,
  order: Order,
  ids: { caseId: string; returnId: string | null },
  detail: Record<string, unknown>,
  key = type,
): NewEvent {
  const returnGid = ids.returnId ? `gid://shopify/Return/${ids.returnId}` : null;
  return {
    type,
    key: `${returnGid ?? `return-case:${ids.caseId}`}:${key}`,
    orderGid: order.orderGid,
    customerGid: null,
    occurredAt: h!.runtime.clock.now(),
    detail: { returnGid, caseId: ids.caseId, status: null, name: `${order.name}-R1`, ...detail },
  } as NewEvent;
}

async function append(...events: NewEvent[]) {
  await h!.runtime.events.append(SHOP, events, { source: "app" });
}

function mailsTo(order: Order, count: number): Promise<ParsedMail[]> {
  return waitForValue(
    () => {
      const mails = sink!.messages.filter((m) => JSON.stringify(m.to).includes(order.email));
      return mails.length >= count ? mails : null;
    },
    20_000,
    20,
    `${count} emails to ${order.email}`,
  );
}

const plain = (mail: ParsedMail) => (mail.text ?? "").replace(/\u00a0|\u202f/g, " ");

/** Every job of the shop has run (the events' subscribers among them). */
function settled(): Promise<true> {
  return waitForValue(
    async () => {
      const s = await h!.runtime.jobs.stats(SHOP);
      return s.queued + s.running + s.retrying === 0 ? true : null;
    },
    20_000,
    20,
    "the shop's jobs to finish",
  );
}

/** The return emails in the order a return goes through them. */
const RETURN_STEPS = ["return_requested", "return_approved", "return_label_added", "return_received", "return_processed", "return_closed"];

function rowsOf(order: Order) {
  return h!.runtime.db.message.findMany({ where: { shop: SHOP, orderGid: order.orderGid }, orderBy: { createdAt: "asc" } });
}

/** The order's messages once none is still on its way. */
function sentRows(order: Order, count: number) {
  return waitForValue(async () => {
    const rows = await rowsOf(order);
    return rows.length === count && rows.every((r) => r.status === "sent") ? rows : null;
  });
}

describe("return status emails", () => {
  it("sends each step's email at once, in the shopper's language, with the amounts, message, label and status button", async () => {
    const harness = await start();
    const anna = await placeOrder(harness, { id: nextId(), customer_locale: "pl", email: "anna@example.com" });
    const items = [{ lineItemGid: "gid://shopify/LineItem/1", title: "Lniany fartuch", quantity: 2 }];
    // The request waits for the merchant: Shopify does not know it yet, the case does.
    const asked = { caseId: "case-501", returnId: null };
    const known = { caseId: "case-501", returnId: "501" };

    await append(
      returnEvent("return.requested", anna, asked, {
        status: "requested",
        items,
        resolution: "store_credit",
        amounts: { itemsMinor: 22_718, totalMinor: 24_990, currency: "PLN", bonusMinor: 2_272 },
        statusUrl: statusUrl("501"),
        locale: "pl",
      }),
    );
    const [requested] = await mailsTo(anna, 1);
    expect(requested.subject).toBe(`Otrzymaliśmy zgłoszenie zwrotu do zamówienia ${anna.name}`);
    expect(plain(requested)).toContain(`Zwrot ${anna.name}-R1`);
    expect(plain(requested)).toContain("2 × Lniany fartuch");
    expect(plain(requested)).toContain("Środki do wykorzystania w sklepie: 249,90 zł (w tym premia 22,72 zł)");
    expect(plain(requested)).toContain(`Zobacz status zwrotu: ${statusUrl("501")}`);
    expect(plain(requested)).toContain("Co dalej");

    // The merchant approves with a note; Shopify's return now exists. Items, amounts and the button
    // come from the request's event.
    await append(returnEvent("return.approved", anna, known, { status: "approved", message: "Prosimy odesłać paczkę w ciągu 14 dni." }));
    const [, approved] = await mailsTo(anna, 2);
    expect(approved.subject).toBe(`Zwrot do zamówienia ${anna.name} został przyjęty`);
    expect(plain(approved)).toContain("Wiadomość od sklepu Ceramika Anny:");
    expect(plain(approved)).toContain("Prosimy odesłać paczkę w ciągu 14 dni.");
    expect(plain(approved)).toContain("2 × Lniany fartuch");
    expect(plain(approved)).toContain(`Zobacz status zwrotu: ${statusUrl("501")}`);

    await append(
      returnEvent("return.label_added", anna, known, {
        status: "in_transit",
        label: {
          url: "https://labels.example/501.pdf",
          trackingNumber: "00340434161",
          trackingUrl: "https://track.example/00340434161",
          carrier: "InPost",
        },
      }),
    );
    const [, , label] = await mailsTo(anna, 3);
    expect(label.subject).toBe(`Etykieta zwrotna do zamówienia ${anna.name}`);
    expect(plain(label)).toContain("Pobierz etykietę zwrotną: https://labels.example/501.pdf");
    expect(plain(label)).toContain("Przewoźnik: InPost");
    expect(plain(label)).toContain("Numer przesyłki: 00340434161");
    expect(plain(label)).toContain("Śledź przesyłkę: https://track.example/00340434161");
    // The approval's note is not repeated.
    expect(plain(label)).not.toContain("14 dni");

    await append(returnEvent("return.received", anna, known, { status: "received" }));
    const [, , , received] = await mailsTo(anna, 4);
    expect(received.subject).toBe(`Zwrócone produkty z zamówienia ${anna.name} dotarły`);
    expect(plain(received)).not.toContain("00340434161");

    await append(
      returnEvent("return.processed", anna, known, {
        status: "processed",
        amounts: { itemsMinor: 22_718, totalMinor: 24_990, currency: "PLN", bonusMinor: 2_272 },
        storeCreditMinor: 24_990,
      }),
    );
    const [, , , , processed] = await mailsTo(anna, 5);
    expect(processed.subject).toBe(`Zwrot do zamówienia ${anna.name} został zakończony`);
    expect(plain(processed)).toContain("Dodaliśmy 249,90 zł do środków na Twoim koncie w sklepie, w tym premię 22,72 zł.");

    await append(returnEvent("return.closed", anna, known, { status: "closed" }));
    const [, , , , , closed] = await mailsTo(anna, 6);
    expect(closed.subject).toBe(`Zwrot do zamówienia ${anna.name} został zamknięty`);

    // The Outbox: one transactional row per step, sent, in Polish; the request is keyed by its case.
    // (Compared as a set: the steps came within the same instant of the test's clock, so their rows'
    // creation times tie and PostgreSQL may list them in any order.)
    const rows = await sentRows(anna, 6);
    const byStep = (a: string[], b: string[]) => RETURN_STEPS.indexOf(a[0]) - RETURN_STEPS.indexOf(b[0]);
    expect(rows.map((r) => [r.flow, r.category, r.locale, r.key]).sort(byStep)).toEqual([
      ["return_requested", "transactional", "pl", "return_requested:return-case:case-501"],
      ["return_approved", "transactional", "pl", "return_approved:gid://shopify/Return/501"],
      ["return_label_added", "transactional", "pl", "return_label_added:gid://shopify/Return/501"],
      ["return_received", "transactional", "pl", "return_received:gid://shopify/Return/501"],
      ["return_processed", "transactional", "pl", "return_processed:gid://shopify/Return/501"],
      ["return_closed", "transactional", "pl", "return_closed:gid://shopify/Return/501"],
    ]);
  }, 90_000);

  it("writes in English to an English shopper: the reason for declining, a refund, an exchange", async () => {
    const harness = await start();
    const sam = await placeOrder(harness, { id: nextId(), customer_locale: "en-GB", email: "sam@example.com", currency: "EUR" });
    await append(
      returnEvent(
        "return.declined",
        sam,
        { caseId: "case-502", returnId: null },
        {
          status: "declined",
          message: "The return period for this order ended on 1 October.",
          statusUrl: statusUrl("502"),
        },
      ),
    );
    const [declined] = await mailsTo(sam, 1);
    expect(declined.subject).toBe(`About your return request for ${sam.name}`);
    expect(plain(declined)).toContain("A message from Ceramika Anny:");
    expect(plain(declined)).toContain("The return period for this order ended on 1 October.");
    expect(plain(declined)).toContain(`View your return: ${statusUrl("502")}`);
    expect(declined.html).toContain('lang="en"');

    await append(
      returnEvent(
        "return.processed",
        sam,
        { caseId: "case-503", returnId: "503" },
        {
          status: "processed",
          resolution: "refund",
          items: [{ lineItemGid: "gid://shopify/LineItem/2", title: "Linen apron", quantity: 1 }],
          amounts: { itemsMinor: 12_495, totalMinor: 11_995, currency: "EUR", bonusMinor: 0 },
          statusUrl: statusUrl("503"),
        },
      ),
    );
    const [, refunded] = await mailsTo(sam, 2);
    expect(plain(refunded)).toContain("We've refunded €119.95.");

    await append(
      returnEvent(
        "return.processed",
        sam,
        { caseId: "case-504", returnId: "504" },
        {
          status: "processed",
          resolution: "exchange",
          items: [{ lineItemGid: "gid://shopify/LineItem/2", title: "Linen apron", quantity: 1, exchangeFor: "Linen apron — Navy" }],
          amounts: { itemsMinor: 12_495, totalMinor: 12_495, currency: "EUR", bonusMinor: 0 },
        },
      ),
    );
    const [, , exchanged] = await mailsTo(sam, 3);
    expect(plain(exchanged)).toContain("Your exchange is being prepared: Linen apron — Navy.");
  }, 90_000);

  it("sends one email when the same step is reported twice (the app's action and Shopify's webhook)", async () => {
    const harness = await start();
    const anna = await placeOrder(harness, { id: nextId(), customer_locale: "pl", email: "anna@example.com" });
    const returnId = nextId();
    const ids = { caseId: "case-dup", returnId };
    await append(
      returnEvent("return.approved", anna, ids, {
        status: "OPEN",
        resolution: "refund",
        amounts: { totalMinor: 12_495, currency: "PLN", bonusMinor: 0 },
        statusUrl: statusUrl(returnId),
      }),
    );
    // Shopify's returns/approve webhook for the same return, twice (a retried delivery), and the app's event again.
    const webhook = {
      id: Number(returnId),
      admin_graphql_api_id: `gid://shopify/Return/${returnId}`,
      status: "OPEN",
      name: `${anna.name}-R1`,
      order: { id: Number(anna.orderId), admin_graphql_api_id: anna.orderGid },
    };
    const first = await harness.sendWebhook("returns/approve", SHOP, webhook);
    await harness.sendWebhook("returns/approve", SHOP, webhook, { webhookId: first.webhookId });
    await harness.drain();
    await append(returnEvent("return.approved", anna, ids, { status: "OPEN" }));
    await settled();

    const events = await harness.runtime.db.afterSalesEvent.count({ where: { shop: SHOP, type: "return.approved" } });
    expect(events).toBe(2);
    const [row] = await sentRows(anna, 1);
    expect(row.key).toBe(`return_approved:gid://shopify/Return/${returnId}`);
    const mails = await mailsTo(anna, 1);
    expect(mails).toHaveLength(1);
    expect(plain(mails[0])).toContain("Zwrot pieniędzy: 124,95 zł");
  }, 90_000);

  it("sends nothing for a step whose flow is switched off", async () => {
    const harness = await start();
    const anna = await placeOrder(harness, { id: nextId(), customer_locale: "pl", email: "anna@example.com" });
    await saveFlowSettings(harness.runtime.db, SHOP, "return_approved", { ...defaultFlow("return_approved"), enabled: false });
    const ids = { caseId: "case-off", returnId: "503" };
    await append(returnEvent("return.approved", anna, ids, { status: "OPEN", statusUrl: statusUrl("503") }));
    await settled();
    expect(await rowsOf(anna)).toEqual([]);

    // The other steps still go.
    await append(returnEvent("return.closed", anna, ids, { status: "CLOSED" }));
    const [closed] = await mailsTo(anna, 1);
    expect(closed.subject).toBe(`Zwrot do zamówienia ${anna.name} został zamknięty`);
    const rows = await sentRows(anna, 1);
    expect(rows.map((r) => r.flow)).toEqual(["return_closed"]);
    expect(sink!.messages).toHaveLength(1);
  }, 90_000);

  it("keeps a return's email when the order is refunded before it goes (the refund is what it reports)", async () => {
    const harness = await start();
    const order = orderPayload({ id: nextId(), customer_locale: "pl", email: "anna@example.com" });
    await harness.sendWebhook("orders/create", SHOP, order);
    await harness.drain();
    const anna = { orderGid: order.admin_graphql_api_id, orderId: String(order.id), name: order.name, email: order.email };
    const line = order.line_items[0];
    // Processed a minute from now: planned, not yet due.
    const event = returnEvent(
      "return.processed",
      anna,
      { caseId: "case-refund", returnId: "505" },
      {
        status: "processed",
        resolution: "refund",
        amounts: { itemsMinor: 24_990, totalMinor: 24_990, currency: "PLN", bonusMinor: 0 },
      },
    );
    await append({ ...event, occurredAt: new Date(NOW.getTime() + 60_000) });
    await waitForValue(async () => ((await rowsOf(anna)).length === 1 ? true : null));
    await harness.sendWebhook("refunds/create", SHOP, {
      id: Number(nextId()),
      admin_graphql_api_id: `gid://shopify/Refund/${nextId()}`,
      order_id: Number(anna.orderId),
      created_at: NOW.toISOString(),
      processed_at: NOW.toISOString(),
      note: null,
      transactions: [{ kind: "refund", status: "success", amount: "249.90", currency: "PLN" }],
      refund_line_items: [
        { line_item_id: line.id, quantity: line.quantity, line_item: { admin_graphql_api_id: line.admin_graphql_api_id } },
      ],
    });
    await harness.drain();
    await waitForValue(() => harness.runtime.db.afterSalesEvent.findFirst({ where: { shop: SHOP, type: "order.refunded" } }));
    await settled();
    expect((await rowsOf(anna)).map((r) => [r.flow, r.status])).toEqual([["return_processed", "planned"]]);

    (harness.runtime.clock as ManualClock).set(new Date(NOW.getTime() + 61_000));
    harness.runtime.kick();
    const [processed] = await mailsTo(anna, 1);
    expect(plain(processed)).toContain("Zwróciliśmy 249,90 zł.");
  }, 90_000);

  it("previews each step in the Flows editor with sample data, its button going nowhere", async () => {
    const harness = await start();
    const deps = {
      db: harness.runtime.db,
      clock: harness.runtime.clock,
      shopify: { apiVersion: SHOPIFY_API_VERSION, originTemplate: harness.runtime.env.SHOPIFY_ADMIN_API_ORIGIN },
      appUrl: harness.runtime.env.SHOPIFY_APP_URL,
      secret: harness.runtime.env.SHOPIFY_API_SECRET,
    };
    const processed = await previewEmail(deps, SHOP, {
      flow: "return_processed",
      locale: "pl",
      copy: defaultCopy("return_processed", "pl"),
    });
    expect(processed.source).toEqual({ kind: "sample" });
    expect(processed.subject).toBe("Zwrot do zamówienia #1001 został zakończony");
    expect(processed.text.replace(/\u00a0|\u202f/g, " ")).toContain("Zwróciliśmy 119,00 zł.");
    expect(processed.text).toContain("Zobacz status zwrotu: #return-status");
    const label = await previewEmail(deps, SHOP, {
      flow: "return_label_added",
      locale: "en",
      copy: defaultCopy("return_label_added", "en"),
    });
    expect(label.text).toContain("Tracking number: 00340434161234567890");
    const declined = await previewEmail(deps, SHOP, { flow: "return_declined", locale: "en", copy: defaultCopy("return_declined", "en") });
    expect(declined.text).toContain("A message from Ceramika Anny:");
    // A preview is not an email: nothing is planned or sent.
    expect(await harness.runtime.db.message.count({ where: { shop: SHOP } })).toBe(0);
  }, 90_000);
});
