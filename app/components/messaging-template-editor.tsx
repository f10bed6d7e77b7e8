// A flow's email words per language (tabs): subject, heading and body, the {{variables}} they may use
// (inserted where the cursor is), a typo in a variable flagged as you type, and "Reset to default".
import { Badge, BlockStack, Button, InlineError, InlineStack, Tabs, Text, TextField } from "@shopify/polaris";
import { useRef } from "react";
import type { Locale } from "~/i18n/locale";
import type { Translate } from "~/i18n/translate";
import type { FieldErrors } from "~/messaging/form-errors";
import { unknownVariables } from "~/messaging/template-vars";
import { TEMPLATE_VARIABLES, type TemplateCopy, type TemplateVariable } from "~/messaging/types";

type Field = keyof TemplateCopy;
const FIELDS: Field[] = ["subject", "heading", "body"];

export function fieldId(locale: Locale, field: Field): string {
  return `template-${locale}-${field}`;
}

function sameCopy(a: TemplateCopy, b: TemplateCopy): boolean {
  return FIELDS.every((f) => a[f].trim() === b[f].trim());
}

/** A typo in a {{variable}}, said as the server would (so the field does not wait for Save to show it). */
function liveError(t: Translate, text: string): string | undefined {
  const unknown = unknownVariables(text);
  if (!unknown.length) return undefined;
  return t("messaging.error.unknownVariable", {
    variables: unknown.map((u) => `{{${u}}}`).join(", "),
    known: TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", "),
  });
}

export function TemplateEditor({
  t,
  locales,
  selected,
  onSelect,
  values,
  defaults,
  errors,
  onChange,
}: {
  t: Translate;
  locales: readonly Locale[];
  selected: Locale;
  onSelect: (locale: Locale) => void;
  values: Record<Locale, TemplateCopy>;
  defaults: Record<Locale, TemplateCopy>;
  errors: FieldErrors;
  onChange: (locale: Locale, field: Field, value: string) => void;
}) {
  const lastField = useRef<Field>("body");
  const copy = values[selected];
  const isDefault = sameCopy(copy, defaults[selected]);
  const errorOf = (locale: Locale, field: Field) => liveError(t, values[locale][field]) ?? errors[`template.${locale}.${field}`];
  const otherWithErrors = locales.filter((l) => l !== selected && FIELDS.some((f) => errorOf(l, f)));

  const insert = (variable: TemplateVariable) => {
    const field = lastField.current;
    const token = `{{${variable}}}`;
    const input = document.getElementById(fieldId(selected, field)) as HTMLInputElement | HTMLTextAreaElement | null;
    const text = copy[field];
    const start = input?.selectionStart ?? text.length;
    const end = input?.selectionEnd ?? text.length;
    onChange(selected, field, text.slice(0, start) + token + text.slice(end));
    requestAnimationFrame(() => {
      input?.focus();
      input?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <BlockStack gap="300">
      <Tabs
        tabs={locales.map((l) => ({
          id: `template-tab-${l}`,
          content: t(`messaging.language.${l}`),
          panelID: `template-panel-${l}`,
          accessibilityLabel: t("messaging.editor.languageTab", { language: t(`messaging.language.${l}`) }),
        }))}
        selected={locales.indexOf(selected)}
        onSelect={(index) => onSelect(locales[index])}
      >
        <BlockStack gap="300">
          {otherWithErrors.length > 0 && (
            <InlineError
              fieldID={`template-tab-${otherWithErrors[0]}`}
              message={t("messaging.editor.otherLanguageErrors", {
                languages: otherWithErrors.map((l) => t(`messaging.language.${l}`)).join(", "),
              })}
            />
          )}
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Badge tone={isDefault ? undefined : "info"}>
              {t(isDefault ? "messaging.editor.defaultText" : "messaging.editor.editedText")}
            </Badge>
            <Button
              disabled={isDefault}
              onClick={() => {
                for (const f of FIELDS) onChange(selected, f, defaults[selected][f]);
              }}
            >
              {t("messaging.editor.reset")}
            </Button>
          </InlineStack>
          <TextField
            id={fieldId(selected, "subject")}
            label={t("messaging.editor.subject")}
            value={copy.subject}
            onChange={(v) => onChange(selected, "subject", v)}
            onFocus={() => (lastField.current = "subject")}
            error={errorOf(selected, "subject")}
            maxLength={200}
            autoComplete="off"
          />
          <TextField
            id={fieldId(selected, "heading")}
            label={t("messaging.editor.heading")}
            value={copy.heading}
            onChange={(v) => onChange(selected, "heading", v)}
            onFocus={() => (lastField.current = "heading")}
            error={errorOf(selected, "heading")}
            maxLength={200}
            autoComplete="off"
          />
          <TextField
            id={fieldId(selected, "body")}
            label={t("messaging.editor.body")}
            value={copy.body}
            onChange={(v) => onChange(selected, "body", v)}
            onFocus={() => (lastField.current = "body")}
            error={errorOf(selected, "body")}
            helpText={t("messaging.editor.bodyHelp")}
            multiline={8}
            maxLength={5_000}
            autoComplete="off"
          />
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t("messaging.editor.variables")}
            </Text>
            <Text as="p" tone="subdued">
              {t("messaging.editor.variablesHelp")}
            </Text>
            <InlineStack gap="200">
              {TEMPLATE_VARIABLES.map((v) => (
                <Button
                  key={v}
                  size="slim"
                  onClick={() => insert(v)}
                  accessibilityLabel={t("messaging.editor.insert", { variable: `{{${v}}}` })}
                >
                  {`{{${v}}}`}
                </Button>
              ))}
            </InlineStack>
            <BlockStack as="ul" gap="050">
              {TEMPLATE_VARIABLES.map((v) => (
                <li key={v}>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {`{{${v}}}`} — {t(`messaging.variable.${v}`)}
                  </Text>
                </li>
              ))}
            </BlockStack>
          </BlockStack>
        </BlockStack>
      </Tabs>
    </BlockStack>
  );
}
