-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "discountCodes" TEXT,
ADD COLUMN     "shippingMinor" INTEGER,
ADD COLUMN     "subtotalMinor" INTEGER,
ADD COLUMN     "taxMinor" INTEGER,
ADD COLUMN     "taxesIncluded" BOOLEAN;

-- CreateTable
CREATE TABLE "LoyaltyProgram" (
    "shop" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "pointsPerUnit" INTEGER NOT NULL DEFAULT 1,
    "includeTax" BOOLEAN NOT NULL DEFAULT false,
    "includeShipping" BOOLEAN NOT NULL DEFAULT false,
    "rounding" TEXT NOT NULL DEFAULT 'down',
    "excludedTags" TEXT NOT NULL DEFAULT '[]',
    "excludedCollections" TEXT NOT NULL DEFAULT '[]',
    "pendingDays" INTEGER NOT NULL DEFAULT 30,
    "signupPoints" INTEGER NOT NULL DEFAULT 100,
    "signupEnabled" BOOLEAN NOT NULL DEFAULT true,
    "birthdayPoints" INTEGER NOT NULL DEFAULT 200,
    "birthdayEnabled" BOOLEAN NOT NULL DEFAULT true,
    "reviewPoints" INTEGER NOT NULL DEFAULT 50,
    "reviewEnabled" BOOLEAN NOT NULL DEFAULT true,
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "tierWindowMonths" INTEGER NOT NULL DEFAULT 12,
    "expiryEnabled" BOOLEAN NOT NULL DEFAULT false,
    "expiryMonths" INTEGER NOT NULL DEFAULT 12,
    "warningDays" INTEGER NOT NULL DEFAULT 30,
    "lastChanceDays" INTEGER NOT NULL DEFAULT 7,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyProgram_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "LoyaltyTier" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplier" INTEGER NOT NULL DEFAULT 100,
    "entryPoints" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyReward" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "cost" INTEGER NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,
    "variantGid" TEXT,
    "minimumSubtotal" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyReward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyMember" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "lifetimeEarned" INTEGER NOT NULL DEFAULT 0,
    "tierId" TEXT,
    "birthday" TEXT,
    "birthdaySetAt" TIMESTAMP(3),
    "lastActivityAt" TIMESTAMP(3) NOT NULL,
    "mirroredBalance" INTEGER,
    "mirroredTier" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyMember_pkey" PRIMARY KEY ("shop","customerGid")
);

-- CreateTable
CREATE TABLE "LoyaltyEntry" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "pendingPoints" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "orderGid" TEXT,
    "refundGid" TEXT,
    "redemptionId" TEXT,
    "availableAt" TIMESTAMP(3),
    "actor" TEXT,
    "note" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyRedemption" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "requestKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "cost" INTEGER NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'reserved',
    "code" TEXT,
    "discountGid" TEXT,
    "error" TEXT,
    "orderGid" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "issuedAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "voidedAt" TIMESTAMP(3),

    CONSTRAINT "LoyaltyRedemption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyHistoryAward" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "sinceDays" INTEGER NOT NULL,
    "activeShop" TEXT,
    "customersTotal" INTEGER NOT NULL DEFAULT 0,
    "customersDone" INTEGER NOT NULL DEFAULT 0,
    "customersAwarded" INTEGER NOT NULL DEFAULT 0,
    "points" INTEGER NOT NULL DEFAULT 0,
    "requestedBy" TEXT NOT NULL DEFAULT 'merchant',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "LoyaltyHistoryAward_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LoyaltyTier_shop_idx" ON "LoyaltyTier"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyTier_shop_threshold_key" ON "LoyaltyTier"("shop", "threshold");

-- CreateIndex
CREATE INDEX "LoyaltyReward_shop_idx" ON "LoyaltyReward"("shop");

-- CreateIndex
CREATE INDEX "LoyaltyMember_shop_balance_idx" ON "LoyaltyMember"("shop", "balance");

-- CreateIndex
CREATE INDEX "LoyaltyMember_shop_lastActivityAt_idx" ON "LoyaltyMember"("shop", "lastActivityAt");

-- CreateIndex
CREATE INDEX "LoyaltyMember_shop_birthday_idx" ON "LoyaltyMember"("shop", "birthday");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_shop_customerGid_createdAt_idx" ON "LoyaltyEntry"("shop", "customerGid", "createdAt");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_shop_orderGid_idx" ON "LoyaltyEntry"("shop", "orderGid");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_shop_createdAt_idx" ON "LoyaltyEntry"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyEntry_shop_key_key" ON "LoyaltyEntry"("shop", "key");

-- CreateIndex
CREATE INDEX "LoyaltyRedemption_shop_customerGid_createdAt_idx" ON "LoyaltyRedemption"("shop", "customerGid", "createdAt");

-- CreateIndex
CREATE INDEX "LoyaltyRedemption_shop_status_createdAt_idx" ON "LoyaltyRedemption"("shop", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyRedemption_shop_requestKey_key" ON "LoyaltyRedemption"("shop", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyRedemption_shop_code_key" ON "LoyaltyRedemption"("shop", "code");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyHistoryAward_activeShop_key" ON "LoyaltyHistoryAward"("activeShop");

-- CreateIndex
CREATE INDEX "LoyaltyHistoryAward_shop_startedAt_idx" ON "LoyaltyHistoryAward"("shop", "startedAt");

