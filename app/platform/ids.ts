// Row ids for the tables Aftercare writes in bulk: time-ordered (like UUIDv7), so new rows land at
// the end of the primary-key index instead of at random places in it. On large tables, random keys
// make every insert touch a different page; ordered ones keep inserts (and the page cache) cheap.
import crypto from "node:crypto";

let lastMs = 0;
let counter = 0;

/** 32 hex characters: milliseconds since 1970 (12), a counter within the millisecond (6), random (14). */
export function orderedId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = crypto.randomInt(0, 0x1000);
  } else {
    counter = (counter + 1) & 0xffffff;
  }
  return lastMs.toString(16).padStart(12, "0") + counter.toString(16).padStart(6, "0") + crypto.randomBytes(7).toString("hex");
}
