// Picks products (and, where allowed, collections) from the shop's catalogue by typing part of a title:
// one for a care link's or rule's target, several (with removable tags) for a rule's suggestions. A
// catalogue too large to load whole is searched in Shopify as the merchant types (GET /app/catalog).
import { useFetcher } from "@remix-run/react";
import { Autocomplete, BlockStack, InlineStack, Tag, Text } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
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
  searchable = false,
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
  /** Search Shopify for titles beyond the loaded ones. */
  searchable?: boolean;
}) {
  const multiple = max > 1;
  const search = useFetcher<{ products: CatalogOption[]; collections: CatalogOption[] }>();
  const found = searchable ? search.data : undefined;
  const [picked, setPicked] = useState<CatalogOption[]>([]);
  const merge = (loaded: CatalogOption[], more: CatalogOption[] | undefined) => {
    const ids = new Set(loaded.map((o) => o.id));
    return [...loaded, ...(more ?? []).filter((o) => !ids.has(o.id))];
  };
  const allProducts = useMemo(
    () =>
      merge(
        merge(products, found?.products),
        picked.filter((o) => o.id.includes("/Product/")),
      ),
    [products, found, picked],
  );
  const allCollections = useMemo(
    () =>
      collections
        ? merge(
            merge(collections, found?.collections),
            picked.filter((o) => o.id.includes("/Collection/")),
          )
        : undefined,
    [collections, found, picked],
  );
  const titles = useMemo(
    () => new Map([...allProducts, ...(allCollections ?? [])].map((o) => [o.id, o.title])),
    [allProducts, allCollections],
  );
  const [input, setInput] = useState(!multiple && selected[0] ? (titles.get(selected[0]) ?? "") : "");
  const { load } = search;
  useEffect(() => {
    const text = input.trim();
    if (!searchable || text.length < 2) return;
    const timer = setTimeout(() => load(`/app/catalog?q=${encodeURIComponent(text)}`), 300);
    return () => clearTimeout(timer);
  }, [input, searchable, load]);
  const match = (o: CatalogOption) => o.title.toLowerCase().includes(input.trim().toLowerCase());
  const section = (title: string, list: CatalogOption[]) => ({
    title,
    options: list
      .filter(match)
      .slice(0, SHOWN)
      .map((o) => ({ value: o.id, label: o.title })),
  });
  const options = [
    section(t("messaging.picker.products"), allProducts),
    ...(allCollections ? [section(t("messaging.picker.collections"), allCollections)] : []),
  ].filter((s) => s.options.length > 0);

  const select = (ids: string[]) => {
    // What was found by a search stays named after the next search replaces the results.
    setPicked((before) =>
      merge(
        before,
        [...allProducts, ...(allCollections ?? [])].filter((o) => ids.includes(o.id)),
      ),
    );
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
