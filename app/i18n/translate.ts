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

/** A span of time the way people say it: "42 s", "3 min 5 s", "1 h 4 min" (Polish: "1 godz. 4 min"). */
export function formatDuration(locale: Locale, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const hours = locale === "pl" ? "godz." : "h";
  if (h > 0) return m > 0 ? `${h} ${hours} ${m} min` : `${h} ${hours}`;
  if (m > 0) return sec > 0 && m < 10 ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}
