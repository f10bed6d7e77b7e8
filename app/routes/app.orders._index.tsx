// The merchant's Orders page: the shop's orders from the local projection, searchable by order
// number or email, with status tabs, date sort and pages of 50; the URL carries all of it, so reload
// and back work. Queries live in app/orders/order-queries.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { Card, EmptyState, IndexFilters, Page, useSetIndexFiltersMode, IndexFiltersMode } from "@shopify/polaris";
import { z } from "zod";
import { useListUrl } from "~/components/use-list-url";
import { OrdersTable } from "~/components/orders-table";
import { resolveLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { translator } from "~/i18n/translate";
import { orderRowView } from "~/orders/format-order";
import { countOrders, listOrders, ORDER_SORTS, ORDER_STATUSES, shopDisplay, type OrderStatusFilter } from "~/orders/order-queries.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const listQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  sort: z.enum(ORDER_SORTS).default("newest").catch("newest"),
  after: z.string().max(200).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = resolveLocale(request);
  const rt = await runtime();
  const [page, shop, total] = await Promise.all([
    listOrders(rt.db, session.shop, { search: query.q, status: query.status, sort: query.sort, after: query.after, before: query.before }),
    shopDisplay(rt.db, session.shop),
    countOrders(rt.db, session.shop),
  ]);
  const t = translator(locale);
  return {
    locale,
    query: { q: query.q ?? "", status: query.status ?? null, sort: query.sort },
    total,
    orders: page.orders.map((o) => orderRowView(o, { t, locale, timeZone: shop.timezone })),
    next: page.next,
    previous: page.previous,
  };
}

const TABS: { status: OrderStatusFilter | null; label: MessageKey }[] = [
  { status: null, label: "orders.tab.all" },
  { status: "paid", label: "orders.tab.paid" },
  { status: "fulfilled", label: "orders.tab.fulfilled" },
  { status: "delivered", label: "orders.tab.delivered" },
  { status: "refunded", label: "orders.tab.refunded" },
  { status: "cancelled", label: "orders.tab.cancelled" },
];

// A small inline illustration (a parcel), so the empty state needs no CDN.
const EMPTY_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><path d="M80 28l48 22v60l-48 22-48-22V50z" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3" stroke-linejoin="round"/><path d="M32 50l48 22 48-22M80 72v60" fill="none" stroke="#8a8a8a" stroke-width="3" stroke-linejoin="round"/><path d="M56 39l48 22v18" fill="none" stroke="#b5b5b5" stroke-width="5" stroke-linecap="round"/></svg>',
  );

/** The URL parameters that say which page of the list is shown. */
const PAGING_KEYS = ["after", "before"] as const;

export default function Orders() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const navigation = useNavigation();
  const { mode, setMode } = useSetIndexFiltersMode(data.query.q ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);

  const { update, queryValue, setQueryValue } = useListUrl(data.query.q, PAGING_KEYS);

  const selectedTab = Math.max(
    0,
    TABS.findIndex((tab) => tab.status === data.query.status),
  );
  const filtered = Boolean(data.query.q || data.query.status);

  return (
    <Page
      title={t("orders.title")}
      subtitle={`${t("orders.total", { count: data.total, total: data.total.toLocaleString(data.locale === "pl" ? "pl-PL" : "en-GB") })} · ${t("orders.subtitle")}`}
      fullWidth
    >
      <Card padding="0">
        <IndexFilters
          tabs={TABS.map((tab, index) => ({ id: `orders-tab-${tab.status ?? "all"}`, content: t(tab.label), index, isLocked: true }))}
          selected={selectedTab}
          onSelect={(index) => update({ status: TABS[index]?.status ?? null })}
          queryValue={queryValue}
          queryPlaceholder={t("orders.search.placeholder")}
          onQueryChange={setQueryValue}
          onQueryClear={() => setQueryValue("")}
          filteringAccessibilityLabel={t("orders.search.label")}
          sortOptions={[
            { label: t("orders.sort.date"), value: "date desc", directionLabel: t("orders.sort.newest") },
            { label: t("orders.sort.date"), value: "date asc", directionLabel: t("orders.sort.oldest") },
          ]}
          sortSelected={[data.query.sort === "oldest" ? "date asc" : "date desc"]}
          onSort={([value]) => update({ sort: value === "date asc" ? "oldest" : null })}
          filters={[]}
          appliedFilters={[]}
          onClearAll={() => setQueryValue("")}
          cancelAction={{ onAction: () => setQueryValue("") }}
          mode={mode}
          setMode={setMode}
          canCreateNewView={false}
          hideFilters
          loading={navigation.state === "loading"}
        />
        <OrdersTable
          rows={data.orders}
          t={t}
          loading={navigation.state === "loading"}
          emptyState={
            <EmptyState heading={t(filtered ? "orders.empty.search.heading" : "orders.empty.heading")} image={EMPTY_IMAGE}>
              <p>{t(filtered ? "orders.empty.search.body" : "orders.empty.body")}</p>
            </EmptyState>
          }
          pagination={
            data.next || data.previous
              ? {
                  hasNext: Boolean(data.next),
                  hasPrevious: Boolean(data.previous),
                  onNext: () => data.next && update({ after: data.next, before: null }, true),
                  onPrevious: () => data.previous && update({ before: data.previous, after: null }, true),
                }
              : undefined
          }
        />
      </Card>
    </Page>
  );
}
