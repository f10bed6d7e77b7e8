// The merchant's sending settings for every email flow: the send window and quiet days (in the shop's
// time zone), the marketing frequency cap and what a capped email does, dry run, what happens to an
// email whose sending was interrupted, and the emails' branding. Rules and defaults live in
// app/messaging/settings.server.ts.
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
import { DryRunBanner } from "~/components/messaging-banners";
import { FormSaveBar } from "~/components/messaging-save-bar";
import { useOnSettled } from "~/components/messaging-toast";
import { resolveLocale, type Locale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { fieldErrors, type FieldErrors } from "~/messaging/form-errors";
import {
  messagingSettings,
  messagingSettingsInput,
  saveMessagingSettings,
  type MessagingSettingsValues,
} from "~/messaging/settings.server";
import { validTimeZone } from "~/orders/format-time";
import { readForm } from "~/platform/form.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const rt = await runtime();
  const [settings, shop] = await Promise.all([
    messagingSettings(rt.db, session.shop),
    rt.db.shop.findUnique({ where: { shop: session.shop }, select: { timezone: true } }),
  ]);
  return { locale: resolveLocale(request), settings, timeZone: validTimeZone(shop?.timezone) ?? "UTC" };
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const form = await readForm(request);
  const t = translator(resolveLocale(request));
  const parsed = messagingSettingsInput.safeParse({ ...Object.fromEntries(form), quietDays: form.getAll("quietDays") });
  if (!parsed.success) return Response.json({ ok: false, errors: fieldErrors(parsed.error.issues, t) }, { status: 400 });
  const rt = await runtime();
  await saveMessagingSettings(rt.db, session.shop, parsed.data);
  return Response.json({ ok: true, errors: {} });
}

/** The form's state: what the fields show (text), from the saved settings. */
interface Draft {
  windowStart: string;
  windowEnd: string;
  quietDays: string[];
  capShortCount: string;
  capShortDays: string;
  capLongCount: string;
  capLongDays: string;
  capAction: string;
  dryRun: boolean;
  stuckPolicy: string;
  senderName: string;
  replyTo: string;
  logoUrl: string;
  accentColor: string;
  contactUrl: string;
}

function draftOf(s: MessagingSettingsValues): Draft {
  return {
    windowStart: String(s.windowStart),
    windowEnd: String(s.windowEnd),
    quietDays: s.quietDays.map(String),
    capShortCount: String(s.capShortCount),
    capShortDays: String(s.capShortDays),
    capLongCount: String(s.capLongCount),
    capLongDays: String(s.capLongDays),
    capAction: s.capAction,
    dryRun: s.dryRun,
    stuckPolicy: s.stuckPolicy,
    senderName: s.senderName ?? "",
    replyTo: s.replyTo ?? "",
    logoUrl: s.logoUrl ?? "",
    accentColor: s.accentColor,
    contactUrl: s.contactUrl ?? "",
  };
}

function payloadOf(d: Draft): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(d)) {
    if (key === "quietDays") for (const day of d.quietDays) form.append("quietDays", day);
    // An unchecked box is absent, as a browser would send it (the schema coerces presence to true).
    else if (key === "dryRun") {
      if (d.dryRun) form.append("dryRun", "on");
    } else form.append(key, String(value));
  }
  return form;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Every half hour from `from` for a day, plus the current value if it is between them (set some other way). */
function timeOptions(from: number, current: string): { value: string; label: string }[] {
  const minutes = Array.from({ length: 48 }, (_, i) => from + i * 30);
  const value = Number(current);
  if (Number.isInteger(value) && !minutes.includes(value)) minutes.push(value);
  return minutes.sort((a, b) => a - b).map((m) => ({ value: String(m), label: clock(m) }));
}

/** Monday … Sunday in the merchant's language (ISO weekday numbers 1–7). */
function weekdays(locale: Locale): { value: string; label: string }[] {
  const format = new Intl.DateTimeFormat(locale === "pl" ? "pl-PL" : "en-GB", { weekday: "long", timeZone: "UTC" });
  return [1, 2, 3, 4, 5, 6, 7].map((day) => {
    const label = format.format(new Date(Date.UTC(2024, 0, day)));
    return { value: String(day), label: label.charAt(0).toUpperCase() + label.slice(1) };
  });
}

export default function MessagingSettings() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const shopify = useAppBridge();
  const save = useFetcher<{ ok: boolean; errors: FieldErrors }>();
  // Keyed by value: a revalidation that brings the same settings (a refused save) keeps the merchant's edits.
  const savedJson = JSON.stringify(draftOf(data.settings));
  const saved = useMemo(() => JSON.parse(savedJson) as Draft, [savedJson]);
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  const set = useCallback(
    <K extends keyof Draft>(key: K) =>
      (value: Draft[K]) =>
        setDraft((d) => ({ ...d, [key]: value })),
    [],
  );
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const saving = save.state !== "idle";
  const errors = save.state === "idle" && save.data && !save.data.ok ? save.data.errors : {};
  const onSave = () => save.submit(payloadOf(draft), { method: "post" });
  const onDiscard = () => setDraft(saved);

  useOnSettled(save, (d) => {
    if (d.ok) shopify.toast.show(t("messaging.settings.saved"));
    else shopify.toast.show(t("messaging.error.fields"), { isError: true });
  });

  const starts = timeOptions(0, draft.windowStart);
  const ends = timeOptions(30, draft.windowEnd);
  const days = weekdays(data.locale);

  return (
    <Page
      title={t("messaging.settings.title")}
      subtitle={t("messaging.settings.subtitle")}
      backAction={{ content: t("messaging.nav.flows"), url: "/app/flows" }}
      secondaryActions={[{ content: t("messaging.nav.outbox"), url: "/app/outbox" }]}
    >
      <FormSaveBar id="messaging-settings-save-bar" open={dirty} saving={saving} onSave={onSave} onDiscard={onDiscard} t={t} />
      <BlockStack gap="500">
        {Object.keys(errors).length > 0 && (
          <Banner tone="critical" title={t("messaging.error.fields")}>
            <Text as="p">{t("messaging.error.fieldsHint")}</Text>
          </Banner>
        )}
        {data.settings.dryRun && <DryRunBanner t={t} settingsLink={false} />}
        <Layout>
          <Layout.AnnotatedSection
            id="window"
            title={t("messaging.settings.window.heading")}
            description={t("messaging.settings.window.explain", { zone: data.timeZone })}
          >
            <Card>
              <FormLayout>
                <FormLayout.Group>
                  <Select
                    label={t("messaging.settings.window.start")}
                    options={starts}
                    value={draft.windowStart}
                    onChange={set("windowStart")}
                    error={errors.windowStart}
                  />
                  <Select
                    label={t("messaging.settings.window.end")}
                    options={ends}
                    value={draft.windowEnd}
                    onChange={set("windowEnd")}
                    error={errors.windowEnd}
                  />
                </FormLayout.Group>
                <ChoiceList
                  allowMultiple
                  title={t("messaging.settings.quietDays")}
                  choices={days}
                  selected={draft.quietDays}
                  onChange={set("quietDays")}
                  error={errors.quietDays}
                />
                <Text as="p" tone="subdued">
                  {t("messaging.settings.quietDays.help")}
                </Text>
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection id="cap" title={t("messaging.settings.cap.heading")} description={t("messaging.settings.cap.explain")}>
            <Card>
              <FormLayout>
                {(
                  [
                    ["capShortCount", "capShortDays", "messaging.settings.cap.rule1"],
                    ["capLongCount", "capLongDays", "messaging.settings.cap.rule2"],
                  ] as const
                ).map(([count, per, heading]) => (
                  <BlockStack key={count} gap="200">
                    <Text as="h3" variant="headingSm">
                      {t(heading)}
                    </Text>
                    <FormLayout.Group condensed>
                      <TextField
                        label={t("messaging.settings.cap.count")}
                        type="number"
                        min={0}
                        value={draft[count]}
                        onChange={set(count)}
                        error={errors[count]}
                        helpText={t("messaging.settings.cap.countHelp")}
                        autoComplete="off"
                      />
                      <TextField
                        label={t("messaging.settings.cap.days")}
                        type="number"
                        min={1}
                        max={365}
                        value={draft[per]}
                        onChange={set(per)}
                        error={errors[per]}
                        autoComplete="off"
                      />
                    </FormLayout.Group>
                  </BlockStack>
                ))}
                <ChoiceList
                  title={t("messaging.settings.cap.action")}
                  choices={[
                    { value: "postpone", label: t("messaging.settings.cap.postpone"), helpText: t("messaging.settings.cap.postponeHelp") },
                    { value: "suppress", label: t("messaging.settings.cap.suppress"), helpText: t("messaging.settings.cap.suppressHelp") },
                  ]}
                  selected={[draft.capAction]}
                  onChange={([v]) => set("capAction")(v)}
                  error={errors.capAction}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="dry-run"
            title={t("messaging.settings.dryRun.heading")}
            description={t("messaging.settings.dryRun.explain")}
          >
            <Card>
              <Checkbox
                label={t("messaging.settings.dryRun.label")}
                helpText={t("messaging.settings.dryRun.help")}
                checked={draft.dryRun}
                onChange={set("dryRun")}
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="stuck"
            title={t("messaging.settings.stuck.heading")}
            description={t("messaging.settings.stuck.explain")}
          >
            <Card>
              <ChoiceList
                title={t("messaging.settings.stuck.label")}
                choices={[
                  { value: "ask", label: t("messaging.settings.stuck.ask"), helpText: t("messaging.settings.stuck.askHelp") },
                  { value: "resend", label: t("messaging.settings.stuck.resend"), helpText: t("messaging.settings.stuck.resendHelp") },
                  { value: "drop", label: t("messaging.settings.stuck.drop"), helpText: t("messaging.settings.stuck.dropHelp") },
                ]}
                selected={[draft.stuckPolicy]}
                onChange={([v]) => set("stuckPolicy")(v)}
                error={errors.stuckPolicy}
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="branding"
            title={t("messaging.settings.branding.heading")}
            description={t("messaging.settings.branding.explain")}
          >
            <Card>
              <FormLayout>
                <TextField
                  label={t("messaging.settings.branding.senderName")}
                  value={draft.senderName}
                  onChange={set("senderName")}
                  error={errors.senderName}
                  helpText={t("messaging.settings.branding.senderNameHelp")}
                  maxLength={80}
                  autoComplete="off"
                />
                <TextField
                  label={t("messaging.settings.branding.replyTo")}
                  type="email"
                  value={draft.replyTo}
                  onChange={set("replyTo")}
                  error={errors.replyTo}
                  helpText={t("messaging.settings.branding.replyToHelp")}
                  autoComplete="email"
                />
                <TextField
                  label={t("messaging.settings.branding.logoUrl")}
                  type="url"
                  value={draft.logoUrl}
                  onChange={set("logoUrl")}
                  error={errors.logoUrl}
                  helpText={t("messaging.settings.branding.logoUrlHelp")}
                  autoComplete="off"
                />
                <TextField
                  label={t("messaging.settings.branding.accentColor")}
                  value={draft.accentColor}
                  onChange={set("accentColor")}
                  error={errors.accentColor}
                  helpText={t("messaging.settings.branding.accentColorHelp")}
                  prefix={
                    <span
                      aria-hidden
                      style={{
                        display: "block",
                        width: 20,
                        height: 20,
                        borderRadius: 4,
                        border: "1px solid #8a8a8a",
                        background: /^#[0-9a-f]{6}$/i.test(draft.accentColor) ? draft.accentColor : "transparent",
                      }}
                    />
                  }
                  maxLength={7}
                  autoComplete="off"
                />
                <TextField
                  label={t("messaging.settings.branding.contactUrl")}
                  value={draft.contactUrl}
                  onChange={set("contactUrl")}
                  error={errors.contactUrl}
                  helpText={t("messaging.settings.branding.contactUrlHelp")}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
        <InlineStack align="end">
          <Button variant="primary" onClick={onSave} loading={saving} disabled={!dirty && !Object.keys(errors).length}>
            {t("messaging.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
