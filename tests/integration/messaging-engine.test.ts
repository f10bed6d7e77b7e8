// The messaging engine end to end through the app's webhooks, a real SMTP server and a controlled
// clock: the delivery follow-up leaves at the right local time in Warsaw and in Los Angeles, once
// however often Shopify repeats itself; refunds and cancellations take back pending messages; an
// unsubscribed customer still hears about their order but gets no marketing; an SMTP outage delays
// and a 5xx refusal fails a message; a process killed mid-send leaves it flagged, never resent blindly.
import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "~/platform/clock";
import { markInstalled } from "~/shops/shops.server";
import { recordCsat, lowCsatAlerts } from "~/messaging/csat.server";
import { messageIdFor } from "~/messaging/signed-links";
import { saveMessagingSettings, DEFAULT_SETTINGS } from "~/messaging/settings.server";
import { unsubscribe } from "~/messaging/unsubscribe.server";
import { startHarness, type Harness } from "../support/app-harness";
import { fulfillmentPayload, nextId, orderPayload } from "../support/payloads";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { startWorkerProcess } from "../support/worker-process";
import { waitForValue } from "../support/wait";

const WARSAW = "warsaw-ceramics.myshopify.com";
const LA = "la-linen.myshopify.com";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DELIVERED = new Date("2026-11-02T19:30:00Z");

let h: Harness | undefined;
let sink: SmtpSink | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
  await h?.stop();
  h = undefined;
  await sink?.close();
  sink = undefined;
});

async function start(clock: ManualClock, smtpUrl: string, options: Parameters<typeof startHarness>[0] = {}) {
  const harness = await startHarness({ clock, messageTickMs: 50, ...options, envVars: { SMTP_URL: smtpUrl, ...options.envVars } });
  h = harness;
  for (const [shop, timezone, name] of [
    [WARSAW, "Europe/Warsaw", "Ceramika Anny"],
    [LA, "America/Los_Angeles", "LA Linen"],
  ] as const) {
    await markInstalled(harness.runtime.db, shop, null, clock);
    await harness.runtime.db.shop.update({ where: { shop }, data: { timezone, name } });
  }
  return harness;
}

interface Placed {
  orderGid: string;
  orderId: string;
  lineGids: string[];
}

/** orders/create → fulfillments/create → a carrier's delivered scan, as Shopify sends them. */
async function deliverOrder(harness: Harness, shop: string, over: Record<string, unknown> = {}, deliveredAt = DELIVERED): Promise<Placed> {
  const id = typeof over.id === "string" ? over.id : nextId();
  const order = orderPayload({ ...over, id });
  // One at a time, as Shopify sends them days apart (the app also copes with them out of order).
  await harness.sendWebhook("orders/create", shop, order);
  await harness.drain();
  const fulfillment = fulfillmentPayload(id, { created_at: new Date(deliveredAt.getTime() - 2 * DAY).toISOString() });
  await harness.sendWebhook("fulfillments/create", shop, fulfillment);
  await harness.drain();
  await harness.sendWebhook("fulfillment_events/create", shop, {
    id: nextId(),
    fulfillment_id: String(fulfillment.id),
    order_id: id,
    status: "delivered",
    happened_at: deliveredAt.toISOString(),
  });
  await harness.drain();
  const lines = (order.line_items as { admin_graphql_api_id: string }[]).map((l) => l.admin_graphql_api_id);
  return { orderGid: order.admin_graphql_api_id, orderId: id, lineGids: lines };
}

async function messagesOf(harness: Harness, shop: string, orderGid: string) {
  return harness.runtime.db.message.findMany({ where: { shop, orderGid }, orderBy: { flow: "asc" } });
}

/** The three emails a delivered order plans: the follow-up, the cross-sell and the review request. */
async function planned(harness: Harness, shop: string, orderGid: string, count = 3) {
  return waitForValue(async () => {
    const rows = await messagesOf(harness, shop, orderGid);
    return rows.length === count ? rows : null;
  });
}

/** Moves the clock and lets the dispatcher and jobs run (the clock's jump wakes the dispatcher). */
async function advanceTo(clock: ManualClock, at: Date) {
  clock.set(at);
  h!.runtime.kick();
}

const byFlow = <T extends { flow: string }>(rows: T[], flow: string) => rows.find((r) => r.flow === flow)!;

describe("delivery follow-up timing", () => {
  it("leaves a day after delivery inside each shop's local send window (Warsaw and Los Angeles)", async () => {
    sink = await startSmtpSink();
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, sink.url);
    const waw = await deliverOrder(harness, WARSAW, { customer_locale: "pl" });
    const la = await deliverOrder(harness, LA, { customer_locale: "en", email: "sam@example.com", currency: "USD" });
    const wawRows = await planned(harness, WARSAW, waw.orderGid);
    const laRows = await planned(harness, LA, la.orderGid);

    // Warsaw: delivered 20:30 local, +1 day = 20:30 — after the 20:00 close: 09:00 the next morning (UTC+1).
    expect(byFlow(wawRows, "delivery_follow_up")).toMatchObject({
      status: "planned",
      category: "transactional",
      locale: "pl",
      dueAt: new Date("2026-11-03T19:30:00Z"),
      sendAt: new Date("2026-11-04T08:00:00Z"),
    });
    // Los Angeles: delivered 11:30 local (UTC−8 since DST ended), +1 day is inside the window.
    expect(byFlow(laRows, "delivery_follow_up")).toMatchObject({ status: "planned", sendAt: new Date("2026-11-03T19:30:00Z") });
    // The cross-sell waits 14 days and is marketing.
    expect(byFlow(laRows, "cross_sell")).toMatchObject({
      status: "planned",
      category: "marketing",
      dueAt: new Date(DELIVERED.getTime() + 14 * DAY),
    });

    await advanceTo(clock, new Date("2026-11-03T19:29:00Z"));
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.messages).toHaveLength(0);

    await advanceTo(clock, new Date("2026-11-03T19:31:00Z"));
    const [laMail] = await sink.waitFor(1);
    expect(laMail.to && "text" in laMail.to ? laMail.to.text : "").toBe("sam@example.com");
    expect(laMail.subject).toContain("How");
    expect(laMail.messageId).toBe(messageIdFor(LA, `delivery_follow_up:${la.orderGid}`));
    // Long header lines arrive folded (CRLF + space); unfolded they are one line.
    const lines = Object.fromEntries(laMail.headerLines.map((l) => [l.key, l.line.replace(/\r\n(?=[ \t])/g, "")]));
    expect(lines["list-unsubscribe-post"]).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(lines["list-unsubscribe"]).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:3000\/m\/unsubscribe\/[\w-]+\.[\w-]+>$/);
    expect(laMail.html && [...laMail.html.matchAll(/\/m\/csat\/[^"?]+\?score=(\d)/g)].map((m) => m[1])).toEqual(["1", "2", "3", "4", "5"]);
    expect(laMail.text).toContain("Linen apron");
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages).toHaveLength(1);

    await advanceTo(clock, new Date("2026-11-04T08:00:30Z"));
    const mails = await sink.waitFor(2);
    expect(mails[1].to && "text" in mails[1].to ? mails[1].to.text : "").toBe("anna@example.com");
    expect(mails[1].html).toContain('lang="pl"');
    // The mail is in the mailbox as soon as the SMTP server took it; the row says so right after.
    const sent = await waitForValue(async () => {
      const row = byFlow(await messagesOf(harness, WARSAW, waw.orderGid), "delivery_follow_up");
      return row.status === "sent" ? row : null;
    });
    expect(sent).toMatchObject({ status: "sent", sentAt: new Date("2026-11-04T08:00:30Z"), subject: mails[1].subject });
    const timeline = await harness.runtime.db.afterSalesEvent.findMany({
      where: { shop: WARSAW, orderGid: waw.orderGid, type: "message.sent" },
    });
    expect(timeline).toHaveLength(1);
  }, 60_000);

  it("sends once however often Shopify repeats the delivery", async () => {
    sink = await startSmtpSink();
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, sink.url);
    const order = await deliverOrder(harness, LA, { email: "sam@example.com" });
    // The same scan again under a new webhook id, and the same delivery webhook id twice.
    const again = { id: nextId(), fulfillment_id: "1", order_id: order.orderId, status: "delivered", happened_at: DELIVERED.toISOString() };
    await harness.sendWebhook("fulfillment_events/create", LA, again, { webhookId: "dup-1" });
    await harness.sendWebhook("fulfillment_events/create", LA, again, { webhookId: "dup-1" });
    await harness.sendWebhook("fulfillment_events/create", LA, { ...again, id: nextId() });
    await harness.drain();
    await planned(harness, LA, order.orderGid);
    await advanceTo(clock, new Date("2026-11-03T20:00:00Z"));
    await sink.waitFor(1);
    await advanceTo(clock, new Date("2026-11-03T21:00:00Z"));
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages).toHaveLength(1);
    expect(await messagesOf(harness, LA, order.orderGid)).toHaveLength(3);
  }, 60_000);
});

describe("taking messages back", () => {
  it("a refund of every item cancels the order's pending messages; a partial refund only removes the refunded items", async () => {
    sink = await startSmtpSink();
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, sink.url);
    const id = nextId();
    const twoLines = {
      id,
      line_items: [
        {
          id: 1,
          admin_graphql_api_id: `gid://shopify/LineItem/${id}1`,
          product_id: 1,
          variant_id: 11,
          title: "Mug",
          quantity: 1,
          price: "40.00",
        },
        {
          id: 2,
          admin_graphql_api_id: `gid://shopify/LineItem/${id}2`,
          product_id: 2,
          variant_id: 22,
          title: "Bowl",
          quantity: 2,
          price: "60.00",
        },
      ],
    };
    const order = await deliverOrder(harness, WARSAW, twoLines);
    await planned(harness, WARSAW, order.orderGid);
    const refund = (lineGid: string, quantity: number) => ({
      id: Number(nextId()),
      admin_graphql_api_id: `gid://shopify/Refund/${nextId()}`,
      order_id: Number(order.orderId),
      created_at: clock.now().toISOString(),
      processed_at: clock.now().toISOString(),
      note: null,
      transactions: [{ kind: "refund", status: "success", amount: "40.00", currency: "PLN" }],
      refund_line_items: [
        { line_item_id: Number(lineGid.split("/").pop()), quantity, line_item: { admin_graphql_api_id: lineGid }, subtotal: "40.00" },
      ],
    });
    await harness.sendWebhook("refunds/create", WARSAW, refund(order.lineGids[0], 1));
    await harness.drain();
    const afterPartial = await waitForValue(async () => {
      const rows = await messagesOf(harness, WARSAW, order.orderGid);
      return rows.every((r) => JSON.parse(r.items).length === 1) ? rows : null;
    });
    // Each of the three (by flow: cross-sell, follow-up, review request) keeps only the bowl.
    expect(afterPartial.map((r) => [r.flow, r.status, JSON.parse(r.items)])).toEqual([
      ["cross_sell", "planned", [order.lineGids[1]]],
      ["delivery_follow_up", "planned", [order.lineGids[1]]],
      ["review_request", "planned", [order.lineGids[1]]],
    ]);

    await harness.sendWebhook("refunds/create", WARSAW, refund(order.lineGids[1], 2));
    await harness.drain();
    const cancelled = await waitForValue(async () => {
      const rows = await messagesOf(harness, WARSAW, order.orderGid);
      return rows.every((r) => r.status === "cancelled") ? rows : null;
    });
    expect(cancelled.map((r) => [r.flow, r.reason])).toEqual([
      ["cross_sell", "order_refunded"],
      ["delivery_follow_up", "order_refunded"],
      ["review_request", "order_refunded"],
    ]);
    const notes = await harness.runtime.db.afterSalesEvent.findMany({
      where: { shop: WARSAW, orderGid: order.orderGid, type: "message.not_sent" },
    });
    expect(notes).toHaveLength(3);
    await advanceTo(clock, new Date(DELIVERED.getTime() + 15 * DAY));
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.messages).toHaveLength(0);
  }, 60_000);

  it("a cancelled order's pending messages are cancelled", async () => {
    sink = await startSmtpSink();
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, sink.url);
    const order = await deliverOrder(harness, LA);
    await planned(harness, LA, order.orderGid);
    await harness.sendWebhook(
      "orders/cancelled",
      LA,
      orderPayload({
        id: order.orderId,
        cancelled_at: clock.now().toISOString(),
        updated_at: clock.now().toISOString(),
        financial_status: "refunded",
      }),
    );
    await harness.drain();
    const rows = await waitForValue(async () => {
      const r = await messagesOf(harness, LA, order.orderGid);
      return r.every((m) => m.status === "cancelled") ? r : null;
    });
    expect(rows.map((r) => [r.flow, r.reason])).toEqual([
      ["cross_sell", "order_cancelled"],
      ["delivery_follow_up", "order_cancelled"],
      ["review_request", "order_cancelled"],
    ]);
  }, 60_000);

  it("an unsubscribed customer still gets the follow-up, and no marketing", async () => {
    sink = await startSmtpSink();
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, sink.url);
    await harness.sendWebhook("customers/create", LA, {
      id: 7001,
      admin_graphql_api_id: "gid://shopify/Customer/7001",
      email: "anna@example.com",
      first_name: "Anna",
      created_at: "2026-10-01T10:00:00Z",
      updated_at: "2026-10-01T10:00:00Z",
      email_marketing_consent: { state: "subscribed", consent_updated_at: "2026-10-01T10:00:00Z" },
    });
    const order = await deliverOrder(harness, LA);
    await planned(harness, LA, order.orderGid);
    // The customer clicks "unsubscribe" in some earlier email: pending marketing (the cross-sell and
    // the review request) goes at once.
    const result = await unsubscribe(
      harness.runtime,
      LA,
      { email: "Anna@Example.com", customerGid: "gid://shopify/Customer/7001" },
      "one_click",
    );
    expect(result).toEqual({ changed: true, cancelled: 2 });
    expect(
      await unsubscribe(harness.runtime, LA, { email: "anna@example.com", customerGid: "gid://shopify/Customer/7001" }, "one_click"),
    ).toEqual({
      changed: false,
      cancelled: 0,
    });
    const rows = await messagesOf(harness, LA, order.orderGid);
    expect(byFlow(rows, "cross_sell")).toMatchObject({ status: "cancelled", reason: "unsubscribed" });
    expect(byFlow(rows, "review_request")).toMatchObject({ status: "cancelled", reason: "unsubscribed" });
    expect(byFlow(rows, "delivery_follow_up")).toMatchObject({ status: "planned" });
    await advanceTo(clock, new Date("2026-11-03T20:00:00Z"));
    const [mail] = await sink.waitFor(1);
    expect(mail.subject).toBeTruthy();
    await waitForValue(async () =>
      byFlow(await messagesOf(harness, LA, order.orderGid), "delivery_follow_up").status === "sent" ? true : null,
    );

    // Shopify is told as well: a keyed job asks it (here it has no Shopify to reach, so it retries).
    const stats = await harness.runtime.jobs.stats(LA);
    expect(stats.queued + stats.retrying + stats.running + stats.dead + stats.delayed).toBeGreaterThan(0);
  }, 60_000);
});

describe("CSAT", () => {
  it("records a click once, changes on another score, and alerts the merchant on a low one", async () => {
    sink = await startSmtpSink();
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, sink.url);
    const order = await deliverOrder(harness, WARSAW);
    const rt = harness.runtime;
    const first = await recordCsat(rt, WARSAW, order.orderGid, "gid://shopify/Customer/7001", 4, clock.now());
    expect(first).toMatchObject({ score: 4, previous: null, changed: true });
    expect(await recordCsat(rt, WARSAW, order.orderGid, "gid://shopify/Customer/7001", 4, clock.now())).toMatchObject({ changed: false });
    const changed = await recordCsat(rt, WARSAW, order.orderGid, "gid://shopify/Customer/7001", 2, clock.now());
    expect(changed).toMatchObject({ score: 2, previous: 4, changed: true });
    expect(await rt.db.csatResponse.count({ where: { shop: WARSAW } })).toBe(1);
    const events = await rt.db.afterSalesEvent.findMany({
      where: { shop: WARSAW, orderGid: order.orderGid, type: "csat.answered" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => JSON.parse(e.detail))).toEqual([
      { score: 4, previous: null },
      { score: 2, previous: 4 },
    ]);
    expect((await lowCsatAlerts(rt.db, WARSAW)).alerts).toMatchObject([{ orderGid: order.orderGid, score: 2 }]);
    expect((await lowCsatAlerts(rt.db, LA)).total).toBe(0);
  }, 60_000);
});

describe("sending exactly once", () => {
  it("an SMTP server that is down, then up: the message waits, then goes once", async () => {
    const probe = await startSmtpSink();
    const port = probe.port;
    await probe.close();
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, `smtp://127.0.0.1:${port}`);
    const order = await deliverOrder(harness, LA);
    await planned(harness, LA, order.orderGid);
    await advanceTo(clock, new Date("2026-11-03T20:00:00Z"));
    const waiting = await waitForValue(async () => {
      const m = byFlow(await messagesOf(harness, LA, order.orderGid), "delivery_follow_up");
      return m.lastError ? m : null;
    });
    expect(waiting.status).toMatch(/queued|sending/);
    expect(waiting.lastError).toMatch(/not sent/i);
    sink = await startSmtpSink({ port });
    // Retries are timed by the app's clock (the controlled one here): a minute later the retry is due.
    await advanceTo(clock, new Date("2026-11-03T20:01:00Z"));
    await sink.waitFor(1, 15_000);
    const sent = await waitForValue(async () => {
      const m = byFlow(await messagesOf(harness, LA, order.orderGid), "delivery_follow_up");
      return m.status === "sent" ? m : null;
    });
    expect(sent.attempts).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages).toHaveLength(1);
  }, 60_000);

  it("a permanent refusal (5xx) is recorded as failed and not retried", async () => {
    sink = await startSmtpSink({ rejectWith: 550 });
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, sink.url);
    const order = await deliverOrder(harness, LA);
    await planned(harness, LA, order.orderGid);
    await advanceTo(clock, new Date("2026-11-03T20:00:00Z"));
    const failed = await waitForValue(async () => {
      const m = byFlow(await messagesOf(harness, LA, order.orderGid), "delivery_follow_up");
      return m.status === "failed" ? m : null;
    });
    expect(failed).toMatchObject({ reason: "rejected", attempts: 1 });
    expect(failed.lastError).toMatch(/550|refused/i);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.attempts).toBe(1);
  }, 60_000);

  it("a worker killed between `sending` and `sent` leaves the message flagged for a decision, not resent", async () => {
    sink = await startSmtpSink({ hang: true });
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    // Web-only app: a separate worker process runs the jobs, so it can be killed mid-send.
    const harness = await start(clock, sink.url, { background: "none" });
    child = await startWorkerProcess(harness.databaseUrl, { SMTP_URL: sink.url, TEST_LEASE_MS: "1500" });
    const order = await deliverOrder(harness, LA);
    await planned(harness, LA, order.orderGid);
    const followUp = byFlow(await messagesOf(harness, LA, order.orderGid), "delivery_follow_up");
    // The worker's clock is real time: make the follow-up due now, as the clock would.
    await harness.runtime.db.message.update({
      where: { id: followUp.id },
      data: { sendAt: new Date(Date.now() - 1_000), immediate: true },
    });
    await waitForValue(async () =>
      (await harness.runtime.db.message.findUnique({ where: { id: followUp.id } }))?.status === "sending" ? true : null,
    );
    await waitForValue(async () => (sink!.attempts > 0 ? true : null));
    child.kill("SIGKILL");
    await new Promise((r) => child!.once("exit", r));

    // A new worker takes the job over when the dead one's claim lapses: the message may have gone, so it asks.
    child = await startWorkerProcess(harness.databaseUrl, { SMTP_URL: sink.url, TEST_LEASE_MS: "1500" });
    const stuck = await waitForValue(async () => {
      const m = await harness.runtime.db.message.findUnique({ where: { id: followUp.id } });
      return m?.status === "stuck" ? m : null;
    }, 20_000);
    expect(stuck.reason).toBe("interrupted");
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.attempts).toBe(1);
  }, 60_000);
});

describe("uninstalling", () => {
  it("an uninstalled shop's planned messages are cancelled when due, never sent", async () => {
    sink = await startSmtpSink();
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, sink.url);
    const order = await deliverOrder(harness, LA);
    await planned(harness, LA, order.orderGid);
    await harness.runtime.db.shop.update({ where: { shop: LA }, data: { state: "uninstalled" } });
    await advanceTo(clock, new Date(DELIVERED.getTime() + 15 * DAY));
    const rows = await waitForValue(async () => {
      const r = await messagesOf(harness, LA, order.orderGid);
      return r.every((m) => m.status === "cancelled") ? r : null;
    });
    expect(rows.map((r) => [r.flow, r.reason])).toEqual([
      ["cross_sell", "shop_uninstalled"],
      ["delivery_follow_up", "shop_uninstalled"],
      ["review_request", "shop_uninstalled"],
    ]);
    expect(sink.messages).toHaveLength(0);
  }, 60_000);
});

describe("settings at send time", () => {
  it("dry-run plans and shows everything and sends nothing", async () => {
    sink = await startSmtpSink();
    const clock = new ManualClock(new Date("2026-11-02T20:00:00Z"));
    const harness = await start(clock, sink.url);
    await saveMessagingSettings(harness.runtime.db, LA, { ...DEFAULT_SETTINGS, dryRun: true });
    const order = await deliverOrder(harness, LA);
    await planned(harness, LA, order.orderGid);
    await advanceTo(clock, new Date("2026-11-03T20:00:00Z"));
    const m = await waitForValue(async () => {
      const row = byFlow(await messagesOf(harness, LA, order.orderGid), "delivery_follow_up");
      return row.status === "suppressed" ? row : null;
    });
    expect(m.reason).toBe("dry_run");
    expect(sink.messages).toHaveLength(0);
  }, 60_000);
});
