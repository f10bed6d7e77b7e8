// The job that fulfils one recorded privacy request: builds a data request's export, or applies a
// customers/redact or shop/redact, then records the outcome on the ComplianceRequest (completed with
// its result, or failed with the error). Running it again after completion does nothing; after a
// failure it picks up where it stopped, since every rule is idempotent.
import { z, ZodError } from "zod";
import type { JobDeps } from "~/jobs.server";
import type { Db } from "~/platform/db.server";
import type { Clock } from "~/platform/clock";
import { errorMessage } from "~/platform/errors";
import { defineJob } from "~/platform/jobs/registry.server";
import { PermanentJobError, type JobContext, type JobQueue } from "~/platform/jobs/types";
import { buildExport } from "./export.server";
import { redactCustomer, redactShop, type RedactionCounts } from "./redact.server";
import { recordOf, type RedactionContext } from "./rules.server";
import { resolveSubject } from "./subject.server";

export const PRIVACY_JOB = "privacy.fulfil";
export const PRIVACY_MAX_ATTEMPTS = 8;
export const privacyJobKey = (webhookId: string) => `privacy:${webhookId}`;

/** How long a run waits for its own delivery to finish being recorded before trying again later. */
const RECORDING_WAIT_MS = 5_000;

/** What a redaction's `result` holds: rows deleted or anonymised per table, summed over attempts. */
export interface RedactionSummary {
  rows: RedactionCounts;
}

/** The request's delivery is still being processed; the request runs again shortly. */
class StillRecording extends Error {}

interface Deps {
  db: Db;
  jobs: JobQueue;
  clock: Clock;
}

/**
 * The job is enqueued by the handler of the request's own delivery, which records the delivery's
 * outcome (and what it is about) right after. customers/redact rewrites that very row and an export
 * includes it, so the job waits until the outcome is written; otherwise that later write could put
 * the customer's GID back on a redacted row.
 */
async function untilRecorded(db: Db, shop: string, webhookId: string) {
  const deadline = Date.now() + RECORDING_WAIT_MS;
  for (;;) {
    const delivery = await db.webhookDelivery.findFirst({ where: { shop, webhookId }, select: { status: true } });
    if (!delivery || (delivery.status !== "received" && delivery.status !== "queued")) return;
    if (Date.now() > deadline) throw new StillRecording(`Waiting for the ${webhookId} delivery to be recorded`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The error as the merchant reads it. Prisma's messages open with the call site and a code frame
 * (file paths of the server) and end with the database's reason: only the reason is kept.
 */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .trim()
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return errorMessage(lines[0]?.startsWith("Invalid `") && lines.length > 1 ? lines[lines.length - 1] : message);
}

function previousCounts(result: string | null): RedactionCounts {
  if (!result) return {};
  try {
    const parsed = JSON.parse(result) as Partial<RedactionSummary>;
    return parsed.rows && typeof parsed.rows === "object" ? parsed.rows : {};
  } catch {
    return {};
  }
}

export async function fulfilPrivacyRequest(deps: Deps, webhookId: string, ctx: Pick<JobContext, "attempt">): Promise<void> {
  const { db, clock } = deps;
  // The job knows only the delivery's id (unique across shops); every later read and write is
  // scoped by the shop the request belongs to.
  const request = await db.complianceRequest.findUnique({ where: { webhookId } });
  if (!request || request.status === "completed") return;
  const { id, shop, topic } = request;
  const open = { id, shop, status: { not: "completed" } };
  await db.complianceRequest.updateMany({ where: open, data: { attempts: { increment: 1 } } });
  const counts = topic === "customers/data_request" ? {} : previousCounts(request.result);
  try {
    await untilRecorded(db, shop, webhookId);
    const now = clock.now();
    const rc: RedactionContext = { db, jobs: deps.jobs, now, request: { id, webhookId } };
    if (topic === "customers/data_request") {
      const result = await buildExport(db, request, now);
      await db.complianceRequest.updateMany({ where: open, data: { status: "completed", completedAt: now, result, error: null } });
    } else if (topic === "customers/redact") {
      await redactCustomer(rc, await resolveSubject(db, shop, request.payload), counts);
      // The request's own payload goes last: until now a retry needed its email and order ids.
      await db.complianceRequest.updateMany({
        where: open,
        data: {
          status: "completed",
          completedAt: now,
          result: JSON.stringify({ rows: counts }),
          payload: recordOf(request.payload),
          error: null,
        },
      });
    } else if (topic === "shop/redact") {
      await redactShop(rc, shop, counts);
      await db.complianceRequest.updateMany({
        where: open,
        data: { status: "completed", completedAt: now, result: JSON.stringify({ rows: counts }), error: null },
      });
    } else {
      throw new PermanentJobError(`No privacy fulfilment for topic ${topic}`);
    }
  } catch (error) {
    if (error instanceof StillRecording) throw error;
    const failure =
      error instanceof ZodError
        ? new PermanentJobError(`Unexpected ${topic} payload: ${error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`)
        : error;
    const gaveUp = failure instanceof PermanentJobError || ctx.attempt >= PRIVACY_MAX_ATTEMPTS;
    await db.complianceRequest.updateMany({
      where: open,
      data: {
        error: reasonOf(failure),
        ...(topic === "customers/data_request" ? {} : { result: JSON.stringify({ rows: counts }) }),
        ...(gaveUp ? { status: "failed" } : {}),
      },
    });
    throw failure;
  }
}

export function privacyJob(deps: JobDeps) {
  return defineJob({
    name: PRIVACY_JOB,
    schema: z.object({ webhookId: z.string().min(1).max(255) }),
    maxAttempts: PRIVACY_MAX_ATTEMPTS,
    run: ({ webhookId }, ctx) => fulfilPrivacyRequest({ db: deps.db, jobs: deps.jobs(), clock: deps.clock }, webhookId, ctx),
    async onFailure({ webhookId }, failure) {
      // The driver gave up (or the failure is permanent): the merchant sees it and can retry.
      if (failure.retryAt) return;
      await deps.db.complianceRequest.updateMany({
        where: { webhookId, status: "received" },
        data: { status: "failed", error: failure.error },
      });
    },
  });
}
