-- CreateTable
CREATE TABLE "ReturnSettings" (
    "shop" TEXT NOT NULL,
    "policy" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReturnSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ReturnCase" (
    "id" TEXT NOT NULL,
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
    "pendingAt" TIMESTAMP(3),
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "approvedAt" TIMESTAMP(3),
    "declinedAt" TIMESTAMP(3),
    "labelAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3),
    "processedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReturnCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnItem" (
    "id" TEXT NOT NULL,
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

    CONSTRAINT "ReturnItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnPhoto" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReturnPhoto_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ReturnItem" ADD CONSTRAINT "ReturnItem_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "ReturnCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReturnPhoto" ADD CONSTRAINT "ReturnPhoto_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ReturnItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

