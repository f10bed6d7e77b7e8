// The job registry's contents: every background job Aftercare runs, in one list.
import type { Clock } from "./platform/clock";
import type { Db } from "./platform/db.server";
import type { JobQueue } from "./platform/jobs/types";
import type { JobDefinition } from "./platform/jobs/types";
import { privacyJob } from "./privacy/privacy-job.server";
import { syncShopJob } from "./shops/sync-shop-job.server";
import type { WebhookHandlers } from "./webhooks/handler";
import { processWebhookJob } from "./webhooks/process-job.server";
import { isShopActive } from "./shops/shops.server";
import type { EventLog } from "./events/log.server";
import { deliverEventJob } from "./events/deliver-job.server";
import { deliveryFallbackJob } from "./orders/delivery-fallback.server";
import { historyJobs } from "./history/backfill-jobs.server";
import type { Mailer } from "./platform/mailer.server";
import { sendMessageJob } from "./messaging/send-job.server";
import { consentWritebackJob } from "./messaging/unsubscribe.server";
import { loyaltyJobs } from "./loyalty/jobs.server";
import { lifecycleJobs } from "./loyalty/lifecycle-jobs.server";
import { reviewJobs } from "./reviews/jobs.server";

export interface JobDeps {
  db: Db;
  clock: Clock;
  jobs: () => JobQueue;
  shopify: { apiVersion: string; originTemplate: string };
  handlers: WebhookHandlers;
  events: EventLog;
  historyBatchRows?: number;
  mailer: () => Mailer;
  /** Public origin of the app and the secret links are signed with. */
  appUrl: string;
  secret: string;
}

export function allJobs(deps: JobDeps): JobDefinition<any>[] {
  return [
    processWebhookJob({ ...deps, isShopActive: (shop) => isShopActive(deps.db, shop) }),
    syncShopJob(deps),
    privacyJob(deps),
    deliverEventJob(deps),
    deliveryFallbackJob(deps),
    ...historyJobs({ ...deps, batchRows: deps.historyBatchRows }),
    sendMessageJob(deps),
    consentWritebackJob(deps),
    ...loyaltyJobs(deps),
    ...lifecycleJobs(deps),
    ...reviewJobs(deps),
  ];
}
