// Fault injection for the Admin double: the next N GraphQL requests (for one shop or any) are throttled,
// answered with HTTP 502, or delayed, so the app's retry and back-off paths can be exercised on purpose.
import { z } from "zod";

export const faultSchema = z.object({
  shop: z.string().optional(),
  mode: z.enum(["throttle", "error5xx", "slow"]),
  count: z.number().int().positive().default(1),
  delayMs: z.number().int().nonnegative().default(2000),
});

export type FaultInput = z.input<typeof faultSchema>;
export type Fault = z.output<typeof faultSchema>;

export class FaultPlan {
  private faults: Fault[] = [];

  inject(input: FaultInput): Fault {
    const fault = faultSchema.parse(input);
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  pending(): readonly Fault[] {
    return this.faults;
  }

  /** Consumes one use of the first fault that applies to `shop`, if any. */
  take(shop: string): Fault | null {
    const index = this.faults.findIndex((f) => f.shop === undefined || f.shop === shop);
    if (index === -1) return null;
    const fault = this.faults[index];
    const remaining = fault.count - 1;
    if (remaining <= 0) this.faults.splice(index, 1);
    else this.faults[index] = { ...fault, count: remaining };
    return fault;
  }
}
