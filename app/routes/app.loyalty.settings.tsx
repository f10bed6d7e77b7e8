// The loyalty program's settings: on or off; earning (points per unit of the shop's currency, tax and
// shipping, rounding, excluded product tags and collections); the pending period; points for an
// account, a birthday and a review; VIP tiers; the rewards points buy; and expiry. Validated by
// `programInput` (problems shown on their fields), saved through App Bridge's contextual save bar.
// A shop without a program yet starts from the starter tiers and rewards.
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
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useState } from "react";
import { CollectionPicker, RewardsEditor, TagListField, TiersEditor } from "~/components/loyalty-program-editors";
import { FormSaveBar } from "~/components/messaging-save-bar";
import { useOnSettled } from "~/components/messaging-toast";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { loyaltyProgram, programInput, saveProgram, starterRewards, starterTiers } from "~/loyalty/program.server";
import {
  draftOf,
  inputOfDraft,
  minorPerUnit,
  parseDraft,
  programFieldErrors,
  type ProgramDraft,
  type ProgramFieldErrors,
} from "~/loyalty/settings-form";
import { forgetProgram } from "~/loyalty/shopper.server";
import { variantTitles } from "~/loyalty/variants.server";
import { loadCatalog, withTitlesFor } from "~/messaging/guides.server";
import { readForm } from "~/platform/form.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

/** The schema's own limits, for the Add buttons. */
const MAX_TIERS = 10;
const MAX_REWARDS = 30;
const MAX_TAGS = 50;
const MAX_COLLECTIONS = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, admin } = await authenticate.admin(request);
  const locale = resolveLocale(request);
  const rt = await runtime();
  const shop = session.shop;
  const warn = (what: string) => (error: unknown) => rt.log.warn({ err: error, shop }, what);
  const [program, shopRow, firstPage] = await Promise.all([
    loyaltyProgram(rt.db, shop),
    rt.db.shop.findUnique({ where: { shop }, select: { currency: true } }),
    loadCatalog(admin.graphql, warn("the collections for the loyalty settings could not be read")),
  ]);
  const currency = shopRow?.currency ?? "USD";
  // A program never set up: the form proposes the starter tiers and rewards (saved with the first save).
  const starter = !program.enabled && program.tiers.length === 0 && program.rewards.length === 0;
  const values = starter ? { ...program, tiers: starterTiers(locale), rewards: starterRewards(minorPerUnit(currency), locale) } : program;
  const catalog = await withTitlesFor(
    admin.graphql,
    firstPage,
    program.excludedCollectionList,
    warn("the titles of the loyalty program's excluded collections could not be read"),
  );
  const variantIds = program.rewards.flatMap((r) => (r.variantGid ? [r.variantGid] : []));
  let variants: Record<string, string> = {};
  if (variantIds.length) {
    try {
      variants = await variantTitles(admin.graphql, variantIds);
    } catch (error) {
      if (error instanceof Response) throw error;
      warn("the names of the free-product rewards' variants could not be read")(error);
    }
  }
  return {
    locale,
    currency,
    starter,
    draft: draftOf(values, currency, locale),
    collections: catalog?.collections ?? null,
    collectionsComplete: catalog?.complete ?? false,
    variantNames: variants,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const locale = resolveLocale(request);
  const t = translator(locale);
  const form = await readForm(request);
  const posted = form.get("program");
  const draft = typeof posted === "string" ? parseDraft(posted) : null;
  if (!draft) return Response.json({ ok: false, errors: { form: t("loyalty.error.form") } }, { status: 400 });
  const rt = await runtime();
  const [shopRow, current] = await Promise.all([
    rt.db.shop.findUnique({ where: { shop }, select: { currency: true } }),
    loyaltyProgram(rt.db, shop),
  ]);
  // Tiers keep their ids (members point at them), but only ids this shop's tiers have.
  const known = new Set(current.tiers.map((tier) => tier.id));
  const own = { ...draft, tiers: draft.tiers.map((tier) => (tier.id && known.has(tier.id) ? tier : { ...tier, id: null })) };
  const { input, errors: amountErrors } = inputOfDraft(own, { currency: shopRow?.currency ?? "USD", locale, t });
  const parsed = programInput.safeParse(input);
  if (!parsed.success || Object.keys(amountErrors).length) {
    const errors = { ...(parsed.success ? {} : programFieldErrors(parsed.error.issues, t, input)), ...amountErrors };
    return Response.json({ ok: false, errors }, { status: 400 });
  }
  await saveProgram(rt.db, shop, parsed.data);
  forgetProgram(shop);
  return Response.json({ ok: true, errors: {} });
}

export default function LoyaltySettings() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const shopify = useAppBridge();
  const save = useFetcher<{ ok: boolean; errors: ProgramFieldErrors }>();
  // Keyed by value: a revalidation that brings the same program (a refused save) keeps the merchant's edits.
  const savedJson = JSON.stringify(data.draft);
  const saved = useMemo(() => JSON.parse(savedJson) as ProgramDraft, [savedJson]);
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  const [variantNames, setVariantNames] = useState<Record<string, string>>(data.variantNames);
  const set = useCallback(
    <K extends keyof ProgramDraft>(key: K) =>
      (value: ProgramDraft[K]) =>
        setDraft((d) => ({ ...d, [key]: value })),
    [],
  );
  const dirty = JSON.stringify(draft) !== savedJson;
  const saving = save.state !== "idle";
  const errors: ProgramFieldErrors = save.state === "idle" && save.data && !save.data.ok ? save.data.errors : {};
  const onSave = () => save.submit({ program: JSON.stringify(draft) }, { method: "post" });
  const onDiscard = () => setDraft(saved);

  useOnSettled(save, (d) => {
    if (d.ok) shopify.toast.show(t("loyalty.settings.saved"));
    else shopify.toast.show(t("loyalty.error.fields"), { isError: true });
  });

  const unit = t("loyalty.settings.earn.unit", { currency: data.currency });
  const points = t("loyalty.points.short");
  const actions = [
    { on: "signupEnabled", points: "signupPoints", label: "loyalty.settings.actions.signup", help: "loyalty.settings.actions.signupHelp" },
    {
      on: "birthdayEnabled",
      points: "birthdayPoints",
      label: "loyalty.settings.actions.birthday",
      help: "loyalty.settings.actions.birthdayHelp",
    },
    { on: "reviewEnabled", points: "reviewPoints", label: "loyalty.settings.actions.review", help: "loyalty.settings.actions.reviewHelp" },
  ] as const;

  return (
    <Page
      title={t("loyalty.settings.title")}
      subtitle={t("loyalty.settings.subtitle")}
      backAction={{ content: t("loyalty.overview.title"), url: "/app/loyalty" }}
      secondaryActions={[{ content: t("loyalty.members.title"), url: "/app/loyalty/members" }]}
    >
      <FormSaveBar id="loyalty-settings-save-bar" open={dirty} saving={saving} onSave={onSave} onDiscard={onDiscard} t={t} />
      <BlockStack gap="500">
        {Object.keys(errors).length > 0 && (
          <Banner tone="critical" title={t("loyalty.error.fields")}>
            <Text as="p">{errors.form ?? t("loyalty.error.fieldsHint")}</Text>
          </Banner>
        )}
        {data.starter && (
          <Banner tone="info" title={t("loyalty.settings.starter.title")}>
            <Text as="p">{t("loyalty.settings.starter.body")}</Text>
          </Banner>
        )}
        <Layout>
          <Layout.AnnotatedSection
            id="program"
            title={t("loyalty.settings.program.heading")}
            description={t("loyalty.settings.program.explain")}
          >
            <Card>
              <Checkbox
                label={t("loyalty.settings.program.enabled")}
                helpText={t(draft.enabled ? "loyalty.settings.program.onHelp" : "loyalty.settings.program.offHelp")}
                checked={draft.enabled}
                onChange={set("enabled")}
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection id="earning" title={t("loyalty.settings.earn.heading")} description={t("loyalty.settings.earn.explain")}>
            <Card>
              <FormLayout>
                <TextField
                  label={t("loyalty.settings.earn.pointsPerUnit")}
                  type="number"
                  min={1}
                  max={1000}
                  suffix={unit}
                  value={draft.pointsPerUnit}
                  onChange={set("pointsPerUnit")}
                  error={errors.pointsPerUnit}
                  helpText={t("loyalty.settings.earn.pointsPerUnitHelp", { currency: data.currency })}
                  autoComplete="off"
                />
                <Checkbox
                  label={t("loyalty.settings.earn.includeTax")}
                  helpText={t("loyalty.settings.earn.includeTaxHelp")}
                  checked={draft.includeTax}
                  onChange={set("includeTax")}
                />
                <Checkbox
                  label={t("loyalty.settings.earn.includeShipping")}
                  checked={draft.includeShipping}
                  onChange={set("includeShipping")}
                />
                <Select
                  label={t("loyalty.settings.earn.rounding")}
                  options={[
                    { value: "down", label: t("loyalty.settings.earn.rounding.down") },
                    { value: "nearest", label: t("loyalty.settings.earn.rounding.nearest") },
                    { value: "up", label: t("loyalty.settings.earn.rounding.up") },
                  ]}
                  value={draft.rounding}
                  onChange={(v) => set("rounding")(v as ProgramDraft["rounding"])}
                  error={errors.rounding}
                />
                <TagListField
                  t={t}
                  label={t("loyalty.settings.earn.excludedTags")}
                  helpText={t("loyalty.settings.earn.excludedTagsHelp")}
                  tags={draft.excludedTags}
                  onChange={set("excludedTags")}
                  error={errors.excludedTags}
                  max={MAX_TAGS}
                />
                {data.collections ? (
                  <CollectionPicker
                    t={t}
                    label={t("loyalty.settings.earn.excludedCollections")}
                    helpText={t("loyalty.settings.earn.excludedCollectionsHelp", { max: MAX_COLLECTIONS })}
                    collections={data.collections}
                    searchable={!data.collectionsComplete}
                    selected={draft.excludedCollections}
                    onChange={set("excludedCollections")}
                    max={MAX_COLLECTIONS}
                    error={errors.excludedCollections}
                  />
                ) : (
                  <Banner tone="warning">
                    <Text as="p">{t("loyalty.settings.earn.collectionsUnavailable")}</Text>
                  </Banner>
                )}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="pending"
            title={t("loyalty.settings.pending.heading")}
            description={t("loyalty.settings.pending.explain")}
          >
            <Card>
              <TextField
                label={t("loyalty.settings.pending.days")}
                type="number"
                min={0}
                max={365}
                suffix={t("loyalty.settings.days")}
                value={draft.pendingDays}
                onChange={set("pendingDays")}
                error={errors.pendingDays}
                helpText={t("loyalty.settings.pending.help")}
                autoComplete="off"
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="actions"
            title={t("loyalty.settings.actions.heading")}
            description={t("loyalty.settings.actions.explain")}
          >
            <Card>
              <FormLayout>
                {actions.map((a) => (
                  <FormLayout.Group key={a.on} condensed>
                    <Checkbox label={t(a.label)} helpText={t(a.help)} checked={draft[a.on]} onChange={set(a.on)} />
                    <TextField
                      label={t("loyalty.settings.actions.points", { action: t(a.label) })}
                      type="number"
                      min={0}
                      suffix={points}
                      value={draft[a.points]}
                      onChange={set(a.points)}
                      error={errors[a.points]}
                      disabled={!draft[a.on]}
                      autoComplete="off"
                    />
                  </FormLayout.Group>
                ))}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection id="tiers" title={t("loyalty.settings.tiers.heading")} description={t("loyalty.settings.tiers.explain")}>
            <Card>
              <BlockStack gap="400">
                <FormLayout>
                  <ChoiceList
                    title={t("loyalty.settings.tiers.basis")}
                    choices={[
                      { value: "points", label: t("loyalty.settings.tiers.basis.points") },
                      { value: "spent", label: t("loyalty.settings.tiers.basis.spent", { currency: data.currency }) },
                    ]}
                    selected={[draft.tierBasis]}
                    onChange={([v]) => set("tierBasis")(v === "spent" ? "spent" : "points")}
                    error={errors.tierBasis}
                  />
                  <TextField
                    label={t("loyalty.settings.tiers.window")}
                    type="number"
                    min={1}
                    max={60}
                    suffix={t("loyalty.settings.months")}
                    value={draft.tierWindowMonths}
                    onChange={set("tierWindowMonths")}
                    error={errors.tierWindowMonths}
                    helpText={t("loyalty.settings.tiers.windowHelp")}
                    autoComplete="off"
                  />
                </FormLayout>
                <TiersEditor
                  t={t}
                  tiers={draft.tiers}
                  basis={draft.tierBasis}
                  currency={data.currency}
                  onChange={set("tiers")}
                  errors={errors}
                  max={MAX_TIERS}
                />
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="rewards"
            title={t("loyalty.settings.rewards.heading")}
            description={t("loyalty.settings.rewards.explain")}
          >
            <Card>
              <RewardsEditor
                t={t}
                rewards={draft.rewards}
                currency={data.currency}
                variantNames={variantNames}
                onVariantName={(gid, title) => setVariantNames((names) => ({ ...names, [gid]: title }))}
                onChange={set("rewards")}
                errors={errors}
                max={MAX_REWARDS}
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="expiry"
            title={t("loyalty.settings.expiry.heading")}
            description={t("loyalty.settings.expiry.explain")}
          >
            <Card>
              <FormLayout>
                <Checkbox
                  label={t("loyalty.settings.expiry.enabled")}
                  helpText={t("loyalty.settings.expiry.enabledHelp")}
                  checked={draft.expiryEnabled}
                  onChange={set("expiryEnabled")}
                />
                <TextField
                  label={t("loyalty.settings.expiry.months")}
                  type="number"
                  min={1}
                  max={60}
                  suffix={t("loyalty.settings.months")}
                  value={draft.expiryMonths}
                  onChange={set("expiryMonths")}
                  error={errors.expiryMonths}
                  disabled={!draft.expiryEnabled}
                  autoComplete="off"
                />
                <FormLayout.Group condensed>
                  <TextField
                    label={t("loyalty.settings.expiry.warning")}
                    type="number"
                    min={1}
                    max={90}
                    suffix={t("loyalty.settings.days")}
                    value={draft.warningDays}
                    onChange={set("warningDays")}
                    error={errors.warningDays}
                    helpText={t("loyalty.settings.expiry.warningHelp")}
                    disabled={!draft.expiryEnabled}
                    autoComplete="off"
                  />
                  <TextField
                    label={t("loyalty.settings.expiry.lastChance")}
                    type="number"
                    min={1}
                    max={30}
                    suffix={t("loyalty.settings.days")}
                    value={draft.lastChanceDays}
                    onChange={set("lastChanceDays")}
                    error={errors.lastChanceDays}
                    helpText={t("loyalty.settings.expiry.lastChanceHelp")}
                    disabled={!draft.expiryEnabled}
                    autoComplete="off"
                  />
                </FormLayout.Group>
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
        <InlineStack align="end">
          <Button variant="primary" onClick={onSave} loading={saving} disabled={!dirty && !data.starter && !Object.keys(errors).length}>
            {t("loyalty.settings.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
