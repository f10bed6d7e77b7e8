// Storefront harness of the Shopify double: shop pages rendering the Aftercare theme app extension, a
// checkout over the Admin double's store, and a stand-in for the app's public reviews behind the App Proxy.
export { createStorefront, defaultPlacements, type StorefrontOptions } from "./create-storefront";
export { renderBlock, createBlockRenderer, type RenderBlockOptions, type RenderedBlock } from "./render-block";
export { CUSTOMER_COOKIE, LOCALE_COOKIE } from "./cookies";
export { numericCustomerId, numericProductId } from "./storefront-objects";
export {
  fakeReviewsProxy,
  reviewMetafields,
  reviewSummary,
  REVIEWS_PAGE_SIZE,
  type FakeReviewsProxy,
  type FakeReviewsProxyOptions,
} from "./reviews-proxy";
export { parseBlockSchema, listBlocks, readExtensionLocales, type BlockSchema } from "./extension-files";
export type {
  BlockSlot,
  Listener,
  PageKind,
  PlacedBlock,
  ShopResolver,
  StorefrontCheckout,
  StorefrontCustomer,
  StorefrontMetafield,
  StorefrontOrder,
  StorefrontProduct,
  StorefrontPurchase,
  StorefrontShop,
  StorefrontVariant,
} from "./types";
export { DISCOUNT_CODE_FIELD, cardRating, formatPrice } from "./catalog-pages";
export { DEFAULT_SHIPPING_PRICE, storeCheckout, storefrontOrderOf, storefrontShopOf, type StoreCheckoutOptions } from "./store-checkout";
export { startServer, type RunningServer } from "./start-server";
