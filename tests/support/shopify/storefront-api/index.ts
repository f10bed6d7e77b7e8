// Public API of the local Shopify Storefront API double: the GraphQL endpoint (reading the Admin double's
// store, authenticated by tokens made with the Admin API's storefrontAccessTokenCreate), its schema, and the
// recommendation rules.
export { createStorefrontApi, STOREFRONT_TOKEN_HEADER, TOKENLESS_SCOPES, UNAUTHORIZED_BODY } from "./http";
export type { StorefrontApiListener } from "./http";
export { StorefrontGraphqlApi } from "./graphql-api";
export type { StorefrontRequest, StorefrontResponse } from "./graphql-api";
export { storefrontSchema, storefrontSchemaSdl } from "./executable-schema";
export { LISTINGS_SCOPE, storefrontAmount } from "./resolvers";
export { DISCOVERY_NAMESPACE, MAX_RECOMMENDATIONS, recommendProducts } from "./recommendations";
