// One demo per data directory: `npm run demo` holds `demo.lock` (its pid and, once ready, its URLs)
// for as long as it runs. A second demo on the same directory would number orders from the same store
// file into the same app database, so it is refused; a lock whose process is gone is taken over.
import fs from "node:fs";
import path from "node:path";

export interface DemoLockInfo {
  pid: number;
  startedAt: string;
  /** The running demo's addresses, once it is ready. */
  urls?: { storefront: string; admin: string; demo: string; app: string };
  /** The app server it started (a child process). */
  appPid?: number;
}

export class DemoLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: DemoLockInfo,
  ) {
    const where = path.relative(process.cwd(), path.dirname(lockFile)) || ".";
    const urls = holder.urls
      ? `It is serving the storefront at ${holder.urls.storefront} and the admin at ${holder.urls.admin}.`
      : "It is still starting.";
    super(
      [
        `Another Aftercare demo (pid ${holder.pid}) is already running on ${where}. ${urls}`,
        `Use that one, stop it first (Ctrl-C in its terminal, or kill ${holder.pid}),`,
        `or run a second demo with its own data: DEMO_DATA_DIR=${where}-2 npm run demo`,
      ].join("\n"),
    );
    this.name = "DemoLockedError";
  }
}

export interface DemoLock {
  file: string;
  /** Adds what a second demo's message should name (URLs, the app's pid). */
  update(info: Partial<Omit<DemoLockInfo, "pid" | "startedAt">>): void;
  /** Removes the lock if it is still this process's. */
  release(): void;
}

/** True while `pid` is a running process (a zombie — exited, not yet reaped — counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    // No /proc (macOS): a zombie cannot be told apart, so it counts as running.
    return true;
  }
  return !/^\d+ \(.*\) Z /s.test(stat);
}

function readHolder(file: string): DemoLockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, "utf8")) as DemoLockInfo;
    return Number.isInteger(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/** Takes `dataDir/demo.lock` for this process, or throws DemoLockedError naming the demo holding it. */
export function acquireDemoLock(dataDir: string): DemoLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "demo.lock");
  const info: DemoLockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      // `wx`: created only if absent, so two demos starting at once cannot both win.
      fs.writeFileSync(file, JSON.stringify(info, null, 2), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 2) throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && processAlive(holder.pid)) throw new DemoLockedError(file, holder);
      // Left by a demo that was killed, or unreadable (a write cut short): stale.
      fs.rmSync(file, { force: true });
    }
  }
  let held = true;
  return {
    file,
    update(more) {
      if (!held) return;
      Object.assign(info, more);
      fs.writeFileSync(file, JSON.stringify(info, null, 2));
    },
    release() {
      if (!held) return;
      held = false;
      if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
