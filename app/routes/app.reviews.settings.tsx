// The reviews settings: the auto-publish rule (stars and blocked words), what a request email asks
// about and how many reminders follow, how long a shopper may edit, the incentive (the same for
// every rating, and labelled), the storefront's structured data, syndication to the Shop app and the
// low-rating alert. Validated by `reviewSettingsInput` (problems shown on their fields), saved
// through App Bridge's contextual save bar. Storage in app/reviews/settings.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ZodIssue } from "zod";
import { FormSaveBar } from "~/components/messaging-save-bar";
import { useOnSettled } from "~/components/messaging-toast";
import { resolveLocale } from "~/i18n/locale";
import { translator, type Translate } from "~/i18n/translate";
import { readForm } from "~/platform/form.server";
import { reviewSettings, reviewSettingsInput, saveReviewSettings, type ReviewSettingsValues } from "~/reviews/settings.server";
import { INCENTIVES, type Incentive } from "~/reviews/types";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

/** The form as typed: numbers and the word list as text, so a half-typed value stays as it is. */
export interface SettingsDraft {
  autoPublishMin: string;
  blockedWords: string;
  requestItems: string;
  reminders: string;
  editDays: string;
  incentive: Incentive;
  incentivePercent: string;
  jsonLd: boolean;
  syndicate: boolean;
  lowRatingAlert: boolean;
  alertEmail: string;
}

export type SettingsErrors = Partial<Record<keyof SettingsDraft | "form", string>>;

function draftOf(v: ReviewSettingsValues): SettingsDraft {
  return {
    autoPublishMin: String(v.autoPublishMin),
    blockedWords: v.blockedWords.join("\n"),
    requestItems: String(v.requestItems),
    reminders: String(v.reminders),
    editDays: String(v.editDays),
    incentive: v.incentive,
    incentivePercent: String(v.incentivePercent),
    jsonLd: v.jsonLd,
    syndicate: v.syndicate,
    lowRatingAlert: v.lowRatingAlert,
    alertEmail: v.alertEmail ?? "",
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const locale = resolveLocale(request);
  const rt = await runtime();
  const [settings, shop] = await Promise.all([
    reviewSettings(rt.db, session.shop),
    rt.db.shop.findUnique({ where: { shop: session.shop }, select: { email: true } }),
  ]);
  return { locale, draft: draftOf(settings), shopEmail: shop?.email ?? null };
}

const RANGES: Partial<Record<keyof SettingsDraft, [number, number]>> = {
  autoPublishMin: [0, 5],
  requestItems: [1, 10],
  reminders: [0, 2],
  editDays: [1, 365],
  incentivePercent: [1, 50],
};

function fieldErrors(issues: ZodIssue[], t: Translate): SettingsErrors {
  const errors: SettingsErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form") as keyof SettingsErrors;
    if (errors[field]) continue;
    const range = field in RANGES ? RANGES[field as keyof SettingsDraft] : undefined;
    if (range) errors[field] = t("reviews.admin.settings.error.range", { min: range[0], max: range[1] });
    else if (field === "blockedWords")
      errors.blockedWords = t(issue.path.length > 1 ? "reviews.admin.settings.error.wordLength" : "reviews.admin.settings.error.wordCount");
    else if (field === "alertEmail") errors.alertEmail = t("reviews.admin.settings.error.email");
    else if (field === "incentive") errors.incentive = t("reviews.admin.settings.error.incentive");
    else errors.form = t("reviews.admin.error.generic");
  }
  return errors;
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const t = translator(resolveLocale(request));
  const form = await readForm(request);
  const input = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const parsed = reviewSettingsInput.safeParse(input);
  if (!parsed.success) return Response.json({ ok: false, errors: fieldErrors(parsed.error.issues, t) }, { status: 400 });
  const rt = await runtime();
  await saveReviewSettings(rt.db, session.shop, parsed.data);
  return Response.json({ ok: true, errors: {} });
}

export default function ReviewSettings() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const shopify = useAppBridge();
  const save = useFetcher<{ ok: boolean; errors: SettingsErrors }>();
  // Keyed by value: a revalidation that brings the same settings (a refused save) keeps the merchant's edits.
  const savedJson = JSON.stringify(data.draft);
  const saved = useMemo(() => JSON.parse(savedJson) as SettingsDraft, [savedJson]);
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  const set = useCallback(
    <K extends keyof SettingsDraft>(key: K) =>
      (value: SettingsDraft[K]) =>
        setDraft((d) => ({ ...d, [key]: value })),
    [],
  );
  const dirty = JSON.stringify(draft) !== savedJson;
  const saving = save.state !== "idle";
  const errors: SettingsErrors = save.state === "idle" && save.data && !save.data.ok ? save.data.errors : {};
  const onSave = () =>
    save.submit(Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v])), { method: "post" });
  const onDiscard = () => setDraft(saved);

  useOnSettled(save, (d) => {
    if (d.ok) shopify.toast.show(t("reviews.admin.settings.saved"));
    else shopify.toast.show(t("reviews.admin.settings.error.fields"), { isError: true });
  });

  const minStars = Number(draft.autoPublishMin);
  return (
    <Page
      title={t("reviews.admin.settings.title")}
      subtitle={t("reviews.admin.settings.subtitle")}
      backAction={{ content: t("reviews.admin.title"), url: "/app/reviews" }}
    >
      <FormSaveBar id="reviews-settings-save-bar" open={dirty} saving={saving} onSave={onSave} onDiscard={onDiscard} t={t} />
      <BlockStack gap="500">
        {Object.keys(errors).length > 0 && (
          <Banner tone="critical" title={t("reviews.admin.settings.error.fields")}>
            <Text as="p">{errors.form ?? t("reviews.admin.settings.error.fieldsHint")}</Text>
          </Banner>
        )}
        <Layout>
          <Layout.AnnotatedSection
            id="moderation"
            title={t("reviews.admin.settings.moderation.heading")}
            description={t("reviews.admin.settings.moderation.explain")}
          >
            <Card>
              <FormLayout>
                <Select
                  label={t("reviews.admin.settings.autoPublish")}
                  options={[0, 1, 2, 3, 4, 5].map((n) => ({
                    value: String(n),
                    label:
                      n === 0 ? t("reviews.admin.settings.autoPublish.never") : t("reviews.admin.settings.autoPublish.min", { count: n }),
                  }))}
                  value={draft.autoPublishMin}
                  onChange={set("autoPublishMin")}
                  error={errors.autoPublishMin}
                  helpText={
                    minStars === 0
                      ? t("reviews.admin.settings.autoPublish.neverHelp")
                      : t("reviews.admin.settings.autoPublish.help", { count: minStars })
                  }
                />
                <TextField
                  label={t("reviews.admin.settings.blockedWords")}
                  multiline={4}
                  value={draft.blockedWords}
                  onChange={set("blockedWords")}
                  error={errors.blockedWords}
                  helpText={t("reviews.admin.settings.blockedWords.help")}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="requests"
            title={t("reviews.admin.settings.requests.heading")}
            description={t("reviews.admin.settings.requests.explain")}
          >
            <Card>
              <FormLayout>
                <TextField
                  label={t("reviews.admin.settings.requestItems")}
                  type="number"
                  min={1}
                  max={10}
                  value={draft.requestItems}
                  onChange={set("requestItems")}
                  error={errors.requestItems}
                  helpText={t("reviews.admin.settings.requestItems.help")}
                  autoComplete="off"
                />
                <Select
                  label={t("reviews.admin.settings.reminders")}
                  options={[0, 1, 2].map((n) => ({ value: String(n), label: t("reviews.admin.settings.reminders.option", { count: n }) }))}
                  value={draft.reminders}
                  onChange={set("reminders")}
                  error={errors.reminders}
                  helpText={t("reviews.admin.settings.reminders.help")}
                />
                <InlineStack>
                  <Link url="/app/flows">{t("reviews.admin.settings.requests.flows")}</Link>
                </InlineStack>
                <TextField
                  label={t("reviews.admin.settings.editDays")}
                  type="number"
                  min={1}
                  max={365}
                  suffix={t("reviews.admin.settings.days")}
                  value={draft.editDays}
                  onChange={set("editDays")}
                  error={errors.editDays}
                  helpText={t("reviews.admin.settings.editDays.help")}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="incentive"
            title={t("reviews.admin.settings.incentive.heading")}
            description={t("reviews.admin.settings.incentive.explain")}
          >
            <Card>
              <FormLayout>
                <ChoiceList
                  title={t("reviews.admin.settings.incentive")}
                  choices={INCENTIVES.map((i) => ({
                    value: i,
                    label: t(`reviews.admin.settings.incentive.${i}`),
                    helpText: t(`reviews.admin.settings.incentive.${i}Help`),
                  }))}
                  selected={[draft.incentive]}
                  onChange={([v]) => set("incentive")((v ?? "none") as Incentive)}
                  error={errors.incentive}
                />
                {draft.incentive === "discount" && (
                  <TextField
                    label={t("reviews.admin.settings.incentivePercent")}
                    type="number"
                    min={1}
                    max={50}
                    suffix="%"
                    value={draft.incentivePercent}
                    onChange={set("incentivePercent")}
                    error={errors.incentivePercent}
                    autoComplete="off"
                  />
                )}
                {draft.incentive === "points" && (
                  <InlineStack>
                    <Link url="/app/loyalty/settings">{t("reviews.admin.settings.incentive.pointsLink")}</Link>
                  </InlineStack>
                )}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="storefront"
            title={t("reviews.admin.settings.storefront.heading")}
            description={t("reviews.admin.settings.storefront.explain")}
          >
            <Card>
              <FormLayout>
                <Checkbox
                  label={t("reviews.admin.settings.jsonLd")}
                  helpText={t("reviews.admin.settings.jsonLd.help")}
                  checked={draft.jsonLd}
                  onChange={set("jsonLd")}
                />
                <Checkbox
                  label={t("reviews.admin.settings.syndicate")}
                  helpText={t("reviews.admin.settings.syndicate.help")}
                  checked={draft.syndicate}
                  onChange={set("syndicate")}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="alerts"
            title={t("reviews.admin.settings.alert.heading")}
            description={t("reviews.admin.settings.alert.explain")}
          >
            <Card>
              <FormLayout>
                <Checkbox
                  label={t("reviews.admin.settings.lowRatingAlert")}
                  helpText={t("reviews.admin.settings.lowRatingAlert.help")}
                  checked={draft.lowRatingAlert}
                  onChange={set("lowRatingAlert")}
                />
                <TextField
                  label={t("reviews.admin.settings.alertEmail")}
                  type="email"
                  value={draft.alertEmail}
                  onChange={set("alertEmail")}
                  error={errors.alertEmail}
                  disabled={!draft.lowRatingAlert}
                  placeholder={data.shopEmail ?? undefined}
                  helpText={
                    data.shopEmail
                      ? t("reviews.admin.settings.alertEmail.help", { email: data.shopEmail })
                      : t("reviews.admin.settings.alertEmail.helpNoShop")
                  }
                  autoComplete="email"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
        <InlineStack align="end">
          <Button variant="primary" onClick={onSave} loading={saving} disabled={!dirty && !Object.keys(errors).length}>
            {t("reviews.admin.settings.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
