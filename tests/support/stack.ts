// The whole local stack behind `npm run demo` and the browser tests: a mailbox (SMTP), the Shopify double
// (seeded demo shop, admin frame, storefront, app proxy, webhooks, mailbox and demo pages) and the built
// app as a child process wired to them, installed in the shop the way Shopify admin installs it.
import fs from "node:fs";
import { createClient } from "@libsql/client";
import path from "node:path";
import { startAppProcess, ensureBuilt, repoRoot } from "./app-process";
import { createDemoControl } from "./demo-control";
import { openDemoClock } from "./demo-clock";
import { featuredCustomer } from "./demo-orders";
import type { DemoLinks } from "./double-pages";
import { freePort } from "./free-port";
import { startMailbox, type Mailbox } from "./mailbox";
import { appDataRequest } from "./app-data-request";
import { startShopifyDouble, type DoubleListener, type ShopifyDouble } from "./shopify";
import { AdminStore, numericIdOf, seedDemoShop } from "./shopify/admin";
import type { CustomerRecord } from "./shopify/admin/store-types";
import { createStorefront, storeCheckout, storefrontShopOf } from "./shopify/storefront";

export { freePort };

export const DEMO_SHOP = "aftercare-demo.myshopify.com";
export const DEMO_API_KEY = "aftercare-demo-api-key";
export const DEMO_API_SECRET = "aftercare-demo-api-secret";

export interface StackOptions {
  /** Where the stack keeps its state: shopify.json, mail.json, clock.json, app.sqlite, app.log. */
  dataDir: string;
  appPort?: number;
  doublePort?: number;
  smtpPort?: number;
  /** Fill a new shop with the demo catalogue, ~200 customers and a year of orders (default true). */
  seed?: boolean;
  shop?: string;
  /** Rebuild the app when app/ is newer than the build (default true). */
  build?: boolean;
  /** Progress lines ("building…", "app ready…"); the app's own output goes to `dataDir/app.log`. */
  log?: (line: string) => void;
  /** The app's LOG_LEVEL (default info). */
  appLogLevel?: string;
}

export interface StackUrls {
  /** Shopify admin (the double's) with the app embedded. */
  admin: string;
  storefront: string;
  product: string;
  account: string;
  accountLogin(customerId: string): string;
  mailbox: string;
  demo: string;
  /** The app server (`npm start`), also its public URL (SHOPIFY_APP_URL). */
  app: string;
  double: string;
}

export interface Stack {
  shop: string;
  apiKey: string;
  apiSecret: string;
  dataDir: string;
  /** True when this start created the shop (no saved shopify.json). */
  firstRun: boolean;
  urls: StackUrls;
  store: AdminStore;
  double: ShopifyDouble;
  smtp: Mailbox;
  clock: { now(): Date; advance(ms: number): Promise<Date> };
  /** The demo's featured shopper (Polish). */
  customer: CustomerRecord;
  /** The app server's process (a child of this one). */
  appPid: number;
  files: { store: string; mail: string; clock: string; database: string; log: string };
  /** Resolves once every webhook the store has fired so far has been accepted and handled by the app. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => {});
  const shop = options.shop ?? DEMO_SHOP;
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const files = {
    store: path.join(dataDir, "shopify.json"),
    mail: path.join(dataDir, "mail.json"),
    clock: path.join(dataDir, "clock.json"),
    database: path.join(dataDir, "app.sqlite"),
    log: path.join(dataDir, "app.log"),
  };
  const cleanups: Array<() => Promise<void>> = [];
  const unwind = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };

  try {
    if (options.build ?? true) await ensureBuilt(log);

    const demoClock = openDemoClock(files.clock);
    const store = new AdminStore({ clock: demoClock.now });
    const firstRun = !store.load(files.store);
    if (firstRun) {
      const started = Date.now();
      if (options.seed ?? true) {
        const summary = seedDemoShop(store, shop, { now: demoClock.now() });
        log(`seeded ${shop}: ${summary.customers} customers, ${summary.orders} orders (${Date.now() - started} ms)`);
      } else {
        store.upsertShop(shop, { name: "Aftercare demo", ianaTimezone: "Europe/Warsaw", currencyCode: "PLN", country: "PL", locale: "pl" });
        // An empty shop still needs a shopper to sign in as.
        store.createCustomer(shop, { email: "anna.nowak@example.pl", firstName: "Anna", lastName: "Nowak", locale: "pl" });
      }
      store.save(files.store);
    } else if (!store.hasShop(shop)) {
      throw new Error(`${files.store} has no shop ${shop}; delete ${dataDir} to start over`);
    }

    const smtp = await startMailbox({ file: files.mail, port: options.smtpPort });
    cleanups.push(() => smtp.close());

    let doubleUrl = "";
    const serverPort = options.appPort ?? (await freePort());
    const appUrl = `http://127.0.0.1:${serverPort}`;
    const links = (): DemoLinks => ({
      admin: `${doubleUrl}/shops/${shop}/admin/apps/${DEMO_API_KEY}`,
      storefront: `${doubleUrl}/shops/${shop}/`,
      mailbox: `${doubleUrl}/mailbox`,
      demo: `${doubleUrl}/demo`,
    });
    const customer = featuredCustomer(store, shop);
    let double: ShopifyDouble | undefined;
    const settle = async () => {
      // Deliveries can start more deliveries' worth of work; wait until the list stops growing.
      for (let seen = -1; double && seen !== double.deliveries.length;) {
        seen = double.deliveries.length;
        await Promise.allSettled(double.deliveries);
      }
      await inboxDrained(files.database);
    };

    // A shopper's Buy: a real order through the store's checkout (discount code checked and counted; it
    // fires orders/create and orders/paid to the app); the confirmation waits until the app has it, so
    // "Your orders" shows it on the next page.
    const checkout = storeCheckout(store, shop, {
      shippingPrice: "14.99",
      afterOrder: (order) =>
        settle().catch((error: unknown) => log(`the app has not caught up with order ${order.name} yet: ${String(error)}`)),
    });
    const storefront = createStorefront({
      extensionDir: path.join(repoRoot, "extensions/aftercare-theme"),
      shops: (handle) => (handle === shop ? storefrontShopOf(store, shop, checkout) : null),
      appProxyPath: "/apps/aftercare",
    });
    double = await startShopifyDouble({
      port: options.doublePort,
      appUrl,
      apiKey: DEMO_API_KEY,
      apiSecret: DEMO_API_SECRET,
      // Bulk export files live beside the saved store, so a download link survives a restart.
      adminOptions: { bulk: { directory: path.join(dataDir, "bulk") } },
      store,
      deliverWebhooks: true,
      listeners: [
        storefront,
        smtp.listener(links),
        createDemoControl({ store, shop, clock: demoClock, links, featuredCustomerId: () => customer.id, settle }),
        homePage(links),
      ],
    });
    const runningDouble = double;
    cleanups.push(() => runningDouble.close());
    doubleUrl = double.url;
    log(`Shopify double listening on ${double.url}`);

    const app = startAppProcess({
      logFile: files.log,
      env: {
        PORT: String(serverPort),
        HOST: "127.0.0.1",
        SHOPIFY_API_KEY: DEMO_API_KEY,
        SHOPIFY_API_SECRET: DEMO_API_SECRET,
        SHOPIFY_APP_URL: appUrl,
        SHOPIFY_ADMIN_API_ORIGIN: `${double.url}/shops/{shop}`,
        // The double's admin page frames the app, as admin.shopify.com does.
        SHOPIFY_ADMIN_FRAME_ORIGINS: double.url,
        APP_BRIDGE_URL: `${double.url}/app-bridge.js`,
        SMTP_URL: smtp.url,
        DATABASE_URL: `file:${files.database}`,
        CLOCK_OFFSET_FILE: files.clock,
        LOG_LEVEL: options.appLogLevel ?? "info",
      },
    });
    cleanups.push(() => app.stop());
    await app.waitHealthy();
    log(`app ready on ${app.url} (public URL ${appUrl})`);

    await install(appUrl, shop, store);
    log(`app installed in ${shop}`);

    const base = `${double.url}/shops/${shop}`;
    const firstProduct = Object.values(store.shopData(shop).products)[0];
    let stopped = false;
    return {
      shop,
      apiKey: DEMO_API_KEY,
      apiSecret: DEMO_API_SECRET,
      dataDir,
      firstRun,
      urls: {
        admin: links().admin,
        storefront: `${base}/`,
        product: `${base}/products/${firstProduct?.handle ?? "none"}`,
        account: `${base}/account`,
        accountLogin: (customerId) => `${base}/account/login?customer_id=${encodeURIComponent(numericIdOf(customerId))}`,
        mailbox: links().mailbox,
        demo: links().demo,
        app: appUrl,
        double: double.url,
      },
      store,
      double,
      smtp,
      clock: {
        now: () => new Date(demoClock.now()),
        advance: (ms) => demoClock.advance(ms),
      },
      customer,
      appPid: app.pid,
      files,
      settle,
      async stop() {
        if (stopped) return;
        stopped = true;
        // Let webhooks already on their way reach the app before it goes.
        await Promise.race([settle(), new Promise((resolve) => setTimeout(resolve, 3_000))]);
        await unwind();
        store.save(files.store);
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/** Waits until the app has handled every webhook it accepted (none left received, queued or retrying in its inbox). */
async function inboxDrained(databaseFile: string, timeoutMs = 15_000): Promise<void> {
  if (!fs.existsSync(databaseFile)) return;
  const db = createClient({ url: `file:${databaseFile}` });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await db.execute(
        "SELECT COUNT(*) AS pending FROM WebhookDelivery WHERE status IN ('received', 'queued', 'retrying')",
      );
      if (Number(rows[0].pending) === 0) return;
      if (Date.now() > deadline) throw new Error(`the app still has ${String(rows[0].pending)} webhooks waiting after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    db.close();
  }
}

/**
 * What Shopify admin does when the merchant opens the app: the app exchanges a fresh session token for
 * an access token. Done as one App Bridge data request (one loader, so one token exchange): a full page
 * load runs the shell's and the page's loaders at once, and the double honours only the newest offline
 * token, so two racing exchanges can leave the app holding a revoked one.
 */
async function install(appUrl: string, shop: string, store: AdminStore): Promise<void> {
  const response = await appDataRequest({ apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, shop, appUrl }, "/app", "routes/app", {
    redirect: "manual",
  });
  if (response.status !== 200) {
    throw new Error(`installing the app failed: GET /app answered ${response.status}\n${(await response.text()).slice(0, 2000)}`);
  }
  await response.body?.cancel();
  if (store.shopData(shop).shop.installations.length === 0) throw new Error(`the app loaded but never exchanged a token for ${shop}`);
}

/** `/` on the double: where everything is, for someone who typed the bare address. */
function homePage(links: () => DemoLinks): DoubleListener {
  return async (req, res) => {
    if (req.url !== "/" || (req.method !== "GET" && req.method !== "HEAD")) return false;
    res.writeHead(302, { location: links().demo }).end();
    return true;
  };
}
