// `npm start` and `npm run worker` as a newcomer first meets them: with no configuration, with a bad one,
// before `npm run build`, and on a port already taken — each time one readable message and exit code 1,
// never a stack trace.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, repoRoot } from "../support/app-process";
import { freePort } from "../support/stack";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script to its end with exactly `env` (plus PATH and HOME), as a shell with nothing exported would. */
function run(script: string, env: Record<string, string>, cwd = repoRoot): Promise<Run> {
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env };
  return new Promise((resolve, reject) => {
    // The cast: Remix's globals declare NODE_ENV as always set, and leaving it out is the point here.
    const child = spawn(process.execPath, [script], { cwd, stdio: ["ignore", "pipe", "pipe"], env: childEnv as NodeJS.ProcessEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} still running after 30 s:\n${stdout}\n${stderr}`));
    }, 30_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const stackLines = (text: string) => text.split("\n").filter((line) => /^\s+at /.test(line));
const serve = path.join(repoRoot, "scripts/serve.mjs");
const worker = path.join(repoRoot, "scripts/worker.mjs");
let scratch: string;

beforeAll(async () => {
  await ensureBuilt();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-start-up-"));
}, 120_000);

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("npm start", () => {
  it("without configuration, names every missing variable and exits 1 without a stack trace", async () => {
    const result = await run(serve, {});
    expect(result.code).toBe(1);
    for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"]) expect(result.stderr).toContain(`${name} is required`);
    expect(stackLines(result.stderr + result.stdout)).toEqual([]);
  });

  it("names each malformed variable", async () => {
    const result = await run(serve, {
      SHOPIFY_API_KEY: "key",
      SHOPIFY_API_SECRET: "secret",
      SHOPIFY_APP_URL: "not a url",
      PORT: "eighty",
      DATABASE_URL: "mysql://x",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("SHOPIFY_APP_URL must be a URL");
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).toContain("DATABASE_URL must start with file:");
    expect(stackLines(result.stderr + result.stdout)).toEqual([]);
  });

  it("before a build, says to run npm run build first", async () => {
    // A fresh checkout: the scripts and the installed dependencies, no build/ yet.
    const checkout = path.join(scratch, "checkout");
    fs.mkdirSync(path.join(checkout, "scripts"), { recursive: true });
    fs.copyFileSync(serve, path.join(checkout, "scripts/serve.mjs"));
    fs.copyFileSync(worker, path.join(checkout, "scripts/worker.mjs"));
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(checkout, "node_modules"));
    for (const script of ["serve.mjs", "worker.mjs"]) {
      const result = await run(
        path.join(checkout, "scripts", script),
        { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://app.example" },
        checkout,
      );
      expect(result.code, script).toBe(1);
      expect(result.stderr, script).toContain("run `npm run build` first");
      expect(result.stderr, script).not.toContain("ERR_MODULE_NOT_FOUND");
      expect(stackLines(result.stderr), script).toEqual([]);
    }
  });

  it("on a port already in use, says which port and that PORT changes it", async () => {
    const port = await freePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const result = await run(serve, {
        SHOPIFY_API_KEY: "key",
        SHOPIFY_API_SECRET: "secret",
        SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: `file:${path.join(scratch, "port-taken.sqlite")}`,
        LOG_LEVEL: "warn",
      });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Port ${port} is already in use`);
      expect(lines[0]).toMatch(/set PORT to a free port/);
      expect(result.stderr).not.toContain("EADDRINUSE");
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});

describe("npm run worker", () => {
  it("without configuration, names every missing variable and exits 1 without a stack trace", async () => {
    const result = await run(worker, {});
    expect(result.code).toBe(1);
    for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"]) expect(result.stderr).toContain(`${name} is required`);
    expect(stackLines(result.stderr + result.stdout)).toEqual([]);
  });
});
