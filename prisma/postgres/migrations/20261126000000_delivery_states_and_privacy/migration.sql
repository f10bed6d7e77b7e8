-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "customerGid" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3),
ADD COLUMN     "orderGid" TEXT,
ADD COLUMN     "redactedAt" TIMESTAMP(3),
ADD COLUMN     "replays" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ComplianceRequest" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "error" TEXT,
ADD COLUMN     "result" TEXT;


-- "failed" used to mean both "will retry" and "gave up"; what is still failed has given up.
UPDATE "WebhookDelivery" SET "status" = 'dead' WHERE "status" = 'failed';
