// The reviews capability's background jobs: bringing a product's rating metafields up to date,
// syndicating a review to Shopify's product_review metaobject, telling the merchant about a 1–2
// star review, and making a review's thank-you code. Each runs under a key, so a retried or
// repeated job has its effect once; the mail and the code carry the review's id as their key.
import { z } from "zod";
import type { ShopifyConfig } from "~/messaging/shopify.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import { defineJob } from "~/platform/jobs/registry.server";
import type { Mailer } from "~/platform/mailer.server";
import { adminClientForShop } from "~/platform/shopify-admin.server";
import { derivedCode } from "~/platform/signed-token";
import { pickLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { SYNC_PRODUCT_JOB, SYNDICATE_JOB } from "./moderation.server";
import { ReviewDiscountCreate } from "./reviews.operations";
import { reviewSettings } from "./settings.server";
import { INCENTIVE_JOB, LOW_RATING_ALERT_JOB } from "./submit.server";
import { syncProduct, syndicateReview } from "./sync.server";

export interface ReviewJobDeps {
  db: Db;
  clock: Clock;
  shopify: ShopifyConfig;
  mailer: () => Mailer;
  appUrl: string;
  secret: string;
}

const DAY = 86_400_000;
/** A thank-you code is valid this long. */
export const INCENTIVE_DAYS = 60;

const byReview = z.object({ shop: z.string(), reviewId: z.string() });

/** The review's thank-you code: derived from it, so a retried job finds the same code. */
export function incentiveCodeFor(secret: string, shop: string, reviewId: string): string {
  return derivedCode(secret, `review-incentive\n${shop}\n${reviewId}`, "REVIEW-");
}

async function sendLowRatingAlert(deps: ReviewJobDeps, shop: string, reviewId: string) {
  const [review, settings, shopRow] = await Promise.all([
    deps.db.review.findFirst({ where: { shop, id: reviewId } }),
    reviewSettings(deps.db, shop),
    deps.db.shop.findUnique({ where: { shop }, select: { email: true, name: true, locale: true, state: true } }),
  ]);
  const to = settings.alertEmail ?? shopRow?.email;
  if (!review || !settings.lowRatingAlert || !to || shopRow?.state === "uninstalled") return;
  const t = translator(pickLocale([shopRow?.locale]));
  const link = `https://${shop}/admin/apps/aftercare/app/reviews/${review.id}`;
  const quoted = [review.title && `“${review.title}”`, review.body].filter(Boolean);
  const lines = [
    t("reviews.alert.body", { rating: review.rating, product: review.productTitle, author: review.authorName }),
    ...quoted,
    "",
    t("reviews.alert.open", { link }),
  ];
  await deps.mailer().send({
    to,
    subject: t("reviews.alert.subject", { rating: review.rating, product: review.productTitle }),
    text: lines.join("\n"),
    category: "transactional",
    idempotencyKey: `${shop}:review-alert:${review.id}`,
    fromName: "Aftercare",
  });
}

async function issueIncentive(deps: ReviewJobDeps, shop: string, reviewId: string) {
  const review = await deps.db.review.findFirst({
    where: { shop, id: reviewId },
    select: { customerGid: true, rewardCode: true, incentivised: true },
  });
  if (!review || review.rewardCode || !review.incentivised) return;
  const settings = await reviewSettings(deps.db, shop);
  if (settings.incentive !== "discount") return;
  const code = incentiveCodeFor(deps.secret, shop, reviewId);
  const now = deps.clock.now();
  const client = await adminClientForShop(deps.db, shop, deps.shopify);
  const { discountCodeBasicCreate: r } = await client.request(ReviewDiscountCreate, {
    basicCodeDiscount: {
      title: `Aftercare review thank-you ${code}`,
      code,
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + INCENTIVE_DAYS * DAY).toISOString(),
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: review.customerGid ? { customers: { add: [review.customerGid] } } : { all: "ALL" },
      customerGets: { value: { percentage: settings.incentivePercent / 100 }, items: { all: true } },
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    },
  });
  // TAKEN: an earlier run created it and died before saving it here.
  const errors = r.userErrors.filter((e) => e.code !== "TAKEN");
  if (errors.length) throw new AppError("SHOPIFY_GRAPHQL_ERROR", `discountCodeBasicCreate: ${errors.map((e) => e.message).join("; ")}`);
  await deps.db.review.updateMany({ where: { shop, id: reviewId, rewardCode: null }, data: { rewardCode: code } });
}

export function reviewJobs(deps: ReviewJobDeps) {
  return [
    defineJob({
      name: SYNC_PRODUCT_JOB,
      schema: z.object({ shop: z.string(), productGid: z.string() }),
      async run({ shop, productGid }) {
        await syncProduct(deps, shop, productGid);
      },
    }),
    defineJob({
      name: SYNDICATE_JOB,
      schema: byReview,
      async run({ shop, reviewId }) {
        await syndicateReview(deps, shop, reviewId);
      },
    }),
    defineJob({
      name: LOW_RATING_ALERT_JOB,
      schema: byReview,
      async run({ shop, reviewId }) {
        await sendLowRatingAlert(deps, shop, reviewId);
      },
    }),
    defineJob({
      name: INCENTIVE_JOB,
      schema: byReview,
      async run({ shop, reviewId }) {
        await issueIncentive(deps, shop, reviewId);
      },
    }),
  ];
}
