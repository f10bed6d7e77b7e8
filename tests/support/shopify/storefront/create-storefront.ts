// The storefront of the Shopify double: per-shop pages under `/shops/{shop}/` with the extension's
// app blocks placed on them (a product page's star rating under its title, its reviews below the description)
// and its app embeds on every theme page, the extension's assets, test
// login/logout that set the session cookie, and — for a shop with a checkout — a Buy button that places a real order as the signed-in customer, with the
// discount code they typed (a code the shop cannot apply refuses the purchase, 422, saying why).
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { CUSTOMER_COOKIE, LOCALE_COOKIE, clearCookie, readCookies, setCookie } from "./cookies";
import { readAsset } from "./extension-files";
import {
  DISCOUNT_CODE_FIELD,
  MAX_DISCOUNT_CODE_LENGTH,
  MAX_QUANTITY,
  numericVariantId,
  orderConfirmation,
  productGrid,
  productPage,
} from "./catalog-pages";
import { chromeText, renderLayout } from "./page-layout";
import { createBlockRenderer, type RenderedBlock } from "./render-block";
import { findCustomer, liquidCustomer, liquidProduct, numericCustomerId, shopBasePath, type LiquidCustomer } from "./storefront-objects";
import { escapeHtml } from "./translations";
import type { BlockSlot, Listener, PageKind, PlacedBlock, ShopResolver, StorefrontProduct, StorefrontShop } from "./types";

/** The handle of the merchant page with the loyalty block, which the launcher links to. */
export const REWARDS_PAGE = "rewards";
/** The handle of the merchant page with the returns block, which the footer links to. */
export const RETURNS_PAGE = "returns";
import { readText } from "../../../../app/platform/request-body";
import { refusalKind } from "../admin/discount-rules";
import { DiscountCodeError } from "../admin/store";

/** Where each Aftercare block lives on a shop; a new block gets a line here. */
export const defaultPlacements: Record<PageKind, PlacedBlock[]> = {
  home: [],
  // As a merchant adds them in the theme editor: the rating under the product's title, the reviews below its description.
  product: [{ block: "reviews-badge", slot: "title" }, "reviews"],
  collection: [],
  account: ["order-care"],
  // The merchant's "Rewards" page (/pages/rewards).
  page: ["loyalty"],
  // The merchant's "Returns" page (/pages/returns).
  returns: ["returns"],
};

/** App embeds switched on in the theme (Theme settings → App embeds); they render on every theme page. */
export const defaultEmbeds: PlacedBlock[] = [{ block: "loyalty-launcher", settings: { rewards_page: REWARDS_PAGE } }];

export type StorefrontOptions = {
  extensionDir: string;
  shops: ShopResolver;
  /** The app proxy's storefront path; requests under it are left to the app-proxy forwarder. */
  appProxyPath?: string;
  /** Replaces the blocks placed on the given pages (e.g. to try other settings). */
  placements?: Partial<Record<PageKind, PlacedBlock[]>>;
  /** Replaces the app embeds that are switched on (default: defaultEmbeds). */
  embeds?: PlacedBlock[];
};

// Pages of the double's own (sign-in, order status) carry no theme app blocks.
type Page = { kind: PageKind | "login" | "order"; pageType: string; title: string; content: string; product?: StorefrontProduct };

const PAGE_TYPES: Record<PageKind, string> = {
  home: "index",
  product: "product",
  collection: "collection",
  account: "customers/account",
  page: "page",
  returns: "page",
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

function redirect(res: ServerResponse, location: string, cookies: string[] = [], status = 302): void {
  res.statusCode = status;
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
  const embeds = options.embeds ?? defaultEmbeds;
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
      redirect(res, returnTo(url, base) ?? `${base}/account`, [setCookie(CUSTOMER_COOKIE, id, base)]);
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

    const sendPage = async (status: number, page: Page): Promise<void> => {
      const product = page.product ? liquidProduct(page.product, shopHandle) : null;
      const render = (entries: PlacedBlock[]) =>
        Promise.all(
          entries.map((entry, index) => {
            const { block, settings } = typeof entry === "string" ? { block: entry, settings: undefined } : entry;
            return renderer.render({
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
              product,
            });
          }),
        );
      // The order status page is Shopify's checkout, not the theme: no blocks, no embeds.
      const placed = page.kind === "login" || page.kind === "order" ? [] : placements[page.kind];
      const blocks: RenderedBlock[] = await render(placed);
      const slotOf = (index: number): BlockSlot => {
        const entry = placed[index];
        return (typeof entry === "string" ? undefined : entry.slot) ?? "main";
      };
      const embedded: RenderedBlock[] = await render(page.kind === "order" ? [] : embeds);
      const all = [...blocks, ...embedded];

      const html = renderLayout({
        locale,
        locales: available,
        shopName: shop.name,
        base,
        currentPath: url.pathname,
        signedIn: customer !== null,
        title: page.title,
        content: page.content,
        titleBlocks: blocks.filter((_, index) => slotOf(index) === "title").map((block) => block.html),
        blocks: blocks.filter((_, index) => slotOf(index) === "main").map((block) => block.html),
        embeds: embedded.map((block) => block.html),
        scripts: [...new Set(all.flatMap((block) => block.scripts))],
        stylesheets: [...new Set(all.flatMap((block) => block.stylesheets))],
      });
      if (outgoingCookies.length) res.setHeader("Set-Cookie", outgoingCookies);
      send(res, status, "text/html; charset=utf-8", html, req.method === "HEAD");
    };

    if (rest === "/checkout" && shop.checkout) {
      if (req.method !== "POST") {
        send(res, 405, "text/plain; charset=utf-8", "Method not allowed");
        return true;
      }
      const form = new URLSearchParams(await readBody(req));
      const product = shop.products?.find((p) => p.handle === form.get("product"));
      const variant = product?.variants?.find((v) => v.id === form.get("id"));
      const quantity = Number(form.get("quantity") ?? "1");
      const discountCode = (form.get(DISCOUNT_CODE_FIELD) ?? "").trim();
      const badQuantity = !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY;
      if (!product || !variant || badQuantity || discountCode.length > MAX_DISCOUNT_CODE_LENGTH) {
        const reason = !variant
          ? "unknown product variant"
          : badQuantity
            ? `quantity must be 1 to ${MAX_QUANTITY}`
            : `a discount code has at most ${MAX_DISCOUNT_CODE_LENGTH} characters`;
        const content = `<p class="error">${escapeHtml(reason)}</p>`;
        await sendPage(400, { kind: "order", pageType: "checkout", title: chromeText(locale, "purchaseFailed"), content });
        return true;
      }
      if (!customer) {
        // Like a shop's checkout: a guest signs in first, then lands on the product again, same variant chosen.
        const back = `${base}/products/${product.handle}?variant=${numericVariantId(variant.id)}`;
        redirect(res, `${base}/account/login?return_to=${encodeURIComponent(back)}`, [], 303);
        return true;
      }
      let token: string;
      try {
        const purchase = { customerId: customer.id, variantId: variant.id, quantity, ...(discountCode ? { discountCode } : {}) };
        token = (await shop.checkout.buy(purchase)).token;
      } catch (error) {
        // The shop said no (a code it cannot apply, a session cookie for a customer it no longer has): say so, as a checkout would.
        const message =
          error instanceof DiscountCodeError ? discountRefusalText(locale, error) : error instanceof Error ? error.message : String(error);
        const back = `${base}/products/${product.handle}?variant=${numericVariantId(variant.id)}`;
        const content = `<p class="error" role="alert">${escapeHtml(message)}</p>\n<p><a href="${escapeHtml(back)}">${escapeHtml(product.title)}</a></p>`;
        await sendPage(422, { kind: "order", pageType: "checkout", title: chromeText(locale, "purchaseFailed"), content });
        return true;
      }
      redirect(res, `${base}/orders/${encodeURIComponent(token)}`, [], 303);
      return true;
    }

    const page = resolvePage(rest, url, shop, base, locale, customer);
    if (!page) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "text/plain; charset=utf-8", "Method not allowed");
      return true;
    }
    await sendPage(200, page);
    return true;
  };
}

/** Shopify checkout's words for a refused discount code, in the shopper's language. */
function discountRefusalText(locale: string, error: DiscountCodeError): string {
  const kind = refusalKind(error.reason);
  const key = kind === "invalid" ? "discountInvalid" : kind === "notForCustomer" ? "discountNotForCustomer" : "discountNotForCart";
  return chromeText(locale, key, { code: error.discountCode });
}

/** `?return_to=` when it is a page of this shop (never another site: no open redirect). */
function returnTo(url: URL, base: string): string | null {
  const target = url.searchParams.get("return_to");
  return target && target.startsWith(`${base}/`) && !target.includes("//") && !target.includes("\\") ? target : null;
}

const readBody = (req: IncomingMessage) => readText(req, 16_384);

function resolvePage(
  rest: string,
  url: URL,
  shop: StorefrontShop,
  base: string,
  locale: string,
  customer: LiquidCustomer | null,
): Page | null {
  const t = (key: Parameters<typeof chromeText>[1], values?: Record<string, string>) => escapeHtml(chromeText(locale, key, values));
  const path = rest.length > 1 ? rest.replace(/\/$/, "") : rest;

  if (path === "/") {
    const featured = (shop.products ?? []).slice(0, 8);
    const content = featured.length ? `<h2>${t("ourProducts")}</h2>${productGrid(shop, base, locale, featured)}` : "";
    return { kind: "home", pageType: PAGE_TYPES.home, title: chromeText(locale, "welcome", { shop: shop.name }), content };
  }
  if (path === "/collections/all") {
    return {
      kind: "collection",
      pageType: PAGE_TYPES.collection,
      title: chromeText(locale, "allProducts"),
      content: productGrid(shop, base, locale),
    };
  }
  const product = /^\/products\/([^/]+)$/.exec(path);
  if (product) {
    const handle = decodeURIComponent(product[1]);
    const known = shop.products?.find((p) => p.handle === handle);
    if (shop.products && !known) return null;
    const content = known
      ? productPage({ shop, product: known, base, locale, signedIn: customer !== null, selected: url.searchParams.get("variant") })
      : "";
    return { kind: "product", pageType: PAGE_TYPES.product, title: known?.title ?? humanize(handle), content, product: known };
  }
  const orderStatus = /^\/orders\/([^/]+)$/.exec(path);
  if (orderStatus && shop.checkout) {
    // Shopify's order status page: the unguessable token is the key, as in the link of the confirmation email.
    const order = shop.checkout.order(decodeURIComponent(orderStatus[1]));
    if (!order) return null;
    return { kind: "order", pageType: "order", title: chromeText(locale, "thankYou"), content: orderConfirmation(order, base, locale) };
  }
  if (path === "/account") {
    const content = customer ? `<p>${t("signedInAs", { name: customer.name || customer.id })}</p>` : "";
    return { kind: "account", pageType: PAGE_TYPES.account, title: chromeText(locale, "account"), content };
  }
  const merchantPage = /^\/pages\/([^/]+)$/.exec(path);
  if (merchantPage) {
    // The pages the double's merchant made: "Rewards", holding the loyalty block, and "Returns", holding the returns block.
    const handle = decodeURIComponent(merchantPage[1]);
    if (handle === RETURNS_PAGE)
      return { kind: "returns", pageType: PAGE_TYPES.returns, title: chromeText(locale, "returns"), content: "" };
    if (handle !== REWARDS_PAGE) return null;
    return { kind: "page", pageType: PAGE_TYPES.page, title: chromeText(locale, "rewards"), content: "" };
  }
  // The double has no sign-up form: "Create an account" lands on the list of customers to sign in as.
  if (path === "/account/login" || path === "/account/register") {
    const customers = shop.customers ?? [];
    const back = returnTo(url, base);
    const list = customers.length
      ? `<ul>${customers
          .map((c) => {
            // Shops have namesakes: the email tells them apart.
            const fullName = [c.firstName, c.lastName].filter(Boolean).join(" ");
            const name = fullName && c.email ? `${fullName} (${c.email})` : fullName || c.email || String(c.id);
            const href = `${base}/account/login?customer_id=${encodeURIComponent(String(c.id))}${back ? `&return_to=${encodeURIComponent(back)}` : ""}`;
            return `<li><a href="${escapeHtml(href)}">${t("signInAs", { name })}</a></li>`;
          })
          .join("")}</ul>`
      : `<p>${t("noCustomers")}</p>`;
    const content = `${back ? `<p role="status">${t("signInToBuy")}</p>` : ""}${list}`;
    return { kind: "login", pageType: "customers/login", title: chromeText(locale, "signIn"), content };
  }
  return null;
}
