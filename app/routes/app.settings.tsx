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
import { saveShopSettings, shopSettings, shopSettingsInput } from "~/shops/settings.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const rt = await runtime();
  return { locale: resolveLocale(request), settings: await shopSettings(rt.db, session.shop) };
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

export default function Settings() {
  const { locale, settings } = useLoaderData<typeof loader>();
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
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.delivery.heading")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("settings.delivery.explain")}
                </Text>
                <FormLayout>
                  <TextField
                    label={t("settings.delivery.days")}
                    name="deliveryFallbackDays"
                    type="number"
                    min={0}
                    max={60}
                    value={fallback}
                    onChange={setFallback}
                    helpText={t("settings.delivery.help")}
                    error={invalid("deliveryFallbackDays")}
                    autoComplete="off"
                  />
                </FormLayout>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.history.heading")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("settings.history.explain")}
                </Text>
                <FormLayout>
                  <TextField
                    label={t("settings.history.days")}
                    name="backfillDays"
                    type="number"
                    min={1}
                    max={3650}
                    value={days}
                    onChange={setDays}
                    helpText={t("settings.history.help")}
                    error={invalid("backfillDays")}
                    autoComplete="off"
                  />
                </FormLayout>
              </BlockStack>
            </Card>
          </Layout.Section>
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
