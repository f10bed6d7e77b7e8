// The baseline for `npm run bench:webhooks`: the Shopify Remix template's way to take a webhook —
// Express, a Remix Request, `authenticate.webhook` (HMAC + offline session lookup), one Prisma
// insert per request, then 200. It skips Remix route matching, which only flatters the baseline.
import "@shopify/shopify-app-remix/adapters/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { ApiVersion, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import express from "express";
import { createDb } from "../../app/platform/db.server";

const db = createDb(process.env.DATABASE_URL!);
const shopify = shopifyApp({
  apiKey: process.env.SHOPIFY_API_KEY!,
  apiSecretKey: process.env.SHOPIFY_API_SECRET!,
  apiVersion: ApiVersion.October26,
  appUrl: process.env.SHOPIFY_APP_URL!,
  scopes: ["read_orders"],
  sessionStorage: new PrismaSessionStorage(db),
  logger: { level: 0 },
});

// What @remix-run/express does for every request: a web Request over the Node stream.
function remixRequest(req: express.Request): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  // Node's fetch needs `duplex` for streamed bodies; the DOM RequestInit type lacks it.
  const init = { method: req.method, headers, body: createReadableStreamFromReadable(req), duplex: "half" };
  return new Request(`http://${req.headers.host}${req.url}`, init as RequestInit);
}

const app = express();
app.post("/webhooks", async (req, res) => {
  try {
    const { shop, topic, payload } = await shopify.authenticate.webhook(remixRequest(req));
    await db.webhookDelivery.create({
      data: {
        shop,
        webhookId: String(req.headers["x-shopify-webhook-id"]),
        topic,
        apiVersion: String(req.headers["x-shopify-api-version"]),
        payload: JSON.stringify(payload),
        receivedAt: new Date(),
      },
    });
    res.status(200).end();
  } catch (error) {
    res.status(error instanceof Response ? error.status : 500).end();
  }
});
const server = app.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("baseline ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
