// The reviewed products: for each, the average and count of its published reviews (what the
// storefront and Shopify show), how many of each star, how many wait for the merchant and when the
// latest came; searched by title, sorted, 50 a page (all in the URL). A row opens the queue filtered
// to that product. Queries in app/reviews/admin-queries.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Card,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Text,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { z } from "zod";
import { Stars } from "~/components/reviews-ui";
import { useListUrl } from "~/components/use-list-url";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { intlLocale } from "~/orders/format-money";
import { shopTime } from "~/orders/format-time";
import { numericId, shopDisplay } from "~/orders/order-queries.server";
import { PRODUCT_SORTS, productSummaries, type ProductSort } from "~/reviews/admin-queries.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const listQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(PRODUCT_SORTS).default("latest").catch("latest"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = resolveLocale(request);
  const t = translator(locale);
  const rt = await runtime();
  const [list, display] = await Promise.all([
    productSummaries(rt.db, session.shop, { search: query.q, sort: query.sort, page: query.page }),
    shopDisplay(rt.db, session.shop),
  ]);
  const number = (n: number) => n.toLocaleString(intlLocale(locale));
  const decimal = (n: number) => n.toLocaleString(intlLocale(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return {
    locale,
    q: query.q ?? "",
    sort: query.sort,
    totalText: t("reviews.admin.products.count", { count: list.total, shown: number(list.total) }),
    page: list.page,
    pages: list.pages,
    rows: list.rows.map((p) => {
      const id = numericId(p.productGid);
      const s = p.summary;
      return {
        id: p.productGid,
        title: p.productTitle,
        url: `/app/reviews?tab=all&product=${encodeURIComponent(id)}`,
        average: s.count ? decimal(s.average) : null,
        averageRating: s.average,
        averageLabel: s.count ? t("reviews.admin.figures.averageLabel", { average: decimal(s.average) }) : "",
        published: number(s.count),
        distribution: [5, 4, 3, 2, 1].map((star) => `${star}★ ${number(s.distribution[String(star) as "1"])}`).join(" · "),
        pending: p.pending,
        pendingText: number(p.pending),
        pendingUrl: `/app/reviews?product=${encodeURIComponent(id)}`,
        latest: p.latestAt ? shopTime(locale, p.latestAt, display.timezone) : "—",
      };
    }),
  };
}

const PAGING_KEYS = ["page"] as const;

const SORT_VALUES: Record<ProductSort, string> = {
  latest: "latest desc",
  reviews: "reviews desc",
  average_desc: "average desc",
  average_asc: "average asc",
  pending: "pending desc",
  title: "title asc",
};

// A small inline illustration (a box with a star), so the empty state needs no CDN.
const EMPTY_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><rect x="36" y="52" width="88" height="68" rx="6" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3"/><path d="M80 30l6 12 13 2-9 9 2 13-12-6-12 6 2-13-9-9 13-2z" fill="#fff4d6" stroke="#b28400" stroke-width="3" stroke-linejoin="round"/></svg>',
  );

export default function ReviewProducts() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const navigation = useNavigation();
  const loading = navigation.state === "loading";
  const { mode, setMode } = useSetIndexFiltersMode(data.q ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const { update, queryValue, setQueryValue } = useListUrl(data.q, PAGING_KEYS);

  return (
    <Page
      title={t("reviews.admin.products.title")}
      subtitle={data.totalText}
      fullWidth
      backAction={{ content: t("reviews.admin.title"), url: "/app/reviews" }}
      secondaryActions={[{ content: t("reviews.admin.settings"), url: "/app/reviews/settings" }]}
    >
      <Card padding="0">
        <IndexFilters
          tabs={[{ id: "review-products-all", content: t("reviews.admin.products.tab"), isLocked: true }]}
          selected={0}
          onSelect={() => undefined}
          queryValue={queryValue}
          queryPlaceholder={t("reviews.admin.products.search")}
          onQueryChange={setQueryValue}
          onQueryClear={() => setQueryValue("")}
          filteringAccessibilityLabel={t("reviews.admin.products.search")}
          sortOptions={[
            { label: t("reviews.admin.products.sort.latest"), value: "latest desc", directionLabel: t("reviews.admin.sort.newest") },
            { label: t("reviews.admin.products.sort.reviews"), value: "reviews desc", directionLabel: t("reviews.admin.sort.most") },
            { label: t("reviews.admin.products.sort.average"), value: "average desc", directionLabel: t("reviews.admin.sort.highest") },
            { label: t("reviews.admin.products.sort.average"), value: "average asc", directionLabel: t("reviews.admin.sort.lowest") },
            { label: t("reviews.admin.products.sort.pending"), value: "pending desc", directionLabel: t("reviews.admin.sort.most") },
            { label: t("reviews.admin.products.sort.title"), value: "title asc", directionLabel: t("reviews.admin.sort.az") },
          ]}
          sortSelected={[SORT_VALUES[data.sort]]}
          onSort={([value]) => {
            const sort = (Object.keys(SORT_VALUES) as ProductSort[]).find((k) => SORT_VALUES[k] === value) ?? "latest";
            update({ sort: sort === "latest" ? null : sort });
          }}
          filters={[]}
          appliedFilters={[]}
          onClearAll={() => setQueryValue("")}
          cancelAction={{ onAction: () => setQueryValue("") }}
          mode={mode}
          setMode={setMode}
          canCreateNewView={false}
          hideFilters
          loading={loading}
        />
        <IndexTable
          resourceName={{ singular: t("reviews.admin.products.resource.one"), plural: t("reviews.admin.products.resource.other") }}
          itemCount={data.rows.length}
          selectable={false}
          loading={loading}
          emptyState={
            <EmptyState
              heading={t(data.q ? "reviews.admin.empty.search.heading" : "reviews.admin.products.empty.heading")}
              image={EMPTY_IMAGE}
            >
              <p>{t(data.q ? "reviews.admin.products.empty.searchBody" : "reviews.admin.products.empty.body")}</p>
            </EmptyState>
          }
          headings={[
            { title: t("reviews.admin.column.product") },
            { title: t("reviews.admin.products.column.average") },
            { title: t("reviews.admin.products.column.published"), alignment: "end" },
            { title: t("reviews.admin.products.column.distribution") },
            { title: t("reviews.admin.products.column.pending"), alignment: "end" },
            { title: t("reviews.admin.products.column.latest") },
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
          {data.rows.map((p, index) => (
            <IndexTable.Row id={p.id} key={p.id} position={index}>
              <IndexTable.Cell>
                <div style={{ whiteSpace: "normal", minWidth: "12rem", maxWidth: "24rem" }}>
                  <Link url={p.url} dataPrimaryLink removeUnderline monochrome>
                    <Text as="span" fontWeight="semibold" breakWord>
                      {p.title}
                    </Text>
                  </Link>
                </div>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {p.average ? (
                  <InlineStack gap="200" blockAlign="center" wrap={false}>
                    <Text as="span" numeric>
                      {p.average}
                    </Text>
                    <Stars rating={p.averageRating} label={p.averageLabel} />
                  </InlineStack>
                ) : (
                  "—"
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {p.published}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" tone="subdued" variant="bodySm">
                  {p.distribution}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <InlineStack align="end">
                  {p.pending > 0 ? (
                    <Link url={p.pendingUrl} removeUnderline>
                      <Badge tone="attention">{p.pendingText}</Badge>
                    </Link>
                  ) : (
                    <Text as="span" numeric>
                      {p.pendingText}
                    </Text>
                  )}
                </InlineStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{p.latest}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}
