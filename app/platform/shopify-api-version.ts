// The Admin API version Aftercare is built against (webhook subscriptions use the same).
export const SHOPIFY_API_VERSION = "2026-10";
