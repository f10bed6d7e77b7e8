// The merchant's reads: the returns queue (filters by status, reason and risk, a search, counts per
// status, pages), one return with everything the page shows (items, photos, the policy's trace, the
// risk flags, its events), and a photo's bytes. Every query is scoped by the shop.
import type { Prisma } from "@prisma/client";
import type { Db } from "~/platform/db.server";
import { caseInclude, reasonLabel, statusView } from "./case-view.server";
import { loadReturnPolicy } from "./settings.server";
import { allowedActions, isReturnStatus, OPEN_STATUSES } from "./status";
import type { Approval, Resolution, ReturnDetail, ReturnListFilters, ReturnListRow, ReturnStatus } from "./types";

export const RETURNS_PAGE_SIZE = 25;

function parseList(json: string): unknown[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function filterWhere(shop: string, f: ReturnListFilters): Prisma.ReturnCaseWhereInput {
  const where: Prisma.ReturnCaseWhereInput = { shop };
  if (f.status === "open") where.status = { in: [...OPEN_STATUSES] };
  else if (f.status && f.status !== "all" && isReturnStatus(f.status)) where.status = f.status;
  if (f.reason) where.items = { some: { reasonCode: f.reason } };
  if (f.risk) where.approval = f.risk;
  const q = f.q?.trim();
  if (q)
    where.OR = [
      { name: { contains: q } },
      { orderName: { contains: q } },
      { email: { contains: q.toLowerCase() } },
      { customerName: { contains: q } },
    ];
  return where;
}

export async function listReturns(
  db: Db,
  shop: string,
  filters: ReturnListFilters,
): Promise<{ rows: ReturnListRow[]; counts: Record<string, number>; page: number; pages: number }> {
  const where = filterWhere(shop, filters);
  const { status: _status, ...rest } = filters;
  const [total, grouped] = await Promise.all([
    db.returnCase.count({ where }),
    db.returnCase.groupBy({ by: ["status"], where: filterWhere(shop, rest), _count: { _all: true } }),
  ]);
  const pages = Math.max(1, Math.ceil(total / RETURNS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(filters.page ?? 1)), pages);
  const rows = await db.returnCase.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * RETURNS_PAGE_SIZE,
    take: RETURNS_PAGE_SIZE,
    include: { items: { select: { reasonCode: true } } },
  });
  const counts: Record<string, number> = { all: 0, open: 0 };
  for (const g of grouped) {
    counts[g.status] = g._count._all;
    counts.all += g._count._all;
    if ((OPEN_STATUSES as readonly string[]).includes(g.status)) counts.open += g._count._all;
  }
  return {
    rows: rows.map((c) => ({
      id: c.id,
      name: c.name,
      orderName: c.orderName,
      orderGid: c.orderGid,
      customerName: c.customerName,
      status: c.status as ReturnStatus,
      resolution: c.resolution as Resolution,
      approval: c.approval as Approval,
      reasons: [...new Set(c.items.map((i) => i.reasonCode))],
      totalMinor: c.totalMinor,
      currency: c.currency,
      createdAt: c.requestedAt.toISOString(),
      riskFlags: parseList(c.riskFlags).filter((f): f is string => typeof f === "string"),
    })),
    counts,
    page,
    pages,
  };
}

/** Events whose key starts with one of these prefixes (a key range: it stays on the (shop, key) index). */
async function eventsWithPrefixes(db: Db, shop: string, prefixes: string[]) {
  const found = await Promise.all(
    prefixes.map((p) =>
      db.afterSalesEvent.findMany({
        where: { shop, key: { gte: `${p}:`, lt: `${p};` } },
        orderBy: { occurredAt: "asc" },
        select: { id: true, type: true, occurredAt: true, detail: true },
      }),
    ),
  );
  const seen = new Set<string>();
  return found
    .flat()
    .filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)))
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

function parseDetail(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json);
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

export async function returnDetail(db: Db, shop: string, id: string, locale: string): Promise<ReturnDetail | null> {
  const c = await db.returnCase.findFirst({ where: { shop, id }, include: caseInclude });
  if (!c) return null;
  const policy = await loadReturnPolicy(db, shop);
  const view = statusView(c, policy, locale);
  const events = await eventsWithPrefixes(db, shop, [`return-case:${c.id}`, ...(c.returnGid ? [c.returnGid] : [])]);
  const trace = parseList(c.trace).flatMap((t) => {
    const entry = t as { rule?: unknown; fired?: unknown } & Record<string, unknown>;
    if (typeof entry.rule !== "string") return [];
    const { rule, fired, ...detail } = entry;
    return [{ rule, fired: fired === true, detail }];
  });
  return {
    ...view,
    orderGid: c.orderGid,
    returnGid: c.returnGid,
    customerGid: c.customerGid,
    customerName: c.customerName,
    email: c.email,
    approval: c.approval as Approval,
    riskFlags: parseList(c.riskFlags).filter((f): f is string => typeof f === "string"),
    trace,
    items: c.items.map((i, n) => ({
      ...view.items[n],
      reason: reasonLabel(policy, i.reasonCode, locale),
      id: i.id,
      lineItemGid: i.lineItemGid,
      note: i.note,
      photoIds: i.photos.map((p) => p.id),
    })),
    customerNote: c.customerNote,
    events: events.map((e) => {
      const detail = parseDetail(e.detail);
      return { type: e.type, at: e.occurredAt.toISOString(), actor: typeof detail.actor === "string" ? detail.actor : null, detail };
    }),
    allowedActions: allowedActions(c.status as ReturnStatus),
  };
}

export async function returnPhoto(db: Db, shop: string, photoId: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
  const photo = await db.returnPhoto.findFirst({ where: { shop, id: photoId }, select: { data: true, contentType: true } });
  return photo ? { bytes: new Uint8Array(photo.data), contentType: photo.contentType } : null;
}
