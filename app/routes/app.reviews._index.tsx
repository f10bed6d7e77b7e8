// The reviews overview and moderation queue: figures (published reviews and their average, what
// waits, verified share, the last 30 days, stars given) and the shop's reviews by status tab with
// counts, filtered by rating, verified, source and product, searched in title, text and author,
// sorted by date or rating, 50 a page (all of it in the URL). Selected reviews can be published or
// rejected for a policy reason at once. Links to settings, the per-product summary, CSV export and
// import. Queries in app/reviews/admin-queries.server.ts; changes through app/reviews/moderation.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { useOnSettled } from "~/components/messaging-toast";
import { Badges, Distribution, saveDownload, Stars } from "~/components/reviews-ui";
import { useListUrl } from "~/components/use-list-url";
import { resolveLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { translator } from "~/i18n/translate";
import { intlLocale } from "~/orders/format-money";
import { shopTime } from "~/orders/format-time";
import { numericId, shopDisplay } from "~/orders/order-queries.server";
import { readForm } from "~/platform/form.server";
import {
  filterOf,
  listReviews,
  parseReviewQuery,
  productTitleOf,
  ratingWords,
  reviewCounts,
  reviewedProducts,
  reviewFigures,
  reviewLooks,
  type ReviewSort,
  type ReviewTab,
} from "~/reviews/admin-queries.server";
import { publishReview, rejectReview } from "~/reviews/moderation.server";
import { REJECT_REASONS, REVIEW_SOURCES, type RejectReason } from "~/reviews/types";
import { runtime } from "~/runtime.server";
import { staffActor } from "~/shops/staff-actor";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const query = parseReviewQuery(new URL(request.url).searchParams);
  const filter = filterOf(query);
  const locale = resolveLocale(request);
  const t = translator(locale);
  const rt = await runtime();
  const [list, counts, figures, products, display] = await Promise.all([
    listReviews(rt.db, shop, { ...filter, sort: query.sort, page: query.page }),
    reviewCounts(rt.db, shop),
    reviewFigures(rt.db, shop, rt.clock.now()),
    reviewedProducts(rt.db, shop),
    shopDisplay(rt.db, shop),
  ]);
  const number = (n: number) => n.toLocaleString(intlLocale(locale));
  const percent = (share: number) =>
    new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 0 }).format(share);
  const productTitle = filter.productGid
    ? (products.find((p) => p.productGid === filter.productGid)?.productTitle ??
      (await productTitleOf(rt.db, shop, filter.productGid)) ??
      t("reviews.admin.product.unknown", { id: query.product ?? "" }))
    : null;
  const s = figures.summary;
  return {
    locale,
    query: {
      q: query.q ?? "",
      tab: query.tab,
      rating: query.rating ?? null,
      verified: query.verified ?? null,
      source: query.source ?? null,
      product: query.product ?? null,
      productTitle,
      sort: query.sort,
    },
    counts,
    countText: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, number(v)])) as Record<ReviewTab, string>,
    total: list.total,
    page: list.page,
    pages: list.pages,
    figures: {
      any: counts.all > 0,
      average: s.count ? s.average.toLocaleString(intlLocale(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : "—",
      averageRating: s.average,
      averageNote: t("reviews.admin.figures.averageNote", { count: s.count, shown: number(s.count) }),
      pending: number(figures.pending),
      verified: figures.verifiedShare === null ? "—" : percent(figures.verifiedShare),
      recent: number(figures.recent),
      distribution: [5, 4, 3, 2, 1].map((star) => {
        const n = s.distribution[String(star) as "1"];
        return { star, label: t("reviews.admin.figures.star", { count: star }), count: number(n), share: s.count ? n / s.count : 0 };
      }),
    },
    products: products.map((p) => ({ id: numericId(p.productGid), title: p.productTitle })),
    rows: list.rows.map((r) => {
      const looks = reviewLooks(t, r);
      return {
        id: r.id,
        rating: r.rating,
        ratingLabel: ratingWords(t, r.rating),
        title: r.title || null,
        excerpt: r.excerpt,
        product: r.productTitle,
        author: r.authorName,
        ...looks,
        replied: r.hasReply,
        date: shopTime(locale, r.submittedAt, display.timezone),
        isoDate: r.submittedAt.toISOString(),
      };
    }),
  };
}

const bulkInput = z
  .object({
    intent: z.enum(["publish", "reject"]),
    ids: z.array(z.string().min(1).max(64)).min(1).max(250),
    reason: z.enum(REJECT_REASONS).optional(),
  })
  .refine((v) => v.intent !== "reject" || v.reason, { path: ["reason"] });

export type BulkResult =
  { ok: true; intent: "publish" | "reject"; done: number; unchanged: number; missing: number } | { ok: false; error: "reason" | "invalid" };

/** Publishes or rejects (with a policy reason) the selected reviews, each once; says how many moved. */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await authenticate.admin(request);
  const shop = ctx.session.shop;
  const form = await readForm(request);
  const parsed = bulkInput.safeParse({ intent: form.get("intent"), ids: form.getAll("id"), reason: form.get("reason") || undefined });
  if (!parsed.success) {
    const error = parsed.error.issues.some((i) => i.path[0] === "reason") ? "reason" : "invalid";
    return Response.json({ ok: false, error } satisfies BulkResult, { status: 400 });
  }
  const rt = await runtime();
  const deps = { db: rt.db, events: rt.events, jobs: rt.jobs, clock: rt.clock };
  const actor = staffActor(ctx);
  const { intent, ids, reason } = parsed.data;
  const tally = { done: 0, unchanged: 0, missing: 0 };
  for (const id of new Set(ids)) {
    const result =
      intent === "publish" ? await publishReview(deps, shop, id, actor) : await rejectReview(deps, shop, id, reason as RejectReason, actor);
    if (result.ok) tally.done++;
    else if (result.error === "not_found") tally.missing++;
    else tally.unchanged++;
  }
  return Response.json({ ok: true, intent, ...tally } satisfies BulkResult);
}

const TABS: { tab: ReviewTab; label: MessageKey }[] = [
  { tab: "pending", label: "reviews.admin.tab.pending" },
  { tab: "published", label: "reviews.admin.tab.published" },
  { tab: "rejected", label: "reviews.admin.tab.rejected" },
  { tab: "all", label: "reviews.admin.tab.all" },
];

const SORT_VALUES: Record<ReviewSort, string> = {
  newest: "date desc",
  oldest: "date asc",
  rating_desc: "rating desc",
  rating_asc: "rating asc",
};

const EMPTY: Record<ReviewTab, { heading: MessageKey; body: MessageKey }> = {
  pending: { heading: "reviews.admin.empty.pending.heading", body: "reviews.admin.empty.pending.body" },
  published: { heading: "reviews.admin.empty.published.heading", body: "reviews.admin.empty.published.body" },
  rejected: { heading: "reviews.admin.empty.rejected.heading", body: "reviews.admin.empty.rejected.body" },
  all: { heading: "reviews.admin.empty.all.heading", body: "reviews.admin.empty.all.body" },
};

// A small inline illustration (a speech bubble with a star), so the empty state needs no CDN.
const EMPTY_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><path d="M30 40h100a8 8 0 0 1 8 8v56a8 8 0 0 1-8 8H70l-22 18v-18H30a8 8 0 0 1-8-8V48a8 8 0 0 1 8-8z" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3" stroke-linejoin="round"/><path d="M80 54l7 14 16 2-12 11 3 16-14-8-14 8 3-16-12-11 16-2z" fill="#fff4d6" stroke="#b28400" stroke-width="3" stroke-linejoin="round"/></svg>',
  );

const PAGING_KEYS = ["page"] as const;

export default function ReviewsQueue() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const shopify = useAppBridge();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const loading = navigation.state === "loading";
  const { mode, setMode } = useSetIndexFiltersMode(data.query.q ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const { update, queryValue, setQueryValue } = useListUrl(data.query.q, PAGING_KEYS);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(data.rows);
  const bulk = useFetcher<BulkResult>();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState<RejectReason | "">("");
  const [exporting, setExporting] = useState(false);
  const { query } = data;
  const filtered = Boolean(query.q || query.rating || query.verified || query.source || query.product);
  const busy = bulk.state !== "idle";

  useOnSettled(bulk, (d) => {
    if (!d.ok) {
      shopify.toast.show(t(d.error === "reason" ? "reviews.admin.reject.needReason" : "reviews.admin.error.generic"), { isError: true });
      return;
    }
    const key = d.intent === "publish" ? "reviews.admin.bulk.published" : "reviews.admin.bulk.rejected";
    const parts = [t(key, { count: d.done })];
    if (d.unchanged + d.missing > 0) parts.push(t("reviews.admin.bulk.unchanged", { count: d.unchanged + d.missing }));
    shopify.toast.show(parts.join(" · "));
    clearSelection();
    setRejecting(false);
    setReason("");
  });

  const submitBulk = (intent: "publish" | "reject") => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of selectedResources) form.append("id", id);
    if (intent === "reject" && reason) form.set("reason", reason);
    bulk.submit(form, { method: "post" });
  };

  const exportCsv = (filteredOnly: boolean) => {
    const params = new URLSearchParams(filteredOnly ? searchParams : undefined);
    params.delete("page");
    // The export's own default is every review; the queue's is the pending tab, so say which.
    params.set("tab", filteredOnly ? query.tab : "all");
    setExporting(true);
    const date = new Date().toISOString().slice(0, 10);
    saveDownload(`/app/reviews/export?${params}`, `reviews-${date}.csv`)
      .catch(() => shopify.toast.show(t("reviews.admin.export.failed"), { isError: true }))
      .finally(() => setExporting(false));
  };

  const selectedTab = Math.max(
    0,
    TABS.findIndex((x) => x.tab === query.tab),
  );
  const ratingLabel = t("reviews.admin.filter.rating");
  const verifiedLabel = t("reviews.admin.filter.verified");
  const sourceLabel = t("reviews.admin.filter.source");
  const productLabel = t("reviews.admin.filter.product");
  const applied = [
    query.rating && {
      key: "rating",
      label: t("reviews.admin.filter.ratingApplied", { count: query.rating }),
      onRemove: () => update({ rating: null }),
    },
    query.verified && {
      key: "verified",
      label: t(query.verified === "yes" ? "reviews.admin.filter.verifiedYes" : "reviews.admin.filter.verifiedNo"),
      onRemove: () => update({ verified: null }),
    },
    query.source && {
      key: "source",
      label: t(`reviews.admin.source.${query.source}`),
      onRemove: () => update({ source: null }),
    },
    query.product && {
      key: "product",
      label: t("reviews.admin.filter.productApplied", { product: query.productTitle ?? query.product }),
      onRemove: () => update({ product: null }),
    },
  ].filter((f): f is { key: string; label: string; onRemove: () => void } => Boolean(f));
  const productChoices = data.products.map((p) => ({ label: p.title, value: p.id }));
  if (query.product && !productChoices.some((c) => c.value === query.product))
    productChoices.unshift({ label: query.productTitle ?? query.product, value: query.product });

  const figure = (label: string, value: string, note?: string) => (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
      {note && (
        <Text as="p" tone="subdued" variant="bodySm">
          {note}
        </Text>
      )}
    </BlockStack>
  );
  const f = data.figures;
  const empty = EMPTY[query.tab];

  return (
    <Page
      title={t("reviews.admin.title")}
      subtitle={t("reviews.admin.subtitle")}
      fullWidth
      primaryAction={{ content: t("reviews.admin.settings"), url: "/app/reviews/settings" }}
      secondaryActions={[
        { content: t("reviews.admin.products.title"), url: "/app/reviews/products" },
        { content: t("reviews.admin.import.action"), url: "/app/reviews/import" },
      ]}
      actionGroups={[
        {
          title: t("reviews.admin.export.action"),
          actions: [
            { content: t("reviews.admin.export.all"), onAction: () => exportCsv(false), disabled: exporting || !f.any },
            { content: t("reviews.admin.export.shown"), onAction: () => exportCsv(true), disabled: exporting || data.total === 0 },
          ],
        },
      ]}
    >
      <Layout>
        <Layout.Section>
          {f.any ? (
            <Card>
              <InlineGrid columns={{ xs: 1, sm: 2, md: 5 }} gap="400">
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm" tone="subdued">
                    {t("reviews.admin.figures.average")}
                  </Text>
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="p" variant="headingLg">
                      {f.average}
                    </Text>
                    <Stars rating={f.averageRating} label={t("reviews.admin.figures.averageLabel", { average: f.average })} />
                  </InlineStack>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {f.averageNote}
                  </Text>
                </BlockStack>
                {figure(t("reviews.admin.figures.pending"), f.pending, t("reviews.admin.figures.pendingNote"))}
                {figure(t("reviews.admin.figures.verified"), f.verified, t("reviews.admin.figures.verifiedNote"))}
                {figure(t("reviews.admin.figures.recent"), f.recent, t("reviews.admin.figures.recentNote"))}
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm" tone="subdued">
                    {t("reviews.admin.figures.distribution")}
                  </Text>
                  <Distribution rows={f.distribution} />
                </BlockStack>
              </InlineGrid>
            </Card>
          ) : (
            <Banner tone="info" title={t("reviews.admin.start.title")}>
              <BlockStack gap="200">
                <Text as="p">{t("reviews.admin.start.body")}</Text>
                <InlineStack gap="300">
                  <Link url="/app/reviews/settings">{t("reviews.admin.settings")}</Link>
                  <Link url="/app/flows">{t("reviews.admin.start.flows")}</Link>
                  <Link url="/app/reviews/import">{t("reviews.admin.import.action")}</Link>
                </InlineStack>
              </BlockStack>
            </Banner>
          )}
        </Layout.Section>

        {rejecting && selectedResources.length > 0 && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("reviews.admin.bulk.rejectHeading", { count: selectedResources.length })}
                </Text>
                <Text as="p">{t("reviews.admin.reject.explain")}</Text>
                <Select
                  label={t("reviews.admin.reject.reason")}
                  options={[
                    { label: t("reviews.admin.reject.choose"), value: "", disabled: true },
                    ...REJECT_REASONS.map((r) => ({ label: t(`reviews.admin.reject.${r}`), value: r })),
                  ]}
                  value={reason}
                  onChange={(v) => setReason(v as RejectReason)}
                />
                <InlineStack gap="200">
                  <Button tone="critical" variant="primary" disabled={!reason} loading={busy} onClick={() => submitBulk("reject")}>
                    {t("reviews.admin.bulk.rejectConfirm", { count: selectedResources.length })}
                  </Button>
                  <Button onClick={() => setRejecting(false)} disabled={busy}>
                    {t("reviews.admin.cancel")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
        )}

        <Layout.Section>
          <Card padding="0">
            <IndexFilters
              tabs={TABS.map((x, index) => ({
                id: `reviews-tab-${x.tab}`,
                content: t(x.label),
                badge: x.tab !== "all" && data.counts[x.tab] > 0 ? data.countText[x.tab] : undefined,
                index,
                isLocked: true,
              }))}
              selected={selectedTab}
              onSelect={(index) => {
                clearSelection();
                update({ tab: TABS[index]?.tab === "pending" ? null : (TABS[index]?.tab ?? null) });
              }}
              queryValue={queryValue}
              queryPlaceholder={t("reviews.admin.search.placeholder")}
              onQueryChange={setQueryValue}
              onQueryClear={() => setQueryValue("")}
              filteringAccessibilityLabel={t("reviews.admin.search.label")}
              sortOptions={[
                { label: t("reviews.admin.sort.date"), value: "date desc", directionLabel: t("reviews.admin.sort.newest") },
                { label: t("reviews.admin.sort.date"), value: "date asc", directionLabel: t("reviews.admin.sort.oldest") },
                { label: t("reviews.admin.sort.rating"), value: "rating desc", directionLabel: t("reviews.admin.sort.highest") },
                { label: t("reviews.admin.sort.rating"), value: "rating asc", directionLabel: t("reviews.admin.sort.lowest") },
              ]}
              sortSelected={[SORT_VALUES[query.sort]]}
              onSort={([value]) => {
                const sort = (Object.keys(SORT_VALUES) as ReviewSort[]).find((k) => SORT_VALUES[k] === value) ?? "newest";
                update({ sort: sort === "newest" ? null : sort });
              }}
              filters={[
                {
                  key: "rating",
                  label: ratingLabel,
                  shortcut: true,
                  filter: (
                    <ChoiceList
                      title={ratingLabel}
                      titleHidden
                      choices={[5, 4, 3, 2, 1].map((n) => ({
                        label: t("reviews.admin.filter.ratingApplied", { count: n }),
                        value: String(n),
                      }))}
                      selected={query.rating ? [String(query.rating)] : []}
                      onChange={([v]) => update({ rating: v ?? null })}
                    />
                  ),
                },
                {
                  key: "verified",
                  label: verifiedLabel,
                  shortcut: true,
                  filter: (
                    <ChoiceList
                      title={verifiedLabel}
                      titleHidden
                      choices={[
                        { label: t("reviews.admin.filter.verifiedYes"), value: "yes" },
                        { label: t("reviews.admin.filter.verifiedNo"), value: "no" },
                      ]}
                      selected={query.verified ? [query.verified] : []}
                      onChange={([v]) => update({ verified: v ?? null })}
                    />
                  ),
                },
                {
                  key: "source",
                  label: sourceLabel,
                  filter: (
                    <ChoiceList
                      title={sourceLabel}
                      titleHidden
                      choices={REVIEW_SOURCES.map((s) => ({ label: t(`reviews.admin.source.${s}`), value: s }))}
                      selected={query.source ? [query.source] : []}
                      onChange={([v]) => update({ source: v ?? null })}
                    />
                  ),
                },
                {
                  key: "product",
                  label: productLabel,
                  filter: productChoices.length ? (
                    <ChoiceList
                      title={productLabel}
                      titleHidden
                      choices={productChoices}
                      selected={query.product ? [query.product] : []}
                      onChange={([v]) => update({ product: v ?? null })}
                    />
                  ) : (
                    <Text as="p" tone="subdued">
                      {t("reviews.admin.filter.noProducts")}
                    </Text>
                  ),
                },
              ]}
              appliedFilters={applied}
              onClearAll={() => {
                setQueryValue("");
                update({ rating: null, verified: null, source: null, product: null });
              }}
              cancelAction={{ onAction: () => setQueryValue("") }}
              mode={mode}
              setMode={setMode}
              canCreateNewView={false}
              loading={loading}
            />
            <IndexTable
              resourceName={{ singular: t("reviews.admin.resource.one"), plural: t("reviews.admin.resource.other") }}
              itemCount={data.rows.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[
                { content: t("reviews.admin.bulk.publish"), onAction: () => submitBulk("publish"), disabled: busy },
                { content: t("reviews.admin.bulk.reject"), onAction: () => setRejecting(true), disabled: busy },
              ]}
              loading={loading}
              emptyState={
                <EmptyState
                  heading={t(filtered ? "reviews.admin.empty.search.heading" : empty.heading)}
                  image={EMPTY_IMAGE}
                  action={
                    filtered
                      ? undefined
                      : query.tab === "pending"
                        ? { content: t("reviews.admin.settings"), url: "/app/reviews/settings" }
                        : query.tab === "all"
                          ? { content: t("reviews.admin.import.action"), url: "/app/reviews/import" }
                          : undefined
                  }
                >
                  <p>{t(filtered ? "reviews.admin.empty.search.body" : empty.body)}</p>
                </EmptyState>
              }
              headings={[
                { title: t("reviews.admin.column.rating") },
                { title: t("reviews.admin.column.review") },
                { title: t("reviews.admin.column.product") },
                { title: t("reviews.admin.column.author") },
                { title: t("reviews.admin.column.status") },
                { title: t("reviews.admin.column.date") },
              ]}
              pagination={
                data.pages > 1
                  ? {
                      hasNext: data.page < data.pages,
                      hasPrevious: data.page > 1,
                      label: t("reviews.admin.page", { page: data.page, pages: data.pages }),
                      onNext: () => update({ page: String(data.page + 1) }, true),
                      onPrevious: () => update({ page: data.page > 2 ? String(data.page - 1) : null }, true),
                    }
                  : undefined
              }
            >
              {data.rows.map((r, index) => (
                <IndexTable.Row id={r.id} key={r.id} position={index} selected={selectedResources.includes(r.id)}>
                  <IndexTable.Cell>
                    <Stars rating={r.rating} label={r.ratingLabel} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ whiteSpace: "normal", minWidth: "14rem", maxWidth: "28rem" }}>
                      <BlockStack gap="050">
                        <Link url={`/app/reviews/${r.id}`} dataPrimaryLink removeUnderline monochrome>
                          <Text as="span" fontWeight="semibold" breakWord>
                            {r.title ?? (r.excerpt || t("reviews.admin.noText"))}
                          </Text>
                        </Link>
                        {r.title && r.excerpt && (
                          <Text as="span" tone="subdued" variant="bodySm" breakWord>
                            {r.excerpt}
                          </Text>
                        )}
                        <Badges badges={r.badges} />
                      </BlockStack>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ whiteSpace: "normal", maxWidth: "14rem" }}>
                      <Text as="span" breakWord>
                        {r.product}
                      </Text>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{r.author}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="100" inlineAlign="start">
                      <Badges badges={[r.status]} />
                      {(r.held ?? r.rejectReason) && (
                        <Text as="span" tone="subdued" variant="bodySm">
                          {r.held ?? r.rejectReason}
                        </Text>
                      )}
                      {r.replied && (
                        <Text as="span" tone="subdued" variant="bodySm">
                          {t("reviews.admin.replied")}
                        </Text>
                      )}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <time dateTime={r.isoDate}>{r.date}</time>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
          <Box paddingBlockStart="300">
            <Text as="p" tone="subdued" variant="bodySm">
              {t("reviews.admin.policy")}
            </Text>
          </Box>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
