// The one way webhooks enter Aftercare: verify the HMAC (401), check the headers (400), store the
// delivery in the inbox (group commit), answer 200 — duplicates also 200, stored once. If the
// inbox cannot be written, answer 503 so Shopify retries; nothing is acknowledged unstored.
// This runs on Node's raw request, ahead of Remix, because it is the app's hottest path.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { verifyWebhookHmac } from "./hmac";
import type { InboxWriter } from "./inbox-writer.server";
import { SHOP_DOMAIN } from "./topics";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface IngestOptions {
  secret: string;
  inbox: InboxWriter;
  log: Logger;
}

function reply(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(message) });
  res.end(message);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function createWebhookIngest({ secret, inbox, log }: IngestOptions) {
  return async function ingest(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== "POST") return reply(res, 405, "Webhooks must be POSTed");
    const body = await readBody(req).catch(() => null);
    if (!body) return reply(res, 413, "Webhook body too large or unreadable");
    const h = req.headers;
    const hmac = h["x-shopify-hmac-sha256"];
    if (!verifyWebhookHmac(body, typeof hmac === "string" ? hmac : undefined, secret)) {
      return reply(res, 401, "Invalid webhook signature");
    }
    const topic = h["x-shopify-topic"];
    const shop = h["x-shopify-shop-domain"];
    const webhookId = h["x-shopify-webhook-id"];
    const apiVersion = h["x-shopify-api-version"];
    if (typeof topic !== "string" || typeof shop !== "string" || typeof webhookId !== "string" || typeof apiVersion !== "string") {
      return reply(res, 400, "Missing X-Shopify-Topic, X-Shopify-Shop-Domain, X-Shopify-Webhook-Id or X-Shopify-API-Version");
    }
    if (!SHOP_DOMAIN.test(shop)) return reply(res, 400, `Invalid shop domain: ${shop}`);
    const first = body.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (first !== 0x7b /* { */) return reply(res, 400, "Webhook body must be a JSON object");
    try {
      const eventId = h["x-shopify-event-id"];
      const triggeredAt = h["x-shopify-triggered-at"];
      const result = await inbox.store({
        shop,
        webhookId,
        topic,
        apiVersion,
        eventId: typeof eventId === "string" ? eventId : null,
        triggeredAt: typeof triggeredAt === "string" ? triggeredAt : null,
        payload: body.toString("utf8"),
      });
      return reply(res, 200, result === "stored" ? "ok" : "duplicate");
    } catch (error) {
      log.error({ err: error, shop, topic, webhookId }, "webhook not stored; asking Shopify to retry");
      return reply(res, 503, "Webhook could not be stored; retry later");
    }
  };
}
