// The storefront of the Shopify double: per-shop pages under `/shops/{shop}/` with the extension's
// app blocks placed on them, the extension's assets, and test login/logout that set the session cookie.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { CUSTOMER_COOKIE, LOCALE_COOKIE, clearCookie, readCookies, setCookie } from "./cookies";
import { readAsset } from "./extension-files";
import { chromeText, renderLayout } from "./page-layout";
import { createBlockRenderer, type RenderedBlock } from "./render-block";
import { findCustomer, liquidCustomer, numericCustomerId, shopBasePath, type LiquidCustomer } from "./storefront-objects";
import { escapeHtml } from "./translations";
import type { Listener, PageKind, PlacedBlock, ShopResolver, StorefrontShop } from "./types";

/** Where each Aftercare block lives on a shop; a new block gets a line here. */
export const defaultPlacements: Record<PageKind, PlacedBlock[]> = {
  home: [],
  product: [],
  collection: [],
  account: ["order-care"],
};

export type StorefrontOptions = {
  extensionDir: string;
  shops: ShopResolver;
  /** The app proxy's storefront path; requests under it are left to the app-proxy forwarder. */
  appProxyPath?: string;
  /** Replaces the blocks placed on the given pages (e.g. to try other settings). */
  placements?: Partial<Record<PageKind, PlacedBlock[]>>;
};

type Page = { kind: PageKind | "login"; pageType: string; title: string; content: string };

const PAGE_TYPES: Record<PageKind, string> = {
  home: "index",
  product: "product",
  collection: "collection",
  account: "customers/account",
};

function humanize(handle: string): string {
  const words = handle.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, head = false): void {
  res.statusCode = status;
  res.setHeader("Content-Type", contentType);
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.setHeader("Cache-Control", "no-store");
  res.end(head ? undefined : body);
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.statusCode = 302;
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  res.setHeader("Location", location);
  res.end();
}

export function createStorefront(options: StorefrontOptions): Listener {
  const extensionDir = path.resolve(options.extensionDir);
  const appProxyPath = options.appProxyPath ?? "/apps/aftercare";
  if (!/^\/(apps|a|community|tools)\/[\w-]+$/.test(appProxyPath)) {
    throw new Error(`appProxyPath must look like /apps/<subpath>, got ${appProxyPath}`);
  }
  const placements = { ...defaultPlacements, ...options.placements };
  const renderer = createBlockRenderer(extensionDir);

  return async function storefront(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://storefront.local");
    const match = /^\/shops\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!match) return false;
    const shopHandle = decodeURIComponent(match[1]);
    const rest = match[2] ?? "/";
    if (rest === appProxyPath || rest.startsWith(`${appProxyPath}/`)) return false;
    const shop = await options.shops(shopHandle);
    if (!shop) return false;
    const base = shopBasePath(shopHandle);

    const asset = /^\/extension-assets\/([^/]+)$/.exec(rest);
    if (asset) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const file = await readAsset(extensionDir, decodeURIComponent(asset[1]));
      if (!file) send(res, 404, "text/plain; charset=utf-8", "Asset not found", req.method === "HEAD");
      else send(res, 200, file.contentType, file.body, req.method === "HEAD");
      return true;
    }

    const cookies = readCookies(req);
    const outgoingCookies: string[] = [];

    if (rest === "/account/login" && url.searchParams.has("customer_id")) {
      const id = numericCustomerId(url.searchParams.get("customer_id") ?? "");
      if (!id) {
        send(res, 400, "text/plain; charset=utf-8", "customer_id must be a Customer gid or a numeric id");
        return true;
      }
      redirect(res, `${base}/account`, [setCookie(CUSTOMER_COOKIE, id, base)]);
      return true;
    }
    if (rest === "/account/logout") {
      redirect(res, `${base}/`, [clearCookie(CUSTOMER_COOKIE, base)]);
      return true;
    }

    const { catalogs, defaultLocale } = await renderer.locales();
    const available = [...catalogs.keys()];
    const primary = shop.locale ?? defaultLocale;
    // `?locale=` stands in for Shopify's `/pl/…` URLs and, like a shopper's language picker, sticks.
    const picked = url.searchParams.get("locale");
    if (picked && available.includes(picked)) outgoingCookies.push(setCookie(LOCALE_COOKIE, picked, base));
    const asked = picked ?? cookies[LOCALE_COOKIE];
    const locale = asked && available.includes(asked) ? asked : primary;

    const customerId = cookies[CUSTOMER_COOKIE] ? numericCustomerId(cookies[CUSTOMER_COOKIE]) : null;
    const customer = customerId ? liquidCustomer(customerId, findCustomer(shop, customerId)) : null;

    const page = resolvePage(rest, shop, base, locale, customer);
    if (!page) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "text/plain; charset=utf-8", "Method not allowed");
      return true;
    }

    const blocks: RenderedBlock[] = [];
    const placed = page.kind === "login" ? [] : placements[page.kind];
    for (const [index, entry] of placed.entries()) {
      const { block, settings } = typeof entry === "string" ? { block: entry, settings: undefined } : entry;
      blocks.push(
        await renderer.render({
          block,
          blockId: `${block.replace(/-/g, "_")}_${index + 1}`,
          settings,
          shopHandle,
          shop,
          locale,
          customer,
          pageType: page.pageType,
          path: url.pathname,
          host: req.headers.host,
        }),
      );
    }

    const html = renderLayout({
      locale,
      locales: available,
      shopName: shop.name,
      base,
      currentPath: url.pathname,
      signedIn: customer !== null,
      title: page.title,
      content: page.content,
      blocks: blocks.map((block) => block.html),
      scripts: [...new Set(blocks.flatMap((block) => block.scripts))],
      stylesheets: [...new Set(blocks.flatMap((block) => block.stylesheets))],
    });
    if (outgoingCookies.length) res.setHeader("Set-Cookie", outgoingCookies);
    send(res, 200, "text/html; charset=utf-8", html, req.method === "HEAD");
    return true;
  };
}

function resolvePage(
  rest: string,
  shop: StorefrontShop,
  base: string,
  locale: string,
  customer: LiquidCustomer | null,
): Page | null {
  const t = (key: Parameters<typeof chromeText>[1], values?: Record<string, string>) =>
    escapeHtml(chromeText(locale, key, values));
  const path = rest.length > 1 ? rest.replace(/\/$/, "") : rest;

  if (path === "/") {
    return { kind: "home", pageType: PAGE_TYPES.home, title: chromeText(locale, "welcome", { shop: shop.name }), content: "" };
  }
  if (path === "/collections/all") {
    const products = shop.products ?? [];
    const content = products.length
      ? `<ul>${products
          .map((p) => `<li><a href="${escapeHtml(`${base}/products/${p.handle}`)}">${escapeHtml(p.title)}</a></li>`)
          .join("")}</ul>`
      : `<p>${t("noProducts")}</p>`;
    return { kind: "collection", pageType: PAGE_TYPES.collection, title: chromeText(locale, "allProducts"), content };
  }
  const product = /^\/products\/([^/]+)$/.exec(path);
  if (product) {
    const handle = decodeURIComponent(product[1]);
    const known = shop.products?.find((p) => p.handle === handle);
    if (shop.products && !known) return null;
    return { kind: "product", pageType: PAGE_TYPES.product, title: known?.title ?? humanize(handle), content: "" };
  }
  if (path === "/account") {
    const content = customer ? `<p>${t("signedInAs", { name: customer.name || customer.id })}</p>` : "";
    return { kind: "account", pageType: PAGE_TYPES.account, title: chromeText(locale, "account"), content };
  }
  if (path === "/account/login") {
    const customers = shop.customers ?? [];
    const content = customers.length
      ? `<ul>${customers
          .map((c) => {
            const name = [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || String(c.id);
            const href = `${base}/account/login?customer_id=${encodeURIComponent(String(c.id))}`;
            return `<li><a href="${escapeHtml(href)}">${t("signInAs", { name })}</a></li>`;
          })
          .join("")}</ul>`
      : `<p>${t("noCustomers")}</p>`;
    return { kind: "login", pageType: "customers/login", title: chromeText(locale, "signIn"), content };
  }
  return null;
}
