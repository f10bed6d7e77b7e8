-- Honest delivery states (retrying with the next attempt time, dead, replay counter), what each
-- delivery is about (for timelines and privacy requests), and fulfilled privacy requests.
ALTER TABLE "WebhookDelivery" ADD COLUMN "nextAttemptAt" DATETIME;
ALTER TABLE "WebhookDelivery" ADD COLUMN "replays" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "WebhookDelivery" ADD COLUMN "orderGid" TEXT;
ALTER TABLE "WebhookDelivery" ADD COLUMN "customerGid" TEXT;
ALTER TABLE "WebhookDelivery" ADD COLUMN "redactedAt" DATETIME;
-- "failed" used to mean both "will retry" and "gave up"; what is still failed has given up.
UPDATE "WebhookDelivery" SET "status" = 'dead' WHERE "status" = 'failed';

ALTER TABLE "ComplianceRequest" ADD COLUMN "result" TEXT;
ALTER TABLE "ComplianceRequest" ADD COLUMN "error" TEXT;
ALTER TABLE "ComplianceRequest" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
