// The injectable clock. Services take a Clock instead of calling Date.now(), so tests and the
// demo can move time forward. A clock that can jump tells its subscribers (the job drivers bring
// scheduled work forward when the demo fast-forwards).
export interface Clock {
  now(): Date;
  /**
   * Calls `listener` with the jump (ms; positive = forward) whenever this clock moves other than
   * with real time. Returns the unsubscribe. Absent on clocks that never jump.
   */
  onShift?(listener: (deltaMs: number) => void): () => void;
}

export const systemClock: Clock = { now: () => new Date() };

class ShiftListeners {
  private readonly listeners = new Set<(deltaMs: number) => void>();
  add(listener: (deltaMs: number) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  emit(deltaMs: number) {
    if (deltaMs === 0) return;
    for (const l of this.listeners) l(deltaMs);
  }
}

/** A clock that can be set and advanced by hand (tests, demo fast-forward). */
export class ManualClock implements Clock {
  private readonly shifts = new ShiftListeners();
  constructor(private current: Date = new Date()) {}
  now() {
    return new Date(this.current);
  }
  set(to: Date) {
    const delta = to.getTime() - this.current.getTime();
    this.current = new Date(to);
    this.shifts.emit(delta);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
    this.shifts.emit(ms);
  }
  onShift(listener: (deltaMs: number) => void) {
    return this.shifts.add(listener);
  }
}

/** Real time plus an offset that can be changed (tests of the scale path under a shifted clock). */
export class OffsetClock implements Clock {
  private readonly shifts = new ShiftListeners();
  constructor(private offsetMs = 0) {}
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
  get offset() {
    return this.offsetMs;
  }
  setOffset(ms: number) {
    const delta = ms - this.offsetMs;
    this.offsetMs = ms;
    this.shifts.emit(delta);
  }
  advance(ms: number) {
    this.setOffset(this.offsetMs + ms);
  }
  onShift(listener: (deltaMs: number) => void) {
    return this.shifts.add(listener);
  }
}

/**
 * The system clock shifted by an offset kept in a JSON file (`{"offsetMs": 86400000}`), re-read
 * when the file changes. Lets a demo or staging environment fast-forward scheduled work.
 */
export function fileOffsetClock(file: string, read: (path: string) => string): Clock & { stop(): void } {
  const clock = new OffsetClock();
  const load = () => {
    let offset = 0;
    try {
      const parsed = JSON.parse(read(file)) as { offsetMs?: unknown };
      offset = typeof parsed.offsetMs === "number" && Number.isFinite(parsed.offsetMs) ? parsed.offsetMs : 0;
    } catch {
      offset = 0;
    }
    clock.setOffset(offset);
  };
  load();
  const timer = setInterval(load, 500);
  timer.unref();
  return { now: () => clock.now(), onShift: (l) => clock.onShift(l), stop: () => clearInterval(timer) };
}
