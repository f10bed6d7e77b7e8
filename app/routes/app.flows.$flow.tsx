// One flow's editor (/app/flows/<flow>): its switch and timing (none for the points reminders, which
// go when the loyalty program says, nor for a return's updates, which go at once; for cross-sell, also products per email and an optional
// discount), its words per language with a live preview and "Send test", and
// the catalogue links it uses — care and how-to links (delivery follow-up) or cross-sell rules.
// Intents: save, preview, test, addGuide, deleteGuide, saveRule, deleteRule. Rules live in
// app/messaging (settings, preview, guides).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  useFetcher,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  Checkbox,
  FormLayout,
  InlineGrid,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import { DryRunBanner } from "~/components/messaging-banners";
import { NotFoundPage } from "~/components/not-found-page";
import { GuidesCard, RulesCard } from "~/components/messaging-guides";
import { EmailPreview, type PreviewView } from "~/components/messaging-preview";
import { FormSaveBar } from "~/components/messaging-save-bar";
import { TemplateEditor } from "~/components/messaging-template-editor";
import { useOnSettled } from "~/components/messaging-toast";
import { locales, pickLocale, resolveLocale, type Locale } from "~/i18n/locale";
import { translator, type Translate } from "~/i18n/translate";
import { defaultCopy } from "~/messaging/email/default-copy";
import { fieldErrors, type FieldErrors } from "~/messaging/form-errors";
import { categoryLabel, delayMinutes, delayParts, delayText, flowLabel } from "~/messaging/format-message";
import {
  addGuide,
  crossSellRuleInput,
  deleteGuide,
  deleteRule,
  GuideLimitError,
  guideInput,
  listGuides,
  listRules,
  loadCatalog,
  withTitlesFor,
  MAX_GUIDES_PER_TARGET,
  MAX_RULE_PRODUCTS,
  saveRule,
  type Catalog,
} from "~/messaging/guides.server";
import { flowCounts } from "~/messaging/outbox.server";
import { previewEmail, sendTestEmail, TestSendError, type PreviewOptions } from "~/messaging/preview.server";
import {
  flowSettings,
  flowSettingsInput,
  MAX_DELAY_DAYS,
  messagingSettings,
  resetTemplate,
  saveFlowSettings,
  saveTemplate,
  templateInput,
  templates,
} from "~/messaging/settings.server";
import { FLOW_CATEGORY, FLOW_TRIGGER, FLOWS, sendsAtOnce, type Flow, type TemplateCopy } from "~/messaging/types";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { readForm } from "~/platform/form.server";
import { runtime, type Runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

function flowOf(param: string | undefined): Flow {
  if (!param || !(FLOWS as readonly string[]).includes(param)) throw new Response("Not found", { status: 404 });
  return param as Flow;
}

function targetLabel(t: Translate, catalog: Catalog | null, gid: string): string {
  const collection = gid.includes("/Collection/");
  const title = (collection ? catalog?.collections : catalog?.products)?.find((o) => o.id === gid)?.title ?? gid.replace(/^.*\//, "#");
  return t(collection ? "messaging.catalog.collection" : "messaging.catalog.product", { title });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, admin } = await authenticate.admin(request);
  const flow = flowOf(params.flow);
  const locale = resolveLocale(request);
  const t = translator(locale);
  const rt = await runtime();
  const shop = session.shop;
  const [flows, copy, settings, shopRow, counts, guides, rules, firstPage] = await Promise.all([
    flowSettings(rt.db, shop),
    templates(rt.db, shop, flow),
    messagingSettings(rt.db, shop),
    rt.db.shop.findUnique({ where: { shop }, select: { email: true } }),
    flowCounts(rt.db, shop, rt.clock.now()),
    flow === "delivery_follow_up" ? listGuides(rt.db, shop) : Promise.resolve([]),
    flow === "cross_sell" ? listRules(rt.db, shop) : Promise.resolve([]),
    loadCatalog(admin.graphql, (error) => rt.log.warn({ err: error, shop }, "the catalogue for the flow editor could not be read")),
  ]);
  const catalog = await withTitlesFor(
    admin.graphql,
    firstPage,
    [...guides.map((g) => g.targetGid), ...rules.flatMap((r) => [r.sourceGid, ...r.productGids])],
    (error) => rt.log.warn({ err: error, shop }, "the titles of the flow editor's links could not be read"),
  );
  const f = flows[flow];
  return {
    locale,
    flow,
    name: flowLabel(t, flow),
    category: categoryLabel(t, FLOW_CATEGORY[flow]),
    marketing: FLOW_CATEGORY[flow] === "marketing",
    /** A points reminder: it goes when the loyalty program says, so it has no delay of its own. */
    timedByProgram: FLOW_TRIGGER[flow] === "points_expiring",
    /** A return's update: it goes as soon as the return's status changes, so it has no delay either. */
    atOnce: sendsAtOnce(flow),
    dryRun: settings.dryRun,
    counts: counts[flow],
    settings: {
      enabled: f.enabled,
      delay: delayParts(f.delayMinutes),
      productCount: f.productCount,
      discountPercent: f.discountPercent,
      discountDays: f.discountDays,
    },
    templates: Object.fromEntries(
      locales.map((l) => [l, { subject: copy[l].subject, heading: copy[l].heading, body: copy[l].body }]),
    ) as Record<Locale, TemplateCopy>,
    defaults: Object.fromEntries(locales.map((l) => [l, defaultCopy(flow, l)])) as Record<Locale, TemplateCopy>,
    testTo: shopRow?.email ?? "",
    catalog,
    guides: guides.map((g) => ({ id: g.id, target: targetLabel(t, catalog, g.targetGid), title: g.title, url: g.url })),
    rules: rules.map((r) => ({
      id: r.id,
      sourceGid: r.sourceGid,
      source: targetLabel(t, catalog, r.sourceGid),
      productGids: r.productGids,
      products: r.productGids.map((gid) => catalog?.products.find((p) => p.id === gid)?.title ?? gid.replace(/^.*\//, "#")),
    })),
    limits: { maxDelayDays: MAX_DELAY_DAYS, maxRuleProducts: MAX_RULE_PRODUCTS },
  };
}

function previewDeps(rt: Runtime) {
  return {
    db: rt.db,
    clock: rt.clock,
    shopify: { apiVersion: SHOPIFY_API_VERSION, originTemplate: rt.env.SHOPIFY_ADMIN_API_ORIGIN },
    appUrl: rt.env.SHOPIFY_APP_URL,
    secret: rt.env.SHOPIFY_API_SECRET,
  };
}

const text = (v: FormDataEntryValue | null, max: number) => (typeof v === "string" ? v.slice(0, max) : "");
/** A whole number the form sent, or undefined (the preview then uses the saved value). */
const whole = (v: FormDataEntryValue | null) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : undefined);

function previewRequest(form: FormData, flow: Flow) {
  const percent = form.get("discountPercent");
  const options: PreviewOptions = {
    productCount: whole(form.get("productCount")),
    discountPercent: typeof percent === "string" && percent.trim() === "" ? null : whole(percent),
    discountDays: whole(form.get("discountDays")),
  };
  return {
    flow,
    locale: pickLocale([text(form.get("locale"), 10)]),
    copy: { subject: text(form.get("subject"), 200), heading: text(form.get("heading"), 200), body: text(form.get("body"), 5_000) },
    options,
  };
}

const idInput = z.object({ id: z.string().min(1).max(64) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const flow = flowOf(params.flow);
  const shop = session.shop;
  const t = translator(resolveLocale(request));
  const form = await readForm(request);
  const intent = form.get("intent");
  const rt = await runtime();

  switch (intent) {
    case "save": {
      const unit = form.get("delayUnit") === "hours" ? "hours" : "days";
      const value = text(form.get("delayValue"), 12).trim();
      const errors: FieldErrors = {};
      const settings = flowSettingsInput.safeParse({
        enabled: form.get("enabled") === "on",
        delayMinutes: /^\d+$/.test(value) ? delayMinutes(Number(value), unit) : Number.NaN,
        productCount: form.get("productCount"),
        discountPercent: form.get("discountPercent") ?? "",
        discountDays: form.get("discountDays"),
      });
      if (!settings.success) {
        const found = fieldErrors(settings.error.issues, t);
        if (found.delayMinutes) {
          found.delay = t("messaging.error.delay", { max: MAX_DELAY_DAYS });
          delete found.delayMinutes;
        }
        Object.assign(errors, found);
      }
      const copies: Partial<Record<Locale, TemplateCopy>> = {};
      for (const l of locales) {
        const parsed = templateInput.safeParse({
          subject: form.get(`template.${l}.subject`) ?? "",
          heading: form.get(`template.${l}.heading`) ?? "",
          body: form.get(`template.${l}.body`) ?? "",
        });
        if (parsed.success) copies[l] = parsed.data;
        else Object.assign(errors, fieldErrors(parsed.error.issues, t, `template.${l}.`));
      }
      if (!settings.success || Object.keys(errors).length) return Response.json({ ok: false, intent, errors }, { status: 400 });
      await saveFlowSettings(rt.db, shop, flow, settings.data);
      for (const l of locales) {
        const copy = copies[l]!;
        const original = defaultCopy(flow, l);
        // The built-in words stay "not edited", so they follow improvements to the default copy.
        const isDefault = (["subject", "heading", "body"] as const).every((k) => copy[k] === original[k].trim());
        if (isDefault) await resetTemplate(rt.db, shop, flow, l);
        else await saveTemplate(rt.db, shop, flow, l, copy);
      }
      return Response.json({ ok: true, intent, errors: {} });
    }
    case "preview": {
      try {
        const preview = await previewEmail(previewDeps(rt), shop, previewRequest(form, flow));
        return Response.json({ ok: true, intent, preview });
      } catch (error) {
        rt.log.warn({ err: error, shop, flow }, "the email preview could not be built");
        return Response.json({ ok: false, intent }, { status: 500 });
      }
    }
    case "test": {
      try {
        const sent = await sendTestEmail({ ...previewDeps(rt), mailer: rt.mailer }, shop, {
          ...previewRequest(form, flow),
          to: text(form.get("to"), 300),
        });
        return Response.json({ ok: true, intent, to: sent.to });
      } catch (error) {
        if (!(error instanceof TestSendError)) throw error;
        rt.log.warn({ err: error, shop, flow }, "a test email was not sent");
        const message = t(`messaging.test.error.${error.reason}`);
        return Response.json(
          { ok: false, intent, reason: error.reason, message },
          { status: error.reason === "invalid_address" ? 400 : error.reason === "rate_limited" ? 429 : 502 },
        );
      }
    }
    case "addGuide": {
      if (flow !== "delivery_follow_up") break;
      const parsed = guideInput.safeParse(Object.fromEntries(form));
      if (!parsed.success) return Response.json({ ok: false, intent, errors: fieldErrors(parsed.error.issues, t) }, { status: 400 });
      try {
        await addGuide(rt.db, shop, parsed.data);
      } catch (error) {
        if (!(error instanceof GuideLimitError)) throw error;
        const message = t(error.code === "too_many_for_target" ? "messaging.error.tooManyGuides" : "messaging.error.tooManyItems", {
          max: MAX_GUIDES_PER_TARGET,
        });
        return Response.json({ ok: false, intent, errors: { [error.field]: message } }, { status: 400 });
      }
      return Response.json({ ok: true, intent });
    }
    case "saveRule": {
      if (flow !== "cross_sell") break;
      const parsed = crossSellRuleInput.safeParse({ ...Object.fromEntries(form), productGids: form.getAll("productGids") });
      if (!parsed.success) return Response.json({ ok: false, intent, errors: fieldErrors(parsed.error.issues, t) }, { status: 400 });
      try {
        await saveRule(rt.db, shop, parsed.data);
      } catch (error) {
        if (!(error instanceof GuideLimitError)) throw error;
        return Response.json({ ok: false, intent, errors: { [error.field]: t("messaging.error.tooManyItems") } }, { status: 400 });
      }
      return Response.json({ ok: true, intent });
    }
    case "deleteGuide":
    case "deleteRule": {
      const parsed = idInput.safeParse(Object.fromEntries(form));
      if (!parsed.success) return Response.json({ ok: false, intent }, { status: 400 });
      const deleted =
        intent === "deleteGuide" ? await deleteGuide(rt.db, shop, parsed.data.id) : await deleteRule(rt.db, shop, parsed.data.id);
      return Response.json({ ok: deleted, intent }, { status: deleted ? 200 : 404 });
    }
  }
  return Response.json({ ok: false, error: "unknown intent" }, { status: 400 });
}

/** Previews and tests change nothing the page shows: the page (and its catalogue) is not read again after them. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("intent");
  return intent === "preview" || intent === "test" ? false : defaultShouldRevalidate;
};

interface Draft {
  enabled: boolean;
  delayValue: string;
  delayUnit: "days" | "hours";
  productCount: string;
  discountPercent: string;
  discountDays: string;
  templates: Record<Locale, TemplateCopy>;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function draftOf(data: LoaderData): Draft {
  return {
    enabled: data.settings.enabled,
    delayValue: String(data.settings.delay.value),
    delayUnit: data.settings.delay.unit,
    productCount: String(data.settings.productCount),
    discountPercent: data.settings.discountPercent == null ? "" : String(data.settings.discountPercent),
    discountDays: String(data.settings.discountDays),
    templates: data.templates,
  };
}

function payloadOf(d: Draft): FormData {
  const form = new FormData();
  form.append("intent", "save");
  if (d.enabled) form.append("enabled", "on");
  form.append("delayValue", d.delayValue);
  form.append("delayUnit", d.delayUnit);
  form.append("productCount", d.productCount);
  form.append("discountPercent", d.discountPercent);
  form.append("discountDays", d.discountDays);
  for (const l of locales) for (const [k, v] of Object.entries(d.templates[l])) form.append(`template.${l}.${k}`, v);
  return form;
}

type PreviewResult = { ok: boolean; preview?: PreviewView };
type TestResult = { ok: boolean; to?: string; reason?: string; message?: string };
type SaveResult = { ok: boolean; errors: FieldErrors };

const PREVIEW_DELAY_MS = 400;

export default function FlowEditor() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const shopify = useAppBridge();
  // Keyed by value: a revalidation after adding a care link keeps the merchant's unsaved words.
  const savedJson = JSON.stringify(draftOf(data));
  const saved = useMemo(() => JSON.parse(savedJson) as Draft, [savedJson]);
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  const [language, setLanguage] = useState<Locale>(data.locale);
  const [testTo, setTestTo] = useState(data.testTo);
  const dirty = JSON.stringify(draft) !== savedJson;

  const save = useFetcher<SaveResult>();
  const preview = useFetcher<PreviewResult>();
  const test = useFetcher<TestResult>();
  const saving = save.state !== "idle";
  const errors = !saving && save.data && !save.data.ok ? save.data.errors : {};
  const [lastPreview, setLastPreview] = useState<PreviewView | null>(null);

  useOnSettled(save, (d) => {
    if (d.ok) shopify.toast.show(t("messaging.editor.saved"));
    else shopify.toast.show(t("messaging.error.fields"), { isError: true });
  });
  const shown = useRef(false);
  useOnSettled(preview, (d) => {
    if (!d.ok || !d.preview) return;
    shown.current = true;
    setLastPreview(d.preview);
  });
  useOnSettled(test, (d) => {
    if (d.ok) shopify.toast.show(t("messaging.test.sent", { to: d.to ?? "" }));
    else shopify.toast.show(d.message ?? t("messaging.error.generic"), { isError: true });
  });

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const copy = draft.templates[language];
  const previewFields = {
    intent: "preview",
    locale: language,
    subject: copy.subject,
    heading: copy.heading,
    body: copy.body,
    productCount: draft.productCount,
    discountPercent: draft.discountPercent,
    discountDays: draft.discountDays,
  };
  const previewKey = JSON.stringify(previewFields);
  const submitPreview = preview.submit;
  useEffect(() => {
    // The first preview at once; later ones once typing pauses.
    const timer = setTimeout(() => submitPreview(JSON.parse(previewKey), { method: "post" }), shown.current ? PREVIEW_DELAY_MS : 0);
    return () => clearTimeout(timer);
  }, [previewKey, submitPreview]);

  const onSave = () => save.submit(payloadOf(draft), { method: "post" });
  const onDiscard = () => setDraft(saved);
  const onSendTest = () => test.submit({ ...previewFields, intent: "test", to: testTo }, { method: "post" });
  const languageName = t(`messaging.language.${language}`);
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <Page
      title={data.name}
      subtitle={t(`messaging.flows.${data.flow}.description`)}
      backAction={{ content: t("messaging.nav.flows"), url: "/app/flows" }}
      titleMetadata={
        <InlineStack gap="100">
          <Badge tone={saved.enabled ? "success" : undefined}>{t(saved.enabled ? "messaging.flows.on" : "messaging.flows.off")}</Badge>
          <Badge tone={data.marketing ? "info" : undefined}>{data.category}</Badge>
        </InlineStack>
      }
      primaryAction={{ content: t("messaging.save"), onAction: onSave, loading: saving, disabled: !dirty && !hasErrors }}
      secondaryActions={[{ content: t("messaging.nav.outbox"), url: `/app/outbox?flow=${data.flow}` }]}
      fullWidth
    >
      <FormSaveBar id="flow-save-bar" open={dirty} saving={saving} onSave={onSave} onDiscard={onDiscard} t={t} />
      <BlockStack gap="400">
        {hasErrors && (
          <Banner tone="critical" title={t("messaging.error.fields")}>
            <Text as="p">{t("messaging.error.fieldsHint")}</Text>
          </Banner>
        )}
        {data.dryRun && <DryRunBanner t={t} />}
        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400" alignItems="start">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("messaging.editor.sending")}
                </Text>
                <Text as="p" tone="subdued">
                  {t(
                    data.marketing
                      ? "messaging.editor.marketingNote"
                      : data.timedByProgram
                        ? "messaging.editor.pointsNote"
                        : data.atOnce
                          ? "messaging.editor.returnNote"
                          : "messaging.editor.transactionalNote",
                  )}
                </Text>
                <FormLayout>
                  <Checkbox
                    label={t("messaging.editor.enabled")}
                    helpText={t("messaging.editor.enabledHelp", { count: data.counts.planned })}
                    checked={draft.enabled}
                    onChange={set("enabled")}
                  />
                  {!data.timedByProgram && !data.atOnce && (
                    <FormLayout.Group condensed>
                      <TextField
                        label={t("messaging.editor.delay")}
                        type="number"
                        min={0}
                        value={draft.delayValue}
                        onChange={set("delayValue")}
                        error={errors.delay}
                        helpText={
                          /^\d+$/.test(draft.delayValue)
                            ? t("messaging.editor.delayHelp", {
                                timing: delayText(t, delayMinutes(Number(draft.delayValue), draft.delayUnit)),
                              })
                            : undefined
                        }
                        autoComplete="off"
                      />
                      <Select
                        label={t("messaging.editor.delayUnit")}
                        options={[
                          { value: "days", label: t("messaging.editor.unit.days") },
                          { value: "hours", label: t("messaging.editor.unit.hours") },
                        ]}
                        value={draft.delayUnit}
                        onChange={(v) => set("delayUnit")(v === "hours" ? "hours" : "days")}
                      />
                    </FormLayout.Group>
                  )}
                  {data.flow === "cross_sell" && (
                    <Select
                      label={t("messaging.editor.productCount")}
                      options={Array.from({ length: data.limits.maxRuleProducts }, (_, i) => ({
                        value: String(i + 1),
                        label: String(i + 1),
                      }))}
                      value={draft.productCount}
                      onChange={set("productCount")}
                      error={errors.productCount}
                    />
                  )}
                  {data.flow === "cross_sell" && (
                    <FormLayout.Group condensed>
                      <TextField
                        label={t("messaging.editor.discountPercent")}
                        type="number"
                        min={1}
                        max={90}
                        value={draft.discountPercent}
                        onChange={set("discountPercent")}
                        error={errors.discountPercent}
                        helpText={t("messaging.editor.discountPercentHelp")}
                        suffix="%"
                        autoComplete="off"
                      />
                      <TextField
                        label={t("messaging.editor.discountDays")}
                        type="number"
                        min={1}
                        max={365}
                        value={draft.discountDays}
                        onChange={set("discountDays")}
                        error={errors.discountDays}
                        disabled={draft.discountPercent.trim() === ""}
                        autoComplete="off"
                      />
                    </FormLayout.Group>
                  )}
                </FormLayout>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("messaging.editor.words")}
                </Text>
                <TemplateEditor
                  t={t}
                  locales={locales}
                  selected={language}
                  onSelect={setLanguage}
                  values={draft.templates}
                  defaults={data.defaults}
                  errors={errors}
                  onChange={(l, field, value) =>
                    setDraft((d) => ({ ...d, templates: { ...d.templates, [l]: { ...d.templates[l], [field]: value } } }))
                  }
                />
              </BlockStack>
            </Card>
            {data.flow === "delivery_follow_up" && <GuidesCard t={t} guides={data.guides} catalog={data.catalog} />}
            {data.flow === "cross_sell" && <RulesCard t={t} rules={data.rules} catalog={data.catalog} max={data.limits.maxRuleProducts} />}
          </BlockStack>
          <EmailPreview
            t={t}
            language={languageName}
            preview={lastPreview}
            loading={preview.state !== "idle"}
            failed={preview.state === "idle" && preview.data?.ok === false}
            testTo={testTo}
            onTestToChange={setTestTo}
            onSendTest={onSendTest}
            sending={test.state !== "idle"}
            testError={test.state === "idle" && test.data?.reason === "invalid_address" ? test.data.message : undefined}
            marketing={data.marketing}
          />
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}

/** A flow this version does not have: a translated 404 back to the Flows page. */
export function ErrorBoundary() {
  const error = useRouteError();
  const shell = useRouteLoaderData<{ locale: Locale }>("routes/app");
  if (isRouteErrorResponse(error) && error.status === 404) {
    const t = translator(shell?.locale ?? "en");
    return (
      <NotFoundPage
        title={t("messaging.notFound.title")}
        body={t("messaging.notFound.body")}
        backLabel={t("messaging.nav.flows")}
        backUrl="/app/flows"
      />
    );
  }
  return boundary.error(error);
}
