// `npm run demo` as a newcomer runs it: ready with a banner within a minute, every printed URL works,
// the admin shows Aftercare, a second demo on the same data is refused, Ctrl-C stops everything, a later
// run picks up the same data — and however the demo ends (terminal closed, SIGTERM, killed outright),
// no app server is left behind holding its port.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/app-process";
import { seriousA11yViolations, useBrowser } from "../support/browser";
import { processAlive, type DemoLockInfo } from "../support/demo-lock";
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
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

const runs: DemoRun[] = [];
const appPids: number[] = [];

function lockFile(): DemoLockInfo {
  return JSON.parse(fs.readFileSync(path.join(dataDir, "demo.lock"), "utf8")) as DemoLockInfo;
}

/** Starts a demo and waits for its banner; remembers its app server's pid for the checks and the cleanup. */
async function startDemo(): Promise<{ run: DemoRun; banner: string; lock: DemoLockInfo }> {
  const run = runDemo();
  runs.push(run);
  const banner = await waitForBanner(run, 60_000);
  const lock = lockFile();
  if (lock.appPid) appPids.push(lock.appPid);
  return { run, banner, lock };
}

async function within(ms: number, what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

/** Nothing the demo started is left: the app's process is gone and neither port answers. */
async function expectNothingLeft(lock: DemoLockInfo): Promise<void> {
  expect(lock.appPid).toBeGreaterThan(0);
  await within(10_000, `app server (pid ${lock.appPid}) gone`, () => !processAlive(lock.appPid as number));
  expect(await listening(ports.app)).toBe(false);
  expect(await listening(ports.shopify)).toBe(false);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-demo-"));
  ports = { app: await freePort(), shopify: await freePort() };
});

afterAll(async () => {
  for (const run of runs) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      process.kill(-(run.child.pid as number), "SIGKILL");
      await run.exited;
    }
  }
  // Whatever a failed test left behind.
  for (const pid of appPids) if (processAlive(pid)) process.kill(pid, "SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run demo", () => {
  let first: { run: DemoRun; banner: string; lock: DemoLockInfo };

  it("starts within a minute, prints working URLs and shows Aftercare in the admin", async () => {
    const started = Date.now();
    first = await startDemo();
    expect(Date.now() - started).toBeLessThan(60_000);

    const { banner } = first;
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
  }, 120_000);

  it("refuses a second demo on the same data, naming the running one and DEMO_DATA_DIR", async () => {
    const second = runDemo();
    runs.push(second);
    const { code } = await second.exited;
    expect(code).toBe(1);
    const output = second.output();
    expect(output).toContain(`Another Aftercare demo (pid ${first.lock.pid}) is already running`);
    expect(output).toContain(first.lock.urls?.storefront);
    expect(output).toContain("DEMO_DATA_DIR=");
    // The first one is untouched.
    expect((await fetch(`http://127.0.0.1:${ports.app}/healthz`)).status).toBe(200);
    expect(lockFile().pid).toBe(first.lock.pid);
  }, 30_000);

  it("stops everything on Ctrl-C and keeps the data", async () => {
    expect(await pressCtrlC(first.run), first.run.output()).toBe(true);
    for (const file of ["shopify.json", "mail.json", "clock.json", "app.sqlite", "app.log"]) {
      expect(fs.existsSync(path.join(dataDir, file)), file).toBe(true);
    }
    expect(fs.existsSync(path.join(dataDir, "demo.lock"))).toBe(false);
    await expectNothingLeft(first.lock);
  }, 30_000);

  it("keeps the shop, its orders and the app's data for the next run, and stops when its terminal closes", async () => {
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, "shopify.json"), "utf8")) as { shops: Record<string, { orders: object }> };
    const orders = Object.keys(Object.values(saved.shops)[0].orders).length;
    const { run, banner, lock } = await startDemo();
    expect(banner).not.toContain("seeded");
    expect(banner).toContain(`${orders} orders`);
    const account = await fetch(`http://127.0.0.1:${ports.shopify}/shops/aftercare-demo.myshopify.com/account`);
    expect(account.status).toBe(200);

    // Closing a terminal sends SIGHUP to everything running in it.
    process.kill(-(run.child.pid as number), "SIGHUP");
    await run.exited;
    await expectNothingLeft(lock);
  }, 90_000);

  it("leaves no app server behind when the demo is killed outright", async () => {
    const { run, lock } = await startDemo();
    process.kill(-(run.child.pid as number), "SIGKILL");
    await run.exited;
    await expectNothingLeft(lock);
  }, 90_000);

  it("takes over the lock of a killed demo, and stops everything on SIGTERM", async () => {
    // The lock the killed demo left names a process that is gone.
    expect(processAlive(lockFile().pid)).toBe(false);
    const { run, lock } = await startDemo();
    // What a process manager or `kill` does: SIGTERM to the demo process itself, not to its group.
    process.kill(lock.pid, "SIGTERM");
    await run.exited;
    expect(run.output()).toContain("SIGTERM: stopping the demo");
    expect(fs.existsSync(path.join(dataDir, "demo.lock"))).toBe(false);
    await expectNothingLeft(lock);
  }, 90_000);
});
