// The one way webhooks enter Aftercare: verify the HMAC (401), check the headers (400), store the
// delivery in the inbox (group commit), answer 200 — duplicates also 200, stored once. If the
// inbox cannot be written, answer 503 so Shopify retries; nothing is acknowledged unstored.
// This runs on Node's raw request, ahead of Remix, because it is the app's hottest path.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { excerpt } from "~/platform/errors";
import { readBody } from "~/platform/request-body";
import { verifyWebhookHmac } from "./hmac";
import type { InboxWriter } from "./inbox-writer.server";
import { SHOP_DOMAIN } from "./topics";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface IngestOptions {
  secret: string;
  inbox: InboxWriter;
  log: Logger;
}

function reply(res: ServerResponse, status: number, message: string, close = false) {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(message),
    ...(close ? { connection: "close" } : {}),
  });
  res.end(message);
}

/** Shopify's headers, each required, non-empty and of a sane length and shape. */
const HEADERS = {
  topic: { name: "X-Shopify-Topic", pattern: /^[a-z0-9_]{1,60}(\/[a-z0-9_]{1,60}){1,2}$/, required: true },
  shop: { name: "X-Shopify-Shop-Domain", pattern: SHOP_DOMAIN, required: true },
  webhookId: { name: "X-Shopify-Webhook-Id", pattern: /^[\x21-\x7e]{1,255}$/, required: true },
  apiVersion: { name: "X-Shopify-API-Version", pattern: /^(\d{4}-\d{2}|unstable)$/, required: true },
  eventId: { name: "X-Shopify-Event-Id", pattern: /^[\x21-\x7e]{1,255}$/, required: false },
  triggeredAt: { name: "X-Shopify-Triggered-At", pattern: /^[\x20-\x7e]{1,64}$/, required: false },
} as const;

type HeaderValues = { [K in keyof typeof HEADERS]: (typeof HEADERS)[K]["required"] extends true ? string : string | null };

function readHeaders(req: IncomingMessage): HeaderValues | string {
  const values: Record<string, string | null> = {};
  for (const [key, spec] of Object.entries(HEADERS)) {
    const raw = req.headers[spec.name.toLowerCase()];
    const value = typeof raw === "string" ? raw : null;
    if (value === null || value === "") {
      if (spec.required) return `Missing or empty ${spec.name} header`;
      values[key] = null;
    } else if (value.length > 255 || !spec.pattern.test(value)) {
      return `Invalid ${spec.name} header: ${excerpt(value, 80)}`;
    } else values[key] = value;
  }
  return values as HeaderValues;
}

export function createWebhookIngest({ secret, inbox, log }: IngestOptions) {
  return async function ingest(req: IncomingMessage, res: ServerResponse) {
    // Its body is never read, so the connection cannot carry another request.
    if (req.method !== "POST") return reply(res, 405, "Webhooks must be POSTed", true);
    const read = await readBody(req, MAX_BODY_BYTES);
    if (!read.ok) {
      if (read.reason === "too_large") return reply(res, 413, `Webhook body over ${MAX_BODY_BYTES} bytes`, true);
      return;
    }
    const body = read.body;
    const hmac = req.headers["x-shopify-hmac-sha256"];
    if (!verifyWebhookHmac(body, typeof hmac === "string" ? hmac : undefined, secret)) {
      return reply(res, 401, "Invalid webhook signature");
    }
    const h = readHeaders(req);
    if (typeof h === "string") return reply(res, 400, h);
    const first = body.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (first !== 0x7b /* { */) return reply(res, 400, "Webhook body must be a JSON object");
    try {
      const result = await inbox.store({ ...h, payload: body });
      return reply(res, 200, result === "stored" ? "ok" : "duplicate");
    } catch (error) {
      log.error({ err: error, shop: h.shop, topic: h.topic, webhookId: h.webhookId }, "webhook not stored; asking Shopify to retry");
      return reply(res, 503, "Webhook could not be stored; retry later");
    }
  };
}
