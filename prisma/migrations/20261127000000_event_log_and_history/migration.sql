-- The after-sales event log replaces the per-order timeline (OrderEvent): events carry their
-- customer, whether they come from history, their source, and an outbox flag for subscribers.
-- History imports (Backfill), refunds as rows, delivery's source, and the shop's settings for both.
ALTER TABLE "Shop" ADD COLUMN "backfillDays" INTEGER NOT NULL DEFAULT 365;
ALTER TABLE "Shop" ADD COLUMN "activeBackfillId" TEXT;
ALTER TABLE "Shop" ADD COLUMN "deliveryFallbackDays" INTEGER NOT NULL DEFAULT 5;
ALTER TABLE "Order" ADD COLUMN "deliverySource" TEXT;
ALTER TABLE "Fulfillment" ADD COLUMN "displayStatus" TEXT;
ALTER TABLE "Fulfillment" ADD COLUMN "shippedAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "shopifyCreatedAt" DATETIME;

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "refundGid" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "note" TEXT,
    "lines" TEXT NOT NULL DEFAULT '[]',
    "processedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AfterSalesEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "orderGid" TEXT,
    "customerGid" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "history" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "dispatched" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Backfill" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'exporting',
    "phase" TEXT NOT NULL DEFAULT 'customers',
    "since" DATETIME NOT NULL,
    "operationGid" TEXT,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "fileSize" INTEGER,
    "bytesRead" INTEGER NOT NULL DEFAULT 0,
    "customersImported" INTEGER NOT NULL DEFAULT 0,
    "ordersImported" INTEGER NOT NULL DEFAULT 0,
    "skipped" TEXT NOT NULL DEFAULT '{}',
    "exports" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "requestedBy" TEXT NOT NULL DEFAULT 'install',
    "startedAt" DATETIME NOT NULL,
    "phaseStartedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- The timeline so far, under the event log's types (order.created is now order.placed, and so on).
INSERT INTO "AfterSalesEvent" ("id", "shop", "key", "type", "orderGid", "customerGid", "occurredAt", "history", "source", "detail", "dispatched", "createdAt")
SELECT e."id", e."shop",
  CASE WHEN e."kind" = 'order.created' THEN replace(e."key", ':order.created', ':order.placed') ELSE e."key" END,
  CASE
    WHEN e."kind" = 'order.created' THEN 'order.placed'
    WHEN e."kind" = 'fulfillment.created' THEN 'order.fulfilled'
    WHEN e."kind" = 'refund.created' THEN 'order.refunded'
    WHEN e."kind" LIKE 'shipment.%' THEN 'order.tracking_updated'
    WHEN e."kind" = 'return.request' THEN 'return.requested'
    WHEN e."kind" = 'return.approve' THEN 'return.approved'
    WHEN e."kind" = 'return.decline' THEN 'return.declined'
    WHEN e."kind" = 'return.close' THEN 'return.closed'
    WHEN e."kind" = 'return.cancel' THEN 'return.cancelled'
    WHEN e."kind" = 'return.reopen' THEN 'return.reopened'
    ELSE e."kind"
  END,
  e."orderGid",
  (SELECT o."customerGid" FROM "Order" o WHERE o."shop" = e."shop" AND o."orderGid" = e."orderGid"),
  e."occurredAt", false,
  CASE WHEN e."kind" = 'webhook.replayed' THEN 'app' ELSE 'webhook' END,
  CASE WHEN e."kind" LIKE 'shipment.%' THEN json_set(e."detail", '$.status', substr(e."kind", 10)) ELSE e."detail" END,
  true, e."createdAt"
FROM "OrderEvent" e;

DROP TABLE "OrderEvent";

-- CreateIndex
CREATE INDEX "Refund_shop_orderGid_idx" ON "Refund"("shop", "orderGid");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_shop_refundGid_key" ON "Refund"("shop", "refundGid");

-- CreateIndex
CREATE INDEX "AfterSalesEvent_shop_orderGid_occurredAt_idx" ON "AfterSalesEvent"("shop", "orderGid", "occurredAt");

-- CreateIndex
CREATE INDEX "AfterSalesEvent_shop_customerGid_occurredAt_idx" ON "AfterSalesEvent"("shop", "customerGid", "occurredAt");

-- CreateIndex
CREATE INDEX "AfterSalesEvent_dispatched_createdAt_idx" ON "AfterSalesEvent"("dispatched", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AfterSalesEvent_shop_key_key" ON "AfterSalesEvent"("shop", "key");

-- CreateIndex
CREATE INDEX "Backfill_shop_startedAt_idx" ON "Backfill"("shop", "startedAt");

-- CreateIndex
CREATE INDEX "Order_shop_name_idx" ON "Order"("shop", "name");

-- CreateIndex
CREATE INDEX "Order_shop_email_idx" ON "Order"("shop", "email");

-- CreateIndex
CREATE INDEX "Customer_shop_email_idx" ON "Customer"("shop", "email");

