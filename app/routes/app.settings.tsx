// The merchant's Settings page: the delivery fallback (days after shipping a parcel no carrier
// reports on counts as delivered) and the default reach of the history import.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { readForm } from "~/platform/form.server";
import { runtime } from "~/runtime.server";
import { MAX_FALLBACK_DAYS, saveShopSettings, shopSettings, shopSettingsInput } from "~/shops/settings.server";
import { MAX_BACKFILL_DAYS } from "~/history/backfill.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const rt = await runtime();
  return {
    locale: resolveLocale(request),
    settings: await shopSettings(rt.db, session.shop),
    limits: { deliveryFallbackDays: [0, MAX_FALLBACK_DAYS] as [number, number], backfillDays: [1, MAX_BACKFILL_DAYS] as [number, number] },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const parsed = shopSettingsInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    return Response.json({ ok: false, fields }, { status: 400 });
  }
  const rt = await runtime();
  const saved = await saveShopSettings(rt.db, session.shop, parsed.data);
  return Response.json({ ok: saved, fields: [] }, { status: saved ? 200 : 404 });
}

/** One setting: a card with what it does and its whole-number field. */
function SettingCard(p: {
  heading: string;
  explain: string;
  label: string;
  help: string;
  name: string;
  range: [number, number];
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <Layout.Section>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {p.heading}
          </Text>
          <Text as="p" tone="subdued">
            {p.explain}
          </Text>
          <FormLayout>
            <TextField
              label={p.label}
              name={p.name}
              type="number"
              min={p.range[0]}
              max={p.range[1]}
              value={p.value}
              onChange={p.onChange}
              helpText={p.help}
              error={p.error}
              autoComplete="off"
            />
          </FormLayout>
        </BlockStack>
      </Card>
    </Layout.Section>
  );
}

export default function Settings() {
  const { locale, settings, limits } = useLoaderData<typeof loader>();
  const t = translator(locale);
  const save = useFetcher<{ ok: boolean; fields: string[] }>();
  const [fallback, setFallback] = useState(String(settings.deliveryFallbackDays));
  const [days, setDays] = useState(String(settings.backfillDays));
  const invalid = (field: string) => (save.data?.fields.includes(field) ? t("settings.invalid") : undefined);
  return (
    <Page title={t("settings.title")}>
      <save.Form method="post">
        <Layout>
          {save.data && save.state === "idle" && (
            <Layout.Section>
              <Banner tone={save.data.ok ? "success" : "critical"}>{t(save.data.ok ? "settings.saved" : "settings.invalid")}</Banner>
            </Layout.Section>
          )}
          <SettingCard
            heading={t("settings.delivery.heading")}
            explain={t("settings.delivery.explain")}
            label={t("settings.delivery.days")}
            help={t("settings.delivery.help")}
            name="deliveryFallbackDays"
            range={limits.deliveryFallbackDays}
            value={fallback}
            onChange={setFallback}
            error={invalid("deliveryFallbackDays")}
          />
          <SettingCard
            heading={t("settings.history.heading")}
            explain={t("settings.history.explain")}
            label={t("settings.history.days")}
            help={t("settings.history.help")}
            name="backfillDays"
            range={limits.backfillDays}
            value={days}
            onChange={setDays}
            error={invalid("backfillDays")}
          />
          <Layout.Section>
            <Button submit variant="primary" loading={save.state !== "idle"}>
              {t("settings.save")}
            </Button>
          </Layout.Section>
        </Layout>
      </save.Form>
    </Page>
  );
}
