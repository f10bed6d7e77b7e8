// One return (/app/returns/<id>): its items with quantities, reasons, notes and photos, the amounts,
// the policy's decision in words (which rules fired and why), the customer and order, its steps and
// history; and what the merchant can do in its state: approve (with an optional message), decline
// (a reason and a message, both required), add the return label, mark the items received, process
// it (refund, store credit or exchange, saying what happens and for how much) and close it. Each is a
// form post with an `intent`, answered with a toast; when someone else acted first the page says so
// and shows the state they left; Shopify's own message is shown when it refuses. Another shop's
// return is a 404. Services: app/returns/admin.server.ts and actions.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { useOnSettled } from "~/components/messaging-toast";
import { PhotoThumb } from "~/components/reviews-ui";
import {
  ACTION_LABEL,
  ReturnBadge,
  ReturnsErrorBoundary,
  resolutionLabel,
  riskLabel,
  statusLook,
  traceLines,
} from "~/components/returns-ui";
import { resolveLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { translator, type Translate } from "~/i18n/translate";
import { formatMoney } from "~/orders/format-money";
import { shopTime } from "~/orders/format-time";
import { numericId, shopDisplay } from "~/orders/order-queries.server";
import { readForm } from "~/platform/form.server";
import { addReturnLabel, approveReturn, closeReturn, declineReturn, markReceived, processReturn } from "~/returns/actions.server";
import { returnDetail } from "~/returns/admin.server";
import { returnDeps } from "~/returns/deps.server";
import type { ActionResult, DeclineReason, ReturnAction, ReturnStatus } from "~/returns/types";
import { runtime } from "~/runtime.server";
import { staffActor } from "~/shops/staff-actor";
import { authenticate } from "~/shopify.server";

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DECLINE_REASONS = ["RETURN_PERIOD_ENDED", "FINAL_SALE", "OTHER"] as const satisfies readonly DeclineReason[];
const MAX_MESSAGE = 1000;

const EVENT: Record<string, MessageKey> = {
  requested: "returns.admin.event.requested",
  approved: "returns.admin.event.approved",
  declined: "returns.admin.event.declined",
  label_added: "returns.admin.event.label",
  labelled: "returns.admin.event.label",
  label: "returns.admin.event.label",
  in_transit: "returns.admin.event.label",
  received: "returns.admin.event.received",
  processed: "returns.admin.event.processed",
  refunded: "returns.admin.event.refunded",
  credited: "returns.admin.event.credited",
  exchanged: "returns.admin.event.exchanged",
  closed: "returns.admin.event.closed",
  cancelled: "returns.admin.event.cancelled",
  reopened: "returns.admin.event.reopened",
};

/** A return event's type ("return.approved") in words; an unknown one as its words. */
function eventLabel(t: Translate, type: string): string {
  const name = type.replace(/^returns?\./, "");
  const key = EVENT[name];
  return key ? t(key) : name.replace(/[._]/g, " ");
}

/** What processing will do, and for how much. */
function processPreview(t: Translate, resolution: string, amount: string, exchangeFor: string[]): string {
  if (resolution === "store_credit") return t("returns.admin.process.store_credit", { amount });
  if (resolution === "exchange")
    return t("returns.admin.process.exchange", { amount, items: exchangeFor.join(", ") || t("returns.admin.process.exchangeUnknown") });
  return t("returns.admin.process.refund", { amount });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const id = params.id ?? "";
  if (!ID.test(id)) throw new Response("Not found", { status: 404 });
  const locale = resolveLocale(request);
  const t = translator(locale);
  const rt = await runtime();
  const [detail, display] = await Promise.all([returnDetail(rt.db, shop, id, locale), shopDisplay(rt.db, shop)]);
  if (!detail) throw new Response("Not found", { status: 404 });
  const time = (at: string) => shopTime(locale, at, display.timezone);
  const currency = detail.amounts.currency;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const titles = Object.fromEntries(detail.items.map((i) => [i.lineItemGid, i.title]));
  const a = detail.amounts;
  const exchangeFor = detail.items.flatMap((i) => (i.exchangeFor ? [i.exchangeFor] : []));
  return {
    locale,
    maxMessage: MAX_MESSAGE,
    ret: {
      id: detail.id,
      name: detail.name,
      status: detail.status,
      statusLook: statusLook(t, detail.status),
      resolution: resolutionLabel(t, detail.resolution),
      approval: t(detail.approval === "auto" ? "returns.admin.approval.auto" : "returns.admin.approval.review"),
      risks: detail.riskFlags.map((f) => riskLabel(t, f)),
      orderName: detail.orderName,
      orderUrl: `/app/orders/${numericId(detail.orderGid)}`,
      customerName: detail.customerName,
      email: detail.email,
      customerUrl: detail.customerGid ? `/app/customers/${numericId(detail.customerGid)}` : null,
      customerNote: detail.customerNote,
      declineMessage: detail.declineMessage,
      storeCredit: detail.storeCreditMinor === null ? null : money(detail.storeCreditMinor),
      label: detail.label,
      allowed: detail.allowedActions,
      processPreview: processPreview(t, detail.resolution, money(a.totalMinor), exchangeFor),
    },
    items: detail.items.map((i) => ({
      id: i.id,
      title: i.title,
      quantity: i.quantity,
      reason: i.reason,
      note: i.note,
      exchangeFor: i.exchangeFor,
      photos: i.photoIds.map((photoId, n) => ({
        id: photoId,
        url: `/app/returns/photos/${encodeURIComponent(photoId)}`,
        alt: t("returns.admin.photo.alt", { number: n + 1, item: i.title }),
      })),
    })),
    amounts: [
      { key: "items", label: t("returns.admin.amounts.items"), value: money(a.itemsMinor) },
      ...(a.restockingFeeMinor
        ? [{ key: "restocking", label: t("returns.admin.amounts.restocking"), value: money(-a.restockingFeeMinor) }]
        : []),
      ...(a.shippingFeeMinor ? [{ key: "shipping", label: t("returns.admin.amounts.shipping"), value: money(-a.shippingFeeMinor) }] : []),
      ...(a.bonusMinor ? [{ key: "bonus", label: t("returns.admin.amounts.bonus"), value: money(a.bonusMinor) }] : []),
    ],
    total: { label: t(`returns.admin.amounts.total.${detail.resolution}`), value: money(a.totalMinor) },
    trace: traceLines(t, detail.trace, money, titles),
    steps: detail.steps.map((s) => ({
      status: s.status,
      label: t(`returns.admin.status.${s.status}`),
      at: s.at ? time(s.at) : null,
      done: s.done,
    })),
    events: detail.events.map((e, i) => ({
      key: `${i}-${e.type}`,
      text: eventLabel(t, e.type),
      at: time(e.at),
      isoAt: e.at,
      actor: e.actor,
    })),
  };
}

const url = z
  .string()
  .trim()
  .url()
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u));

const actionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), message: z.string().trim().max(MAX_MESSAGE).optional() }),
  z.object({ intent: z.literal("decline"), reason: z.enum(DECLINE_REASONS), message: z.string().trim().min(1).max(MAX_MESSAGE) }),
  z.object({
    intent: z.literal("label"),
    labelUrl: url,
    trackingNumber: z.string().trim().min(1).max(100),
    trackingUrl: url.optional().or(z.literal("").transform(() => undefined)),
    carrier: z.string().trim().max(100).optional(),
  }),
  z.object({ intent: z.literal("receive") }),
  z.object({ intent: z.literal("process") }),
  z.object({ intent: z.literal("close") }),
]);

type Intent = ReturnAction;
const INTENTS: readonly Intent[] = ["approve", "decline", "label", "receive", "process", "close"];

export type ReturnActionResult =
  | { ok: true; intent: Intent }
  | {
      ok: false;
      intent: Intent | null;
      error: "invalid" | Exclude<ActionResult, { ok: true }>["error"];
      message: string;
      fields: Record<string, string>;
      /** The return's status now (after "unchanged" or "invalid_state"). */
      status?: ReturnStatus;
    };

const STATUS = { invalid: 400, not_found: 404, unchanged: 409, invalid_state: 409, shopify: 502 } as const;

function answer(result: ReturnActionResult) {
  return Response.json(result, { status: result.ok ? 200 : STATUS[result.error] });
}

const FIELD_ERROR: Record<string, MessageKey> = {
  reason: "returns.admin.decline.needReason",
  message: "returns.admin.decline.needMessage",
  labelUrl: "returns.admin.label.needUrl",
  trackingNumber: "returns.admin.label.needTracking",
  trackingUrl: "returns.admin.label.badTrackingUrl",
  carrier: "returns.admin.label.badCarrier",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await authenticate.admin(request);
  const shop = ctx.session.shop;
  const t = translator(resolveLocale(request));
  const id = params.id ?? "";
  if (!ID.test(id)) return answer({ ok: false, intent: null, error: "not_found", message: t("returns.admin.error.notFound"), fields: {} });
  const form = await readForm(request);
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const parsed = actionInput.safeParse(raw);
  if (!parsed.success) {
    const intent = INTENTS.find((i) => i === raw.intent) ?? null;
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      const key = FIELD_ERROR[field];
      if (key && !fields[field]) fields[field] = t(field === "message" && intent === "approve" ? "returns.admin.approve.tooLong" : key);
    }
    const message = Object.values(fields)[0] ?? t("returns.admin.error.generic");
    return answer({ ok: false, intent, error: "invalid", message, fields });
  }
  const rt = await runtime();
  const deps = returnDeps(rt);
  const actor = staffActor(ctx);
  const input = parsed.data;
  let result: ActionResult;
  switch (input.intent) {
    case "approve":
      result = await approveReturn(deps, shop, id, actor, { message: input.message || undefined });
      break;
    case "decline":
      result = await declineReturn(deps, shop, id, actor, { reason: input.reason, message: input.message });
      break;
    case "label":
      result = await addReturnLabel(deps, shop, id, actor, {
        labelUrl: input.labelUrl,
        trackingNumber: input.trackingNumber,
        trackingUrl: input.trackingUrl,
        carrier: input.carrier || undefined,
      });
      break;
    case "receive":
      result = await markReceived(deps, shop, id, actor);
      break;
    case "process":
      result = await processReturn(deps, shop, id, actor);
      break;
    case "close":
      result = await closeReturn(deps, shop, id, actor);
      break;
  }
  if (result.ok) return answer({ ok: true, intent: input.intent });
  if (result.error === "unchanged" || result.error === "invalid_state") {
    const now = await returnDetail(rt.db, shop, id, resolveLocale(request));
    const status = now?.status;
    return answer({
      ok: false,
      intent: input.intent,
      error: result.error,
      message: status
        ? t(`returns.admin.error.${result.error}`, { status: t(`returns.admin.status.${status}`) })
        : t("returns.admin.error.notFound"),
      fields: {},
      status,
    });
  }
  const message =
    result.error === "shopify"
      ? t("returns.admin.error.shopify", { message: result.message })
      : t(result.error === "not_found" ? "returns.admin.error.notFound" : "returns.admin.error.generic");
  return answer({ ok: false, intent: input.intent, error: result.error, message, fields: {} });
}

const DONE: Record<Intent, MessageKey> = {
  approve: "returns.admin.done.approve",
  decline: "returns.admin.done.decline",
  label: "returns.admin.done.label",
  receive: "returns.admin.done.receive",
  process: "returns.admin.done.process",
  close: "returns.admin.done.close",
};

export default function ReturnPage() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const shopify = useAppBridge();
  const fetcher = useFetcher<ReturnActionResult>();
  const revalidator = useRevalidator();
  const { ret } = data;
  const [approveMessage, setApproveMessage] = useState("");
  const [declineReason, setDeclineReason] = useState<DeclineReason | "">("");
  const [declineMessage, setDeclineMessage] = useState("");
  const [label, setLabel] = useState({ labelUrl: "", trackingNumber: "", trackingUrl: "", carrier: "" });
  const busy = fetcher.state !== "idle";
  const pending = fetcher.formData?.get("intent");
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const fields = failed?.fields ?? {};

  useOnSettled(fetcher, (d) => {
    if (d.ok) {
      shopify.toast.show(t(DONE[d.intent]));
      setApproveMessage("");
      setDeclineReason("");
      setDeclineMessage("");
      return;
    }
    shopify.toast.show(d.message, { isError: true });
    // Someone else moved it first: show the state they left it in.
    if (d.error === "unchanged" || d.error === "invalid_state") revalidator.revalidate();
  });

  const post = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });
  const can = (a: ReturnAction) => ret.allowed.includes(a);
  const actionButton = (
    intent: Intent,
    extra: { primary?: boolean; tone?: "critical"; disabled?: boolean; fields?: Record<string, string> } = {},
  ) => (
    <Button
      variant={extra.primary ? "primary" : undefined}
      tone={extra.tone}
      loading={busy && pending === intent}
      disabled={busy || extra.disabled}
      onClick={() => post({ intent, ...extra.fields })}
    >
      {t(ACTION_LABEL[intent])}
    </Button>
  );

  return (
    <Page
      title={ret.name}
      subtitle={t("returns.admin.detail.subtitle", { order: ret.orderName, resolution: ret.resolution })}
      backAction={{ content: t("returns.admin.title"), url: "/app/returns" }}
      titleMetadata={<ReturnBadge look={ret.statusLook} />}
    >
      <Layout>
        {failed && (
          <Layout.Section>
            <Banner
              tone={failed.error === "unchanged" || failed.error === "invalid_state" ? "warning" : "critical"}
              title={failed.message}
            />
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            {ret.allowed.length > 0 && (
              <Card>
                <BlockStack gap="400">
                  <Text as="h2" variant="headingMd">
                    {t("returns.admin.actions.heading")}
                  </Text>
                  {can("approve") && (
                    <BlockStack gap="200">
                      <TextField
                        label={t("returns.admin.approve.message")}
                        helpText={t("returns.admin.approve.messageHelp")}
                        multiline={2}
                        maxLength={data.maxMessage}
                        value={approveMessage}
                        onChange={setApproveMessage}
                        error={failed?.intent === "approve" ? fields.message : undefined}
                        autoComplete="off"
                      />
                      <InlineStack>{actionButton("approve", { primary: true, fields: { message: approveMessage } })}</InlineStack>
                    </BlockStack>
                  )}
                  {can("decline") && (
                    <>
                      <Divider />
                      <BlockStack gap="200">
                        <Text as="h3" variant="headingSm">
                          {t("returns.admin.decline.heading")}
                        </Text>
                        <Select
                          label={t("returns.admin.decline.reason")}
                          options={[
                            { label: t("returns.admin.decline.choose"), value: "", disabled: true },
                            ...DECLINE_REASONS.map((r) => ({ label: t(`returns.admin.decline.reason.${r}`), value: r })),
                          ]}
                          value={declineReason}
                          onChange={(v) => setDeclineReason(v as DeclineReason)}
                          error={failed?.intent === "decline" ? fields.reason : undefined}
                        />
                        <TextField
                          label={t("returns.admin.decline.message")}
                          helpText={t("returns.admin.decline.messageHelp")}
                          multiline={3}
                          maxLength={data.maxMessage}
                          value={declineMessage}
                          onChange={setDeclineMessage}
                          error={failed?.intent === "decline" ? fields.message : undefined}
                          autoComplete="off"
                        />
                        <InlineStack>
                          {actionButton("decline", { tone: "critical", fields: { reason: declineReason, message: declineMessage } })}
                        </InlineStack>
                      </BlockStack>
                    </>
                  )}
                  {can("label") && (
                    <BlockStack gap="200">
                      <Text as="h3" variant="headingSm">
                        {t("returns.admin.label.heading")}
                      </Text>
                      <Text as="p" tone="subdued">
                        {t("returns.admin.label.explain")}
                      </Text>
                      <FormLayout>
                        <TextField
                          label={t("returns.admin.label.url")}
                          type="url"
                          value={label.labelUrl}
                          onChange={(labelUrl) => setLabel((l) => ({ ...l, labelUrl }))}
                          error={fields.labelUrl}
                          autoComplete="off"
                        />
                        <FormLayout.Group>
                          <TextField
                            label={t("returns.admin.label.tracking")}
                            value={label.trackingNumber}
                            onChange={(trackingNumber) => setLabel((l) => ({ ...l, trackingNumber }))}
                            error={fields.trackingNumber}
                            autoComplete="off"
                          />
                          <TextField
                            label={t("returns.admin.label.carrier")}
                            value={label.carrier}
                            onChange={(carrier) => setLabel((l) => ({ ...l, carrier }))}
                            error={fields.carrier}
                            autoComplete="off"
                          />
                        </FormLayout.Group>
                        <TextField
                          label={t("returns.admin.label.trackingUrl")}
                          type="url"
                          value={label.trackingUrl}
                          onChange={(trackingUrl) => setLabel((l) => ({ ...l, trackingUrl }))}
                          error={fields.trackingUrl}
                          autoComplete="off"
                        />
                      </FormLayout>
                      <InlineStack>{actionButton("label", { primary: true, fields: label })}</InlineStack>
                    </BlockStack>
                  )}
                  {can("receive") && (
                    <BlockStack gap="200">
                      <Text as="p">{t("returns.admin.receive.explain")}</Text>
                      <InlineStack>{actionButton("receive", { primary: true })}</InlineStack>
                    </BlockStack>
                  )}
                  {can("process") && (
                    <BlockStack gap="200">
                      <Text as="p" fontWeight="semibold">
                        {ret.processPreview}
                      </Text>
                      <InlineStack>{actionButton("process", { primary: true })}</InlineStack>
                    </BlockStack>
                  )}
                  {can("close") && (
                    <BlockStack gap="200">
                      <Text as="p">{t("returns.admin.close.explain")}</Text>
                      <InlineStack>{actionButton("close", { primary: !can("process") })}</InlineStack>
                    </BlockStack>
                  )}
                </BlockStack>
              </Card>
            )}

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("returns.admin.items.heading")}
                </Text>
                <BlockStack as="ul" gap="400">
                  {data.items.map((i) => (
                    <BlockStack as="li" key={i.id} gap="150">
                      <InlineStack gap="200" blockAlign="baseline">
                        <Text as="span" fontWeight="semibold">
                          {i.title}
                        </Text>
                        <Text as="span" tone="subdued">
                          {t("returns.admin.items.quantity", { count: i.quantity })}
                        </Text>
                      </InlineStack>
                      <Text as="p">{t("returns.admin.items.reason", { reason: i.reason })}</Text>
                      {i.exchangeFor && <Text as="p">{t("returns.admin.items.exchangeFor", { variant: i.exchangeFor })}</Text>}
                      {i.note && (
                        <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                          <Text as="p" tone="subdued">
                            {t("returns.admin.items.note", { note: i.note })}
                          </Text>
                        </div>
                      )}
                      {i.photos.length > 0 && (
                        <InlineStack gap="200">
                          {i.photos.map((p) => (
                            <PhotoThumb key={p.id} url={p.url} alt={p.alt} failed={t("returns.admin.photo.failed")} size={96} />
                          ))}
                        </InlineStack>
                      )}
                    </BlockStack>
                  ))}
                </BlockStack>
                {ret.customerNote && (
                  <Box paddingBlockStart="200">
                    <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                      <Text as="p">{t("returns.admin.items.customerNote", { note: ret.customerNote })}</Text>
                    </div>
                  </Box>
                )}
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("returns.admin.amounts.heading")}
                </Text>
                {data.amounts.map((a) => (
                  <InlineGrid key={a.key} columns="1fr auto">
                    <Text as="span">{a.label}</Text>
                    <Text as="span" numeric>
                      {a.value}
                    </Text>
                  </InlineGrid>
                ))}
                <Divider />
                <InlineGrid columns="1fr auto">
                  <Text as="span" fontWeight="semibold">
                    {data.total.label}
                  </Text>
                  <Text as="span" fontWeight="semibold" numeric>
                    {data.total.value}
                  </Text>
                </InlineGrid>
                {ret.storeCredit && <Text as="p">{t("returns.admin.amounts.storeCredit", { amount: ret.storeCredit })}</Text>}
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("returns.admin.trace.heading")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("returns.admin.trace.explain", { approval: ret.approval })}
                </Text>
                {data.trace.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("returns.admin.trace.empty")}
                  </Text>
                ) : (
                  <BlockStack as="ul" gap="150">
                    {data.trace.map((line) => (
                      <Box
                        as="li"
                        key={line.key}
                        borderInlineStartWidth="025"
                        borderColor={line.fired ? "border-caution" : "border"}
                        paddingInlineStart="200"
                      >
                        <Text as="p" fontWeight={line.fired ? "semibold" : undefined}>
                          {line.text}
                        </Text>
                        {line.items.length > 0 && (
                          <Text as="p" tone="subdued" variant="bodySm">
                            {line.items.join(", ")}
                          </Text>
                        )}
                      </Box>
                    ))}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("returns.admin.customer.heading")}
                </Text>
                {(ret.customerName || !ret.customerUrl) && <Text as="p">{ret.customerName ?? t("returns.admin.customer.guest")}</Text>}
                {ret.email && (
                  <Text as="p" breakWord>
                    {ret.email}
                  </Text>
                )}
                {ret.customerUrl && <Link url={ret.customerUrl}>{t("returns.admin.customer.view")}</Link>}
                <Text as="p">
                  <Text as="span" tone="subdued">
                    {t("returns.admin.customer.order")}
                  </Text>{" "}
                  <Link url={ret.orderUrl}>{ret.orderName}</Link>
                </Text>
                <Text as="p">
                  <Text as="span" tone="subdued">
                    {t("returns.admin.customer.approval")}
                  </Text>{" "}
                  {ret.approval}
                </Text>
                {ret.risks.length > 0 && (
                  <Text as="p" tone="caution">
                    {t("returns.admin.customer.risks", { risks: ret.risks.join(", ") })}
                  </Text>
                )}
              </BlockStack>
            </Card>
            {ret.label && (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("returns.admin.label.heading")}
                  </Text>
                  {ret.label.url && (
                    <Link url={ret.label.url} external>
                      {t("returns.admin.label.open")}
                    </Link>
                  )}
                  {ret.label.trackingNumber && (
                    <Text as="p">
                      {t("returns.admin.label.trackingShown", { number: ret.label.trackingNumber })}
                      {ret.label.carrier ? ` · ${ret.label.carrier}` : ""}
                    </Text>
                  )}
                  {ret.label.trackingUrl && (
                    <Link url={ret.label.trackingUrl} external>
                      {t("returns.admin.label.track")}
                    </Link>
                  )}
                </BlockStack>
              </Card>
            )}
            {ret.declineMessage && (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("returns.admin.decline.sent")}
                  </Text>
                  <Text as="p">{ret.declineMessage}</Text>
                </BlockStack>
              </Card>
            )}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("returns.admin.steps.heading")}
                </Text>
                <List type="number">
                  {data.steps.map((s) => (
                    <List.Item key={s.status}>
                      <Text as="span" fontWeight={s.done ? "semibold" : undefined} tone={s.done ? undefined : "subdued"}>
                        {s.done ? t("returns.admin.steps.done", { step: s.label }) : s.label}
                      </Text>
                      {s.at && (
                        <Text as="span" tone="subdued">
                          {" "}
                          {s.at}
                        </Text>
                      )}
                    </List.Item>
                  ))}
                </List>
                <Divider />
                <Text as="h3" variant="headingSm">
                  {t("returns.admin.history.heading")}
                </Text>
                {data.events.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("returns.admin.history.empty")}
                  </Text>
                ) : (
                  <BlockStack as="ol" gap="200">
                    {data.events.map((e) => (
                      <Box as="li" key={e.key}>
                        <Text as="p">{e.text}</Text>
                        <Text as="p" tone="subdued" variant="bodySm">
                          <time dateTime={e.isoAt}>{e.at}</time>
                          {e.actor ? ` · ${e.actor}` : ""}
                        </Text>
                      </Box>
                    ))}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = ReturnsErrorBoundary;
