// The flow editors' catalogue cards: care and how-to links per product or collection (delivery
// follow-up) and cross-sell rules (cross-sell). Each add, change and delete posts its own intent to
// the editor's action and is saved at once, apart from the email's words and timing.
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, Divider, FormLayout, InlineStack, Link, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { MessageKey } from "~/i18n/messages/en";
import type { Translate } from "~/i18n/translate";
import type { FieldErrors } from "~/messaging/form-errors";
import { CatalogPicker, type CatalogOption } from "./messaging-catalog-picker";
import { useOnSettled } from "./messaging-toast";

type Result = { ok: boolean; intent?: string; errors?: FieldErrors };

export interface CatalogView {
  products: CatalogOption[];
  collections: CatalogOption[];
  /** False for a catalogue too large to load whole: the pickers search Shopify as the merchant types. */
  complete: boolean;
}

export interface GuideView {
  id: string;
  target: string;
  title: string;
  url: string;
}

export interface RuleView {
  id: string;
  sourceGid: string;
  source: string;
  productGids: string[];
  products: string[];
}

function typeOf(gid: string): "product" | "collection" {
  return gid.includes("/Collection/") ? "collection" : "product";
}

/** Toasts the outcome of a fetcher's post once it settles. */
function useOutcomeToast(fetcher: ReturnType<typeof useFetcher<Result>>, t: Translate, done: MessageKey, onDone?: () => void) {
  const shopify = useAppBridge();
  useOnSettled(fetcher, (data) => {
    if (data.ok) {
      shopify.toast.show(t(done));
      onDone?.();
    } else if (!data.errors || !Object.keys(data.errors).length) shopify.toast.show(t("messaging.error.generic"), { isError: true });
  });
}

function CatalogUnavailable({ t }: { t: Translate }) {
  return (
    <Banner tone="warning">
      <Text as="p">{t("messaging.catalog.unavailable")}</Text>
    </Banner>
  );
}

function DeleteButton({ t, intent, id, label }: { t: Translate; intent: string; id: string; label: string }) {
  const fetcher = useFetcher<Result>();
  useOutcomeToast(fetcher, t, "messaging.catalog.deleted");
  return (
    <Button
      size="slim"
      tone="critical"
      variant="plain"
      loading={fetcher.state !== "idle"}
      onClick={() => fetcher.submit({ intent, id }, { method: "post" })}
      accessibilityLabel={label}
    >
      {t("messaging.catalog.delete")}
    </Button>
  );
}

export function GuidesCard({ t, guides, catalog }: { t: Translate; guides: GuideView[]; catalog: CatalogView | null }) {
  const add = useFetcher<Result>();
  const [target, setTarget] = useState<string[]>([]);
  const [title, setTitle] = useState("");
  const [url, setUrl] = useState("");
  const [formKey, setFormKey] = useState(0);
  useOutcomeToast(add, t, "messaging.guides.added", () => {
    setTarget([]);
    setTitle("");
    setUrl("");
    setFormKey((k) => k + 1);
  });
  const errors = add.state === "idle" && add.data && !add.data.ok ? (add.data.errors ?? {}) : {};
  const submit = () =>
    add.submit({ intent: "addGuide", targetType: typeOf(target[0] ?? ""), targetGid: target[0] ?? "", title, url }, { method: "post" });

  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("messaging.guides.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("messaging.guides.explain")}
          </Text>
        </BlockStack>
        {guides.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("messaging.guides.empty")}
          </Text>
        ) : (
          <BlockStack as="ul" gap="300">
            {guides.map((g) => (
              <Box as="li" key={g.id}>
                <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                  <BlockStack gap="050">
                    <Link url={g.url} external>
                      {g.title}
                    </Link>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {g.target}
                    </Text>
                  </BlockStack>
                  <DeleteButton t={t} intent="deleteGuide" id={g.id} label={t("messaging.guides.deleteLabel", { title: g.title })} />
                </InlineStack>
              </Box>
            ))}
          </BlockStack>
        )}
        <Divider />
        <Text as="h3" variant="headingSm">
          {t("messaging.guides.add")}
        </Text>
        {!catalog && <CatalogUnavailable t={t} />}
        <FormLayout key={formKey}>
          <CatalogPicker
            t={t}
            label={t("messaging.guides.target")}
            products={catalog?.products ?? []}
            collections={catalog?.collections ?? []}
            selected={target}
            onChange={setTarget}
            error={errors.targetGid}
            disabled={!catalog}
            searchable={catalog ? !catalog.complete : false}
          />
          <TextField
            label={t("messaging.guides.title")}
            value={title}
            onChange={setTitle}
            error={errors.title}
            maxLength={120}
            autoComplete="off"
          />
          <TextField
            label={t("messaging.guides.url")}
            type="url"
            value={url}
            onChange={setUrl}
            error={errors.url}
            placeholder="https://"
            helpText={t("messaging.guides.urlHelp")}
            autoComplete="off"
          />
          <InlineStack>
            <Button onClick={submit} loading={add.state !== "idle"} disabled={!catalog}>
              {t("messaging.guides.addButton")}
            </Button>
          </InlineStack>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

export function RulesCard({ t, rules, catalog, max }: { t: Translate; rules: RuleView[]; catalog: CatalogView | null; max: number }) {
  const save = useFetcher<Result>();
  const [source, setSource] = useState<string[]>([]);
  const [products, setProducts] = useState<string[]>([]);
  const [formKey, setFormKey] = useState(0);
  useOutcomeToast(save, t, "messaging.rules.saved", () => {
    setSource([]);
    setProducts([]);
    setFormKey((k) => k + 1);
  });
  const errors = save.state === "idle" && save.data && !save.data.ok ? (save.data.errors ?? {}) : {};
  const submit = () => {
    const form = new FormData();
    form.append("intent", "saveRule");
    form.append("sourceType", typeOf(source[0] ?? ""));
    form.append("sourceGid", source[0] ?? "");
    for (const id of products) form.append("productGids", id);
    save.submit(form, { method: "post" });
  };
  const edit = (r: RuleView) => {
    setSource([r.sourceGid]);
    setProducts(r.productGids);
    setFormKey((k) => k + 1);
  };

  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("messaging.rules.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("messaging.rules.explain")}
          </Text>
        </BlockStack>
        {rules.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("messaging.rules.empty")}
          </Text>
        ) : (
          <BlockStack as="ul" gap="300">
            {rules.map((r) => (
              <Box as="li" key={r.id}>
                <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="semibold">
                      {t("messaging.rules.when", { source: r.source })}
                    </Text>
                    <Text as="span" tone="subdued">
                      {t("messaging.rules.suggest", { products: r.products.join(", ") })}
                    </Text>
                  </BlockStack>
                  <InlineStack gap="200" wrap={false}>
                    <Button
                      size="slim"
                      variant="plain"
                      onClick={() => edit(r)}
                      accessibilityLabel={t("messaging.rules.editLabel", { source: r.source })}
                    >
                      {t("messaging.rules.edit")}
                    </Button>
                    <DeleteButton t={t} intent="deleteRule" id={r.id} label={t("messaging.rules.deleteLabel", { source: r.source })} />
                  </InlineStack>
                </InlineStack>
              </Box>
            ))}
          </BlockStack>
        )}
        <Divider />
        <Text as="h3" variant="headingSm">
          {t("messaging.rules.add")}
        </Text>
        {!catalog && <CatalogUnavailable t={t} />}
        <FormLayout key={formKey}>
          <CatalogPicker
            t={t}
            label={t("messaging.rules.source")}
            products={catalog?.products ?? []}
            collections={catalog?.collections ?? []}
            selected={source}
            onChange={setSource}
            error={errors.sourceGid}
            disabled={!catalog}
            searchable={catalog ? !catalog.complete : false}
          />
          <CatalogPicker
            t={t}
            label={t("messaging.rules.products")}
            products={(catalog?.products ?? []).filter((p) => p.id !== source[0])}
            selected={products}
            onChange={setProducts}
            max={max}
            error={errors.productGids}
            disabled={!catalog}
            searchable={catalog ? !catalog.complete : false}
          />
          <InlineStack>
            <Button onClick={submit} loading={save.state !== "idle"} disabled={!catalog}>
              {t("messaging.rules.save")}
            </Button>
          </InlineStack>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
