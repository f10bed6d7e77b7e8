-- CreateTable
CREATE TABLE "ReturnSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "policy" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReturnCase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "customerGid" TEXT,
    "returnGid" TEXT,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "approval" TEXT NOT NULL DEFAULT 'review',
    "riskFlags" TEXT NOT NULL DEFAULT '[]',
    "trace" TEXT NOT NULL DEFAULT '[]',
    "currency" TEXT NOT NULL,
    "itemsMinor" INTEGER NOT NULL DEFAULT 0,
    "restockingFeeMinor" INTEGER NOT NULL DEFAULT 0,
    "shippingFeeMinor" INTEGER NOT NULL DEFAULT 0,
    "bonusMinor" INTEGER NOT NULL DEFAULT 0,
    "totalMinor" INTEGER NOT NULL DEFAULT 0,
    "declineReason" TEXT,
    "declineMessage" TEXT,
    "approveMessage" TEXT,
    "labelUrl" TEXT,
    "trackingNumber" TEXT,
    "trackingUrl" TEXT,
    "carrier" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "email" TEXT,
    "customerName" TEXT,
    "customerNote" TEXT,
    "source" TEXT NOT NULL DEFAULT 'portal',
    "requestKey" TEXT,
    "storeCreditMinor" INTEGER,
    "refundGid" TEXT,
    "pendingAction" TEXT,
    "pendingAt" DATETIME,
    "requestedAt" DATETIME NOT NULL,
    "approvedAt" DATETIME,
    "declinedAt" DATETIME,
    "labelAt" DATETIME,
    "receivedAt" DATETIME,
    "processedAt" DATETIME,
    "closedAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReturnItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "lineItemGid" TEXT NOT NULL,
    "fulfillmentLineItemGid" TEXT,
    "returnLineItemGid" TEXT,
    "productGid" TEXT,
    "variantGid" TEXT,
    "title" TEXT NOT NULL,
    "variantTitle" TEXT,
    "quantity" INTEGER NOT NULL,
    "unitPriceMinor" INTEGER NOT NULL,
    "reasonCode" TEXT NOT NULL,
    "shopifyReason" TEXT NOT NULL,
    "note" TEXT,
    "exchangeVariantGid" TEXT,
    "exchangeTitle" TEXT,
    "exchangeLineItemGid" TEXT,
    CONSTRAINT "ReturnItem_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "ReturnCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReturnPhoto" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "data" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReturnPhoto_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ReturnItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ReturnCase_shop_status_createdAt_idx" ON "ReturnCase"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ReturnCase_shop_orderGid_idx" ON "ReturnCase"("shop", "orderGid");

-- CreateIndex
CREATE INDEX "ReturnCase_shop_customerGid_idx" ON "ReturnCase"("shop", "customerGid");

-- CreateIndex
CREATE INDEX "ReturnCase_shop_createdAt_idx" ON "ReturnCase"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnCase_shop_returnGid_key" ON "ReturnCase"("shop", "returnGid");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnCase_shop_requestKey_key" ON "ReturnCase"("shop", "requestKey");

-- CreateIndex
CREATE INDEX "ReturnItem_shop_caseId_idx" ON "ReturnItem"("shop", "caseId");

-- CreateIndex
CREATE INDEX "ReturnItem_shop_lineItemGid_idx" ON "ReturnItem"("shop", "lineItemGid");

-- CreateIndex
CREATE INDEX "ReturnPhoto_shop_itemId_idx" ON "ReturnPhoto"("shop", "itemId");

