// One `npm run demo` per data directory: the lock names the running demo, refuses a second one, and is
// taken over when the demo that left it is gone (killed, crashed) or it was cut short mid-write.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDemoLock, DemoLockedError, processAlive } from "../support/demo-lock";

let dataDir: string;
const lockPath = () => path.join(dataDir, "demo.lock");
const writeLock = (content: object | string) =>
  fs.writeFileSync(lockPath(), typeof content === "string" ? content : JSON.stringify(content));

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-demo-lock-"));
});

afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the demo lock", () => {
  it("records this process and, once ready, its URLs; release removes it", () => {
    const lock = acquireDemoLock(dataDir);
    expect(JSON.parse(fs.readFileSync(lockPath(), "utf8"))).toMatchObject({ pid: process.pid });
    lock.update({ appPid: 4242, urls: { storefront: "http://s/", admin: "http://a/", demo: "http://d/", app: "http://app/" } });
    expect(JSON.parse(fs.readFileSync(lockPath(), "utf8"))).toMatchObject({
      pid: process.pid,
      appPid: 4242,
      urls: { storefront: "http://s/" },
    });
    lock.release();
    expect(fs.existsSync(lockPath())).toBe(false);
  });

  it("refuses while the demo holding it runs, naming its pid, its URLs and DEMO_DATA_DIR", () => {
    const running = process.ppid;
    writeLock({
      pid: running,
      startedAt: new Date().toISOString(),
      urls: { storefront: "http://127.0.0.1:4000/shops/x/", admin: "http://127.0.0.1:4000/admin", demo: "", app: "" },
    });
    let refusal: unknown;
    try {
      acquireDemoLock(dataDir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DemoLockedError);
    const message = (refusal as Error).message;
    expect(message).toContain(`(pid ${running})`);
    expect(message).toContain("http://127.0.0.1:4000/shops/x/");
    expect(message).toMatch(/DEMO_DATA_DIR=\S+ npm run demo/);
    expect(JSON.parse(fs.readFileSync(lockPath(), "utf8")).pid).toBe(running);
  });

  it("says a demo is still starting when its lock has no URLs yet", () => {
    writeLock({ pid: process.ppid, startedAt: new Date().toISOString() });
    expect(() => acquireDemoLock(dataDir)).toThrow(/still starting/);
  });

  it.each([
    ["its demo is gone", async () => ({ pid: await deadPid(), startedAt: "2026-01-01T00:00:00Z" })],
    ["it is not JSON (a write cut short)", async () => '{"pid": 12'],
  ])("takes over a lock when %s", async (_, content) => {
    writeLock(await content());
    const lock = acquireDemoLock(dataDir);
    expect(JSON.parse(fs.readFileSync(lockPath(), "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("does not remove a lock another demo has taken since", () => {
    const lock = acquireDemoLock(dataDir);
    writeLock({ pid: process.ppid, startedAt: new Date().toISOString() });
    lock.release();
    expect(fs.existsSync(lockPath())).toBe(true);
  });

  it("tells running processes from exited ones", async () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(await deadPid())).toBe(false);
  });
});
