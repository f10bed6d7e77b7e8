// One review (/app/reviews/<id>): its stars, title and text (plain text, as written), author and
// email, product, order and customer, labels (verified buyer, incentivised, imported), why it waits,
// its photos and its history; the merchant publishes, unpublishes, rejects it for a policy reason
// (never for the rating) and writes, changes or removes the public reply. Each change is a form
// post with an `intent`, answered with a toast or an error banner. Another shop's review is a 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Link, List, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useOnSettled } from "~/components/messaging-toast";
import { notFoundBoundary } from "~/components/not-found-page";
import { Badges, PhotoThumb, Stars } from "~/components/reviews-ui";
import { resolveLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { translator, type Translate } from "~/i18n/translate";
import { intlLocale } from "~/orders/format-money";
import { shopTime } from "~/orders/format-time";
import { numericId, shopDisplay } from "~/orders/order-queries.server";
import { readForm } from "~/platform/form.server";
import { ratingWords, reviewDetail, reviewHistory, reviewLooks, type ReviewHistoryEntry } from "~/reviews/admin-queries.server";
import { MAX_REPLY, publishReview, rejectReview, replyToReview, unpublishReview } from "~/reviews/moderation.server";
import { REJECT_REASONS, REVIEW_SOURCES, type RejectReason } from "~/reviews/types";
import { runtime } from "~/runtime.server";
import { staffActor } from "~/shops/staff-actor";
import { authenticate } from "~/shopify.server";

const ID = /^[A-Za-z0-9_-]{1,64}$/;

const HISTORY: Record<string, MessageKey> = {
  "review.submitted": "reviews.admin.history.submitted",
  "review.published": "reviews.admin.history.published",
  "review.unpublished": "reviews.admin.history.unpublished",
  "review.rejected": "reviews.admin.history.rejected",
  "review.replied": "reviews.admin.history.replied",
};

function historyLine(t: Translate, e: ReviewHistoryEntry): string | null {
  const key = HISTORY[e.type];
  if (!key) return null;
  if (e.type === "review.replied" && e.removed) return t("reviews.admin.history.replyRemoved");
  if (e.type === "review.rejected" && e.reason && (REJECT_REASONS as readonly string[]).includes(e.reason))
    return t("reviews.admin.history.rejectedFor", { reason: t(`reviews.admin.reject.${e.reason as RejectReason}`) });
  return t(key);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const id = params.id ?? "";
  if (!ID.test(id)) throw new Response("Not found", { status: 404 });
  const locale = resolveLocale(request);
  const t = translator(locale);
  const rt = await runtime();
  const [review, history, display] = await Promise.all([
    reviewDetail(rt.db, shop, id),
    reviewHistory(rt.db, shop, id),
    shopDisplay(rt.db, shop),
  ]);
  if (!review) throw new Response("Not found", { status: 404 });
  const order = review.orderGid
    ? await rt.db.order.findUnique({ where: { shop_orderGid: { shop, orderGid: review.orderGid } }, select: { name: true } })
    : null;
  const time = (d: Date) => shopTime(locale, d, display.timezone);
  const kb = new Intl.NumberFormat(intlLocale(locale), { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 });
  const looks = reviewLooks(t, review);
  const written: { key: string; text: string; date: string; actor: string | null }[] = [
    {
      key: "written",
      text: t(review.source === "import" ? "reviews.admin.history.imported" : "reviews.admin.history.written"),
      date: time(review.source === "import" ? review.createdAt : review.submittedAt),
      actor: null,
    },
  ];
  if (review.editedAt) written.push({ key: "edited", text: t("reviews.admin.history.edited"), date: time(review.editedAt), actor: null });
  const events = history.flatMap((e, i) => {
    // The submission is the first line already (from the review itself).
    if (e.type === "review.submitted") return [];
    const text = historyLine(t, e);
    return text ? [{ key: `e${i}`, text, date: time(e.at), actor: e.actor }] : [];
  });
  const productId = numericId(review.productGid);
  return {
    locale,
    maxReply: MAX_REPLY,
    review: {
      id: review.id,
      rating: review.rating,
      ratingLabel: ratingWords(t, review.rating),
      title: review.title,
      body: review.body,
      author: review.authorName,
      email: review.authorEmail,
      product: review.productTitle,
      productQueueUrl: `/app/reviews?tab=all&product=${encodeURIComponent(productId)}`,
      order: review.orderGid
        ? { url: `/app/orders/${numericId(review.orderGid)}`, name: order?.name ?? `#${numericId(review.orderGid)}` }
        : null,
      customerUrl: review.customerGid ? `/app/customers/${numericId(review.customerGid)}` : null,
      ...looks,
      status: review.status,
      statusLook: looks.status,
      source: (REVIEW_SOURCES as readonly string[]).includes(review.source)
        ? t(`reviews.admin.source.${review.source as "email"}`)
        : review.source,
      verified: review.verified,
      incentivised: review.incentivised,
      submitted: time(review.submittedAt),
      published: review.publishedAt ? time(review.publishedAt) : null,
      reply: review.reply ?? "",
      replied: review.repliedAt ? time(review.repliedAt) : null,
    },
    photos: review.photos.map((p, i) => ({
      id: p.id,
      url: `/app/reviews/photos/${encodeURIComponent(p.id)}`,
      alt: t("reviews.admin.photo.alt", { number: i + 1 }),
      size: kb.format(Math.max(1, Math.round(p.size / 1024))),
      type: p.contentType.replace(/^image\//, "").toUpperCase(),
    })),
    history: [...written, ...events],
  };
}

const actionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("unpublish") }),
  z.object({ intent: z.literal("reject"), reason: z.enum(REJECT_REASONS) }),
  z.object({ intent: z.literal("reply"), reply: z.string().trim().min(1).max(MAX_REPLY) }),
  z.object({ intent: z.literal("removeReply") }),
]);

export type ReviewIntent = z.infer<typeof actionInput>["intent"];
export type ReviewActionResult =
  | { ok: true; intent: ReviewIntent }
  | { ok: false; intent: ReviewIntent | null; error: "not_found" | "unchanged" | "invalid" | "reason" | "reply_empty" | "reply_long" };

const STATUS = { not_found: 404, unchanged: 409, invalid: 400, reason: 400, reply_empty: 400, reply_long: 400 } as const;

function answer(result: ReviewActionResult) {
  return Response.json(result, { status: result.ok ? 200 : STATUS[result.error] });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await authenticate.admin(request);
  const shop = ctx.session.shop;
  const id = params.id ?? "";
  if (!ID.test(id)) return answer({ ok: false, intent: null, error: "not_found" });
  const form = await readForm(request);
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const parsed = actionInput.safeParse(raw);
  if (!parsed.success) {
    const intent = (["publish", "unpublish", "reject", "reply", "removeReply"] as const).find((i) => i === raw.intent) ?? null;
    const tooLong = parsed.error.issues.some((i) => i.path[0] === "reply" && i.code === "too_big");
    const error = intent === "reject" ? "reason" : intent === "reply" ? (tooLong ? "reply_long" : "reply_empty") : ("invalid" as const);
    return answer({ ok: false, intent, error });
  }
  const rt = await runtime();
  const deps = { db: rt.db, events: rt.events, jobs: rt.jobs, clock: rt.clock };
  const actor = staffActor(ctx);
  const input = parsed.data;
  const result =
    input.intent === "publish"
      ? await publishReview(deps, shop, id, actor)
      : input.intent === "unpublish"
        ? await unpublishReview(deps, shop, id, actor)
        : input.intent === "reject"
          ? await rejectReview(deps, shop, id, input.reason, actor)
          : await replyToReview(deps, shop, id, input.intent === "reply" ? input.reply : null, actor);
  return answer(result.ok ? { ok: true, intent: input.intent } : { ok: false, intent: input.intent, error: result.error });
}

const DONE: Record<ReviewIntent, MessageKey> = {
  publish: "reviews.admin.done.publish",
  unpublish: "reviews.admin.done.unpublish",
  reject: "reviews.admin.done.reject",
  reply: "reviews.admin.done.reply",
  removeReply: "reviews.admin.done.removeReply",
};

const ERROR: Record<Exclude<ReviewActionResult, { ok: true }>["error"], MessageKey> = {
  not_found: "reviews.admin.error.notFound",
  unchanged: "reviews.admin.error.unchanged",
  invalid: "reviews.admin.error.generic",
  reason: "reviews.admin.reject.needReason",
  reply_empty: "reviews.admin.reply.empty",
  reply_long: "reviews.admin.reply.tooLong",
};

export default function ReviewPage() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const shopify = useAppBridge();
  const fetcher = useFetcher<ReviewActionResult>();
  const { review } = data;
  const [reply, setReply] = useState(review.reply);
  useEffect(() => setReply(review.reply), [review.reply]);
  const [reason, setReason] = useState<RejectReason | "">("");
  const busy = fetcher.state !== "idle";
  const pending = fetcher.formData?.get("intent");
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data : null;

  useOnSettled(fetcher, (d) => {
    if (d.ok) {
      shopify.toast.show(t(DONE[d.intent]));
      if (d.intent === "reject") setReason("");
    }
  });
  const post = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });
  const button = (intent: ReviewIntent, label: MessageKey, extra: { tone?: "critical"; primary?: boolean; disabled?: boolean } = {}) => (
    <Button
      variant={extra.primary ? "primary" : undefined}
      tone={extra.tone}
      loading={busy && pending === intent}
      disabled={busy || extra.disabled}
      onClick={() => post(intent === "reject" ? { intent, reason } : intent === "reply" ? { intent, reply } : { intent })}
    >
      {t(label)}
    </Button>
  );

  return (
    <Page
      title={review.title || t("reviews.admin.review.untitled", { product: review.product })}
      subtitle={t("reviews.admin.review.subtitle", { author: review.author, date: review.submitted })}
      backAction={{ content: t("reviews.admin.title"), url: "/app/reviews" }}
      titleMetadata={<Badges badges={[review.statusLook]} />}
    >
      <Layout>
        {failed && (
          <Layout.Section>
            <Banner tone="critical" title={t(ERROR[failed.error])} />
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="center">
                  <Stars rating={review.rating} label={review.ratingLabel} size="headingLg" />
                  <Text as="span" tone="subdued">
                    {review.ratingLabel}
                  </Text>
                </InlineStack>
                {review.title && (
                  <Text as="h2" variant="headingMd" breakWord>
                    {review.title}
                  </Text>
                )}
                {review.body ? (
                  <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                    <Text as="p">{review.body}</Text>
                  </div>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("reviews.admin.noText")}
                  </Text>
                )}
                <Badges badges={review.badges} />
                {review.incentivised && (
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("reviews.admin.review.incentivisedNote")}
                  </Text>
                )}
                {data.photos.length > 0 && (
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      {t("reviews.admin.photos", { count: data.photos.length })}
                    </Text>
                    <InlineStack gap="300">
                      {data.photos.map((p) => (
                        <BlockStack key={p.id} gap="100" inlineAlign="center">
                          <PhotoThumb url={p.url} alt={p.alt} failed={t("reviews.admin.photo.failed")} />
                          <Text as="span" tone="subdued" variant="bodySm">
                            {`${p.type} · ${p.size}`}
                          </Text>
                        </BlockStack>
                      ))}
                    </InlineStack>
                  </BlockStack>
                )}
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("reviews.admin.reply.heading")}
                </Text>
                <TextField
                  label={t("reviews.admin.reply.label")}
                  multiline={4}
                  maxLength={data.maxReply}
                  showCharacterCount
                  value={reply}
                  onChange={setReply}
                  helpText={t("reviews.admin.reply.help")}
                  error={failed && (failed.error === "reply_empty" || failed.error === "reply_long") ? t(ERROR[failed.error]) : undefined}
                  autoComplete="off"
                />
                {review.replied && (
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("reviews.admin.reply.saved", { date: review.replied })}
                  </Text>
                )}
                <InlineStack gap="200">
                  {button("reply", "reviews.admin.reply.save", { primary: true, disabled: !reply.trim() || reply.trim() === review.reply })}
                  {review.reply && button("removeReply", "reviews.admin.reply.remove", { tone: "critical" })}
                </InlineStack>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("reviews.admin.moderate.heading")}
                </Text>
                <InlineStack gap="200" blockAlign="center">
                  <Badges badges={[review.statusLook]} />
                  {review.held && <Text as="span">{review.held}</Text>}
                  {review.rejectReason && <Text as="span">{t("reviews.admin.review.rejectedFor", { reason: review.rejectReason })}</Text>}
                  {review.published && (
                    <Text as="span" tone="subdued">
                      {t("reviews.admin.review.publishedAt", { date: review.published })}
                    </Text>
                  )}
                </InlineStack>
                <InlineStack gap="200">
                  {review.status !== "published" && button("publish", "reviews.admin.action.publish", { primary: true })}
                  {review.status === "published" && button("unpublish", "reviews.admin.action.unpublish")}
                </InlineStack>
                {review.status !== "rejected" && (
                  <Box paddingBlockStart="200">
                    <BlockStack gap="200">
                      <Text as="h3" variant="headingSm">
                        {t("reviews.admin.reject.heading")}
                      </Text>
                      <Text as="p" tone="subdued">
                        {t("reviews.admin.reject.explain")}
                      </Text>
                      <Select
                        label={t("reviews.admin.reject.reason")}
                        options={[
                          { label: t("reviews.admin.reject.choose"), value: "", disabled: true },
                          ...REJECT_REASONS.map((r) => ({ label: t(`reviews.admin.reject.${r}`), value: r })),
                        ]}
                        value={reason}
                        onChange={(v) => setReason(v as RejectReason)}
                        error={failed?.error === "reason" ? t(ERROR.reason) : undefined}
                      />
                      <InlineStack>{button("reject", "reviews.admin.action.reject", { tone: "critical", disabled: !reason })}</InlineStack>
                    </BlockStack>
                  </Box>
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
                  {t("reviews.admin.details.heading")}
                </Text>
                <Text as="p">
                  <Text as="span" tone="subdued">
                    {t("reviews.admin.details.author")}
                  </Text>{" "}
                  {review.author}
                </Text>
                {review.email && (
                  <Text as="p" breakWord>
                    <Text as="span" tone="subdued">
                      {t("reviews.admin.details.email")}
                    </Text>{" "}
                    {review.email}
                  </Text>
                )}
                <Text as="p">
                  <Text as="span" tone="subdued">
                    {t("reviews.admin.details.product")}
                  </Text>{" "}
                  <Link url={review.productQueueUrl}>{review.product}</Link>
                </Text>
                {review.order && (
                  <Text as="p">
                    <Text as="span" tone="subdued">
                      {t("reviews.admin.details.order")}
                    </Text>{" "}
                    <Link url={review.order.url}>{review.order.name}</Link>
                  </Text>
                )}
                {review.customerUrl && (
                  <Text as="p">
                    <Link url={review.customerUrl}>{t("reviews.admin.details.customer")}</Link>
                  </Text>
                )}
                <Text as="p">
                  <Text as="span" tone="subdued">
                    {t("reviews.admin.details.source")}
                  </Text>{" "}
                  {review.source}
                </Text>
                <Text as="p">{t(review.verified ? "reviews.admin.details.verifiedYes" : "reviews.admin.details.verifiedNo")}</Text>
                {review.incentivised && <Text as="p">{t("reviews.admin.details.incentivised")}</Text>}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("reviews.admin.history.heading")}
                </Text>
                <List>
                  {data.history.map((h) => (
                    <List.Item key={h.key}>
                      <Text as="span">{h.text}</Text>{" "}
                      <Text as="span" tone="subdued">
                        {h.actor ? t("reviews.admin.history.by", { date: h.date, actor: h.actor }) : h.date}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** A review this shop does not have: the reviews 404 in the merchant's language; other errors go to Shopify's boundary. */
export const ErrorBoundary = notFoundBoundary("reviews.admin", "/app/reviews");
