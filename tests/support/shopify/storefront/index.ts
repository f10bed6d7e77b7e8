// Storefront harness of the Shopify double: shop pages rendering the Aftercare theme app extension.
export { createStorefront, defaultPlacements, type StorefrontOptions } from "./create-storefront";
export { renderBlock, createBlockRenderer, type RenderBlockOptions, type RenderedBlock } from "./render-block";
export { CUSTOMER_COOKIE, LOCALE_COOKIE } from "./cookies";
export { numericCustomerId } from "./storefront-objects";
export { parseBlockSchema, listBlocks, readExtensionLocales, type BlockSchema } from "./extension-files";
export type {
  Listener,
  PageKind,
  PlacedBlock,
  ShopResolver,
  StorefrontCheckout,
  StorefrontCustomer,
  StorefrontOrder,
  StorefrontProduct,
  StorefrontShop,
  StorefrontVariant,
} from "./types";
export { formatPrice } from "./catalog-pages";
export { startServer, type RunningServer } from "./start-server";
