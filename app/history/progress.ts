// Where a history import stands, as the admin shows it: a fraction for the progress bar, the step,
// elapsed time and an estimate of what is left. Pure. Shopify's export time cannot be known in
// advance, so the bar moves with the import of the file (by bytes), the part that can be measured.
import type { BackfillRow } from "./backfill.server";

export interface BackfillView {
  id: string;
  status: BackfillRow["status"];
  phase: BackfillRow["phase"];
  /** 1 (customers) or 2 (orders), of 2. */
  step: 1 | 2;
  /** 0–1 over the whole import. */
  progress: number;
  /** Records Shopify has exported so far in this step (while exporting). */
  exported: number;
  customersImported: number;
  ordersImported: number;
  skipped: { reason: string; count: number }[];
  days: number;
  since: string;
  startedAt: string;
  finishedAt: string | null;
  elapsedMs: number;
  /** Null while it cannot be estimated yet. */
  remainingMs: number | null;
  error: string | null;
  requestedBy: string;
}

/** The customers step is small beside the orders step: it gets this share of the bar. */
const CUSTOMERS_SHARE = 0.1;
const DAY_MS = 86_400_000;

export function backfillView(b: BackfillRow, now: Date): BackfillView {
  const done = b.status === "completed";
  const fileShare = b.status === "importing" && b.fileSize ? Math.min(1, b.bytesRead / b.fileSize) : 0;
  const stepBase = b.phase === "customers" ? 0 : CUSTOMERS_SHARE;
  const stepShare = b.phase === "customers" ? CUSTOMERS_SHARE : 1 - CUSTOMERS_SHARE;
  const progress = done ? 1 : stepBase + stepShare * fileShare;
  const end = b.finishedAt ?? now;
  const importing = b.status === "importing" && b.phase === "orders" && fileShare > 0.02;
  const inStep = now.getTime() - b.phaseStartedAt.getTime();
  return {
    id: b.id,
    status: b.status,
    phase: b.phase,
    step: b.phase === "customers" ? 1 : 2,
    progress,
    exported: b.objectCount,
    customersImported: b.customersImported,
    ordersImported: b.ordersImported,
    skipped: Object.entries(b.skipped)
      .filter(([, count]) => count > 0)
      .map(([reason, count]) => ({ reason, count })),
    days: Math.round((b.startedAt.getTime() - b.since.getTime()) / DAY_MS),
    since: b.since.toISOString(),
    startedAt: b.startedAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
    elapsedMs: Math.max(0, end.getTime() - b.startedAt.getTime()),
    remainingMs: importing ? Math.round((inStep * (1 - fileShare)) / fileShare) : null,
    error: b.error,
    requestedBy: b.requestedBy,
  };
}
