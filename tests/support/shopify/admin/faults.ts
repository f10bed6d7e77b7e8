// Fault injection for the Admin double: the next N GraphQL requests (for one shop or any) are throttled,
// answered with HTTP 502, or delayed, so the app's retry and back-off paths can be exercised on purpose; and
// bulk operations can be made to fail, run slowly, wait paused, or have their result URL expire.
import { z } from "zod";

export const requestFaultSchema = z.object({
  shop: z.string().optional(),
  mode: z.enum(["throttle", "error5xx", "slow"]),
  count: z.number().int().positive().default(1),
  delayMs: z.number().int().nonnegative().default(2000),
});

/**
 * - `bulkFail`: the next `count` bulk operations fail with `errorCode` once they have written `afterObjects`
 *   lines (what they wrote stays downloadable at `partialDataUrl`);
 * - `bulkSlow`: the next `count` operations wait `delayMs` before each chunk of `chunkSize` root objects, so
 *   a test sees RUNNING and a growing `objectCount`;
 * - `bulkPause`: every operation waits before its next chunk until the fault is cleared (or `resumeBulk()`);
 * - `bulkExpire`: an action, not a queued fault: posted to `/_double/faults` with a `shop`, that shop's latest
 *   operation's URLs expire at once (in process, call `BulkOperations.expire`).
 */
export const bulkFaultSchema = z.object({
  shop: z.string().optional(),
  mode: z.enum(["bulkFail", "bulkSlow", "bulkPause", "bulkExpire"]),
  count: z.number().int().positive().default(1),
  errorCode: z.enum(["INTERNAL_SERVER_ERROR", "TIMEOUT"]).default("INTERNAL_SERVER_ERROR"),
  afterObjects: z.number().int().nonnegative().default(0),
  delayMs: z.number().int().nonnegative().default(50),
  chunkSize: z.number().int().positive().optional(),
});

export const faultSchema = z.union([requestFaultSchema, bulkFaultSchema]);

export type RequestFault = z.output<typeof requestFaultSchema>;
export type BulkFault = z.output<typeof bulkFaultSchema>;
export type FaultInput = z.input<typeof faultSchema>;
export type Fault = z.output<typeof faultSchema>;

const isBulk = (fault: Fault): fault is BulkFault => fault.mode.startsWith("bulk");

export class FaultPlan {
  private faults: RequestFault[] = [];
  private bulkFaults: BulkFault[] = [];

  inject(input: FaultInput): Fault {
    const fault = faultSchema.parse(input);
    if (isBulk(fault)) {
      if (fault.mode !== "bulkExpire") this.bulkFaults.push(fault);
    } else this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
    this.bulkFaults = [];
  }

  pending(): readonly Fault[] {
    return [...this.faults, ...this.bulkFaults];
  }

  /** Consumes one use of the first request fault that applies to `shop`, if any. */
  take(shop: string): RequestFault | null {
    return takeFrom(this.faults, shop, () => true);
  }

  /** Consumes one use of the first bulk fault of that mode that applies to `shop`, if any. */
  takeBulk(shop: string, mode: "bulkFail" | "bulkSlow"): BulkFault | null {
    return takeFrom(this.bulkFaults, shop, (f) => f.mode === mode);
  }

  /** True while a `bulkPause` fault for `shop` (or any shop) is in place. */
  bulkPaused(shop: string): boolean {
    return this.bulkFaults.some((f) => f.mode === "bulkPause" && (f.shop === undefined || f.shop === shop));
  }

  /** Lifts every `bulkPause` fault. */
  resumeBulk(): void {
    this.bulkFaults = this.bulkFaults.filter((f) => f.mode !== "bulkPause");
  }
}

function takeFrom<T extends { shop?: string; count: number }>(faults: T[], shop: string, wanted: (fault: T) => boolean): T | null {
  const index = faults.findIndex((f) => (f.shop === undefined || f.shop === shop) && wanted(f));
  if (index === -1) return null;
  const fault = faults[index];
  const remaining = fault.count - 1;
  if (remaining <= 0) faults.splice(index, 1);
  else faults[index] = { ...fault, count: remaining };
  return fault;
}
