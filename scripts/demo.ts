// `npm run demo`: Aftercare against a local Shopify double — seeded demo shop, admin frame, storefront,
// mailbox and demo controls — with data kept in .data/demo between runs. One demo per data directory
// (demo.lock). Ctrl-C, SIGTERM or a closed terminal stop everything it started.
import net from "node:net";
import path from "node:path";
import { repoRoot } from "../tests/support/app-process";
import { acquireDemoLock, DemoLockedError, type DemoLock } from "../tests/support/demo-lock";
import { awardPastOrders, enableDemoLoyalty } from "../tests/support/demo-loyalty";
import { liveOrderStory } from "../tests/support/demo-orders";
import { seedDemoReturns } from "../tests/support/demo-returns";
import { seedDemoReviews } from "../tests/support/demo-reviews";
import { freePort, startStack, type Stack } from "../tests/support/stack";

const dataDir = path.resolve(repoRoot, process.env.DEMO_DATA_DIR ?? ".data/demo");
const quiet = (line: string) => console.log(`  · ${line}`);

/** An explicitly requested port must be free; a default one falls back to any free port. */
async function choosePort(variable: string, fallback: number): Promise<number> {
  const requested = process.env[variable];
  if (requested) {
    const port = Number(requested);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${variable} must be a port number, got "${requested}"`);
    if (!(await isFree(port))) throw new Error(`${variable}=${port} is already in use`);
    return port;
  }
  return (await isFree(fallback)) ? fallback : freePort();
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

function banner(stack: Stack, seconds: number): string {
  const c = stack.customer;
  const name = [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || c.id;
  const data = stack.store.shopData(stack.shop);
  const rows: Array<[string, string]> = [
    ["Shopify admin, Aftercare embedded", stack.urls.admin],
    ["Storefront", stack.urls.storefront],
    ["  a product page (Buy, signed in)", stack.urls.product],
    [`  sign in as ${name}`, stack.urls.accountLogin(c.id)],
    ["  customer account (Your orders)", stack.urls.account],
    ["  returns portal (start a return)", `${stack.urls.storefront}pages/returns`],
    ["Mailbox (emails Aftercare sends)", stack.urls.mailbox],
    ["Demo controls (orders, time)", stack.urls.demo],
    ["Aftercare health check", `${stack.urls.app}/healthz`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 3;
  const relativeData = path.relative(process.cwd(), dataDir) || ".";
  return [
    "",
    `Aftercare demo is ready (${seconds.toFixed(1)} s) — shop ${stack.shop}, ${Object.keys(data.customers).length} customers, ${Object.keys(data.orders).length} orders.`,
    "Running: the Aftercare app (built server), a local Shopify double (Admin API, admin, storefront, app proxy, webhooks) and a mailbox.",
    "",
    ...rows.map(([label, url]) => `  ${label.padEnd(width)}${url}`),
    "",
    `Data: ${relativeData} (delete it to start over) · app log: ${path.join(relativeData, "app.log")}`,
    "Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

let lock: DemoLock | undefined;
/** Stops the background award for past orders when the demo stops. */
const background = new AbortController();

/** Signals this close together are one Ctrl-C delivered twice (see stop). */
const SAME_PRESS_MS = 1_000;

async function main() {
  const started = Date.now();
  // Before anything else: a second demo must not touch the first one's files.
  lock = acquireDemoLock(dataDir);
  console.log(`Starting the Aftercare demo (data in ${path.relative(process.cwd(), dataDir) || "."})…`);
  const starting = (async () =>
    startStack({
      dataDir,
      appPort: await choosePort("DEMO_APP_PORT", 3000),
      doublePort: await choosePort("DEMO_SHOPIFY_PORT", 4000),
      log: quiet,
    }))();

  // Handled from the start: a signal during start-up still stops the app child once it exists. A second
  // Ctrl-C does not wait for the orderly stop; the app's watchdog then stops it as this process exits.
  let stopping: Promise<void> | undefined;
  let firstSignalAt = 0;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // One Ctrl-C reaches this process more than once: from the terminal's process group, and relayed
      // by npm and tsx, late when the machine is busy. Only a press a moment later is a second Ctrl-C.
      if (signal === "SIGINT" && Date.now() - firstSignalAt > SAME_PRESS_MS) process.exit(130);
      return;
    }
    firstSignalAt = Date.now();
    stopping = (async () => {
      say(`\n${signal}: stopping the demo…`);
      background.abort();
      const stack = await starting.catch(() => undefined);
      await stack?.stop();
      lock?.release();
      say(`Stopped. Data kept in ${path.relative(process.cwd(), dataDir) || "."}.`);
      process.exit(0);
    })();
  };
  // SIGHUP: the terminal was closed. Every way of being asked to stop stops everything.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stop(signal));

  const stack = await starting;
  if (stopping) return;
  lock.update({
    appPid: stack.appPid,
    urls: { storefront: stack.urls.storefront, admin: stack.urls.admin, demo: stack.urls.demo, app: stack.urls.app },
  });
  if (stack.firstRun) {
    // The loyalty program runs from the start, so the live orders below earn points as they are paid.
    await enableDemoLoyalty(stack);
    quiet("loyalty program switched on (1 point per złoty, tiers Srebrny and Złoty, three rewards)");
    const orders = liveOrderStory(stack.store, stack.shop, stack.customer.id);
    await stack.settle();
    quiet(`live orders ${orders.map((o) => o.name).join(", ")} sent to Aftercare as webhooks`);
  }
  console.log(banner(stack, (Date.now() - started) / 1000));
  // Once the history import is in, the customers get points for their past orders (as the merchant's
  // "Award the points" would give them); the demo is usable meanwhile.
  const featured = [stack.customer.firstName, stack.customer.lastName].filter(Boolean).join(" ") || "the featured shopper";
  awardPastOrders(stack, background.signal)
    .then((award) => {
      if (award && !stopping) {
        say(
          `  · loyalty: ${award.customers} customers received ${award.points.toLocaleString("en-GB")} points for their past orders (${featured}: ${award.featured.toLocaleString("en-GB")} points)`,
        );
      }
    })
    .catch((error: unknown) => {
      if (!stopping)
        say(
          `  · loyalty: no points for past orders yet (${error instanceof Error ? error.message : String(error)}); the admin's Loyalty page can award them`,
        );
    });
  // Meanwhile the demo products get their reviews: verified ones written through past orders' review
  // links, a few imported, moderated as the merchant would (a start that was stopped half-way is finished
  // by the next one; a finished seeding adds nothing).
  seedDemoReviews(stack, background.signal)
    .then((seeding) => {
      if (seeding && !stopping) {
        say(
          `  · reviews: ${seeding.reviews} on ${seeding.products} products (${seeding.verified} from verified buyers, ${seeding.imported} imported), ${seeding.pending} waiting in Reviews; ${featured}'s delivered order gets its review request 7 days after delivery, in the 9:00–20:00 send window (Demo controls: +7 days)`,
        );
      }
    })
    .catch((error: unknown) => {
      if (!stopping) say(`  · reviews: the demo products have no reviews yet (${error instanceof Error ? error.message : String(error)})`);
    });
  // And a few shoppers send something back through the storefront's return portal, as far along as the
  // merchant has got with each (the same resume-or-nothing rule as above).
  seedDemoReturns(stack, background.signal)
    .then((seeding) => {
      if (seeding && !stopping) {
        say(
          `  · returns: ${seeding.returns} in the admin's Returns page (${seeding.waiting} waiting for a decision); ${featured} can return their delivered order on the storefront's Returns page (footer → Returns)`,
        );
      }
    })
    .catch((error: unknown) => {
      if (!stopping) say(`  · returns: no demo returns yet (${error instanceof Error ? error.message : String(error)})`);
    });
}

/** Output that may go to a terminal already closed (after SIGHUP): losing it must not stop the shutdown. */
function say(line: string) {
  try {
    console.log(line);
  } catch {
    // Nobody is reading any more.
  }
}
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

main().catch((error: unknown) => {
  if (error instanceof DemoLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  lock?.release();
  console.error(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
