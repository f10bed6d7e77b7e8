// shopify.app.toml and shopify.web.toml are read by the Shopify CLI, which cannot run here:
// these checks keep them consistent with the code.
import fs from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { webhookHandlers } from "~/webhooks/handlers.server";
import { complianceTopics, subscribedTopics } from "~/webhooks/topics";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";

const app = parse(fs.readFileSync("shopify.app.toml", "utf8")) as any;
const web = parse(fs.readFileSync("shopify.web.toml", "utf8")) as any;

describe("shopify.app.toml", () => {
  const subs: any[] = app.webhooks.subscriptions;
  it("subscribes to exactly the topics the app handles, at the app's API version", () => {
    expect(app.webhooks.api_version).toBe(SHOPIFY_API_VERSION);
    expect(subs.flatMap((s) => s.topics ?? []).sort()).toEqual([...subscribedTopics].sort());
    expect(subs.flatMap((s) => s.compliance_topics ?? []).sort()).toEqual([...complianceTopics].sort());
    expect(Object.keys(webhookHandlers).sort()).toEqual([...subscribedTopics, ...complianceTopics].sort());
  });
  it("points every subscription at the ingestion path the server serves", () => {
    for (const s of subs) expect(s.uri).toBe("/webhooks");
    expect(web.webhooks_path).toBe("/webhooks");
    expect(fs.readFileSync("scripts/serve.mjs", "utf8")).toContain('"/webhooks"');
  });
  it("routes the app proxy to the app's proxy routes", () => {
    expect(app.app_proxy).toMatchObject({ subpath: "aftercare", prefix: "apps" });
    expect(new URL(app.app_proxy.url).pathname).toBe("/proxy");
    expect(fs.existsSync("app/routes/proxy.api.orders.ts")).toBe(true);
  });
  it("asks for the same scopes as the server's default", async () => {
    const { parseEnv } = await import("~/platform/env.server");
    const env = parseEnv({ SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://x.example" });
    expect(app.access_scopes.scopes).toBe(env.SCOPES);
  });
});
