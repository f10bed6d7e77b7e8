// Message lookup with {placeholders} and plural forms chosen by Intl.PluralRules (Polish has
// one/few/many), plus locale-aware date formatting.
import { en, type Message, type MessageKey } from "./messages/en";
import { pl } from "./messages/pl";
import type { Locale } from "./locale";

const catalogs: Record<Locale, Record<MessageKey, Message>> = { en, pl };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const plurals = new Intl.PluralRules(locale);
  return (key, params = {}) => {
    const message = catalogs[locale][key] ?? en[key];
    const template =
      typeof message === "string" ? message : (message[plurals.select(Number(params.count ?? 0)) as keyof typeof message] ?? message.other);
    return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
  };
}

export function formatDateTime(locale: Locale, date: Date | string, timeZone?: string | null): string {
  return new Intl.DateTimeFormat(locale === "pl" ? "pl-PL" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: timeZone ?? "UTC",
  }).format(new Date(date));
}
