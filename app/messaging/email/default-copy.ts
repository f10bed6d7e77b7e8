// The built-in subject, heading and body of each flow, used until the merchant writes their own.
// The words live in the i18n catalogs (`email.default.*`) so every locale is typed and checked.
import { en, type Message, type MessageKey } from "~/i18n/messages/en";
import { pl } from "~/i18n/messages/pl";
import type { Flow, Locale, TemplateCopy } from "../types";

const catalogs: Record<Locale, Record<MessageKey, Message>> = { en, pl };

/** The default copy of `flow` in `locale`, with its {{variables}} still unfilled. */
export function defaultCopy(flow: Flow, locale: Locale): TemplateCopy {
  const read = (part: keyof TemplateCopy): string => {
    // Read the catalog directly: translate()'s {placeholder} filling must not touch the {{variables}}.
    const message = catalogs[locale][`email.default.${flow}.${part}`];
    if (typeof message !== "string") throw new Error(`email.default.${flow}.${part} must be a plain string`);
    return message;
  };
  return { subject: read("subject"), heading: read("heading"), body: read("body") };
}
