// What the merchant's "Privacy requests" page reads and does: the shop's compliance requests, page by
// page; a completed data request's export for download; and another try for a failed request.
// Everything is scoped by the session's shop, so another shop's request id finds nothing.
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { idOfGid } from "./data-subject";
import { PRIVACY_JOB, privacyJobKey } from "./privacy-job.server";

export const PAGE_SIZE = 50;

/** ready: can be downloaded; erased: removed when the customer was redacted; pending: not built yet. */
export type ExportState = "ready" | "erased" | "pending" | "none";

export interface PrivacyRequestRow {
  id: string;
  topic: string;
  customerId: string | null;
  receivedAt: string;
  status: string;
  completedAt: string | null;
  error: string | null;
  exportState: ExportState;
  filename: string | null;
}

const DATA_REQUEST = "customers/data_request";

export function exportFilename(customerGid: string | null, receivedAt: Date): string {
  return `customer-${customerGid ? idOfGid(customerGid) : "unknown"}-data-${receivedAt.toISOString().slice(0, 10)}.json`;
}

export async function listPrivacyRequests(db: Db, shop: string, page: number) {
  const rows = await db.complianceRequest.findMany({
    where: { shop },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * PAGE_SIZE,
    // One more than a page tells whether there is a next page.
    take: PAGE_SIZE + 1,
    select: { id: true, topic: true, customerGid: true, receivedAt: true, status: true, completedAt: true, error: true },
  });
  const shown = rows.slice(0, PAGE_SIZE);
  // Exports can be large: ask only which ones exist instead of loading them.
  const withExport = await db.complianceRequest.findMany({
    where: { shop, id: { in: shown.filter((r) => r.topic === DATA_REQUEST).map((r) => r.id) }, result: { not: null } },
    select: { id: true },
  });
  const ready = new Set(withExport.map((r) => r.id));
  const requests: PrivacyRequestRow[] = shown.map((r) => {
    const exportState: ExportState =
      r.topic !== DATA_REQUEST
        ? "none"
        : ready.has(r.id) && r.status === "completed"
          ? "ready"
          : r.status === "completed"
            ? "erased"
            : "pending";
    return {
      id: r.id,
      topic: r.topic,
      customerId: r.customerGid ? idOfGid(r.customerGid) : null,
      receivedAt: r.receivedAt.toISOString(),
      status: r.status,
      completedAt: r.completedAt?.toISOString() ?? null,
      error: r.status === "failed" ? r.error : null,
      exportState,
      filename: exportState === "ready" ? exportFilename(r.customerGid, r.receivedAt) : null,
    };
  });
  return { requests, page, hasNext: rows.length > PAGE_SIZE, hasPrevious: page > 1 };
}

/** The export of this shop's completed data request, or null (not this shop's, not a data request, not ready, erased). */
export async function exportForDownload(db: Db, shop: string, id: string): Promise<{ body: string; filename: string } | null> {
  const r = await db.complianceRequest.findFirst({
    where: { id, shop, topic: DATA_REQUEST, status: "completed", result: { not: null } },
    select: { result: true, customerGid: true, receivedAt: true },
  });
  if (!r?.result) return null;
  return { body: r.result, filename: exportFilename(r.customerGid, r.receivedAt) };
}

/** Sends this shop's failed request through fulfilment again; false if it is not this shop's or not failed. */
export async function retryPrivacyRequest(db: Db, jobs: JobQueue, shop: string, id: string): Promise<boolean> {
  const r = await db.complianceRequest.findFirst({
    where: { id, shop, status: "failed" },
    select: { webhookId: true, attempts: true, error: true },
  });
  if (!r) return false;
  // The guarded update lets one of two simultaneous clicks through.
  const { count } = await db.complianceRequest.updateMany({
    where: { id, shop, status: "failed" },
    data: { status: "received", error: null },
  });
  if (!count) return false;
  // A fresh key per retry (attempts only grows), since the failed job keeps the original one.
  try {
    await jobs.enqueue(PRIVACY_JOB, { webhookId: r.webhookId }, { key: `${privacyJobKey(r.webhookId)}:retry:${r.attempts}` });
  } catch (error) {
    // Not handed over: show it as failed again rather than waiting for a job that does not exist.
    await db.complianceRequest.updateMany({ where: { id, shop, status: "received" }, data: { status: "failed", error: r.error } });
    throw error;
  }
  return true;
}
