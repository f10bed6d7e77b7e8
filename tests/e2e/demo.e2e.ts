// `npm run demo` as a newcomer runs it: ready with a banner within a minute, every printed URL works,
// the admin shows Aftercare, Ctrl-C stops everything, and a second run picks up the same data.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/app-process";
import { seriousA11yViolations, useBrowser } from "../support/browser";
import { freePort } from "../support/stack";

const READY = "Press Ctrl-C to stop.";
const browser = useBrowser();
let dataDir: string;
let ports: { app: number; shopify: number };

interface DemoRun {
  child: ChildProcess;
  output: () => string;
  /** Resolves when npm and everything holding its output (tsx, the demo script) are gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runDemo(): DemoRun {
  const child = spawn("npm", ["run", "demo"], {
    cwd: repoRoot,
    // Its own process group, so the test can press "Ctrl-C" the way a terminal does: SIGINT to the group.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DEMO_DATA_DIR: dataDir, DEMO_APP_PORT: String(ports.app), DEMO_SHOPIFY_PORT: String(ports.shopify) },
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

async function waitForBanner(run: DemoRun, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(READY)) {
    if (run.child.exitCode !== null) throw new Error(`npm run demo exited (${run.child.exitCode}):\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no banner within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return run.output();
}

/** Like Ctrl-C in a terminal; true when the demo stopped cleanly (npm itself may die of the SIGINT). */
async function pressCtrlC(run: DemoRun): Promise<boolean> {
  process.kill(-(run.child.pid as number), "SIGINT");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000));
  const result = await Promise.race([run.exited, timeout]);
  if (result === "timeout") {
    process.kill(-(run.child.pid as number), "SIGKILL");
    throw new Error(`npm run demo did not stop within 15 s of Ctrl-C:\n${run.output()}`);
  }
  return (result.code === 0 || result.signal === "SIGINT") && run.output().includes("Stopped. Data kept in");
}

let first: DemoRun | undefined;
let second: DemoRun | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-demo-"));
  ports = { app: await freePort(), shopify: await freePort() };
});

afterAll(async () => {
  for (const run of [first, second]) {
    if (run && run.child.exitCode === null && run.child.signalCode === null) {
      process.kill(-(run.child.pid as number), "SIGKILL");
      await run.exited;
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run demo", () => {
  it("starts within a minute, prints working URLs, shows Aftercare in the admin and stops on Ctrl-C", async () => {
    first = runDemo();
    const started = Date.now();
    const banner = await waitForBanner(first, 60_000);
    expect(Date.now() - started).toBeLessThan(60_000);

    const urls = [...banner.slice(banner.indexOf("is ready")).matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
    expect(urls.length).toBeGreaterThanOrEqual(8);
    expect(urls.every((url) => url.includes(`:${ports.app}`) || url.includes(`:${ports.shopify}`))).toBe(true);
    for (const url of urls) expect({ url, status: (await fetch(url)).status }).toEqual({ url, status: 200 });
    expect(banner).toMatch(/sign in as \S+ \S+/);

    const adminUrl = urls.find((url) => url.includes("/admin/apps/")) as string;
    const page = await browser.newPage();
    const shim = await (await fetch(`http://127.0.0.1:${ports.shopify}/app-bridge.js`)).text();
    await page.route("https://cdn.shopify.com/**", (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: shim }));
    await page.goto(adminUrl);
    const frame = await (await page.waitForSelector("iframe#app-frame")).contentFrame();
    await frame?.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    // The live orders the first run created came in as webhooks.
    await frame?.getByRole("table").waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    expect(await pressCtrlC(first)).toBe(true);
    for (const file of ["shopify.json", "mail.json", "clock.json", "app.sqlite", "app.log"]) {
      expect(fs.existsSync(path.join(dataDir, file)), file).toBe(true);
    }
    // Nothing is left listening.
    await expect(fetch(`http://127.0.0.1:${ports.app}/healthz`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.shopify}/demo`)).rejects.toThrow();
  }, 120_000);

  it("keeps the shop, its orders and the app's data for the next run", async () => {
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, "shopify.json"), "utf8")) as { shops: Record<string, { orders: object }> };
    const orders = Object.keys(Object.values(saved.shops)[0].orders).length;
    second = runDemo();
    const banner = await waitForBanner(second, 60_000);
    expect(banner).not.toContain("seeded");
    expect(banner).toContain(`${orders} orders`);
    const account = await fetch(`http://127.0.0.1:${ports.shopify}/shops/aftercare-demo.myshopify.com/account`);
    expect(account.status).toBe(200);
    expect(await pressCtrlC(second)).toBe(true);
  }, 90_000);
});
