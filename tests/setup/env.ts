// Test-process configuration: the same variables a deployment sets, with throwaway values.
process.env.NODE_ENV ??= "test";
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3000";
process.env.LOG_LEVEL ??= "silent";
