// The storefront harness as a shopper's browser sees it: shop pages, the order-care block and the
// loyalty block and launcher in English and Polish, sign-in and sign-out, and the extension's assets.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStorefront, renderBlock, startServer, type RunningServer, type StorefrontShop } from "../support/shopify/storefront";
import type { ExtensionLocales, LocaleCatalog } from "../support/shopify/storefront/extension-files";
import { translate } from "../support/shopify/storefront/translations";

const extensionDir = path.resolve(__dirname, "../../extensions/aftercare-theme");
const SHOP = "aftercare-demo.myshopify.com";
const shopConfig: StorefrontShop = {
  name: "Aftercare Demo",
  locale: "en",
  currency: "PLN",
  customers: [
    { id: "gid://shopify/Customer/7301928475123", firstName: "Ada", lastName: "Lovelace" },
    {
      id: "gid://shopify/Customer/7301928475999",
      firstName: "Marta",
      lastName: "Kowalska",
      // What the app's mirror job writes to Shopify (app-owned namespace).
      metafields: [
        { namespace: "$app:loyalty", key: "points", type: "number_integer", value: "1234" },
        { namespace: "$app:loyalty", key: "pending_points", type: "number_integer", value: "120" },
        { namespace: "$app:loyalty", key: "tier", type: "single_line_text_field", value: "Silver" },
      ],
    },
  ],
  products: [{ handle: "linen-shirt", title: "Linen shirt" }],
};

let running: RunningServer;
let base: string;

beforeAll(async () => {
  const storefront = createStorefront({
    extensionDir,
    shops: (shop) => (shop === SHOP ? shopConfig : null),
    appProxyPath: "/apps/aftercare",
  });
  running = await startServer([storefront]);
  base = `${running.origin}/shops/${SHOP}`;
});

afterAll(async () => {
  await running.close();
});

async function signIn(customerId = "gid://shopify/Customer/7301928475123"): Promise<string> {
  const response = await fetch(`${base}/account/login?customer_id=${encodeURIComponent(customerId)}`, {
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe(`/shops/${SHOP}/account`);
  const [cookie] = response.headers.getSetCookie();
  return cookie.split(";")[0];
}

/** The HTML of one placed block (its Shopify wrapper's content). */
function blockHtml(html: string, handle: string): string {
  const start = html.indexOf(`data-block-handle="${handle}">`);
  expect(start, `${handle} is on the page`).toBeGreaterThan(-1);
  const end = html.indexOf('<div id="shopify-block-', start);
  return html.slice(start, end < 0 ? undefined : end);
}

async function page(url: string, cookie?: string): Promise<{ status: number; html: string; response: Response }> {
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { status: response.status, html: await response.text(), response };
}

describe("account page with the order-care block", () => {
  it("shows a signed-in customer the block in English, wired to the app proxy", async () => {
    const cookie = await signIn();
    const { status, html, response } = await page(`${base}/account`, cookie);
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<main id="MainContent">\s*<h1>Account<\/h1>/);
    expect(html).toContain("Signed in as Ada Lovelace");
    expect(html).toContain('class="shopify-block shopify-app-block"');
    expect(html).toMatch(/<h2 [^>]*>Your orders<\/h2>/);
    expect(html).toContain(`data-endpoint="/shops/${SHOP}/apps/aftercare/api/orders"`);
    expect(html).toContain('data-locale="en"');
    expect(html).toContain('data-limit="5"');
    expect(html).toMatch(/role="status" aria-live="polite" data-status>Loading your orders…</);
    expect(html).toContain(`<script src="/shops/${SHOP}/extension-assets/order-care.js" defer></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/shops/${SHOP}/extension-assets/order-care.css">`);
  });

  it("switches to Polish with ?locale=pl and keeps it for the next page", async () => {
    const customer = await signIn();
    const first = await page(`${base}/account?locale=pl`, customer);
    expect(first.html).toContain('<html lang="pl">');
    expect(first.html).toMatch(/<h2 [^>]*>Twoje zamówienia<\/h2>/);
    expect(first.html).toContain("Wczytywanie zamówień…");
    expect(first.html).toContain('"orderName": "Zamówienie {name}"');
    expect(first.html).toContain('data-locale="pl"');
    const localeCookie = first.response.headers.getSetCookie()[0].split(";")[0];
    expect(localeCookie).toBe("double_locale=pl");

    const next = await page(`${base}/account`, `${customer}; ${localeCookie}`);
    expect(next.html).toContain('<html lang="pl">');
    expect(next.html).toContain("Twoje zamówienia");
  });

  it("asks a logged-out shopper to sign in instead of loading orders", async () => {
    const { status, html } = await page(`${base}/account`);
    expect(status).toBe(200);
    expect(html).toContain("Sign in to see your recent orders and where they are.");
    expect(html).toContain(`<a class="aftercare-sign-in__link" href="/shops/${SHOP}/account/login">Sign in</a>`);
    expect(blockHtml(html, "order-care")).not.toContain("data-endpoint");

    const polish = await page(`${base}/account?locale=pl`);
    expect(polish.html).toContain("Zaloguj się, aby zobaczyć swoje ostatnie zamówienia");
  });

  it("signing in by numeric id sets the session cookie on the shop's path; signing out clears it", async () => {
    const response = await fetch(`${base}/account/login?customer_id=7301928475123`, { redirect: "manual" });
    expect(response.headers.getSetCookie()[0]).toBe(`double_customer_id=7301928475123; Path=/shops/${SHOP}; HttpOnly; SameSite=Lax`);
    const logout = await fetch(`${base}/account/logout`, { redirect: "manual" });
    expect(logout.status).toBe(302);
    expect(logout.headers.get("location")).toBe(`/shops/${SHOP}/`);
    expect(logout.headers.getSetCookie()[0]).toMatch(/^double_customer_id=; Path=\/shops\/[^;]+;.*Max-Age=0/);
  });

  it("refuses a customer_id that is not a customer", async () => {
    const response = await fetch(`${base}/account/login?customer_id=gid://shopify/Order/1`, { redirect: "manual" });
    expect(response.status).toBe(400);
  });

  it("lists the shop's customers on the login page", async () => {
    const { html } = await page(`${base}/account/login`);
    expect(html).toContain("Sign in as Ada Lovelace");
    expect(html).toContain("customer_id=gid%3A%2F%2Fshopify%2FCustomer%2F7301928475123");
  });
});

describe("other shop pages", () => {
  it.each([
    ["/", "Welcome to Aftercare Demo"],
    ["/collections/all", "All products"],
    ["/products/linen-shirt", "Linen shirt"],
  ])("%s is an accessible page headed %s", async (pagePath, heading) => {
    const { status, html } = await page(`${base}${pagePath}`);
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toContain('<a class="skip-link" href="#MainContent">');
    expect(html).not.toContain('data-block-handle="order-care"');
    expect(html).not.toContain('data-block-handle="loyalty"');
    // The launcher embed is on every page, after the footer.
    expect(html).toMatch(
      /<\/footer>\s*<div id="shopify-block-loyalty_launcher_1" class="shopify-block shopify-app-block" data-block-handle="loyalty-launcher">/,
    );
  });

  it("leaves the app proxy, unknown shops and unknown products to other listeners", async () => {
    expect((await page(`${base}/apps/aftercare/api/orders`)).html).toBe("Not found");
    expect((await page(`${running.origin}/shops/other-shop.myshopify.com/`)).html).toBe("Not found");
    expect((await page(`${base}/products/unknown`)).status).toBe(404);
  });
});

const MEMBER = "gid://shopify/Customer/7301928475999";

describe("rewards page with the loyalty block", () => {
  it("shows a guest how the program works and how to join, and wires the block to the app proxy", async () => {
    const { status, html } = await page(`${base}/pages/rewards`);
    expect(status).toBe(200);
    expect(html).toContain("<h1>Rewards</h1>");
    const block = blockHtml(html, "loyalty");
    expect(block).toMatch(/<h2 class="aftercare-loyalty__heading" [^>]*>Rewards program<\/h2>/);
    expect(block).toContain(`data-endpoint="/shops/${SHOP}/apps/aftercare/api/loyalty"`);
    expect(block).toContain("Join our rewards program: collect points with every order and turn them into discounts.");
    expect(block).toContain(`href="/shops/${SHOP}/account/register">Create an account</a>`);
    expect(block).toContain(`href="/shops/${SHOP}/account/login">Sign in</a>`);
    expect(block).toContain("Sign in to redeem rewards.");
    expect(block).toMatch(/role="status" aria-live="polite" data-status>Loading the rewards program…</);
    // No balance and no redeem buttons for a guest.
    expect(block).not.toContain("data-balance");
    expect(block).not.toContain('data-f="redeem"');
    expect(html).toContain(`<script src="/shops/${SHOP}/extension-assets/loyalty.js" defer></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/shops/${SHOP}/extension-assets/loyalty.css">`);
  });

  it("shows a member their balance, pending points and tier from the app's metafields before any request", async () => {
    const cookie = await signIn(MEMBER);
    const block = blockHtml((await page(`${base}/pages/rewards`, cookie)).html, "loyalty");
    expect(block).toMatch(/data-balance>1234 points<\/p>/);
    expect(block).toMatch(/data-pending>120 points pending<\/p>/);
    expect(block).toMatch(/data-tier>Tier: Silver<\/p>/);
    expect(block).toContain('data-f="redeem">Redeem</button>');
    expect(block).toContain('data-part="birthday"');
    expect(block).not.toContain("Create an account");

    const polish = blockHtml((await page(`${base}/pages/rewards?locale=pl`, cookie)).html, "loyalty");
    expect(polish).toMatch(/<h2 [^>]*>Program nagród<\/h2>/);
    expect(polish).toMatch(/data-balance>1234 pkt<\/p>/);
    expect(polish).toMatch(/data-pending>120 pkt oczekuje<\/p>/);
    expect(polish).toMatch(/data-tier>Poziom: Silver<\/p>/);
    expect(polish).toContain('"one": "{count} pkt"');
    expect(polish).toContain('"NOT_ENOUGH_POINTS": "Masz za mało punktów na tę nagrodę."');
  });

  it("keeps the balance's place for a signed-in customer the app has not mirrored yet", async () => {
    const cookie = await signIn();
    const block = blockHtml((await page(`${base}/pages/rewards`, cookie)).html, "loyalty");
    expect(block).toMatch(/data-balance><span class="aftercare-loyalty__placeholder" aria-hidden="true">…<\/span><\/p>/);
    expect(block).toMatch(/data-pending><\/p>/);
  });

  it("leaves out the sections a merchant switched off", async () => {
    const { html } = await renderBlock({
      extensionDir,
      block: "loyalty",
      shop: SHOP,
      shopConfig,
      customer: { id: 42 },
      settings: { show_history: false, show_earn: false, heading: "Punkty" },
    });
    expect(html).toMatch(/<h2 [^>]*>Punkty<\/h2>/);
    expect(html).not.toContain('data-part="history"');
    expect(html).not.toContain('data-part="earn"');
    expect(html).toContain('data-part="rewards"');
  });

  it("answers 404 for a page the merchant never made", async () => {
    expect((await page(`${base}/pages/about-us`)).status).toBe(404);
  });

  it("lands 'Create an account' on the double's list of customers to sign in as", async () => {
    const { status, html } = await page(`${base}/account/register`);
    expect(status).toBe(200);
    expect(html).toContain("Sign in as Ada Lovelace");
  });
});

describe("the rewards launcher (app embed)", () => {
  it("shows a member's points at once and links to the rewards page", async () => {
    const cookie = await signIn(MEMBER);
    const launcher = blockHtml((await page(`${base}/`, cookie)).html, "loyalty-launcher");
    expect(launcher).toMatch(/<div\s+class="aftercare-launcher aftercare-launcher--right"\s+data-aftercare-launcher/);
    expect(launcher).not.toMatch(/data-customer="7301928475999"\s+hidden/);
    expect(launcher).toMatch(/<span data-label>1234 points<\/span>/);
    expect(launcher).toContain('aria-expanded="false"');
    expect(launcher).toMatch(/role="dialog"\s+aria-labelledby="AftercareLauncherTitle-loyalty_launcher_1"\s+tabindex="-1"\s+hidden/);
    expect(launcher).toContain(`<a href="/shops/${SHOP}/pages/rewards">See all rewards</a>`);
  });

  it("stays hidden for a guest until the app says the program runs, and is absent when guests are switched off", async () => {
    const { html } = await page(`${base}/collections/all?locale=pl`);
    const launcher = blockHtml(html, "loyalty-launcher");
    expect(launcher).toMatch(/data-customer=""\s+hidden/);
    expect(launcher).toContain("Załóż konto");
    expect(html).toContain(`<script src="/shops/${SHOP}/extension-assets/loyalty-launcher.js" defer></script>`);

    const off = await renderBlock({ extensionDir, block: "loyalty-launcher", shop: SHOP, shopConfig, settings: { show_guests: false } });
    expect(off.schema.target).toBe("body");
    expect(off.html).not.toContain("data-aftercare-launcher");
  });

  it("links a member without a rewards page to their account", async () => {
    const { html } = await renderBlock({ extensionDir, block: "loyalty-launcher", shop: SHOP, shopConfig, customer: { id: 42 } });
    expect(html).toContain(`<a href="/shops/${SHOP}/account">See all rewards</a>`);
  });
});

describe("extension assets", () => {
  it.each([
    ["order-care.js", "text/javascript; charset=utf-8"],
    ["order-care.css", "text/css; charset=utf-8"],
    ["loyalty.js", "text/javascript; charset=utf-8"],
    ["loyalty-launcher.css", "text/css; charset=utf-8"],
    ["reviews.js", "text/javascript; charset=utf-8"],
    ["reviews.css", "text/css; charset=utf-8"],
  ])("serves %s as %s", async (file, contentType) => {
    const response = await fetch(`${base}/extension-assets/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(contentType);
    expect(await response.text()).toBe(await readFile(path.join(extensionDir, "assets", file), "utf8"));
  });

  it("does not serve files outside assets/", async () => {
    expect((await fetch(`${base}/extension-assets/..%2Fblocks%2Forder-care.liquid`)).status).toBe(404);
    expect((await fetch(`${base}/extension-assets/missing.js`)).status).toBe(404);
  });
});

describe("renderBlock", () => {
  it("applies merchant settings over the schema defaults", async () => {
    const { html, schema } = await renderBlock({
      extensionDir,
      block: "order-care",
      shop: SHOP,
      shopConfig,
      customer: { id: 42 },
      settings: { heading: "Recent purchases", orders_count: 3 },
    });
    expect(schema.target).toBe("section");
    expect(html).toMatch(/<h2 [^>]*>Recent purchases<\/h2>/);
    expect(html).toContain('data-limit="3"');
  });

  it("escapes a merchant heading", async () => {
    const { html } = await renderBlock({
      extensionDir,
      block: "order-care",
      shop: SHOP,
      shopConfig,
      settings: { heading: "<img src=x onerror=alert(1)>" },
    });
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("the t filter", () => {
  const locales: ExtensionLocales = {
    defaultLocale: "en",
    catalogs: new Map<string, LocaleCatalog>([
      ["en", { greet: "Hi {{ name }}", items: { one: "{{ count }} item", other: "{{ count }} items" }, only_en: "English" }],
      [
        "pl",
        {
          greet: "Cześć {{ name }}",
          items: { one: "{{ count }} produkt", few: "{{ count }} produkty", many: "{{ count }} produktów", other: "{{ count }} produktu" },
        },
      ],
    ]),
  };

  it.each([
    ["en", "greet", { name: "<b>Ada</b>" }, "Hi &lt;b&gt;Ada&lt;/b&gt;"],
    ["pl", "items", { count: 1 }, "1 produkt"],
    ["pl", "items", { count: 3 }, "3 produkty"],
    ["pl", "items", { count: 5 }, "5 produktów"],
    ["en", "items", { count: 5 }, "5 items"],
    ["pl", "only_en", {}, "English"],
    ["pl", "nope", {}, "Translation missing: pl.nope"],
  ])("%s %s %o → %s", (locale, key, values, expected) => {
    expect(translate(locales, locale, key, values)).toBe(expected);
  });
});
