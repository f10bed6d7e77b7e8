import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "~/platform/env.server";

const valid = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://app.example.com" };

describe("configuration", () => {
  it("defaults to SQLite and embedded jobs", () => {
    const env = parseEnv(valid);
    expect(env).toMatchObject({ databaseKind: "sqlite", PROCESS_ROLE: "all", PORT: 3000 });
    expect(env.REDIS_URL).toBeUndefined();
  });
  it("switches to PostgreSQL and web-only processes on the scale path", () => {
    const env = parseEnv({ ...valid, DATABASE_URL: "postgresql://db/aftercare", REDIS_URL: "redis://cache:6379" });
    expect(env).toMatchObject({ databaseKind: "postgresql", PROCESS_ROLE: "web" });
  });
  it("names every missing or malformed variable", () => {
    let error: unknown;
    try {
      parseEnv({ SHOPIFY_APP_URL: "not a url", PORT: "http", DATABASE_URL: "mysql://x" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "PORT", "DATABASE_URL"]) {
      expect(message).toContain(name);
    }
  });
});
