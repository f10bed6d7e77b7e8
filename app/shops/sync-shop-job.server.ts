// After install: reads the shop's name, time zone and currency from the Admin API. The time zone
// decides when scheduled messages go out; the currency formats money in the admin.
import { z } from "zod";
import { defineJob } from "~/platform/jobs/registry.server";
import { adminClientForShop } from "~/platform/shopify-admin.server";
import type { JobDeps } from "~/jobs.server";
import { ShopDetailsQuery } from "./shop.operations";

export const SYNC_SHOP_JOB = "shop.sync";

export function syncShopJob(deps: JobDeps) {
  return defineJob({
    name: SYNC_SHOP_JOB,
    schema: z.object({ shop: z.string() }),
    async run({ shop }) {
      const client = await adminClientForShop(deps.db, shop, deps.shopify);
      const { shop: details } = await client.request(ShopDetailsQuery);
      await deps.db.shop.updateMany({
        where: { shop },
        data: { name: details.name, email: details.email, timezone: details.ianaTimezone, currency: details.currencyCode },
      });
    },
  });
}
