// The shop's settings that shape the after-sales spine: after how many days a parcel no carrier
// reports on counts as delivered (0: never), and how far back a history import reaches by default.
import { z } from "zod";
import type { Db } from "~/platform/db.server";
import { MAX_BACKFILL_DAYS } from "~/history/backfill.server";

export const MAX_FALLBACK_DAYS = 60;

export const shopSettingsInput = z.object({
  deliveryFallbackDays: z.coerce.number().int().min(0).max(MAX_FALLBACK_DAYS),
  backfillDays: z.coerce.number().int().min(1).max(MAX_BACKFILL_DAYS),
});

export type ShopSettings = z.infer<typeof shopSettingsInput>;

export async function shopSettings(db: Db, shop: string): Promise<ShopSettings> {
  const row = await db.shop.findUnique({ where: { shop }, select: { deliveryFallbackDays: true, backfillDays: true } });
  return { deliveryFallbackDays: row?.deliveryFallbackDays ?? 5, backfillDays: row?.backfillDays ?? 365 };
}

/** Saves the settings; false when the shop is not recorded (nothing to save them on). */
export async function saveShopSettings(db: Db, shop: string, settings: ShopSettings): Promise<boolean> {
  const { count } = await db.shop.updateMany({ where: { shop }, data: settings });
  return count === 1;
}
