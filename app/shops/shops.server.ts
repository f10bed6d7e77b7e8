// A shop's install state. Uninstalling stops all work for the shop at once: its sessions are
// deleted, queued jobs cancelled, and every later job or webhook for it is skipped.
import type { Db } from "~/platform/db.server";
import { sqlOf } from "~/platform/sql.server";
import type { Clock } from "~/platform/clock";
import type { WebhookContext } from "~/webhooks/handler";

export async function markInstalled(db: Db, shop: string, scopes: string | null, clock: Clock) {
  await db.shop.upsert({
    where: { shop },
    create: { shop, scopes, state: "installed", installedAt: clock.now() },
    update: { scopes, state: "installed", uninstalledAt: null },
  });
}

export async function isShopActive(db: Db, shop: string): Promise<boolean> {
  // Asked for every webhook and job: straight SQL, not through Prisma's query compiler.
  const [row] = await sqlOf(db).all<{ state: string }>(`SELECT "state" FROM "Shop" WHERE "shop" = ?`, [shop]);
  // A shop we have not recorded yet (first webhooks racing the first admin load) is active.
  return row?.state !== "uninstalled";
}

export async function onAppUninstalled({ db, shop, jobs, clock, log }: WebhookContext) {
  const now = clock.now();
  await db.$transaction([
    db.shop.upsert({
      where: { shop },
      create: { shop, state: "uninstalled", uninstalledAt: now },
      update: { state: "uninstalled", uninstalledAt: now },
    }),
    db.session.deleteMany({ where: { shop } }),
    // A history import cannot go on without access; the next install may start another.
    db.backfill.updateMany({
      where: { shop, status: { in: ["exporting", "importing"] } },
      data: { status: "cancelled", error: "uninstalled", finishedAt: now },
    }),
    db.shop.updateMany({ where: { shop }, data: { activeBackfillId: null } }),
  ]);
  const cancelled = await jobs.cancelForShop(shop);
  log.info({ cancelled }, "app uninstalled: sessions deleted, pending jobs cancelled");
}

export async function onScopesUpdate({ db, shop, payload }: WebhookContext) {
  const current = (payload as { current?: unknown }).current;
  const scopes = Array.isArray(current) ? current.map(String).join(",") : null;
  if (scopes === null) return;
  await db.session.updateMany({ where: { shop }, data: { scope: scopes } });
  await db.shop.updateMany({ where: { shop }, data: { scopes } });
}
