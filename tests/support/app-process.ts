// The built Aftercare server as a child process, the way `npm start` runs it: a fresh `remix build`
// when app/ changed, `node scripts/serve.mjs` in its own process group, its output in a log file, and
// a watchdog that stops it when the process that started it dies, however that happens.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const serverBuild = path.join(repoRoot, "build/server/index.js");
// Everything the server bundle is compiled from.
const buildInputs = ["app", "remix.config.js", "package-lock.json"].map((p) => path.join(repoRoot, p));

function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), stat.mtimeMs);
}

export function buildIsStale(): boolean {
  const built = fs.statSync(serverBuild, { throwIfNoEntry: false });
  return !built || buildInputs.some((input) => newestMtime(input) > built.mtimeMs);
}

/** Runs `remix build` when the server bundle is missing or older than its sources; one build at a time per checkout. */
export async function ensureBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!buildIsStale()) return false;
  const lock = path.join(os.tmpdir(), `aftercare-build-${Buffer.from(repoRoot).toString("hex").slice(-24)}.lock`);
  await acquire(lock);
  try {
    // Another process may have built while this one waited.
    if (!buildIsStale()) return false;
    log("building the app (remix build)…");
    const started = Date.now();
    await run(process.execPath, [path.join(repoRoot, "node_modules/@remix-run/dev/dist/cli.js"), "build"], repoRoot);
    log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

async function acquire(lock: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A build never takes minutes: a lock that old was left by a killed process.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 90_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for another remix build (${lock})`);
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(args[0])} ${args.slice(1).join(" ")} failed (${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/**
 * Preloaded into the app process. A detached child outlives a parent killed hard (SIGKILL, a crash,
 * an OOM kill), and would keep its port and its database busy; but the kernel closes the parent's end
 * of the fd-3 pipe however the parent dies, so end-of-file there means "stop": SIGTERM takes the
 * server's own graceful path. Unref'd, so the pipe never keeps the app alive.
 */
const PARENT_WATCHDOG = `data:text/javascript,${encodeURIComponent(`
import net from "node:net";
const lifeline = new net.Socket({ fd: 3, readable: true, writable: false });
const stop = () => process.kill(process.pid, "SIGTERM");
lifeline.on("data", () => {});
lifeline.once("end", stop);
lifeline.once("error", stop);
lifeline.unref();
`)}`;

export interface AppProcess {
  url: string;
  pid: number;
  /** Last lines the server printed (for error messages). */
  tail(): string;
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startAppProcess(options: { env: Record<string, string>; logFile: string; onLine?: (line: string) => void }): AppProcess {
  const port = options.env.PORT;
  const url = `http://127.0.0.1:${port}`;
  const logStream = fs.createWriteStream(options.logFile, { flags: "a" });
  const child: ChildProcess = spawn(process.execPath, ["--import", PARENT_WATCHDOG, path.join(repoRoot, "scripts/serve.mjs")], {
    cwd: repoRoot,
    // Its own process group: Ctrl-C in a terminal reaches the demo script, which then stops the app in order.
    detached: true,
    // fd 3 is the watchdog's lifeline: only this process holds its other end.
    stdio: ["ignore", "pipe", "pipe", "pipe"],
    // No NODE_ENV: the server's own default (production) applies, as with `npm start`. (The cast: Remix's
    // globals declare NODE_ENV as always set.)
    env: { ...inheritedEnv(), ...options.env } as NodeJS.ProcessEnv,
  });
  const lines: string[] = [];
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  const onData = (chunk: Buffer) => {
    logStream.write(chunk);
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      lines.push(line);
      if (lines.length > 40) lines.shift();
      options.onLine?.(line);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  // If the parent dies without stop(), the app must not live on holding the port.
  const killOnExit = () => killGroup("SIGKILL");
  process.once("exit", killOnExit);

  function killGroup(signal: NodeJS.Signals) {
    if (exit || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  const tail = () => lines.join("\n");
  return {
    url,
    pid: child.pid ?? -1,
    tail,
    async waitHealthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (exit) throw new Error(`the app exited (${JSON.stringify(exit)}) before answering /healthz:\n${tail()}`);
        const status = await fetch(`${url}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) return;
        if (Date.now() > deadline)
          throw new Error(`the app did not answer GET /healthz with 200 within ${timeoutMs} ms (last: ${status}):\n${tail()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      process.off("exit", killOnExit);
      killGroup("SIGTERM");
      const timer = setTimeout(() => killGroup("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      await new Promise<void>((resolve) => logStream.end(resolve));
    },
  };
}

// The test runner's own settings (NODE_ENV=test, quiet logs, test keys) must not leak into the server.
function inheritedEnv(): Record<string, string> {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "TZ"];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] ? [[k, process.env[k] as string]] : [])));
}
