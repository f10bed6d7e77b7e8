-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "storefrontToken" TEXT;

-- CreateTable
CREATE TABLE "MessagingSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "windowStart" INTEGER NOT NULL DEFAULT 540,
    "windowEnd" INTEGER NOT NULL DEFAULT 1200,
    "quietDays" TEXT NOT NULL DEFAULT '[]',
    "capShortCount" INTEGER NOT NULL DEFAULT 1,
    "capShortDays" INTEGER NOT NULL DEFAULT 3,
    "capLongCount" INTEGER NOT NULL DEFAULT 5,
    "capLongDays" INTEGER NOT NULL DEFAULT 30,
    "capAction" TEXT NOT NULL DEFAULT 'postpone',
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "stuckPolicy" TEXT NOT NULL DEFAULT 'ask',
    "senderName" TEXT,
    "replyTo" TEXT,
    "logoUrl" TEXT,
    "accentColor" TEXT NOT NULL DEFAULT '#1f6f5c',
    "contactUrl" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MessageFlow" (
    "shop" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "delayMinutes" INTEGER NOT NULL,
    "productCount" INTEGER NOT NULL DEFAULT 3,
    "discountPercent" INTEGER,
    "discountDays" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "flow")
);

-- CreateTable
CREATE TABLE "MessageTemplate" (
    "shop" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "heading" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "flow", "locale")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "orderGid" TEXT,
    "customerGid" TEXT,
    "email" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "items" TEXT NOT NULL DEFAULT '[]',
    "dueAt" DATETIME NOT NULL,
    "sendAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "postponed" INTEGER NOT NULL DEFAULT 0,
    "immediate" BOOLEAN NOT NULL DEFAULT false,
    "claimedAt" DATETIME,
    "sendingAt" DATETIME,
    "sentAt" DATETIME,
    "subject" TEXT,
    "discountCode" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MessageSuppression" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "customerGid" TEXT,
    "category" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CsatResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "customerGid" TEXT,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "changes" INTEGER NOT NULL DEFAULT 0,
    "answeredAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "acknowledgedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ProductGuide" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetGid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CrossSellRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "sourceType" TEXT NOT NULL,
    "sourceGid" TEXT NOT NULL,
    "productGids" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Message_status_sendAt_idx" ON "Message"("status", "sendAt");

-- CreateIndex
CREATE INDEX "Message_shop_status_sendAt_idx" ON "Message"("shop", "status", "sendAt");

-- CreateIndex
CREATE INDEX "Message_shop_orderGid_idx" ON "Message"("shop", "orderGid");

-- CreateIndex
CREATE INDEX "Message_shop_email_idx" ON "Message"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Message_shop_key_key" ON "Message"("shop", "key");

-- CreateIndex
CREATE INDEX "MessageSuppression_shop_customerGid_idx" ON "MessageSuppression"("shop", "customerGid");

-- CreateIndex
CREATE UNIQUE INDEX "MessageSuppression_shop_email_category_key" ON "MessageSuppression"("shop", "email", "category");

-- CreateIndex
CREATE INDEX "CsatResponse_shop_score_acknowledgedAt_idx" ON "CsatResponse"("shop", "score", "acknowledgedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CsatResponse_shop_orderGid_key" ON "CsatResponse"("shop", "orderGid");

-- CreateIndex
CREATE INDEX "ProductGuide_shop_targetGid_idx" ON "ProductGuide"("shop", "targetGid");

-- CreateIndex
CREATE INDEX "CrossSellRule_shop_sourceGid_idx" ON "CrossSellRule"("shop", "sourceGid");

