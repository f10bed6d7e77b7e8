// The /demo page's controls as a browser posts them: each one changes the demo shop for real and fires the
// webhooks Shopify would — consent (customers/update + customers_email_marketing_consent/update), a full
// refund (refunds/create + orders/updated), a cancellation (orders/cancelled + orders/updated) — and the clock
// moves by the offered steps, +14 days among them.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDemoControl, FAST_FORWARDS } from "../support/demo-control";
import type { DemoClock } from "../support/demo-clock";
import { featuredCustomer, placeOrder, shipOrder } from "../support/demo-orders";
import { AdminStore, seedDemoShop, type ChangeEvent } from "../support/shopify/admin";

const SHOP = "aftercare-demo.myshopify.com";
const DAY = 86_400_000;
const start = Date.parse("2026-03-01T10:00:00Z");

let offset = 0;
const clock: DemoClock = {
  file: "",
  offsetMs: () => offset,
  now: () => start + offset,
  advance: async (ms) => {
    offset += ms;
    return new Date(start + offset);
  },
};
const store = new AdminStore({ clock: clock.now });
seedDemoShop(store, SHOP, { now: start, customers: 20, orders: 30 });
const featured = featuredCustomer(store, SHOP);
const events: ChangeEvent[] = [];
store.on("change", (event: ChangeEvent) => events.push(event));

let server: Server;
let base: string;

beforeAll(async () => {
  const links = () => ({ admin: "/admin", storefront: "/shop", mailbox: "/mailbox", demo: "/demo" });
  const control = createDemoControl({ store, shop: SHOP, clock, links, featuredCustomerId: () => featured.id });
  server = createServer((req, res) => {
    void control(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  events.length = 0;
});

/** Posts a form and follows nothing: the answer is a redirect to /demo carrying the message or the error. */
async function post(path: string, form: Record<string, string>): Promise<{ message: string | null; error: string | null }> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location")!, base);
  expect(location.pathname).toBe("/demo");
  return { message: location.searchParams.get("message"), error: location.searchParams.get("error") };
}

async function page(): Promise<string> {
  const response = await fetch(`${base}/demo`);
  expect(response.status).toBe(200);
  return response.text();
}

const topics = () => events.map((e) => e.topic);

describe("the demo page", () => {
  it("offers consent, refund and cancel controls and a +14 days step, each labelled", async () => {
    const order = placeOrder(store, SHOP, { customerId: featured.id });
    const html = await page();
    expect(html).toContain('<form method="post" action="/demo/consent">');
    expect(html).toMatch(/<label>Shopper <select name="customerId">/);
    expect(html).toContain('<button type="submit" name="state" value="SUBSCRIBED">Subscribe</button>');
    expect(html).toContain('<button type="submit" name="state" value="UNSUBSCRIBED">Unsubscribe</button>');
    expect(html).toContain(`Refund<span class="visually-hidden"> ${order.name}</span></button>`);
    expect(html).toContain(`Cancel<span class="visually-hidden"> ${order.name}</span></button>`);
    expect(html).toContain(`<button type="submit" name="ms" value="${14 * DAY}">+14 days</button>`);
    expect(FAST_FORWARDS.map((f) => f.label)).toEqual(["+1 hour", "+1 day", "+7 days", "+14 days"]);
    // Only one control is labelled "Customer": the order form's.
    expect(html.match(/<label>Customer /g)).toHaveLength(1);
  });
});

describe("email marketing consent", () => {
  it("unsubscribes and subscribes a shopper, firing both consent webhooks each time", async () => {
    const customer = Object.values(store.shopData(SHOP).customers).find((c) => c.marketingState === "SUBSCRIBED" && c.email)!;
    const who = `${customer.firstName} ${customer.lastName}`;
    expect(await post("/demo/consent", { customerId: customer.id, state: "UNSUBSCRIBED" })).toEqual({
      message: `${who} unsubscribed from email marketing.`,
      error: null,
    });
    expect(store.customer(SHOP, customer.id)).toMatchObject({ marketingState: "UNSUBSCRIBED", consentUpdatedAt: expect.any(String) });
    expect(topics()).toEqual(["customers/update", "customers_email_marketing_consent/update"]);
    expect(JSON.parse(events[1].body)).toMatchObject({ email_address: customer.email, email_marketing_consent: { state: "unsubscribed" } });

    events.length = 0;
    expect((await post("/demo/consent", { customerId: customer.id, state: "SUBSCRIBED" })).message).toBe(
      `${who} subscribed to email marketing.`,
    );
    expect(store.customer(SHOP, customer.id)).toMatchObject({ marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" });
    expect(topics()).toEqual(["customers/update", "customers_email_marketing_consent/update"]);
  });

  it("says so when nothing would change, and changes nothing", async () => {
    const customer = Object.values(store.shopData(SHOP).customers).find((c) => c.marketingState === "UNSUBSCRIBED" && c.email)!;
    const answer = await post("/demo/consent", { customerId: customer.id, state: "UNSUBSCRIBED" });
    expect(answer.error).toBe(`${customer.email} is already unsubscribed`);
    expect(events).toEqual([]);
  });
});

describe("refunds and cancellations", () => {
  it("refunds a shipped order in full", async () => {
    const order = placeOrder(store, SHOP, { customerId: featured.id });
    shipOrder(store, SHOP, order.id);
    events.length = 0;
    expect(await post("/demo/order-actions", { action: "refund", orderId: order.id })).toEqual({
      message: `Order ${order.name} refunded in full.`,
      error: null,
    });
    expect(topics()).toEqual(["refunds/create", "orders/updated"]);
    expect(store.order(SHOP, order.id).financialStatus).toBe("refunded");
    expect(JSON.parse(events[0].body).transactions[0].amount).toBe(JSON.parse(events[1].body).total_price);

    events.length = 0;
    expect((await post("/demo/order-actions", { action: "refund", orderId: order.id })).error).toBe(
      `Order ${order.name} has no payment to refund (refunded)`,
    );
    expect(events).toEqual([]);
  });

  it("cancels an order not shipped yet, refunding what was paid", async () => {
    const order = placeOrder(store, SHOP, { customerId: featured.id });
    events.length = 0;
    expect((await post("/demo/order-actions", { action: "cancel", orderId: order.id })).message).toBe(`Order ${order.name} cancelled.`);
    expect(topics()).toEqual(["refunds/create", "orders/updated", "orders/cancelled", "orders/updated"]);
    expect(store.order(SHOP, order.id)).toMatchObject({
      cancelledAt: expect.any(String),
      financialStatus: "refunded",
      cancelReason: "customer",
    });
    expect(await page()).toMatch(new RegExp(`<th scope="row">${order.name}</th>.*<td>cancelled</td><td>refunded</td><td>—</td></tr>`));
  });

  it("will not cancel an order that has shipped", async () => {
    const order = placeOrder(store, SHOP, { customerId: featured.id });
    shipOrder(store, SHOP, order.id);
    events.length = 0;
    expect((await post("/demo/order-actions", { action: "cancel", orderId: order.id })).error).toBe(
      `Order ${order.name} has shipped and can no longer be cancelled`,
    );
    expect(events).toEqual([]);
    expect(store.order(SHOP, order.id).cancelledAt).toBeNull();
  });
});

describe("demo time", () => {
  it("moves forward 14 days", async () => {
    const before = clock.now();
    const { message } = await post("/demo/clock", { ms: String(14 * DAY) });
    expect(message).toMatch(/^Demo time moved forward 14 days; it is now /);
    expect(clock.now() - before).toBe(14 * DAY);
  });

  it("refuses a step it does not offer", async () => {
    const before = clock.now();
    expect((await post("/demo/clock", { ms: String(3 * DAY) })).error).toMatch(/not an offered step/);
    expect(clock.now()).toBe(before);
  });
});
