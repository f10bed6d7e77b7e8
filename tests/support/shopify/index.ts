// The whole Shopify double on one local http server: Admin API, Storefront API, admin frame, app proxy and
// any extra parts (the storefront harness), plus webhook delivery of the store's changes to the app.
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createAdminFrame } from "./admin-frame/index.js";
import { createAppProxy } from "./app-proxy.js";
import type { DoubleListener } from "./listener.js";
import { WebhookSender, type WebhookSenderOptions } from "./webhook-sender.js";

export type { DoubleListener } from "./listener.js";
export { WebhookSender, signWebhook } from "./webhook-sender.js";
export { mintIdToken } from "./session-token.js";
export { signAppProxyQuery, createAppProxy, CUSTOMER_COOKIE } from "./app-proxy.js";
export { createAdminFrame, appIframeUrl, hostParam } from "./admin-frame/index.js";

export interface StoreChange {
  shop: string;
  topic: string;
  /** A JSON string (sent verbatim) or a value to serialise (bigint ids stay exact). */
  payload: unknown;
}

/** What the double needs from the Admin API's in-memory store. */
export interface ChangeEmitter {
  on(event: "change", listener: (change: StoreChange) => void): unknown;
}

export interface StartShopifyDoubleOptions<Store extends ChangeEmitter = ChangeEmitter> {
  port?: number;
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  store?: Store;
  /** Admin API listener; by default built from `./admin/index.js` when a store is given. */
  adminApi?: DoubleListener;
  /**
   * Options for that default Admin API beyond the app's keys (`AdminApiOptions` in admin/http.ts), e.g.
   * `{ bulk: { directory } }` to keep bulk operation results beside a demo's saved store.
   */
  adminOptions?: Record<string, unknown>;
  /**
   * Storefront API listener (POST /api/{version}/graphql.json and /shops/{shop}/api/{version}/graphql.json); by
   * default built from `./storefront-api/index.js` over the same store when a store is given; false for none.
   */
  storefrontApi?: DoubleListener | false;
  /** Extra parts tried after the built-in ones, e.g. the storefront harness. */
  listeners?: DoubleListener[];
  /** Send every store change to the app as a signed webhook. */
  deliverWebhooks?: boolean;
  webhooks?: Partial<Omit<WebhookSenderOptions, "appUrl" | "apiSecret">>;
  appProxy?: { prefix?: string; subpath?: string; appPath?: string };
}

export interface ShopifyDouble {
  url: string;
  port: number;
  /** The Admin API part (the default one carries `graphql`, `faults` and `bulk`), if any. */
  adminApi?: DoubleListener;
  /** The Storefront API part, if any. */
  storefrontApi?: DoubleListener;
  sender: WebhookSender;
  /** Webhook deliveries started by store changes, so a test can await them. */
  deliveries: Promise<unknown>[];
  close(): Promise<void>;
}

export async function startShopifyDouble<Store extends ChangeEmitter>(options: StartShopifyDoubleOptions<Store>): Promise<ShopifyDouble> {
  const { appUrl, apiKey, apiSecret, store } = options;
  const adminApi = options.adminApi ?? (store ? await loadAdminApi(store, { ...options.adminOptions, apiKey, apiSecret }) : undefined);
  const storefrontApi =
    options.storefrontApi === false ? undefined : (options.storefrontApi ?? (store ? await loadStorefrontApi(store) : undefined));

  let baseUrl = "";
  const parts: DoubleListener[] = [
    ...(adminApi ? [adminApi] : []),
    ...(storefrontApi ? [storefrontApi] : []),
    createAdminFrame({ apiKey, apiSecret, appUrl, doubleUrl: () => baseUrl }),
    createAppProxy({ appUrl, apiSecret, ...options.appProxy }),
    ...(options.listeners ?? []),
  ];

  const server = createServer((req, res) => void handle(parts, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const sender = new WebhookSender({ appUrl, apiSecret, ...options.webhooks });
  const deliveries: Promise<unknown>[] = [];
  if (store && options.deliverWebhooks) {
    store.on("change", ({ shop, topic, payload }) => {
      // A failed delivery is recorded in sender.history; it must not crash the store's caller.
      deliveries.push(sender.deliver(shop, topic, payload).catch((error: unknown) => error));
    });
  }

  return {
    url: baseUrl,
    port,
    adminApi,
    storefrontApi,
    sender,
    deliveries,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(parts: DoubleListener[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    for (const part of parts) {
      if (await part(req, res)) return;
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`Shopify double: no route for ${req.method} ${req.url}`);
  } catch (error) {
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end(`Shopify double failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

// The Admin and Storefront API parts are built in their own folders; loading them by path keeps this module
// usable (and type-checkable) on its own.
async function importPart<T>(folder: string, option: string): Promise<T> {
  const candidates = [`./${folder}/index.ts`, `./${folder}/index.js`];
  const found = candidates.find((file) => existsSync(fileURLToPath(new URL(file, import.meta.url))));
  if (!found) throw new Error(`Shopify double: tests/support/shopify/${folder}/index.ts is missing; pass \`${option}\` instead`);
  return (await import(/* @vite-ignore */ found.replace(/\.ts$/, ".js"))) as T;
}

async function loadAdminApi(
  store: ChangeEmitter,
  keys: Record<string, unknown> & { apiKey: string; apiSecret: string },
): Promise<DoubleListener> {
  const admin = await importPart<{
    createAdminApi: (store: ChangeEmitter, keys: Record<string, unknown> & { apiKey: string; apiSecret: string }) => DoubleListener;
  }>("admin", "adminApi");
  return admin.createAdminApi(store, keys);
}

async function loadStorefrontApi(store: ChangeEmitter): Promise<DoubleListener> {
  const storefront = await importPart<{ createStorefrontApi: (store: ChangeEmitter) => DoubleListener }>("storefront-api", "storefrontApi");
  return storefront.createStorefrontApi(store);
}
