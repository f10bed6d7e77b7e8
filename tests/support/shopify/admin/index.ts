// Public API of the local Shopify Admin API double: store, seed data, webhook payloads, GraphQL and HTTP faces,
// bulk operations. (The Storefront API that reads the same store lives in ../storefront-api.)
export { AdminStore, DiscountCodeError, MAX_STOREFRONT_TOKENS, MetaobjectInputError, StoreError } from "./store";
export { refusalMessage, type DiscountRefusalReason } from "./discount-rules";
export {
  PRODUCT_REVIEW_TYPE,
  REVIEW_VERIFICATION_CHOICES,
  STANDARD_METAOBJECT_TEMPLATES,
  metaobjectDisplayName,
  type MetaobjectProblem,
} from "./metaobject-rules";
export { fieldJsonValue, fieldValueProblem, ratingProblem } from "./field-types";
export type {
  AdminStoreOptions,
  BulkOperationInit,
  BulkOperationOutcome,
  CollectionInit,
  CustomerInit,
  DiscountInit,
  EmailConsentInit,
  MetaobjectUpsertInit,
  OrderInit,
  ProductInit,
  ReturnLineInit,
  ShopInit,
} from "./store";
export type * from "./store-types";
export { buildWebhookPayload, serializePayload } from "./webhook-payloads";
export type { DisposeInit, ReturnCreateInit, ReturnProcessInit, ReverseDeliveryInit } from "./returns";
export { AdminGraphqlApi, adminSchema, adminSchemaSdl } from "./graphql-api";
export type { AdminGraphqlOptions, CostExtension, GraphqlResponse, RequestScope } from "./graphql-api";
export { LeakyBucket, SINGLE_QUERY_MAX_COST } from "./query-cost";
export { FaultPlan } from "./faults";
export type { BulkFault, Fault, FaultInput, RequestFault } from "./faults";
export { BulkOperations, DEFAULT_BULK_CHUNK_SIZE } from "./bulk-operations";
export type { BulkOperationsOptions, BulkPayload, BulkUserError } from "./bulk-operations";
export { BULK_URL_TTL_MS, bulkFileUrl } from "./bulk-files";
export { seedBulkOrders } from "./bulk-seed";
export type { BulkSeedOptions, BulkSeedSummary } from "./bulk-seed";
export { createAdminApi, DEFAULT_SCOPES } from "./http";
export type { AdminApiListener, AdminApiOptions } from "./http";
export { exchangeToken, OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT, ID_TOKEN_TYPE } from "./token-exchange";
export { seedDemoShop } from "./seed";
export type { SeedOptions, SeedSummary } from "./seed";
export { gid, parseGid, numericIdOf } from "./ids";
