// The returns policy settings (/app/returns/settings): the return window and the transit buffer, rules
// per product, collection or tag (final sale, their own window or restocking fee, exchange or credit
// only), the restocking fee and return shipping, the resolutions offered and their bonuses, the
// return reasons in English and Polish with Shopify's reason and whether a photo is required, and
// when a request is approved automatically or must be reviewed. The page turns what was typed into a
// policy (app/components/returns-policy-draft.tsx); the action checks it with returnPolicySchema and
// answers each problem on its field; saved through App Bridge's contextual save bar.
// Storage in app/returns/settings.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
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
import { useEffect, useMemo, useRef, useState } from "react";
import { FormSaveBar } from "~/components/messaging-save-bar";
import { useOnSettled } from "~/components/messaging-toast";
import {
  draftOfPolicy,
  newRuleDraft,
  policyErrors,
  policyOfDraft,
  type PolicyDraft,
  type RuleDraft,
  type Tri,
} from "~/components/returns-policy-draft";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { shopDisplay } from "~/orders/order-queries.server";
import { readForm } from "~/platform/form.server";
import { returnPolicySchema } from "~/returns/policy-schema";
import {
  RULE_TARGETS,
  SHOPIFY_RETURN_REASONS,
  type ReturnReasonOption,
  type RuleTarget,
  type ShopifyReturnReason,
} from "~/returns/policy-types";
import { loadReturnPolicy, saveReturnPolicy } from "~/returns/settings.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const locale = resolveLocale(request);
  const rt = await runtime();
  const [policy, display] = await Promise.all([loadReturnPolicy(rt.db, session.shop), shopDisplay(rt.db, session.shop)]);
  const currency = display.currency ?? "USD";
  return { locale, currency, draft: draftOfPolicy(policy, currency) };
}

export type SettingsResult = { ok: true; errors: Record<string, never> } | { ok: false; errors: Record<string, string> };

/** `policy`: the policy as JSON; refused field by field (paths like "reasons.2.label.pl"), or saved. */
export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const t = translator(resolveLocale(request));
  const form = await readForm(request);
  const raw = form.get("policy");
  let candidate: unknown = null;
  try {
    candidate = typeof raw === "string" ? JSON.parse(raw) : null;
  } catch {
    candidate = null;
  }
  const parsed = returnPolicySchema.safeParse(candidate);
  if (!parsed.success)
    return Response.json({ ok: false, errors: policyErrors(parsed.error.issues, t) } satisfies SettingsResult, { status: 400 });
  const rt = await runtime();
  await saveReturnPolicy(rt.db, session.shop, parsed.data);
  return Response.json({ ok: true, errors: {} } satisfies SettingsResult);
}

const TRI: Tri[] = ["inherit", "yes", "no"];

/** The resolutions that carry a bonus, in the order the form shows them. */
const BONUS_RESOLUTIONS = [
  {
    key: "storeCredit",
    label: "returns.admin.resolution.store_credit",
    help: "returns.admin.settings.storeCredit.help",
    bonus: "returns.admin.settings.storeCreditBonus",
  },
  {
    key: "exchange",
    label: "returns.admin.resolution.exchange",
    help: "returns.admin.settings.exchange.help",
    bonus: "returns.admin.settings.exchangeBonus",
  },
] as const;

export default function ReturnSettings() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const shopify = useAppBridge();
  const save = useFetcher<SettingsResult>();
  // Keyed by value: a revalidation that brings the same policy (a refused save) keeps the merchant's edits.
  const savedJson = JSON.stringify(data.draft);
  const saved = useMemo(() => JSON.parse(savedJson) as PolicyDraft, [savedJson]);
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  const nextId = useRef(0);
  const dirty = JSON.stringify(draft) !== savedJson;
  const saving = save.state !== "idle";
  const errors: Record<string, string> = save.state === "idle" && save.data && !save.data.ok ? save.data.errors : {};
  const err = (path: string) => errors[path];
  const onSave = () => save.submit({ policy: JSON.stringify(policyOfDraft(draft, data.currency)) }, { method: "post" });
  const onDiscard = () => setDraft(saved);

  useOnSettled(save, (d) => {
    if (d.ok) shopify.toast.show(t("returns.admin.settings.saved"));
    else shopify.toast.show(t("returns.admin.settings.error.fields"), { isError: true });
  });

  const patch = (change: (d: PolicyDraft) => PolicyDraft) => setDraft((d) => change(structuredClone(d)));
  const setRule = (index: number, change: Partial<RuleDraft>) =>
    patch((d) => ({ ...d, rules: d.rules.map((r, i) => (i === index ? { ...r, ...change } : r)) }));
  const setReason = (index: number, change: (r: ReturnReasonOption) => ReturnReasonOption) =>
    patch((d) => ({ ...d, reasons: d.reasons.map((r, i) => (i === index ? change(r) : r)) }));
  const triOptions = (yes: string, no: string) =>
    TRI.map((v) => ({ value: v, label: v === "inherit" ? t("returns.admin.settings.rule.inherit") : v === "yes" ? yes : no }));
  const currencyField = { suffix: data.currency, inputMode: "decimal" as const, autoComplete: "off" };

  return (
    <Page
      title={t("returns.admin.settings.title")}
      subtitle={t("returns.admin.settings.subtitle")}
      backAction={{ content: t("returns.admin.title"), url: "/app/returns" }}
    >
      <FormSaveBar id="returns-settings-save-bar" open={dirty} saving={saving} onSave={onSave} onDiscard={onDiscard} t={t} />
      <BlockStack gap="500">
        {Object.keys(errors).length > 0 && (
          <Banner tone="critical" title={t("returns.admin.settings.error.fields")}>
            <Text as="p">{errors[""] ?? t("returns.admin.settings.error.fieldsHint")}</Text>
          </Banner>
        )}
        <Layout>
          <Layout.AnnotatedSection
            id="window"
            title={t("returns.admin.settings.window.heading")}
            description={t("returns.admin.settings.window.explain")}
          >
            <Card>
              <FormLayout>
                <TextField
                  label={t("returns.admin.settings.windowDays")}
                  type="number"
                  min={1}
                  suffix={t("returns.admin.settings.days")}
                  value={draft.windowDays}
                  onChange={(windowDays) => patch((d) => ({ ...d, windowDays }))}
                  error={err("windowDays")}
                  helpText={t("returns.admin.settings.windowDays.help")}
                  autoComplete="off"
                />
                <TextField
                  label={t("returns.admin.settings.transitBufferDays")}
                  type="number"
                  min={0}
                  max={60}
                  suffix={t("returns.admin.settings.days")}
                  value={draft.transitBufferDays}
                  onChange={(transitBufferDays) => patch((d) => ({ ...d, transitBufferDays }))}
                  error={err("transitBufferDays")}
                  helpText={t("returns.admin.settings.transitBufferDays.help")}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="fees"
            title={t("returns.admin.settings.fees.heading")}
            description={t("returns.admin.settings.fees.explain")}
          >
            <Card>
              <FormLayout>
                <TextField
                  label={t("returns.admin.settings.restockingFee")}
                  type="number"
                  min={0}
                  max={100}
                  suffix="%"
                  value={draft.restockingFeePercent}
                  onChange={(restockingFeePercent) => patch((d) => ({ ...d, restockingFeePercent }))}
                  error={err("restockingFeePercent")}
                  autoComplete="off"
                />
                <Checkbox
                  label={t("returns.admin.settings.waiveRestocking")}
                  helpText={t("returns.admin.settings.waiveRestocking.help")}
                  checked={draft.waiveRestockingFeeForCreditOrExchange}
                  onChange={(v) => patch((d) => ({ ...d, waiveRestockingFeeForCreditOrExchange: v }))}
                />
                <ChoiceList
                  title={t("returns.admin.settings.shippingPayer")}
                  choices={[
                    { value: "customer", label: t("returns.admin.settings.shippingPayer.customer") },
                    { value: "merchant", label: t("returns.admin.settings.shippingPayer.merchant") },
                  ]}
                  selected={[draft.returnShipping.payer]}
                  onChange={([v]) =>
                    patch((d) => ({ ...d, returnShipping: { ...d.returnShipping, payer: v === "merchant" ? "merchant" : "customer" } }))
                  }
                  error={err("returnShipping.payer")}
                />
                {draft.returnShipping.payer === "customer" && (
                  <TextField
                    label={t("returns.admin.settings.shippingFee")}
                    {...currencyField}
                    value={draft.returnShipping.feeMinor}
                    onChange={(feeMinor) => patch((d) => ({ ...d, returnShipping: { ...d.returnShipping, feeMinor } }))}
                    error={err("returnShipping.feeMinor")}
                    helpText={t("returns.admin.settings.shippingFee.help")}
                  />
                )}
                <Checkbox
                  label={t("returns.admin.settings.waiveShipping")}
                  checked={draft.returnShipping.waiveForExchange}
                  onChange={(v) => patch((d) => ({ ...d, returnShipping: { ...d.returnShipping, waiveForExchange: v } }))}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="resolutions"
            title={t("returns.admin.settings.resolutions.heading")}
            description={t("returns.admin.settings.resolutions.explain")}
          >
            <Card>
              <FormLayout>
                {err("resolutions") && (
                  <Text as="p" tone="critical">
                    {err("resolutions")}
                  </Text>
                )}
                <Checkbox
                  label={t("returns.admin.resolution.refund")}
                  helpText={t("returns.admin.settings.refund.help")}
                  checked={draft.resolutions.refund.enabled}
                  onChange={(enabled) => patch((d) => ({ ...d, resolutions: { ...d.resolutions, refund: { enabled } } }))}
                />
                {BONUS_RESOLUTIONS.map(({ key, label, help, bonus }) => (
                  <BlockStack gap="200" key={key}>
                    <Checkbox
                      label={t(label)}
                      helpText={t(help)}
                      checked={draft.resolutions[key].enabled}
                      onChange={(enabled) =>
                        patch((d) => ({ ...d, resolutions: { ...d.resolutions, [key]: { ...d.resolutions[key], enabled } } }))
                      }
                    />
                    {draft.resolutions[key].enabled && (
                      <TextField
                        label={t(bonus)}
                        type="number"
                        min={0}
                        max={100}
                        suffix="%"
                        value={draft.resolutions[key].bonusPercent}
                        onChange={(bonusPercent) =>
                          patch((d) => ({ ...d, resolutions: { ...d.resolutions, [key]: { ...d.resolutions[key], bonusPercent } } }))
                        }
                        error={err(`resolutions.${key}.bonusPercent`)}
                        autoComplete="off"
                      />
                    )}
                  </BlockStack>
                ))}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="rules"
            title={t("returns.admin.settings.rules.heading")}
            description={t("returns.admin.settings.rules.explain")}
          >
            <Card>
              <BlockStack gap="400">
                {err("rules") && (
                  <Text as="p" tone="critical">
                    {err("rules")}
                  </Text>
                )}
                {draft.rules.length === 0 && (
                  <Text as="p" tone="subdued">
                    {t("returns.admin.settings.rules.empty")}
                  </Text>
                )}
                {draft.rules.map((rule, i) => (
                  <Box key={rule.id} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
                    <BlockStack gap="200">
                      <Text as="h3" variant="headingSm">
                        {t("returns.admin.settings.rule.heading", { number: i + 1 })}
                      </Text>
                      {err(`rules.${i}`) && (
                        <Text as="p" tone="critical">
                          {err(`rules.${i}`)}
                        </Text>
                      )}
                      <FormLayout>
                        <FormLayout.Group>
                          <Select
                            label={t("returns.admin.settings.rule.target")}
                            options={RULE_TARGETS.map((v) => ({ value: v, label: t(`returns.admin.settings.rule.target.${v}`) }))}
                            value={rule.target}
                            onChange={(v) => setRule(i, { target: v as RuleTarget })}
                          />
                          <TextField
                            label={t("returns.admin.settings.rule.value")}
                            value={rule.value}
                            onChange={(value) => setRule(i, { value })}
                            error={err(`rules.${i}.value`)}
                            helpText={t(
                              rule.target === "tag"
                                ? "returns.admin.settings.rule.value.tagHelp"
                                : "returns.admin.settings.rule.value.gidHelp",
                            )}
                            autoComplete="off"
                          />
                        </FormLayout.Group>
                        <FormLayout.Group>
                          <Select
                            label={t("returns.admin.settings.rule.finalSale")}
                            options={triOptions(
                              t("returns.admin.settings.rule.finalSale.yes"),
                              t("returns.admin.settings.rule.finalSale.no"),
                            )}
                            value={rule.finalSale}
                            onChange={(v) => setRule(i, { finalSale: v as Tri })}
                          />
                          <Select
                            label={t("returns.admin.settings.rule.exchangeOnly")}
                            options={triOptions(
                              t("returns.admin.settings.rule.exchangeOnly.yes"),
                              t("returns.admin.settings.rule.exchangeOnly.no"),
                            )}
                            value={rule.exchangeOrCreditOnly}
                            onChange={(v) => setRule(i, { exchangeOrCreditOnly: v as Tri })}
                          />
                        </FormLayout.Group>
                        <FormLayout.Group>
                          <Select
                            label={t("returns.admin.settings.rule.window")}
                            options={[
                              { value: "inherit", label: t("returns.admin.settings.rule.inherit") },
                              { value: "unlimited", label: t("returns.admin.settings.rule.window.unlimited") },
                              { value: "days", label: t("returns.admin.settings.rule.window.days") },
                            ]}
                            value={rule.windowMode}
                            onChange={(v) => setRule(i, { windowMode: v as RuleDraft["windowMode"] })}
                          />
                          <TextField
                            label={t("returns.admin.settings.rule.windowDays")}
                            type="number"
                            min={1}
                            suffix={t("returns.admin.settings.days")}
                            value={rule.windowMode === "days" ? rule.windowDays : ""}
                            onChange={(windowDays) => setRule(i, { windowDays, windowMode: "days" })}
                            error={err(`rules.${i}.windowDays`)}
                            disabled={rule.windowMode !== "days"}
                            autoComplete="off"
                          />
                        </FormLayout.Group>
                        <TextField
                          label={t("returns.admin.settings.rule.restockingFee")}
                          type="number"
                          min={0}
                          max={100}
                          suffix="%"
                          value={rule.restockingFeePercent}
                          onChange={(restockingFeePercent) => setRule(i, { restockingFeePercent })}
                          error={err(`rules.${i}.restockingFeePercent`)}
                          helpText={t("returns.admin.settings.rule.restockingFee.help")}
                          autoComplete="off"
                        />
                      </FormLayout>
                      <InlineStack>
                        <Button
                          tone="critical"
                          variant="plain"
                          onClick={() => patch((d) => ({ ...d, rules: d.rules.filter((_, n) => n !== i) }))}
                        >
                          {t("returns.admin.settings.rule.remove", { number: i + 1 })}
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  </Box>
                ))}
                <InlineStack>
                  <Button
                    onClick={() =>
                      patch((d) => ({ ...d, rules: [...d.rules, newRuleDraft(`rule-${Date.now().toString(36)}-${nextId.current++}`)] }))
                    }
                  >
                    {t("returns.admin.settings.rule.add")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="reasons"
            title={t("returns.admin.settings.reasons.heading")}
            description={t("returns.admin.settings.reasons.explain")}
          >
            <Card>
              <BlockStack gap="400">
                {err("reasons") && (
                  <Text as="p" tone="critical">
                    {err("reasons")}
                  </Text>
                )}
                {draft.reasons.map((reason, i) => (
                  <Box key={i} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
                    <BlockStack gap="200">
                      <FormLayout>
                        <FormLayout.Group>
                          <TextField
                            label={t("returns.admin.settings.reason.labelEn")}
                            value={reason.label.en}
                            onChange={(en) => setReason(i, (r) => ({ ...r, label: { ...r.label, en } }))}
                            error={err(`reasons.${i}.label.en`)}
                            autoComplete="off"
                          />
                          <TextField
                            label={t("returns.admin.settings.reason.labelPl")}
                            value={reason.label.pl}
                            onChange={(pl) => setReason(i, (r) => ({ ...r, label: { ...r.label, pl } }))}
                            error={err(`reasons.${i}.label.pl`)}
                            autoComplete="off"
                          />
                        </FormLayout.Group>
                        <FormLayout.Group>
                          <TextField
                            label={t("returns.admin.settings.reason.code")}
                            value={reason.code}
                            onChange={(code) => setReason(i, (r) => ({ ...r, code }))}
                            error={err(`reasons.${i}.code`)}
                            helpText={t("returns.admin.settings.reason.codeHelp")}
                            autoComplete="off"
                          />
                          <Select
                            label={t("returns.admin.settings.reason.shopify")}
                            options={SHOPIFY_RETURN_REASONS.map((v) => ({ value: v, label: t(`returns.admin.shopifyReason.${v}`) }))}
                            value={reason.shopifyReason}
                            onChange={(v) => setReason(i, (r) => ({ ...r, shopifyReason: v as ShopifyReturnReason }))}
                            error={err(`reasons.${i}.shopifyReason`)}
                          />
                        </FormLayout.Group>
                        <Checkbox
                          label={t("returns.admin.settings.reason.photo")}
                          checked={reason.requiresPhoto}
                          onChange={(requiresPhoto) => setReason(i, (r) => ({ ...r, requiresPhoto }))}
                        />
                      </FormLayout>
                      <InlineStack>
                        <Button
                          tone="critical"
                          variant="plain"
                          disabled={draft.reasons.length <= 1}
                          onClick={() =>
                            patch((d) => ({
                              ...d,
                              reasons: d.reasons.filter((_, n) => n !== i),
                              autoApproval: { ...d.autoApproval, reasonCodes: d.autoApproval.reasonCodes.filter((c) => c !== reason.code) },
                            }))
                          }
                        >
                          {t("returns.admin.settings.reason.remove", { reason: reason.label[data.locale] || reason.code })}
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  </Box>
                ))}
                <InlineStack>
                  <Button
                    disabled={draft.reasons.length >= 50}
                    onClick={() =>
                      patch((d) => ({
                        ...d,
                        reasons: [...d.reasons, { code: "", label: { en: "", pl: "" }, shopifyReason: "OTHER", requiresPhoto: false }],
                      }))
                    }
                  >
                    {t("returns.admin.settings.reason.add")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="approval"
            title={t("returns.admin.settings.approval.heading")}
            description={t("returns.admin.settings.approval.explain")}
          >
            <Card>
              <FormLayout>
                <Checkbox
                  label={t("returns.admin.settings.auto.enabled")}
                  helpText={t("returns.admin.settings.auto.enabled.help")}
                  checked={draft.autoApproval.enabled}
                  onChange={(enabled) => patch((d) => ({ ...d, autoApproval: { ...d.autoApproval, enabled } }))}
                />
                <TextField
                  label={t("returns.admin.settings.auto.maxValue")}
                  {...currencyField}
                  value={draft.autoApproval.maxValueMinor}
                  onChange={(maxValueMinor) => patch((d) => ({ ...d, autoApproval: { ...d.autoApproval, maxValueMinor } }))}
                  error={err("autoApproval.maxValueMinor")}
                  helpText={t("returns.admin.settings.auto.maxValue.help")}
                  disabled={!draft.autoApproval.enabled}
                />
                <ChoiceList
                  allowMultiple
                  title={t("returns.admin.settings.auto.reasons")}
                  choices={draft.reasons
                    .filter((r) => r.code.trim())
                    .map((r) => ({ value: r.code, label: r.label[data.locale] || r.code }))}
                  selected={draft.autoApproval.reasonCodes}
                  onChange={(reasonCodes) => patch((d) => ({ ...d, autoApproval: { ...d.autoApproval, reasonCodes } }))}
                  error={Object.entries(errors).find(([k]) => k.startsWith("autoApproval.reasonCodes"))?.[1]}
                  disabled={!draft.autoApproval.enabled}
                />
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("returns.admin.settings.auto.reasons.help")}
                </Text>
                <Checkbox
                  label={t("returns.admin.settings.auto.unflagged")}
                  checked={draft.autoApproval.requireUnflaggedCustomer}
                  onChange={(requireUnflaggedCustomer) =>
                    patch((d) => ({ ...d, autoApproval: { ...d.autoApproval, requireUnflaggedCustomer } }))
                  }
                  disabled={!draft.autoApproval.enabled}
                />
                <Text as="h3" variant="headingSm">
                  {t("returns.admin.settings.review.heading")}
                </Text>
                <Checkbox
                  label={t("returns.admin.settings.review.international")}
                  checked={draft.review.international}
                  onChange={(international) => patch((d) => ({ ...d, review: { ...d.review, international } }))}
                />
                <TextField
                  label={t("returns.admin.settings.review.valueOver")}
                  {...currencyField}
                  value={draft.review.valueOverMinor}
                  onChange={(valueOverMinor) => patch((d) => ({ ...d, review: { ...d.review, valueOverMinor } }))}
                  error={err("review.valueOverMinor")}
                  helpText={t("returns.admin.settings.review.valueOver.help")}
                />
                <TextField
                  label={t("returns.admin.settings.review.serial")}
                  type="number"
                  min={1}
                  value={draft.review.serialReturnerMinReturns}
                  onChange={(serialReturnerMinReturns) => patch((d) => ({ ...d, review: { ...d.review, serialReturnerMinReturns } }))}
                  error={err("review.serialReturnerMinReturns")}
                  helpText={t("returns.admin.settings.review.serial.help")}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
        <InlineStack align="end">
          <Button variant="primary" onClick={onSave} loading={saving} disabled={!dirty && !Object.keys(errors).length}>
            {t("returns.admin.settings.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
