// At-most-once business effects (an email, a discount code, a points entry sent elsewhere).
// The effect's key (shop + resource GID + action) is claimed in the database before the effect
// runs; a duplicate webhook or a retried job finds the claim and does nothing. If the effect
// itself fails, the claim is released so a retry can try again.
import type { Db } from "./db.server";

export type OnceResult<T> = { ran: true; value: T } | { ran: false };

function isUniqueViolation(error: unknown) {
  return (error as { code?: string })?.code === "P2002";
}

export async function once<T>(db: Db, shop: string, key: string, effect: () => Promise<T>): Promise<OnceResult<T>> {
  let claimId: string;
  try {
    claimId = (await db.effect.create({ data: { shop, key }, select: { id: true } })).id;
  } catch (error) {
    if (isUniqueViolation(error)) return { ran: false };
    throw error;
  }
  try {
    return { ran: true, value: await effect() };
  } catch (error) {
    await db.effect.delete({ where: { id: claimId } }).catch(() => undefined);
    throw error;
  }
}
