// The demo's shared clock: one offset from real time, kept in `clock.json` (the app re-reads that file,
// see CLOCK_OFFSET_FILE) and read by the Shopify double's store, so both sides move forward together.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const clockFile = z.object({ offsetMs: z.number().finite() });

/** How long the app may take to notice a new offset (it re-reads the file every 500 ms). */
export const APP_CLOCK_REFRESH_MS = 600;

export interface DemoClock {
  file: string;
  offsetMs(): number;
  now(): number;
  /** Moves both clocks forward and resolves once the app has had time to re-read the file. */
  advance(ms: number): Promise<Date>;
}

export function openDemoClock(file: string): DemoClock {
  let offset = readOffset(file);
  const write = () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ offsetMs: offset }));
    // A rename is atomic, so the app never reads half a file.
    fs.renameSync(tmp, file);
  };
  write();
  return {
    file,
    offsetMs: () => offset,
    now: () => Date.now() + offset,
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`The demo clock only moves forward (got ${ms} ms)`);
      offset += ms;
      write();
      await new Promise((resolve) => setTimeout(resolve, APP_CLOCK_REFRESH_MS));
      return new Date(Date.now() + offset);
    },
  };
}

function readOffset(file: string): number {
  try {
    return clockFile.parse(JSON.parse(fs.readFileSync(file, "utf8"))).offsetMs;
  } catch {
    return 0;
  }
}
