import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhookBody, verifyWebhookHmac } from "~/webhooks/hmac";

describe("webhook HMAC", () => {
  const body = Buffer.from('{"id":1}');
  it("accepts Shopify's base64 HMAC-SHA256 of the raw body", () => {
    const header = crypto.createHmac("sha256", "s3cret").update(body).digest("base64");
    expect(verifyWebhookHmac(body, header, "s3cret")).toBe(true);
    expect(signWebhookBody(body, "s3cret")).toBe(header);
  });
  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["other secret", signWebhookBody(body, "other")],
    ["truncated", signWebhookBody(body, "s3cret").slice(0, 20)],
    ["garbage", "!!!not base64!!!"],
  ])("rejects a %s signature", (_, header) => {
    expect(verifyWebhookHmac(body, header, "s3cret")).toBe(false);
  });
  it("rejects a body changed after signing", () => {
    expect(verifyWebhookHmac(Buffer.from('{"id":2}'), signWebhookBody(body, "s3cret"), "s3cret")).toBe(false);
  });
});
