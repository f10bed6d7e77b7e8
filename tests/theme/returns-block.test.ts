// The storefront side of returns (issue 19), without the app: the Returns and exchanges block passes Theme Check
// and stays within the script budget, renders its steps in English and Polish for a guest (order number + email
// form) and for a signed-in shopper (their orders), wired to the App Proxy with no order data in the page, and sits
// on the double's "Returns" page, linked from every page's footer.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { themeCheckRun } from "@shopify/theme-check-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStorefront, renderBlock, startServer, type RunningServer, type StorefrontShop } from "../support/shopify/storefront";

const extensionDir = path.resolve(__dirname, "../../extensions/aftercare-theme");
const SHOP = "aftercare-returns.myshopify.com";
const CUSTOMER = { id: "gid://shopify/Customer/7301928475123", firstName: "Anna", lastName: "Nowak", email: "anna@example.pl" };
const shopConfig: StorefrontShop = { name: "Linen & Co", locale: "en", currency: "PLN", customers: [CUSTOMER] };
const SCRIPTS = ["returns.js", "returns-steps.js"];

const render = (options: { locale?: string; customer?: typeof CUSTOMER | null; settings?: Record<string, unknown> } = {}) =>
  renderBlock({ extensionDir, block: "returns", shop: SHOP, shopConfig, pageType: "page", ...options });

/** The translations the script reads, from the block's JSON island. */
function i18n(html: string): Record<string, unknown> {
  const match = /<script type="application\/json" data-i18n>([\s\S]*?)<\/script>/.exec(html);
  expect(match, "the block carries its words for the script").not.toBeNull();
  return JSON.parse(match![1]) as Record<string, unknown>;
}

/** The opening tag of the element carrying `marker` (an attribute), as rendered. */
function tagWith(html: string, marker: string): string {
  const at = html.indexOf(marker);
  expect(at, `${marker} is in the block`).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf("<", at), html.indexOf(">", at) + 1);
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

describe("returns block: Theme Check and budget", () => {
  it("has no Theme Check offenses in its block, scripts or stylesheet", async () => {
    const { offenses } = await themeCheckRun(extensionDir, undefined, () => {});
    const ours = offenses
      .filter((offense) => /\/(blocks|assets)\/returns[.-]/.test(new URL(offense.uri).pathname))
      .map((offense) => `${path.basename(new URL(offense.uri).pathname)}:${offense.start.line + 1} [${offense.check}] ${offense.message}`);
    expect(ours).toEqual([]);
  });

  it("loads under 10,000 bytes per script (Theme Check's limit) and at most 6 KB gzipped for both", async () => {
    let gzipped = 0;
    for (const script of SCRIPTS) {
      const source = await readFile(path.join(extensionDir, "assets", script));
      expect(source.length, script).toBeLessThan(10_000);
      gzipped += gzipSync(source, { level: 9 }).length;
    }
    expect(gzipped).toBeLessThanOrEqual(6 * 1024);
  });

  it("writes what the app sends as text only, and keeps the order's token out of URLs", async () => {
    for (const script of SCRIPTS) {
      const source = await readFile(path.join(extensionDir, "assets", script), "utf8");
      expect(source, script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
      expect(source, script).toContain("textContent");
      // Every request goes to the endpoint plus a fixed path; the only query the scripts build is the status link's.
      expect(
        [...source.matchAll(/searchParams\.set\("(\w+)"/g)].map((m) => m[1]),
        script,
      ).toEqual(script === "returns.js" ? ["return"] : []);
      expect(source, script).not.toMatch(/[?&]token=/);
    }
  });
});

describe("returns block for a guest", () => {
  it("shows the order number + email form first, labelled, and every later step hidden", async () => {
    const { html, scripts, stylesheets } = await render();
    expect(html).toContain(">Returns and exchanges</h2>");
    expect(html).toMatch(/<h3 class="aftercare-returns__step-heading" id="[^"]+" tabindex="-1">Find your order<\/h3>/);
    const order = tagWith(html, 'name="orderName"');
    const email = tagWith(html, 'name="email"');
    expect(order).toContain("required");
    expect(email).toContain('type="email"');
    for (const [tag, label] of [
      [order, "Order number"],
      [email, "Email address used for the order"],
    ]) {
      const id = /id="([^"]+)"/.exec(tag)![1];
      expect(html).toContain(`<label for="${id}">${label}</label>`);
    }
    expect(html).toContain(">Find my order</button>");
    for (const step of ["items", "reasons", "resolution", "review", "status"])
      expect(tagWith(html, `data-step="${step}"`)).toContain("hidden");
    expect(tagWith(html, 'data-step="find"')).not.toContain("hidden");
    expect(html).not.toContain("data-orders");
    expect(tagWith(html, "data-alert")).toContain('role="alert"');
    expect(scripts).toEqual([`/shops/${SHOP}/extension-assets/returns.js`]);
    expect(stylesheets).toEqual([`/shops/${SHOP}/extension-assets/returns.css`]);
  });

  it("is wired to the App Proxy on the shop's own domain, with the second script's address and the shopper's locale", async () => {
    const root = tagWith((await render()).html, "data-aftercare-returns");
    expect(root).toContain(`data-endpoint="/shops/${SHOP}/apps/aftercare/api/returns"`);
    expect(root).toContain(`data-steps="/shops/${SHOP}/extension-assets/returns-steps.js"`);
    expect(root).toContain('data-locale="en"');
    expect(root).not.toContain("data-customer");
  });

  it("gives the script every word it needs, with placeholders left for the data", async () => {
    const t = i18n((await render()).html);
    const all = strings(t);
    expect(all.filter((text) => text.includes("Translation missing"))).toEqual([]);
    expect(t.notFound).toBe("We couldn't find an order with that number and email address. Check both and try again.");
    expect(t.returnBy).toBe("Return by {date}");
    expect((t.refusal as Record<string, string>).final_sale).toBe("Final sale: this item can't be returned.");
    expect((t.refusal as Record<string, string>).out_of_window_on).toBe("The return window closed on {date}.");
    expect(t.bonus).toBe("+{percent}% bonus");
    expect(Object.keys(t.names as object)).toEqual(
      expect.arrayContaining([
        "requested",
        "approved",
        "declined",
        "in_transit",
        "received",
        "refund",
        "store_credit",
        "exchange",
        "closed",
      ]),
    );
  });

  it("speaks Polish", async () => {
    const { html } = await render({ locale: "pl" });
    expect(html).toContain(">Zwroty i wymiany</h2>");
    expect(html).toContain(">Znajdź zamówienie</h3>");
    expect(html).toContain(">Numer zamówienia</label>");
    expect(html).toContain('data-locale="pl"');
    const t = i18n(html);
    expect(strings(t).filter((text) => text.includes("Translation missing"))).toEqual([]);
    expect(t.notFound).toBe("Nie znaleźliśmy zamówienia o tym numerze i adresie e-mail. Sprawdź oba i spróbuj ponownie.");
    expect((t.names as Record<string, string>).requested).toBe("Zgłoszony");
  });

  it("uses the merchant's heading, escaped", async () => {
    const { html } = await render({ settings: { heading: "Returns <b>& refunds</b>" } });
    expect(html).toContain(">Returns &lt;b&gt;&amp; refunds&lt;/b&gt;</h2>");
  });
});

describe("returns block for a signed-in shopper", () => {
  it("lists their orders (loaded by the script) instead of asking for an email", async () => {
    const { html } = await render({ customer: CUSTOMER });
    expect(tagWith(html, "data-aftercare-returns")).toContain("data-customer");
    expect(tagWith(html, "data-orders")).toContain('aria-busy="true"');
    expect(html).toContain("Choose the order you want to return items from.");
    expect(html).not.toContain('name="orderName"');
    // The shopper's email is Shopify's to know; the page does not print it.
    expect(html).not.toContain(CUSTOMER.email);
  });
});

describe("the Returns page of the double's storefront", () => {
  let running: RunningServer;
  let base: string;

  beforeAll(async () => {
    running = await startServer([createStorefront({ extensionDir, shops: (handle) => (handle === SHOP ? shopConfig : null) })]);
    base = `${running.origin}/shops/${SHOP}`;
  });

  afterAll(async () => {
    await running.close();
  });

  it("holds the block at /pages/returns, in English and Polish, with its assets served", async () => {
    const en = await fetch(`${base}/pages/returns`);
    expect(en.status).toBe(200);
    const html = await en.text();
    expect(html).toMatch(/<h1>Returns and exchanges<\/h1>/);
    expect(html).toContain('data-block-handle="returns"');
    expect(html).toContain(`<script src="/shops/${SHOP}/extension-assets/returns.js" defer></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/shops/${SHOP}/extension-assets/returns.css">`);
    const pl = await (await fetch(`${base}/pages/returns?locale=pl`)).text();
    expect(pl).toMatch(/<h1>Zwroty i wymiany<\/h1>/);
    expect(pl).toContain(">Znajdź zamówienie</h3>");
    for (const asset of [...SCRIPTS, "returns.css"]) expect((await fetch(`${base}/extension-assets/${asset}`)).status, asset).toBe(200);
  });

  it("is linked from every page's footer, and the rewards page keeps only its own block", async () => {
    for (const page of ["/", "/collections/all", "/pages/rewards"]) {
      const html = await (await fetch(`${base}${page}`)).text();
      const footer = html.slice(html.indexOf("<footer>"), html.indexOf("</footer>"));
      expect(footer, page).toContain(`<a href="/shops/${SHOP}/pages/returns">Returns and exchanges</a>`);
    }
    const rewards = await (await fetch(`${base}/pages/rewards`)).text();
    expect(rewards).toContain('data-block-handle="loyalty"');
    expect(rewards).not.toContain('data-block-handle="returns"');
    const returns = await (await fetch(`${base}/pages/returns`)).text();
    expect(returns).not.toContain('data-block-handle="loyalty"');
    expect(returns).toMatch(/<a href="[^"]+\/pages\/returns" aria-current="page">Returns and exchanges<\/a>/);
  });
});
