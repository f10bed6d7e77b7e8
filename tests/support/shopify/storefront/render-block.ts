// Renders one app block (or app embed) of the extension as Shopify would place it on a page: schema defaults
// applied, `page` settings resolved to page objects, wrapped in Shopify's app-block container, plus the assets
// its schema asks Shopify to load.
import { readFile } from "node:fs/promises";
import type { Liquid } from "liquidjs";
import {
  blockPath,
  defaultSettings,
  parseBlockSchema,
  readExtensionLocales,
  type BlockSchema,
  type ExtensionLocales,
} from "./extension-files";
import { createLiquidEngine, HARNESS_GLOBAL, type HarnessGlobals } from "./liquid-engine";
import {
  liquidCustomer,
  liquidGlobals,
  liquidProduct,
  numericCustomerId,
  shopBasePath,
  type StorefrontRequestFacts,
} from "./storefront-objects";
import type { StorefrontCustomer, StorefrontProduct, StorefrontShop } from "./types";

export type RenderedBlock = {
  html: string;
  schema: BlockSchema;
  /** Asset URLs Shopify injects for the block (schema `javascript` / `stylesheet`). */
  scripts: string[];
  stylesheets: string[];
};

export type BlockRenderRequest = StorefrontRequestFacts & {
  block: string;
  blockId: string;
  settings?: Record<string, unknown>;
};

export function assetBasePath(shopHandle: string): string {
  return `${shopBasePath(shopHandle)}/extension-assets`;
}

/** Renders blocks of one extension; locale files and block sources are re-read each time so edits show up. */
export function createBlockRenderer(extensionDir: string) {
  const engine: Liquid = createLiquidEngine(extensionDir);

  return {
    locales(): Promise<ExtensionLocales> {
      return readExtensionLocales(extensionDir);
    },

    async render(request: BlockRenderRequest): Promise<RenderedBlock> {
      const file = blockPath(extensionDir, request.block);
      const source = await readFile(file, "utf8");
      const schema = parseBlockSchema(source, file);
      const locales = await readExtensionLocales(extensionDir);
      const assetBase = assetBasePath(request.shopHandle);
      const harness: HarnessGlobals = { locales, locale: request.locale, assetBase };
      const block = {
        id: request.blockId,
        type: `shopify://apps/aftercare/blocks/${request.block}`,
        settings: resolvePageSettings(schema, { ...defaultSettings(schema), ...request.settings }, request.shopHandle),
        shopify_attributes: "",
      };
      const globals = { ...liquidGlobals(request), [HARNESS_GLOBAL]: harness };
      const inner = await engine.parseAndRender(source, { block }, { globals });
      const html =
        `<div id="shopify-block-${block.id}" class="shopify-block shopify-app-block" data-block-handle="${request.block}">` +
        `${inner}</div>`;
      return {
        html,
        schema,
        scripts: schema.javascript ? [`${assetBase}/${encodeURIComponent(schema.javascript)}`] : [],
        stylesheets: schema.stylesheet ? [`${assetBase}/${encodeURIComponent(schema.stylesheet)}`] : [],
      };
    },
  };
}

/** A `page` setting holds the page's handle in the theme's JSON; Liquid gets the page object (`.url`, `.title`). */
function resolvePageSettings(schema: BlockSchema, settings: Record<string, unknown>, shopHandle: string): Record<string, unknown> {
  const resolved = { ...settings };
  for (const setting of schema.settings) {
    const handle = setting.id ? resolved[setting.id] : undefined;
    if (setting.type !== "page" || typeof handle !== "string" || !handle) continue;
    const title = handle.replace(/[-_]+/g, " ");
    resolved[setting.id!] = {
      handle,
      title: title.charAt(0).toUpperCase() + title.slice(1),
      url: `${shopBasePath(shopHandle)}/pages/${encodeURIComponent(handle)}`,
    };
  }
  return resolved;
}

export type RenderBlockOptions = {
  extensionDir: string;
  block: string;
  /** The `{shop}` path segment, e.g. `demo.myshopify.com`. */
  shop: string;
  shopConfig: StorefrontShop;
  /** Defaults to the shop's primary locale. */
  locale?: string;
  /** A logged-in customer, or nothing for a guest. */
  customer?: StorefrontCustomer | null;
  settings?: Record<string, unknown>;
  blockId?: string;
  /** Defaults to `product` when a product is given, else `customers/account`. */
  pageType?: string;
  /** The product of a product page (Liquid's `product`, with its metafields). */
  product?: StorefrontProduct;
};

/** One-off render for unit tests. */
export async function renderBlock(options: RenderBlockOptions): Promise<RenderedBlock> {
  const customerId = options.customer ? numericCustomerId(options.customer.id) : null;
  if (options.customer && !customerId) throw new Error(`Not a customer id: ${options.customer.id}`);
  return createBlockRenderer(options.extensionDir).render({
    block: options.block,
    blockId: options.blockId ?? `${options.block.replace(/-/g, "_")}_1`,
    settings: options.settings,
    shopHandle: options.shop,
    shop: options.shopConfig,
    locale: options.locale ?? options.shopConfig.locale ?? "en",
    customer: customerId ? liquidCustomer(customerId, options.customer ?? undefined) : null,
    pageType: options.pageType ?? (options.product ? "product" : "customers/account"),
    path: options.product ? `${shopBasePath(options.shop)}/products/${options.product.handle}` : `${shopBasePath(options.shop)}/account`,
    product: options.product ? liquidProduct(options.product, options.shop) : null,
  });
}
