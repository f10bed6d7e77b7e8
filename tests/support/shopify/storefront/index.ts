// Storefront harness of the Shopify double: shop pages rendering the Aftercare theme app extension, and a
// checkout over the Admin double's store.
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
  StorefrontPurchase,
  StorefrontShop,
  StorefrontVariant,
} from "./types";
export { DISCOUNT_CODE_FIELD, formatPrice } from "./catalog-pages";
export { DEFAULT_SHIPPING_PRICE, storeCheckout, storefrontOrderOf, storefrontShopOf, type StoreCheckoutOptions } from "./store-checkout";
export { startServer, type RunningServer } from "./start-server";
