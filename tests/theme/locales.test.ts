// Every word a shopper (or merchant) reads exists in English and Polish, and every key the
// blocks and snippets translate is defined. A plural set (`count`) holds the forms its own language has:
// Polish `one`/`few`/`many`/`other` beside English `one`/`other` (Theme Check's MatchingTranslations allows this too).
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const extensionDir = path.resolve(__dirname, "../../extensions/aftercare-theme");

type Catalog = { [key: string]: string | Catalog };

function leaves(catalog: Catalog, prefix = ""): Array<[string, string]> {
  return Object.entries(catalog).flatMap(([key, value]): Array<[string, string]> =>
    typeof value === "string" ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );
}

function keysOf(catalog: Catalog): string[] {
  return leaves(catalog).map(([key]) => key);
}

const PLURAL_FORMS = new Set(["zero", "one", "two", "few", "many", "other"]);

function isPluralSet(value: Catalog): boolean {
  return Object.keys(value).every((form) => PLURAL_FORMS.has(form)) && "other" in value;
}

/** Keys with each plural set counted once, by its own key (`reviews.count`), whatever forms its language needs. */
function keysWithPluralSets(catalog: Catalog, prefix = ""): string[] {
  return Object.entries(catalog).flatMap(([key, value]): string[] =>
    typeof value === "string" || isPluralSet(value) ? [`${prefix}${key}`] : keysWithPluralSets(value, `${prefix}${key}.`),
  );
}

function pluralSets(catalog: Catalog, prefix = ""): Array<[string, string[]]> {
  return Object.entries(catalog).flatMap(([key, value]): Array<[string, string[]]> => {
    if (typeof value === "string") return [];
    if (Object.keys(value).some((form) => PLURAL_FORMS.has(form))) return [[`${prefix}${key}`, Object.keys(value)]];
    return pluralSets(value, `${prefix}${key}.`);
  });
}

/** Keys `| t` can take: every text, and every plural set (`points` for `points.one`/`points.other`, chosen by `count`). */
function translatableKeys(catalog: Catalog, prefix = ""): string[] {
  return Object.entries(catalog).flatMap(([key, value]): string[] => {
    if (typeof value === "string") return [`${prefix}${key}`];
    return [...(isPluralSet(value) ? [`${prefix}${key}`] : []), ...translatableKeys(value, `${prefix}${key}.`)];
  });
}

async function catalog(file: string): Promise<Catalog> {
  return JSON.parse(await readFile(path.join(extensionDir, "locales", file), "utf8")) as Catalog;
}

async function liquidSources(): Promise<Array<[string, string]>> {
  const sources: Array<[string, string]> = [];
  for (const folder of ["blocks", "snippets"]) {
    for (const file of await readdir(path.join(extensionDir, folder))) {
      if (file.endsWith(".liquid")) {
        sources.push([`${folder}/${file}`, await readFile(path.join(extensionDir, folder, file), "utf8")]);
      }
    }
  }
  return sources;
}

describe("storefront translations", () => {
  it.each([
    ["en.default.json", "pl.json"],
    ["en.default.schema.json", "pl.schema.json"],
  ])("%s and %s define the same keys", async (english, polish) => {
    const [en, pl] = await Promise.all([catalog(english), catalog(polish)]);
    expect(keysWithPluralSets(pl).sort()).toEqual(keysWithPluralSets(en).sort());
  });

  it.each([
    ["en.default.json", "en"],
    ["pl.json", "pl"],
  ])("%s gives every plural set `other` and only forms %s has", async (file, locale) => {
    const forms = new Set([...new Intl.PluralRules(locale).resolvedOptions().pluralCategories, "zero"]);
    const sets = pluralSets(await catalog(file));
    expect(sets.length).toBeGreaterThan(0);
    const wrong = sets.filter(([, keys]) => !keys.includes("other") || keys.some((form) => !forms.has(form)));
    expect(wrong).toEqual([]);
  });

  it.each(["en.default.json", "pl.json", "en.default.schema.json", "pl.schema.json"])("%s leaves no text empty", async (file) => {
    const blank = leaves(await catalog(file)).filter(([, text]) => text.trim() === "");
    expect(blank).toEqual([]);
  });

  it("every key a block or snippet translates with `| t` exists", async () => {
    const defined = new Set(translatableKeys(await catalog("en.default.json")));
    const used = new Map<string, string>();
    for (const [file, source] of await liquidSources()) {
      for (const match of source.matchAll(/(['"])([\w.-]+)\1\s*\|\s*t\b/g)) used.set(match[2], file);
    }
    expect(used.size).toBeGreaterThan(0);
    const missing = [...used].filter(([key]) => !defined.has(key)).map(([key, file]) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });

  it("every `t:` key in a block schema exists in the schema locale files", async () => {
    const defined = new Set(keysOf(await catalog("en.default.schema.json")));
    const missing: string[] = [];
    for (const [file, source] of await liquidSources()) {
      for (const match of source.matchAll(/"t:([\w.-]+)"/g)) if (!defined.has(match[1])) missing.push(`${file}: ${match[1]}`);
    }
    expect(missing).toEqual([]);
  });
});
