// A shop's return policy: stored as JSON, read back through the policy's schema (a stored policy
// from an older version, or a broken one, falls back to the defaults rather than failing the portal).
import type { Db } from "~/platform/db.server";
import { defaultReturnPolicy, returnPolicySchema, type ReturnPolicy } from "./policy";

export async function loadReturnPolicy(db: Db, shop: string): Promise<ReturnPolicy> {
  const row = await db.returnSettings.findUnique({ where: { shop } });
  if (!row) return defaultReturnPolicy();
  let stored: unknown;
  try {
    stored = JSON.parse(row.policy);
  } catch {
    return defaultReturnPolicy();
  }
  const parsed = returnPolicySchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultReturnPolicy();
}

/** Saves a policy; it is validated again here, so nothing invalid is ever stored. */
export async function saveReturnPolicy(db: Db, shop: string, policy: ReturnPolicy): Promise<void> {
  const valid = returnPolicySchema.parse(policy);
  const json = JSON.stringify(valid);
  await db.returnSettings.upsert({ where: { shop }, create: { shop, policy: json }, update: { policy: json } });
}
