// The injectable clock. Services take a Clock instead of calling Date.now(), so tests and the
// demo can move time forward.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that can be set and advanced by hand (tests, demo fast-forward). */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now() {
    return new Date(this.current);
  }
  set(to: Date) {
    this.current = new Date(to);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * The system clock shifted by an offset kept in a JSON file (`{"offsetMs": 86400000}`), re-read
 * when the file changes. Lets a demo or staging environment fast-forward scheduled work.
 */
export function fileOffsetClock(file: string, read: (path: string) => string): Clock & { stop(): void } {
  let offset = 0;
  const load = () => {
    try {
      const parsed = JSON.parse(read(file)) as { offsetMs?: unknown };
      offset = typeof parsed.offsetMs === "number" && Number.isFinite(parsed.offsetMs) ? parsed.offsetMs : 0;
    } catch {
      offset = 0;
    }
  };
  load();
  const timer = setInterval(load, 500);
  timer.unref();
  return { now: () => new Date(Date.now() + offset), stop: () => clearInterval(timer) };
}
