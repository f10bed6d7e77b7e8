// The double's `/demo` page: buttons a newcomer clicks to make things happen in the demo shop — place,
// ship, deliver, refund and cancel orders, request a return, change a shopper's email marketing consent,
// fast-forward time. Each one is a real store mutation that fires the webhooks Shopify would.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { DemoClock } from "./demo-clock";
import { cancelOrder, deliverOrder, orderStage, placeOrder, refundOrder, requestReturnOf, setEmailConsent, shipOrder } from "./demo-orders";
import { escapeHtml, redirect, renderPage, sendHtml, type DemoLinks } from "./double-pages";
import type { AdminStore } from "./shopify/admin";
import type { DoubleListener } from "./shopify/listener";
import { readText } from "../../app/platform/request-body";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const FAST_FORWARDS = [
  { ms: HOUR, label: "+1 hour" },
  { ms: DAY, label: "+1 day" },
  { ms: 7 * DAY, label: "+7 days" },
  { ms: 14 * DAY, label: "+14 days" },
] as const;

export interface DemoControlOptions {
  store: AdminStore;
  shop: string;
  clock: DemoClock;
  links: () => DemoLinks;
  /** Customer preselected in the order form. */
  featuredCustomerId?: () => string | undefined;
  /** Resolves once the webhooks a mutation fired have reached the app, so the next page shows them. */
  settle?: () => Promise<void>;
}

const orderAction = z.object({
  action: z.enum(["ship", "deliver", "return", "refund", "cancel"]),
  orderId: z.string().startsWith("gid://shopify/Order/"),
});
const consentChange = z.object({
  customerId: z.string().startsWith("gid://shopify/Customer/"),
  state: z.enum(["SUBSCRIBED", "UNSUBSCRIBED"]),
});
const newOrder = z.object({
  customerId: z.string().startsWith("gid://shopify/Customer/"),
  variantId: z.string().startsWith("gid://shopify/ProductVariant/"),
  quantity: z.coerce.number().int().min(1).max(5).default(1),
});
const clockStep = z.object({ ms: z.coerce.number().refine((ms) => FAST_FORWARDS.some((f) => f.ms === ms), "not an offered step") });

export function createDemoControl(options: DemoControlOptions): DoubleListener {
  const { store, shop, clock } = options;
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://double.local");
    if (url.pathname === "/demo" || url.pathname === "/demo/") {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const flash = { message: url.searchParams.get("message"), error: url.searchParams.get("error") };
      sendHtml(
        res,
        200,
        renderPage({ title: "Demo controls", links: options.links(), current: "demo", body: controlBody(options, flash) }),
      );
      return true;
    }
    if (req.method !== "POST" || !/^\/demo\/(orders|order-actions|clock|consent)$/.test(url.pathname)) return false;
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    try {
      const message = await perform(url.pathname, form);
      await options.settle?.();
      redirect(res, `/demo?message=${encodeURIComponent(message)}`);
    } catch (error) {
      redirect(res, `/demo?error=${encodeURIComponent(error instanceof Error ? error.message : String(error))}`);
    }
    return true;
  };

  async function perform(pathname: string, form: Record<string, string>): Promise<string> {
    if (pathname === "/demo/orders") {
      const input = newOrder.parse(form);
      const order = placeOrder(store, shop, input);
      return `Order ${order.name} created for ${customerName(store, shop, input.customerId)}.`;
    }
    if (pathname === "/demo/clock") {
      const { ms } = clockStep.parse(form);
      const now = await clock.advance(ms);
      return `Demo time moved forward ${FAST_FORWARDS.find((f) => f.ms === ms)?.label.slice(1)}; it is now ${formatTime(now.getTime(), timezoneOf(store, shop))}.`;
    }
    if (pathname === "/demo/consent") {
      const { customerId, state } = consentChange.parse(form);
      setEmailConsent(store, shop, customerId, state);
      const who = customerName(store, shop, customerId);
      return state === "SUBSCRIBED" ? `${who} subscribed to email marketing.` : `${who} unsubscribed from email marketing.`;
    }
    const { action, orderId } = orderAction.parse(form);
    const name = store.order(shop, orderId).name;
    if (action === "ship") shipOrder(store, shop, orderId);
    if (action === "deliver") deliverOrder(store, shop, orderId);
    if (action === "return") requestReturnOf(store, shop, orderId);
    if (action === "refund") refundOrder(store, shop, orderId);
    if (action === "cancel") cancelOrder(store, shop, orderId);
    return {
      ship: `Order ${name} shipped.`,
      deliver: `Order ${name} delivered.`,
      return: `Return requested for order ${name}.`,
      refund: `Order ${name} refunded in full.`,
      cancel: `Order ${name} cancelled.`,
    }[action];
  }
}

function consentLabel(state: string): string {
  return state.toLowerCase().replace("_", " ");
}

function customerName(store: AdminStore, shop: string, id: string): string {
  const c = store.customer(shop, id);
  return [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || id;
}

function timezoneOf(store: AdminStore, shop: string): string {
  return store.shopData(shop).shop.ianaTimezone;
}

function formatTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(ms) + ` (${timeZone})`;
}

function controlBody(options: DemoControlOptions, flash: { message: string | null; error: string | null }): string {
  const { store, shop, clock } = options;
  const data = store.shopData(shop);
  const tz = timezoneOf(store, shop);
  const offsetDays = clock.offsetMs() / DAY;
  const featured = options.featuredCustomerId?.();
  const customers = Object.values(data.customers).sort((a, b) => (a.id === featured ? -1 : b.id === featured ? 1 : 0));
  const variants = Object.values(data.variants);
  const recent = Object.values(data.orders)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.number - a.number)
    .slice(0, 12);

  const option = (value: string, label: string, selected = false) =>
    `<option value="${escapeHtml(value)}"${selected ? " selected" : ""}>${escapeHtml(label)}</option>`;
  const actionButton = (orderId: string, action: string, label: string, orderName: string) =>
    `<form class="inline" method="post" action="/demo/order-actions"><input type="hidden" name="orderId" value="${escapeHtml(orderId)}"><input type="hidden" name="action" value="${action}"><button type="submit">${label}<span class="visually-hidden"> ${escapeHtml(orderName)}</span></button></form>`;

  const rows = recent
    .map((order) => {
      const stage = orderStage(store, shop, order);
      const refundable = order.financialStatus === "paid" || order.financialStatus === "partially_refunded";
      const buttons = [
        stage === "ordered" ? actionButton(order.id, "ship", "Ship", order.name) : "",
        stage === "shipped" ? actionButton(order.id, "deliver", "Mark delivered", order.name) : "",
        stage === "delivered" ? actionButton(order.id, "return", "Request a return", order.name) : "",
        stage !== "cancelled" && refundable ? actionButton(order.id, "refund", "Refund", order.name) : "",
        stage === "ordered" ? actionButton(order.id, "cancel", "Cancel", order.name) : "",
      ]
        .filter(Boolean)
        .join(" ");
      const who = order.customerId ? customerName(store, shop, order.customerId) : "—";
      return `<tr><th scope="row">${escapeHtml(order.name)}</th><td>${escapeHtml(who)}</td><td>${escapeHtml(formatTime(Date.parse(order.createdAt), tz))}</td><td>${stage}</td><td>${escapeHtml(order.financialStatus.replace("_", " "))}</td><td>${buttons || "—"}</td></tr>`;
    })
    .join("\n");

  return `<h1>Demo controls</h1>
${flash.message ? `<p role="status">${escapeHtml(flash.message)}</p>` : ""}
${flash.error ? `<p role="alert" class="error">${escapeHtml(flash.error)}</p>` : ""}
<p class="muted">Everything here changes the local Shopify double's shop <strong>${escapeHtml(shop)}</strong> the way a shopper, the merchant or a carrier would; Shopify's webhooks then carry it to Aftercare.</p>

<h2>Demo time</h2>
<p>It is <strong id="demo-time">${escapeHtml(formatTime(clock.now(), tz))}</strong>${offsetDays > 0 ? ` — ${escapeHtml(offsetDays.toFixed(offsetDays % 1 === 0 ? 0 : 2))} day(s) ahead of real time` : " (real time)"}.</p>
<form method="post" action="/demo/clock">
<fieldset><legend>Fast-forward the app and the shop</legend>
${FAST_FORWARDS.map((f) => `<button type="submit" name="ms" value="${f.ms}">${f.label}</button>`).join(" ")}
</fieldset>
</form>

<h2>Create an order</h2>
<form method="post" action="/demo/orders">
<fieldset><legend>A shopper buys something (fires orders/create and orders/paid)</legend>
<label>Customer <select name="customerId">${customers.map((c) => option(c.id, `${[c.firstName, c.lastName].filter(Boolean).join(" ")} <${c.email ?? "no email"}>`, c.id === featured)).join("")}</select></label>
<label>Product <select name="variantId">${variants
    .map((v) => {
      const product = data.products[v.productId];
      const stock = store.variantAvailable(v) ? "" : ", out of stock";
      return option(
        v.id,
        `${product.title}${v.title === "Default Title" ? "" : ` – ${v.title}`} (${v.price} ${data.shop.currencyCode}${stock})`,
      );
    })
    .join("")}</select></label>
<label>Quantity <input type="number" name="quantity" value="1" min="1" max="5"></label>
<button type="submit">Create order</button>
</fieldset>
</form>

<h2>Email marketing consent</h2>
<form method="post" action="/demo/consent">
<fieldset><legend>A shopper changes their mind about marketing email (fires customers/update and customers_email_marketing_consent/update)</legend>
<label>Shopper <select name="customerId">${customers
    .filter((c) => c.email)
    .map((c) =>
      option(
        c.id,
        `${[c.firstName, c.lastName].filter(Boolean).join(" ")} <${c.email}> (${consentLabel(c.marketingState)})`,
        c.id === featured,
      ),
    )
    .join("")}</select></label>
<button type="submit" name="state" value="SUBSCRIBED">Subscribe</button>
<button type="submit" name="state" value="UNSUBSCRIBED">Unsubscribe</button>
</fieldset>
</form>

<h2>Most recent orders</h2>
<p class="muted">Refund gives back everything still refundable (refunds/create, orders/updated); Cancel is for orders not shipped yet and refunds a paid one (refunds/create, orders/cancelled, orders/updated).</p>
<table>
<thead><tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Placed</th><th scope="col">Status</th><th scope="col">Payment</th><th scope="col">Next step</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

const readBody = (req: IncomingMessage) => readText(req);
