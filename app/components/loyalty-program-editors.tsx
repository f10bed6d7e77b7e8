// The loyalty settings page's list editors: excluded product tags (typed, shown as removable tags),
// excluded collections (picked from the shop's, searched in Shopify when there are many), the VIP tiers and the rewards (rows added and removed, each field with its own error), and the
// product-variant picker a free-product reward uses (searched in Shopify as the merchant types).
import { useFetcher } from "@remix-run/react";
import {
  Autocomplete,
  BlockStack,
  Box,
  Button,
  Checkbox,
  Divider,
  FormLayout,
  InlineStack,
  Select,
  Tag,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState, type KeyboardEvent } from "react";
import type { MessageKey } from "~/i18n/messages/en";
import type { Translate } from "~/i18n/translate";
import type { ProgramFieldErrors, RewardDraft, TierDraft } from "~/loyalty/settings-form";
import type { RewardType, TierBasis } from "~/loyalty/types";

export const REWARD_TYPE_LABEL: Record<RewardType, MessageKey> = {
  fixed_amount: "loyalty.rewardType.fixed_amount",
  percentage: "loyalty.rewardType.percentage",
  free_shipping: "loyalty.rewardType.free_shipping",
  free_product: "loyalty.rewardType.free_product",
  store_credit: "loyalty.rewardType.store_credit",
};
const REWARD_TYPES = Object.keys(REWARD_TYPE_LABEL) as RewardType[];

let nextKey = 1;
/** A key for a row the merchant adds (saved rows use their ids). */
const newKey = (kind: string) => `new-${kind}-${nextKey++}`;

export function TagListField({
  t,
  label,
  helpText,
  tags,
  onChange,
  error,
  max,
}: {
  t: Translate;
  label: string;
  helpText: string;
  tags: string[];
  onChange: (tags: string[]) => void;
  error?: string;
  max: number;
}) {
  const [input, setInput] = useState("");
  const add = () => {
    const words = input
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean);
    if (!words.length) return;
    const lower = new Set(tags.map((x) => x.toLowerCase()));
    onChange([...tags, ...words.filter((w) => !lower.has(w.toLowerCase()))].slice(0, max));
    setInput("");
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  };
  return (
    <BlockStack gap="200">
      {/* A wrapper, not the field, hears Enter: Polaris' TextField has no key handler of its own. */}
      <div onKeyDown={onKeyDown} role="presentation">
        <TextField
          label={label}
          value={input}
          onChange={setInput}
          helpText={helpText}
          error={error}
          autoComplete="off"
          connectedRight={
            <Button onClick={add} disabled={!input.trim() || tags.length >= max}>
              {t("loyalty.settings.tags.add")}
            </Button>
          }
        />
      </div>
      {tags.length > 0 && (
        <InlineStack gap="100">
          {tags.map((tag) => (
            <Tag
              key={tag}
              onRemove={() => onChange(tags.filter((x) => x !== tag))}
              accessibilityLabel={t("loyalty.settings.tags.remove", { tag })}
            >
              {tag}
            </Tag>
          ))}
        </InlineStack>
      )}
    </BlockStack>
  );
}

export function TiersEditor({
  t,
  tiers,
  basis,
  currency,
  onChange,
  errors,
  max,
}: {
  t: Translate;
  tiers: TierDraft[];
  basis: TierBasis;
  currency: string;
  onChange: (tiers: TierDraft[]) => void;
  errors: ProgramFieldErrors;
  max: number;
}) {
  const set = (index: number, change: Partial<TierDraft>) => onChange(tiers.map((x, i) => (i === index ? { ...x, ...change } : x)));
  const add = () => {
    const last = tiers[tiers.length - 1];
    onChange([
      ...tiers,
      { key: newKey("tier"), id: null, name: "", threshold: "", multiplier: last ? last.multiplier : "100", entryPoints: "0" },
    ]);
  };
  return (
    <BlockStack gap="400">
      {tiers.length === 0 && (
        <Text as="p" tone="subdued">
          {t("loyalty.settings.tiers.none")}
        </Text>
      )}
      {tiers.map((tier, i) => {
        const name = tier.name.trim() || t("loyalty.settings.tiers.untitled", { n: i + 1 });
        const error = (field: string) => errors[`tiers.${i}.${field}`];
        return (
          <BlockStack key={tier.key} gap="300">
            {i > 0 && <Divider />}
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {name}
              </Text>
              <Button
                variant="plain"
                tone="critical"
                onClick={() => onChange(tiers.filter((_, j) => j !== i))}
                accessibilityLabel={t("loyalty.settings.tiers.removeLabel", { name })}
              >
                {t("loyalty.settings.remove")}
              </Button>
            </InlineStack>
            <FormLayout>
              <FormLayout.Group condensed>
                <TextField
                  label={t("loyalty.settings.tiers.name")}
                  value={tier.name}
                  onChange={(v) => set(i, { name: v })}
                  error={error("name")}
                  maxLength={40}
                  autoComplete="off"
                />
                <TextField
                  label={t(basis === "spent" ? "loyalty.settings.tiers.thresholdSpent" : "loyalty.settings.tiers.thresholdPoints")}
                  type={basis === "spent" ? "text" : "number"}
                  inputMode={basis === "spent" ? "decimal" : "numeric"}
                  min={0}
                  suffix={basis === "spent" ? currency : t("loyalty.points.short")}
                  value={tier.threshold}
                  onChange={(v) => set(i, { threshold: v })}
                  error={error("threshold")}
                  autoComplete="off"
                />
              </FormLayout.Group>
              <FormLayout.Group condensed>
                <TextField
                  label={t("loyalty.settings.tiers.multiplier")}
                  type="number"
                  min={100}
                  max={1000}
                  suffix="%"
                  value={tier.multiplier}
                  onChange={(v) => set(i, { multiplier: v })}
                  error={error("multiplier")}
                  helpText={t("loyalty.settings.tiers.multiplierHelp")}
                  autoComplete="off"
                />
                <TextField
                  label={t("loyalty.settings.tiers.entryPoints")}
                  type="number"
                  min={0}
                  suffix={t("loyalty.points.short")}
                  value={tier.entryPoints}
                  onChange={(v) => set(i, { entryPoints: v })}
                  error={error("entryPoints")}
                  helpText={t("loyalty.settings.tiers.entryPointsHelp")}
                  autoComplete="off"
                />
              </FormLayout.Group>
            </FormLayout>
          </BlockStack>
        );
      })}
      {errors.tiers && (
        <Text as="p" tone="critical">
          {errors.tiers}
        </Text>
      )}
      <InlineStack>
        <Button onClick={add} disabled={tiers.length >= max}>
          {t("loyalty.settings.tiers.add")}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

export function RewardsEditor({
  t,
  rewards,
  currency,
  variantNames,
  onVariantName,
  onChange,
  errors,
  max,
}: {
  t: Translate;
  rewards: RewardDraft[];
  currency: string;
  variantNames: Record<string, string>;
  onVariantName: (gid: string, title: string) => void;
  onChange: (rewards: RewardDraft[]) => void;
  errors: ProgramFieldErrors;
  max: number;
}) {
  const set = (index: number, change: Partial<RewardDraft>) => onChange(rewards.map((x, i) => (i === index ? { ...x, ...change } : x)));
  const add = () =>
    onChange([
      ...rewards,
      {
        key: newKey("reward"),
        id: null,
        type: "fixed_amount",
        title: "",
        cost: "",
        value: "",
        variantGid: null,
        minimumSubtotal: "",
        enabled: true,
      },
    ]);
  const typeOptions = REWARD_TYPES.map((type) => ({ value: type, label: t(REWARD_TYPE_LABEL[type]) }));
  return (
    <BlockStack gap="400">
      {rewards.length === 0 && (
        <Text as="p" tone="subdued">
          {t("loyalty.settings.rewards.none")}
        </Text>
      )}
      {rewards.map((r, i) => {
        const name = r.title.trim() || t("loyalty.settings.rewards.untitled", { n: i + 1 });
        const error = (field: string) => errors[`rewards.${i}.${field}`];
        const money = r.type === "fixed_amount" || r.type === "store_credit";
        return (
          <BlockStack key={r.key} gap="300">
            {i > 0 && <Divider />}
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {name}
              </Text>
              <Button
                variant="plain"
                tone="critical"
                onClick={() => onChange(rewards.filter((_, j) => j !== i))}
                accessibilityLabel={t("loyalty.settings.rewards.removeLabel", { name })}
              >
                {t("loyalty.settings.remove")}
              </Button>
            </InlineStack>
            <FormLayout>
              <FormLayout.Group condensed>
                <Select
                  label={t("loyalty.settings.rewards.type")}
                  options={typeOptions}
                  value={r.type}
                  onChange={(v) =>
                    set(i, { type: v as RewardType, value: "", minimumSubtotal: v === "store_credit" ? "" : r.minimumSubtotal })
                  }
                  error={error("type")}
                />
                <TextField
                  label={t("loyalty.settings.rewards.title")}
                  value={r.title}
                  onChange={(v) => set(i, { title: v })}
                  error={error("title")}
                  helpText={t("loyalty.settings.rewards.titleHelp")}
                  maxLength={80}
                  autoComplete="off"
                />
              </FormLayout.Group>
              <FormLayout.Group condensed>
                <TextField
                  label={t("loyalty.settings.rewards.cost")}
                  type="number"
                  min={1}
                  suffix={t("loyalty.points.short")}
                  value={r.cost}
                  onChange={(v) => set(i, { cost: v })}
                  error={error("cost")}
                  autoComplete="off"
                />
                {money && (
                  <TextField
                    label={t(r.type === "store_credit" ? "loyalty.settings.rewards.credit" : "loyalty.settings.rewards.amount")}
                    inputMode="decimal"
                    suffix={currency}
                    value={r.value}
                    onChange={(v) => set(i, { value: v })}
                    error={error("value")}
                    autoComplete="off"
                  />
                )}
                {r.type === "percentage" && (
                  <TextField
                    label={t("loyalty.settings.rewards.percent")}
                    type="number"
                    min={1}
                    max={100}
                    suffix="%"
                    value={r.value}
                    onChange={(v) => set(i, { value: v })}
                    error={error("value")}
                    autoComplete="off"
                  />
                )}
                {r.type !== "store_credit" && (
                  <TextField
                    label={t("loyalty.settings.rewards.minimum")}
                    inputMode="decimal"
                    suffix={currency}
                    value={r.minimumSubtotal}
                    onChange={(v) => set(i, { minimumSubtotal: v })}
                    error={error("minimumSubtotal")}
                    helpText={t("loyalty.settings.rewards.minimumHelp")}
                    autoComplete="off"
                  />
                )}
              </FormLayout.Group>
              {r.type === "free_product" && (
                <VariantPicker
                  t={t}
                  label={t("loyalty.settings.rewards.variant")}
                  value={r.variantGid}
                  title={r.variantGid ? (variantNames[r.variantGid] ?? null) : null}
                  onChange={(gid, title) => {
                    if (gid && title) onVariantName(gid, title);
                    set(i, { variantGid: gid });
                  }}
                  error={error("variantGid")}
                />
              )}
              <Checkbox
                label={t("loyalty.settings.rewards.enabled")}
                helpText={t("loyalty.settings.rewards.enabledHelp")}
                checked={r.enabled}
                onChange={(v) => set(i, { enabled: v })}
              />
            </FormLayout>
          </BlockStack>
        );
      })}
      {errors.rewards && (
        <Text as="p" tone="critical">
          {errors.rewards}
        </Text>
      )}
      <InlineStack>
        <Button onClick={add} disabled={rewards.length >= max}>
          {t("loyalty.settings.rewards.add")}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

interface VariantOption {
  id: string;
  title: string;
}

/** One product variant, found by typing part of its product's title. */
export function VariantPicker({
  t,
  label,
  value,
  title,
  onChange,
  error,
}: {
  t: Translate;
  label: string;
  value: string | null;
  /** The chosen variant's name, when known. */
  title: string | null;
  onChange: (gid: string | null, title: string | null) => void;
  error?: string;
}) {
  const search = useFetcher<{ variants: VariantOption[] }>();
  const [input, setInput] = useState(title ?? "");
  const { load } = search;
  useEffect(() => {
    const text = input.trim();
    if (text.length < 2 || text === title) return;
    const timer = setTimeout(() => load(`/app/loyalty/variants?q=${encodeURIComponent(text)}`), 300);
    return () => clearTimeout(timer);
  }, [input, title, load]);
  const found = search.data?.variants ?? [];
  const options = found.map((v) => ({ value: v.id, label: v.title }));
  const unnamed = value && !title ? t("loyalty.settings.rewards.variantUnnamed", { id: value.replace(/^.*\//, "") }) : null;
  return (
    <Box>
      <Autocomplete
        options={options}
        selected={value ? [value] : []}
        onSelect={(ids) => {
          const id = ids[ids.length - 1] ?? null;
          const picked = found.find((v) => v.id === id)?.title ?? null;
          onChange(id, picked);
          setInput(picked ?? "");
        }}
        loading={search.state === "loading"}
        emptyState={
          <Text as="p" tone="subdued">
            {t(input.trim().length < 2 ? "loyalty.settings.rewards.variantType" : "loyalty.settings.rewards.variantNone")}
          </Text>
        }
        textField={
          <Autocomplete.TextField
            label={label}
            value={input}
            onChange={(v) => {
              setInput(v);
              if (!v) onChange(null, null);
            }}
            placeholder={t("loyalty.settings.rewards.variantPlaceholder")}
            helpText={unnamed ?? t("loyalty.settings.rewards.variantHelp")}
            error={error}
            autoComplete="off"
          />
        }
      />
    </Box>
  );
}

interface CatalogOption {
  id: string;
  title: string;
}

/** Several of the shop's collections, by typing part of a title; a large catalogue is searched in Shopify (GET /app/catalog). */
export function CollectionPicker({
  t,
  label,
  helpText,
  collections,
  searchable,
  selected,
  onChange,
  error,
  max,
}: {
  t: Translate;
  label: string;
  helpText: string;
  collections: CatalogOption[];
  searchable: boolean;
  selected: string[];
  onChange: (ids: string[]) => void;
  error?: string;
  max: number;
}) {
  const search = useFetcher<{ collections: CatalogOption[] }>();
  const [input, setInput] = useState("");
  const [picked, setPicked] = useState<CatalogOption[]>([]);
  const { load } = search;
  useEffect(() => {
    const text = input.trim();
    if (!searchable || text.length < 2) return;
    const timer = setTimeout(() => load(`/app/catalog?q=${encodeURIComponent(text)}`), 300);
    return () => clearTimeout(timer);
  }, [input, searchable, load]);
  const all = useMemo(() => {
    const byId = new Map<string, CatalogOption>();
    for (const c of [...collections, ...(searchable ? (search.data?.collections ?? []) : []), ...picked])
      if (!byId.has(c.id)) byId.set(c.id, c);
    return [...byId.values()];
  }, [collections, searchable, search.data, picked]);
  const titles = new Map(all.map((c) => [c.id, c.title]));
  const words = input.trim().toLowerCase();
  const options = all
    .filter((c) => c.title.toLowerCase().includes(words))
    .slice(0, 50)
    .map((c) => ({ value: c.id, label: c.title }));
  return (
    <BlockStack gap="200">
      <Autocomplete
        options={options}
        selected={selected}
        allowMultiple
        loading={search.state === "loading"}
        onSelect={(ids) => {
          setPicked((before) => [...before, ...all.filter((c) => ids.includes(c.id))]);
          onChange(ids.slice(0, max));
          setInput("");
        }}
        emptyState={
          <Text as="p" tone="subdued">
            {t("loyalty.settings.collections.none")}
          </Text>
        }
        textField={
          <Autocomplete.TextField
            label={label}
            value={input}
            onChange={setInput}
            placeholder={t("loyalty.settings.collections.placeholder")}
            helpText={helpText}
            error={error}
            autoComplete="off"
          />
        }
      />
      {selected.length > 0 && (
        <InlineStack gap="100">
          {selected.map((id) => {
            const title = titles.get(id) ?? t("loyalty.settings.collections.unnamed", { id: id.replace(/^.*\//, "") });
            return (
              <Tag
                key={id}
                onRemove={() => onChange(selected.filter((s) => s !== id))}
                accessibilityLabel={t("loyalty.settings.tags.remove", { tag: title })}
              >
                {title}
              </Tag>
            );
          })}
        </InlineStack>
      )}
    </BlockStack>
  );
}
