// The reviews capability's rules as a merchant and a shopper meet them: which blocked words a
// review holds, whether it is published at once or held for a look (and why), how a product's
// stars sum up, how a shopper's text is stored, how the author is named in public, and what the
// settings form accepts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockedWordsIn, cleanText, moderationDecision, publicAuthor, summarize, summaryOf } from "~/reviews/rules";
import { REVIEW_DEFAULTS, reviewSettingsInput } from "~/reviews/settings.server";
import { HELD_FOR } from "~/reviews/types";

describe("blockedWordsIn", () => {
  it.each([
    ["finds a word, whatever its case", "This is SPAM, pure Spam.", ["spam"], ["spam"]],
    ["finds a word the merchant typed in capitals", "buy cheap pills here", ["Cheap"], ["Cheap"]],
    ["finds a word at the very start and the very end", "spam and more spam", ["spam"], ["spam"]],
    ["finds a word next to punctuation", "(spam)! «spam»", ["spam"], ["spam"]],
    ["ignores a word inside a longer word", "spammer, antispam, spams", ["spam"], []],
    ["finds a Polish word in capitals", "Wysyłka z ŁÓDŹ trwała wieki", ["łódź"], ["łódź"]],
    ["does not take a Polish word for its first letters", "Paczka z Łodzi, miasto Łódź", ["łó", "łod"], []],
    ["treats Polish letters as letters at a word's edge", "zażółć gęślą jaźń", ["za", "gęśl", "jaź"], []],
    ["finds a phrase", "Honestly a total scam site, avoid", ["scam site"], ["scam site"]],
    ["does not find a phrase split across other words", "a scam on this site", ["scam site"], []],
    ["finds a word with + as typed", "I code in c++ daily", ["c++"], ["c++"]],
    ["treats + literally, not as 'one or more'", "I code in cc daily", ["c++"], []],
    ["treats . literally, not as 'any character'", "see axb and a-b", ["a.b"], []],
    ["finds a word with a dot as typed", "see a.b here", ["a.b"], ["a.b"]],
    ["treats brackets, stars and pipes literally", "a|b (x) [y] *z* ok", ["a|b", "(x)", "[y]", "*z*", "o|k"], ["a|b", "(x)", "[y]", "*z*"]],
    ["ignores an empty or blank entry", "anything at all", ["", "   "], []],
    ["ignores the spaces around an entry", "this is spam", ["  spam  "], ["  spam  "]],
    ["lists only the words found, in the merchant's order", "idiot and spam", ["spam", "scam", "idiot"], ["spam", "idiot"]],
  ])("%s", (_, text, words, found) => {
    expect(blockedWordsIn(text, words)).toEqual(found);
  });

  it("finds a word whether the text and the word use composed or decomposed Polish letters", () => {
    const composed = "łódź";
    const decomposed = "ło\u0301dz\u0301";
    expect(blockedWordsIn(`Miasto ${decomposed}`, [composed])).toEqual([composed]);
    expect(blockedWordsIn(`Miasto ${composed}`, [decomposed])).toEqual([decomposed]);
  });

  it("property: a word placed between spaces is always found; glued to letters, never", () => {
    const word = fc.stringMatching(/^[a-ząćęłńóśźż+.*?()|[\]{}^$\\]{1,8}$/).filter((w) => /\p{L}/u.test(w));
    fc.assert(
      fc.property(word, (w) => {
        expect(blockedWordsIn(`before ${w} after`, [w])).toEqual([w]);
        expect(blockedWordsIn(`before ${w.toUpperCase()} after`, [w])).toEqual([w]);
        if (/^\p{L}/u.test(w) && /\p{L}$/u.test(w)) expect(blockedWordsIn(`before x${w}x after`, [w])).toEqual([]);
      }),
    );
  });

  it("BUG: a blocked word hidden by an invisible soft hyphen or word joiner is not found", () => {
    // "sp\u00ADam" and "sp\u2060am" look exactly like "spam" on the storefront; cleanText keeps both characters.
    for (const hidden of ["sp\u00ADam", "sp\u2060am", "sp\uFEFFam"]) {
      expect(blockedWordsIn(cleanText(`great ${hidden} offer`), ["spam"]), JSON.stringify(hidden)).toEqual(["spam"]);
    }
  });

  it("BUG: in a script with combining vowel signs, a word is found inside a longer word", () => {
    // Hindi "कमी" (shortage) is one word; "कम" (less) is not in it. The vowel sign "ी" is a mark (\p{M}), not a letter.
    expect(blockedWordsIn("कमी है", ["कम"])).toEqual([]);
  });
});

describe("moderationDecision", () => {
  const settings = (autoPublishMin: number, blockedWords: string[] = []) => ({ autoPublishMin, blockedWords });
  const review = (rating: number, body = "Lovely linen, soft after washing.", title = "Great shirt") => ({ rating, title, body });

  it.each([
    [5, 4, { publish: true }],
    [4, 4, { publish: true }],
    [3, 4, { publish: false, heldFor: "low_rating" }],
    [1, 1, { publish: true }],
    [2, 1, { publish: true }],
    [2, 3, { publish: false, heldFor: "low_rating" }],
    [1, 3, { publish: false, heldFor: "low_rating" }],
    [4, 5, { publish: false, heldFor: "low_rating" }],
    [5, 5, { publish: true }],
    [5, 0, { publish: false, heldFor: "manual" }],
    [1, 0, { publish: false, heldFor: "manual" }],
  ] as const)("a %i★ review with auto-publish from %i★ → %o", (rating, min, decision) => {
    expect(moderationDecision(review(rating), settings(min))).toEqual(decision);
  });

  it("holds a 5★ review with a blocked word in its body or its title", () => {
    expect(moderationDecision(review(5, "Total SCAM, but fine"), settings(4, ["scam"]))).toEqual({
      publish: false,
      heldFor: "blocked_word",
    });
    expect(moderationDecision(review(5, "fine", "Scam!"), settings(4, ["scam"]))).toEqual({ publish: false, heldFor: "blocked_word" });
  });

  it("names the blocked word as the reason even when the rating or 'hold all' would hold it too", () => {
    expect(moderationDecision(review(1, "scam"), settings(4, ["scam"]))).toEqual({ publish: false, heldFor: "blocked_word" });
    expect(moderationDecision(review(5, "scam"), settings(0, ["scam"]))).toEqual({ publish: false, heldFor: "blocked_word" });
  });

  it("does not join the title's last word and the body's first into a phrase", () => {
    expect(moderationDecision(review(5, "site was fine", "Not a scam"), settings(4, ["scam site"]))).toEqual({ publish: true });
  });

  it("property: never rejects — publishes at or above the threshold, otherwise holds for a look", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5 }), (rating, min) => {
        const decision = moderationDecision(review(rating), settings(min));
        if (decision.publish) {
          expect(min).toBeGreaterThan(0);
          expect(rating).toBeGreaterThanOrEqual(min);
        } else {
          expect(HELD_FOR).toContain(decision.heldFor);
          expect(decision.heldFor).toBe(min === 0 ? "manual" : "low_rating");
          if (min > 0) expect(rating).toBeLessThan(min);
        }
      }),
    );
  });
});

describe("summarize and summaryOf", () => {
  it("gives no average, no count and an empty distribution without ratings", () => {
    expect(summarize([])).toEqual({ average: 0, count: 0, distribution: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } });
    expect(summaryOf({})).toEqual(summarize([]));
  });

  it.each([
    [[5], 5],
    [[4, 5], 4.5],
    [[5, 5, 4], 4.7], // 4.666…
    [[1, 2], 1.5],
    [[1, 1, 2], 1.3], // 1.333…
    [[4, 4, 4, 5], 4.3], // 4.25: half up
    [[...Array<number>(17).fill(1), 2, 2, 2], 1.2], // 1.15: half up
  ])("averages %j to %d", (ratings, average) => {
    expect(summarize(ratings).average).toBe(average);
  });

  it("counts reviews per star", () => {
    expect(summarize([5, 5, 4, 1, 5])).toEqual({ average: 4, count: 5, distribution: { "1": 1, "2": 0, "3": 0, "4": 1, "5": 3 } });
  });

  it("ignores ratings that are not whole stars from 1 to 5", () => {
    expect(summarize([5, 0, 6, 4.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 3])).toEqual(summarize([5, 3]));
  });

  it("sums up per-star counts the way a GROUP BY gives them", () => {
    expect(summaryOf({ 5: 3, 4: 1, 1: 1 })).toEqual(summarize([5, 5, 5, 4, 1]));
    expect(summaryOf({ 5: 0, 3: 2 })).toEqual(summarize([3, 3]));
  });

  const star = fc.integer({ min: 1, max: 5 });
  /** The mean rounded half up to one decimal, in integers (no floating point). */
  const meanRounded = (ratings: number[]) => {
    const sum = ratings.reduce((a, b) => a + b, 0);
    return Math.floor((20 * sum + ratings.length) / (2 * ratings.length)) / 10;
  };

  it("property: the average is within 1–5 and is the mean rounded to one decimal; the distribution sums to the count", () => {
    fc.assert(
      fc.property(fc.array(star, { minLength: 1, maxLength: 300 }), (ratings) => {
        const s = summarize(ratings);
        expect(s.count).toBe(ratings.length);
        expect(Object.values(s.distribution).reduce((a, b) => a + b, 0)).toBe(s.count);
        expect(s.average).toBeGreaterThanOrEqual(1);
        expect(s.average).toBeLessThanOrEqual(5);
        expect(s.average).toBe(meanRounded(ratings));
      }),
    );
  });

  it("property: invalid ratings mixed in change nothing, and summaryOf agrees with summarize", () => {
    const invalid = fc.oneof(fc.integer({ min: -5, max: 0 }), fc.integer({ min: 6, max: 100 }), fc.double({ noInteger: true }));
    fc.assert(
      fc.property(fc.array(fc.oneof(star, invalid), { maxLength: 100 }), (mixed) => {
        const valid = mixed.filter((r) => Number.isInteger(r) && r >= 1 && r <= 5);
        const s = summarize(mixed);
        expect(s).toEqual(summarize(valid));
        expect(summaryOf(s.distribution)).toEqual(s);
      }),
    );
  });
});

describe("cleanText", () => {
  it.each([
    ["trims the ends", "  Great shirt \n\n", "Great shirt"],
    ["removes control characters but keeps tabs and newlines", "A\u0000B\u0007C\u001B[31mD\u007F\tE\nF", "ABC[31mD\tE\nF"],
    ["removes zero-width and direction-override characters", "ab\u200Bc \u202Eevil\u202C \u2066x\u2069", "abc evil x"],
    ["turns Windows and old Mac line ends into newlines", "one\r\ntwo\rthree", "one\ntwo\nthree"],
    ["drops the spaces at the end of a line", "one   \ntwo\t\nthree", "one\ntwo\nthree"],
    ["keeps one blank line between paragraphs", "one\n\ntwo", "one\n\ntwo"],
    ["collapses more than one blank line into one", "one\n\n\n\n\ntwo", "one\n\ntwo"],
    ["collapses blank lines that only hold spaces or CRs", "one\r\n  \r\n \r\n\r\ntwo", "one\n\ntwo"],
    ["keeps HTML as the characters typed", "<script>alert(1)</script> <b>bold</b> &amp;", "<script>alert(1)</script> <b>bold</b> &amp;"],
    ["composes decomposed Polish letters (NFC)", "zaz\u0307o\u0301łc\u0301", "zażółć"],
    ["keeps emoji and Polish text as they are", "Świetna koszula 👍🏽", "Świetna koszula 👍🏽"],
  ])("%s", (_, input, output) => {
    expect(cleanText(input)).toBe(output);
  });

  /** Text from the pieces that matter to cleaning: letters, marks that compose, invisible and control characters, line ends. */
  const messy = fc
    .array(
      fc.oneof(
        { arbitrary: fc.constantFrom("e", "z", "o", "ł", "\u0301", "\u0307", "\u200B", "\u202E", "\u0000", "\u007F"), weight: 4 },
        { arbitrary: fc.constantFrom(" ", "\t", "\n", "\r", "\r\n", "\u00A0", "<script>", "&lt;"), weight: 2 },
        { arbitrary: fc.string({ unit: "binary", maxLength: 3 }), weight: 1 },
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(""));

  it("property: the result has no control characters, CRs, runs of blank lines or surrounding whitespace", () => {
    fc.assert(
      fc.property(messy, (s) => {
        const out = cleanText(s);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
        expect(out).not.toMatch(/\n{3,}/);
        expect(out).toBe(out.trim());
      }),
    );
  });

  // Fails today: see the NFC BUG below (a shrunk counterexample is "e", U+0000, U+0307).
  it("property: cleaning twice changes nothing (idempotent) [BUG: fails until NFC runs after the removals]", () => {
    fc.assert(
      fc.property(messy, (s) => {
        expect(cleanText(cleanText(s))).toBe(cleanText(s));
      }),
    );
  });

  it("BUG: the stored text is not NFC when a removed invisible character stood between a letter and its accent", () => {
    // NFC runs before the zero-width space is removed, so "e", U+200B, U+0301 comes out as "e" + U+0301, not "é".
    const stored = cleanText("Cafe\u200B\u0301");
    expect(stored).toBe("Café");
    expect(stored).toBe(stored.normalize("NFC"));
  });
});

describe("publicAuthor", () => {
  it.each([
    ["Anna", "Kowalska", "Anna K."],
    ["  Anna  ", "  Kowalska ", "Anna K."],
    ["Anna Maria", "Kowalska-Nowak", "Anna K."],
    ["anna", "kowalska", "anna K."],
    ["Łucja", "Żak", "Łucja Ż."],
    ["Ola", "ćwik", "Ola Ć."],
    ["Anna", null, "Anna"],
    ["Anna", "", "Anna"],
    ["Anna", "   ", "Anna"],
    ["Anna", undefined, "Anna"],
    ["An\u200Bna", "\u200BKowalska", "Anna K."],
  ])("names %j %j as %j", (first, last, shown) => {
    expect(publicAuthor(first, last, "A customer")).toBe(shown);
  });

  it.each([
    [null, null],
    ["", ""],
    ["   ", "\n\t"],
    ["\u200B", undefined],
  ])("falls back without a name (%j %j)", (first, last) => {
    expect(publicAuthor(first, last, "A customer")).toBe("A customer");
  });

  it("never shows the full last name", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-ZŁŚŻ][a-ząęółśżźćń]{1,10}$/),
        fc.stringMatching(/^[A-ZŁŚŻ][a-ząęółśżźćń]{2,12}$/),
        (first, last) => {
          const shown = publicAuthor(first, last, "A customer");
          expect(shown).toBe(`${first} ${last[0]}.`);
          expect(shown).not.toContain(last);
        },
      ),
    );
  });

  it("BUG: a last name starting with a character outside the BMP shows half a character", () => {
    // charAt(0) takes one UTF-16 unit: "𠀋" (a CJK surname character) or an emoji becomes a lone surrogate.
    expect(publicAuthor("Mei", "𠀋田", "A customer")).toBe("Mei 𠀋.");
  });
});

describe("reviewSettingsInput (the settings form)", () => {
  /** The form as the browser posts it: every value a string, an unticked checkbox absent. */
  const form = (overrides: Record<string, string | undefined> = {}) => ({
    autoPublishMin: "4",
    blockedWords: "",
    requestItems: "5",
    reminders: "2",
    editDays: "30",
    incentive: "none",
    incentivePercent: "10",
    jsonLd: "on",
    lowRatingAlert: "on",
    alertEmail: "",
    ...overrides,
  });
  const parse = (overrides: Record<string, string | undefined> = {}) => reviewSettingsInput.safeParse(form(overrides));
  const fieldsWithErrors = (overrides: Record<string, string | undefined>) => {
    const result = parse(overrides);
    return result.success ? [] : [...new Set(result.error.issues.map((i) => i.path[0]))];
  };

  it("reads the defaults' form back as the defaults", () => {
    expect(parse()).toEqual({ success: true, data: REVIEW_DEFAULTS });
  });

  it.each([
    ["one per line", "Spam\nscam site\nidiot", ["spam", "scam site", "idiot"]],
    ["comma-separated", "spam, scam,idiot", ["spam", "scam", "idiot"]],
    ["mixed, with Windows line ends, blank lines and spaces", "  Spam ,\r\n\r\n  SCAM\r\n, ,idiot  ", ["spam", "scam", "idiot"]],
    ["with duplicates in other cases", "spam\nSPAM\nSpam, spam", ["spam"]],
    ["in Polish capitals", "ŁÓDŹ\nŻółw", ["łódź", "żółw"]],
    ["empty", "", []],
    ["only separators", " \n , \n", []],
  ])("takes blocked words %s", (_, textarea, words) => {
    const result = parse({ blockedWords: textarea });
    expect(result.success && result.data.blockedWords).toEqual(words);
  });

  it("refuses a blocked word over 60 characters and more than 200 words", () => {
    expect(fieldsWithErrors({ blockedWords: "a".repeat(61) })).toEqual(["blockedWords"]);
    expect(parse({ blockedWords: "a".repeat(60) }).success).toBe(true);
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join("\n");
    expect(parse({ blockedWords: words(200) }).success).toBe(true);
    expect(fieldsWithErrors({ blockedWords: words(201) })).toEqual(["blockedWords"]);
  });

  it.each([
    ["autoPublishMin", 0, 5],
    ["requestItems", 1, 10],
    ["reminders", 0, 2],
    ["editDays", 1, 365],
    ["incentivePercent", 1, 50],
  ])("takes %s from %i to %i and refuses anything else", (field, min, max) => {
    for (const ok of [min, max]) {
      const result = parse({ [field]: String(ok) });
      expect(result.success && result.data[field as keyof typeof result.data]).toBe(ok);
    }
    for (const bad of [String(min - 1), String(max + 1), "2.5", "abc"]) expect(fieldsWithErrors({ [field]: bad }), bad).toEqual([field]);
  });

  it("refuses a form without a number it needs", () => {
    expect(fieldsWithErrors({ requestItems: undefined })).toEqual(["requestItems"]);
  });

  it.each(["none", "points", "discount"])("takes the %s incentive", (incentive) => {
    const result = parse({ incentive });
    expect(result.success && result.data.incentive).toBe(incentive);
  });

  it("refuses an unknown incentive", () => {
    expect(fieldsWithErrors({ incentive: "cash" })).toEqual(["incentive"]);
  });

  it("reads a ticked checkbox as true and an unticked (absent) one as false", () => {
    const ticked = parse({ jsonLd: "on", syndicate: "on", lowRatingAlert: "on" });
    expect(ticked.success && ticked.data).toMatchObject({ jsonLd: true, syndicate: true, lowRatingAlert: true });
    const unticked = parse({ jsonLd: undefined, syndicate: undefined, lowRatingAlert: undefined });
    expect(unticked.success && unticked.data).toMatchObject({ jsonLd: false, syndicate: false, lowRatingAlert: false });
  });

  it.each([
    ["blank", "", null],
    ["only spaces", "   ", null],
    ["absent", undefined, null],
    ["an address with spaces around it", "  alerts@linen.example ", "alerts@linen.example"],
  ])("reads an alert email that is %s", (_, alertEmail, stored) => {
    const result = parse({ alertEmail });
    expect(result.success && result.data.alertEmail).toBe(stored);
  });

  it.each(["not an email", "anna@", "@linen.example", "anna@linen@example"])("refuses the alert email %j", (alertEmail) => {
    expect(fieldsWithErrors({ alertEmail })).toEqual(["alertEmail"]);
  });
});
