-- CreateTable
CREATE TABLE "ReviewSettings" (
    "shop" TEXT NOT NULL,
    "autoPublishMin" INTEGER NOT NULL DEFAULT 4,
    "blockedWords" TEXT NOT NULL DEFAULT '[]',
    "requestItems" INTEGER NOT NULL DEFAULT 5,
    "reminders" INTEGER NOT NULL DEFAULT 2,
    "editDays" INTEGER NOT NULL DEFAULT 30,
    "incentive" TEXT NOT NULL DEFAULT 'none',
    "incentivePercent" INTEGER NOT NULL DEFAULT 10,
    "jsonLd" BOOLEAN NOT NULL DEFAULT true,
    "syndicate" BOOLEAN NOT NULL DEFAULT false,
    "lowRatingAlert" BOOLEAN NOT NULL DEFAULT true,
    "alertEmail" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "productGid" TEXT NOT NULL,
    "variantGid" TEXT,
    "productTitle" TEXT NOT NULL,
    "orderGid" TEXT,
    "lineItemGid" TEXT,
    "customerGid" TEXT,
    "authorName" TEXT NOT NULL,
    "authorEmail" TEXT,
    "rating" INTEGER NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "rejectReason" TEXT,
    "heldFor" TEXT,
    "source" TEXT NOT NULL DEFAULT 'email',
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "incentivised" BOOLEAN NOT NULL DEFAULT false,
    "rewardCode" TEXT,
    "reply" TEXT,
    "repliedAt" TIMESTAMP(3),
    "importKey" TEXT,
    "metaobjectGid" TEXT,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "editedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "editableUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewPhoto" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Review_shop_status_submittedAt_idx" ON "Review"("shop", "status", "submittedAt");

-- CreateIndex
CREATE INDEX "Review_shop_productGid_status_publishedAt_idx" ON "Review"("shop", "productGid", "status", "publishedAt");

-- CreateIndex
CREATE INDEX "Review_shop_customerGid_idx" ON "Review"("shop", "customerGid");

-- CreateIndex
CREATE UNIQUE INDEX "Review_shop_orderGid_lineItemGid_key" ON "Review"("shop", "orderGid", "lineItemGid");

-- CreateIndex
CREATE UNIQUE INDEX "Review_shop_importKey_key" ON "Review"("shop", "importKey");

-- CreateIndex
CREATE INDEX "ReviewPhoto_shop_reviewId_idx" ON "ReviewPhoto"("shop", "reviewId");

-- AddForeignKey
ALTER TABLE "ReviewPhoto" ADD CONSTRAINT "ReviewPhoto_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

