// The reviews capability's rules, as pure functions: what the auto-publish rule decides, which
// blocked words a text holds, how a product's ratings sum up, how a shopper's text is cleaned
// (plain text only: it is escaped wherever it is shown), and how an author is named in public.
import type { ReviewSettingsValues } from "./settings.server";
import { LOW_RATING_MAX, RATING_MAX, RATING_MIN, type HeldFor, type RatingSummary } from "./types";

export type Decision = { publish: true } | { publish: false; heldFor: HeldFor };

/** Letters (with their combining marks) and digits of any script: a word boundary is a change between these and anything else. */
const WORD = "\\p{L}\\p{M}\\p{N}";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The blocked words (or phrases) found in `text` as whole words, case-blind, in any script ("Łódź" ≠ "łó"). */
export function blockedWordsIn(text: string, words: readonly string[]): string[] {
  const haystack = text.normalize("NFC").toLocaleLowerCase();
  return words.filter((w) => {
    const needle = w.normalize("NFC").toLocaleLowerCase().trim();
    if (!needle) return false;
    return new RegExp(`(^|[^${WORD}])${escapeRegExp(needle)}($|[^${WORD}])`, "u").test(haystack);
  });
}

/**
 * The auto-publish rule: at least `autoPublishMin` stars and no blocked word → published at once;
 * otherwise held for the merchant's look (never hidden for being low: the merchant publishes it
 * unless it breaks a policy). autoPublishMin 0 holds every review.
 */
export function moderationDecision(
  review: { rating: number; title: string; body: string },
  settings: Pick<ReviewSettingsValues, "autoPublishMin" | "blockedWords">,
): Decision {
  if (blockedWordsIn(`${review.title}\n${review.body}`, settings.blockedWords).length) return { publish: false, heldFor: "blocked_word" };
  if (settings.autoPublishMin === 0) return { publish: false, heldFor: "manual" };
  if (review.rating < settings.autoPublishMin) return { publish: false, heldFor: "low_rating" };
  return { publish: true };
}

export function isLowRating(rating: number): boolean {
  return rating <= LOW_RATING_MAX;
}

export function isRating(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= RATING_MIN && n <= RATING_MAX;
}

/** Average (one decimal, half up), count and per-star counts of published ratings. */
export function summarize(ratings: readonly number[]): RatingSummary {
  const distribution: RatingSummary["distribution"] = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  let sum = 0;
  for (const r of ratings) {
    if (!isRating(r)) continue;
    distribution[String(r) as keyof RatingSummary["distribution"]] += 1;
    sum += r;
  }
  const count = Object.values(distribution).reduce((a, b) => a + b, 0);
  return { average: count ? Math.round((sum / count) * 10) / 10 : 0, count, distribution };
}

/** Summary from per-star counts (what a GROUP BY gives). */
export function summaryOf(counts: Partial<Record<number, number>>): RatingSummary {
  const ratings: number[] = [];
  for (let star = RATING_MIN; star <= RATING_MAX; star++) for (let i = 0; i < (counts[star] ?? 0); i++) ratings.push(star);
  return summarize(ratings);
}

/**
 * A shopper's text as stored: Unicode-normalised, without control characters (tabs and newlines
 * stay), at most two consecutive blank lines, trimmed. HTML is kept as the characters typed: every
 * place that shows it escapes it, so "<b>" reads as "<b>" and a script never runs.
 */
export function cleanText(s: string): string {
  return (
    s
      .replace(/\r\n?/g, "\n")
      // Control characters, and the invisible ones that would hide a blocked word ("sp\u00ADam").
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, "")
      // After the removals, so a mark left next to its letter composes with it.
      .normalize("NFC")
      .replace(/[ \t]+\n/g, "\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/** How an author is shown in public: first name and the last name's initial ("Anna K."). */
export function publicAuthor(firstName: string | null | undefined, lastName: string | null | undefined, fallback: string): string {
  const first = cleanText(firstName ?? "").split(/\s+/)[0] ?? "";
  // A whole character (an emoji or a rare CJK letter is two UTF-16 units), never half of one.
  const initial = [...cleanText(lastName ?? "")][0] ?? "";
  if (!first) return fallback;
  return initial ? `${first} ${initial.toLocaleUpperCase()}.` : first;
}
