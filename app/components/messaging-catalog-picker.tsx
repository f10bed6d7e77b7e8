// Picks products (and, where allowed, collections) from the shop's catalogue by typing part of a title:
// one for a care link's or rule's target, several (with removable tags) for a rule's suggestions.
import { Autocomplete, BlockStack, InlineStack, Tag, Text } from "@shopify/polaris";
import { useMemo, useState } from "react";
import type { Translate } from "~/i18n/translate";

export interface CatalogOption {
  id: string;
  title: string;
}

const SHOWN = 50;

export function CatalogPicker({
  t,
  label,
  products,
  collections,
  selected,
  onChange,
  max = 1,
  error,
  disabled,
}: {
  t: Translate;
  label: string;
  products: CatalogOption[];
  /** Offered only when given. */
  collections?: CatalogOption[];
  selected: string[];
  onChange: (ids: string[]) => void;
  /** 1: a single choice (the field shows it); more: tags under the field. */
  max?: number;
  error?: string;
  disabled?: boolean;
}) {
  const multiple = max > 1;
  const titles = useMemo(() => new Map([...products, ...(collections ?? [])].map((o) => [o.id, o.title])), [products, collections]);
  const [input, setInput] = useState(!multiple && selected[0] ? (titles.get(selected[0]) ?? "") : "");
  const match = (o: CatalogOption) => o.title.toLowerCase().includes(input.trim().toLowerCase());
  const section = (title: string, list: CatalogOption[]) => ({
    title,
    options: list
      .filter(match)
      .slice(0, SHOWN)
      .map((o) => ({ value: o.id, label: o.title })),
  });
  const options = [
    section(t("messaging.picker.products"), products),
    ...(collections ? [section(t("messaging.picker.collections"), collections)] : []),
  ].filter((s) => s.options.length > 0);

  const select = (ids: string[]) => {
    if (multiple) {
      onChange(ids.slice(0, max));
      setInput("");
    } else {
      const id = ids[ids.length - 1];
      onChange(id ? [id] : []);
      setInput(id ? (titles.get(id) ?? "") : "");
    }
  };

  return (
    <BlockStack gap="200">
      <Autocomplete
        options={options}
        selected={selected}
        onSelect={select}
        allowMultiple={multiple}
        emptyState={
          <Text as="p" tone="subdued">
            {t("messaging.picker.none")}
          </Text>
        }
        textField={
          <Autocomplete.TextField
            label={label}
            value={input}
            onChange={(value) => {
              setInput(value);
              if (!multiple && !value) onChange([]);
            }}
            placeholder={t("messaging.picker.placeholder")}
            helpText={multiple ? t("messaging.picker.upTo", { count: max }) : undefined}
            error={error}
            disabled={disabled}
            autoComplete="off"
          />
        }
      />
      {multiple && selected.length > 0 && (
        <InlineStack gap="100">
          {selected.map((id) => (
            <Tag
              key={id}
              onRemove={() => onChange(selected.filter((s) => s !== id))}
              accessibilityLabel={t("messaging.picker.remove", { title: titles.get(id) ?? id })}
            >
              {titles.get(id) ?? id}
            </Tag>
          ))}
        </InlineStack>
      )}
    </BlockStack>
  );
}
