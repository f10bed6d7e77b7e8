// A shop's review settings: the auto-publish rule (stars and blocked words), what a request email
// lists and how many reminders follow it, how long a review stays editable, the incentive, the
// storefront's structured data, syndication and the low-rating alert. Read with defaults; validated
// with zod on save (the admin's settings page).
import { z } from "zod";
import { formBoolean } from "~/platform/form-boolean";
import type { Db } from "~/platform/db.server";
import { INCENTIVES, type Incentive } from "./types";

/** One word or phrase per line (or comma-separated), trimmed, lowercased, without duplicates. */
const wordList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\n,]/)))
  .transform((words) => [...new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean))])
  .pipe(z.array(z.string().max(60, "a blocked word is at most 60 characters")).max(200, "at most 200 blocked words"));

export const reviewSettingsInput = z.object({
  autoPublishMin: z.coerce.number().int().min(0).max(5),
  blockedWords: wordList,
  requestItems: z.coerce.number().int().min(1).max(10),
  reminders: z.coerce.number().int().min(0).max(2),
  editDays: z.coerce.number().int().min(1).max(365),
  incentive: z.enum(INCENTIVES),
  incentivePercent: z.coerce.number().int().min(1).max(50),
  jsonLd: formBoolean,
  syndicate: formBoolean,
  lowRatingAlert: formBoolean,
  alertEmail: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.string().email("an email address").max(254).nullable()),
});

export type ReviewSettingsValues = z.infer<typeof reviewSettingsInput>;

export const REVIEW_DEFAULTS: ReviewSettingsValues = {
  autoPublishMin: 4,
  blockedWords: [],
  requestItems: 5,
  reminders: 2,
  editDays: 30,
  incentive: "none",
  incentivePercent: 10,
  jsonLd: true,
  syndicate: false,
  lowRatingAlert: true,
  alertEmail: null,
};

function parseWords(json: string): string[] {
  try {
    const list = JSON.parse(json);
    return Array.isArray(list) ? list.filter((w): w is string => typeof w === "string") : [];
  } catch {
    return [];
  }
}

export async function reviewSettings(db: Db, shop: string): Promise<ReviewSettingsValues> {
  const row = await db.reviewSettings.findUnique({ where: { shop } });
  if (!row) return REVIEW_DEFAULTS;
  return {
    autoPublishMin: row.autoPublishMin,
    blockedWords: parseWords(row.blockedWords),
    requestItems: row.requestItems,
    reminders: row.reminders,
    editDays: row.editDays,
    incentive: (INCENTIVES as readonly string[]).includes(row.incentive) ? (row.incentive as Incentive) : "none",
    incentivePercent: row.incentivePercent,
    jsonLd: row.jsonLd,
    syndicate: row.syndicate,
    lowRatingAlert: row.lowRatingAlert,
    alertEmail: row.alertEmail,
  };
}

export async function saveReviewSettings(db: Db, shop: string, values: ReviewSettingsValues): Promise<void> {
  const data = { ...values, blockedWords: JSON.stringify(values.blockedWords) };
  await db.reviewSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}
