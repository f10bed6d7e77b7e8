// The order-care block in a real browser: a signed-in shopper opens their account page and sees
// their orders, fetched through the (stubbed) app proxy, formatted for their language.
import { createRequire } from "node:module";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useBrowser } from "../support/browser";
import { createStorefront, startServer, type Listener, type RunningServer } from "../support/shopify/storefront";

const extensionDir = path.resolve(__dirname, "../../extensions/aftercare-theme");
const CUSTOMER = "gid://shopify/Customer/7301928475123";

function order(index: number, overrides: Record<string, unknown> = {}) {
  return {
    name: `#${1000 + index}`,
    processedAt: `2026-03-0${index}T10:00:00Z`,
    financialStatus: "paid",
    fulfillmentStatus: "unfulfilled",
    deliveredAt: null,
    currency: "PLN",
    totalMinor: 12345,
    lines: [{ title: "Linen shirt", variantTitle: "M / Blue", quantity: 2 }],
    shipments: [],
    ...overrides,
  };
}

const sampleOrders = [
  order(1, {
    fulfillmentStatus: "fulfilled",
    deliveredAt: "2026-03-05T12:00:00Z",
    shipments: [
      {
        status: "delivered",
        trackingCompany: "InPost",
        trackingNumbers: ["6200000000001"],
        trackingUrls: ["https://inpost.pl/sledzenie-przesylek?number=6200000000001"],
        deliveredAt: "2026-03-05T12:00:00Z",
      },
    ],
  }),
  order(2, {
    fulfillmentStatus: "fulfilled",
    shipments: [
      {
        status: "in_transit",
        trackingCompany: "DHL",
        trackingNumbers: ["JD014600003828"],
        trackingUrls: ["javascript:alert(1)"],
        deliveredAt: null,
      },
    ],
  }),
  order(3, { currency: "JPY", totalMinor: 1500 }),
  order(4),
  order(5),
  order(6),
];

/** Stands in for the app behind the App Proxy: one behaviour per shop. */
function stubAppProxy(calls: string[]): Listener {
  let flakyFailures = 1;
  return async (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/shops\/([^/]+)\/apps\/aftercare\/api\/orders(\?.*)?$/.exec(req.url ?? "");
    if (!match) return false;
    calls.push(req.url ?? "");
    const json = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(body));
    };
    if (!/double_customer_id=7301928475123/.test(req.headers.cookie ?? "")) json(401, { error: "not signed in" });
    else if (match[1] === "empty.myshopify.com") json(200, { orders: [] });
    else if (match[1] === "flaky.myshopify.com" && flakyFailures-- > 0) json(500, { error: "boom" });
    else json(200, { orders: sampleOrders });
    return true;
  };
}

const browser = useBrowser();
let running: RunningServer;
const proxyCalls: string[] = [];

beforeAll(async () => {
  const storefront = createStorefront({
    extensionDir,
    shops: (shop) => ({ name: shop.split(".")[0], locale: "en", currency: "PLN", customers: [{ id: CUSTOMER, firstName: "Ada" }] }),
    appProxyPath: "/apps/aftercare",
  });
  running = await startServer([storefront, stubAppProxy(proxyCalls)]);
});

afterAll(async () => {
  await running?.close();
});

/** Visible text with Intl's no-break spaces read as plain spaces. */
async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

async function openAccount(shop: string, query = ""): Promise<Page> {
  const page = await browser.newPage({ timezoneId: "UTC" });
  await page.goto(`${running.origin}/shops/${shop}/account/login?customer_id=${encodeURIComponent(CUSTOMER)}`);
  expect(new URL(page.url()).pathname).toBe(`/shops/${shop}/account`);
  if (query) await page.goto(`${running.origin}/shops/${shop}/account${query}`);
  return page;
}

describe("order-care block in Chromium", () => {
  it("lists the most recent orders with their delivery status and tracking links", async () => {
    const page = await openAccount("demo.myshopify.com");
    const orders = page.locator(".aftercare-order");
    await expect.poll(() => orders.count()).toBe(5);
    expect(proxyCalls.at(-1)).toBe("/shops/demo.myshopify.com/apps/aftercare/api/orders?limit=5");

    const first = orders.nth(0);
    expect(await text(first.getByRole("heading", { level: 3 }))).toBe("Order #1001");
    expect(await text(first.locator(".aftercare-badge"))).toBe("Delivered on March 5, 2026");
    expect(await text(first.getByText("Total:"))).toBe("Total: PLN 123.45");
    expect(await text(first.getByText("Placed on"))).toBe("Placed on March 1, 2026");
    expect(await text(first.locator(".aftercare-order__line"))).toBe("Linen shirt – M / Blue Quantity: 2");
    const track = first.getByRole("link", { name: "Track package 6200000000001" });
    expect(await track.getAttribute("href")).toBe("https://inpost.pl/sledzenie-przesylek?number=6200000000001");

    const second = orders.nth(1);
    expect(await text(second.locator(".aftercare-badge"))).toBe("Shipped");
    expect(await text(second.locator(".aftercare-shipment__status"))).toBe("In transit");
    expect(await second.getByRole("link").count()).toBe(0);
    expect(await second.getByText("Tracking number: JD014600003828").count()).toBe(1);

    expect(await text(orders.nth(2).getByText("Total:"))).toBe("Total: ¥1,500");
    expect(await text(orders.nth(3).locator(".aftercare-badge"))).toBe("Ordered");
    expect(await text(page.getByRole("status"))).toBe("");
  });

  it("formats dates and amounts for a Polish shopper", async () => {
    const page = await openAccount("demo.myshopify.com", "?locale=pl");
    const first = page.locator(".aftercare-order").first();
    await first.waitFor();
    expect(await text(page.getByRole("heading", { level: 2 }))).toBe("Twoje zamówienia");
    expect(await text(first.locator(".aftercare-badge"))).toBe("Dostarczone 5 marca 2026");
    expect((await first.getByText("Razem:").textContent())?.replace(/\s/g, " ")).toBe("Razem: 123,45 zł");
  });

  it("says so when there are no orders", async () => {
    const page = await openAccount("empty.myshopify.com");
    await expect.poll(() => text(page.getByRole("status"))).toBe("You have no orders yet.");
    expect(await page.locator(".aftercare-order").count()).toBe(0);
  });

  it("reports a failed load and recovers with Try again", async () => {
    const page = await openAccount("flaky.myshopify.com");
    await expect.poll(() => text(page.getByRole("status"))).toBe("We couldn't load your orders. Please try again.");
    await page.getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => page.locator(".aftercare-order").count()).toBe(5);
    expect(await page.getByRole("button", { name: "Try again" }).isHidden()).toBe(true);
  });

  it("has no accessibility violations once the orders are shown", async () => {
    const page = await openAccount("demo.myshopify.com");
    await page.locator(".aftercare-order").first().waitFor();
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; help: string }> }> } }).axe;
      const result = await axe.run();
      return result.violations.map((violation) => `${violation.id}: ${violation.help}`);
    });
    expect(violations).toEqual([]);
  });
});
