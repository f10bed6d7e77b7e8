// The merchant's Customers page: the shop's customers by email, searchable by email or name, each
// with their orders count, total spent (per currency) and email-marketing consent; pages of 50 in the
// URL. Queries live in app/customers/customer-queries.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { Card, EmptyState, IndexFilters, IndexFiltersMode, IndexTable, Link, Page, Text, useSetIndexFiltersMode } from "@shopify/polaris";
import { z } from "zod";
import { useListUrl } from "~/components/use-list-url";
import { StatusBadge } from "~/components/status-badge";
import { listCustomers } from "~/customers/customer-queries.server";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { formatMoneyList } from "~/orders/format-money";
import { consentStatus } from "~/orders/format-status";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const listQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = resolveLocale(request);
  const rt = await runtime();
  const list = await listCustomers(rt.db, session.shop, { search: query.q, page: query.page });
  const t = translator(locale);
  return {
    locale,
    q: query.q ?? "",
    page: list.page,
    hasNext: list.hasNext,
    hasPrevious: list.hasPrevious,
    customers: list.customers.map((c) => ({
      id: c.id,
      name: [c.firstName, c.lastName].filter(Boolean).join(" ") || null,
      email: c.email,
      orders: t("customers.ordersCount", { count: c.ordersCount }),
      spent: formatMoneyList(c.totals, locale),
      consent: consentStatus(t, c.marketingState),
    })),
  };
}

// A small inline illustration (two people), so the empty state needs no CDN.
const EMPTY_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><circle cx="62" cy="60" r="20" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3"/><path d="M26 124c0-22 16-36 36-36s36 14 36 36" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3"/><circle cx="108" cy="66" r="16" fill="#e3f1df" stroke="#29845a" stroke-width="3"/><path d="M86 124c2-18 10-30 22-30s26 12 26 30" fill="#e3f1df" stroke="#29845a" stroke-width="3"/></svg>',
  );

/** The URL parameters that say which page of the list is shown. */
const PAGING_KEYS = ["page"] as const;

export default function Customers() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const navigation = useNavigation();
  const { mode, setMode } = useSetIndexFiltersMode(data.q ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);

  const { update, queryValue, setQueryValue } = useListUrl(data.q, PAGING_KEYS);

  const loading = navigation.state === "loading";
  return (
    <Page title={t("customers.title")} subtitle={t("customers.subtitle")} fullWidth>
      <Card padding="0">
        <IndexFilters
          tabs={[{ id: "customers-tab-all", content: t("orders.tab.all"), isLocked: true }]}
          selected={0}
          onSelect={() => undefined}
          queryValue={queryValue}
          queryPlaceholder={t("customers.search.placeholder")}
          onQueryChange={setQueryValue}
          onQueryClear={() => setQueryValue("")}
          filteringAccessibilityLabel={t("customers.search.label")}
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
          resourceName={{ singular: t("customers.resource.one"), plural: t("customers.resource.other") }}
          itemCount={data.customers.length}
          selectable={false}
          loading={loading}
          emptyState={
            <EmptyState heading={t(data.q ? "customers.empty.search.heading" : "customers.empty.heading")} image={EMPTY_IMAGE}>
              <p>{t(data.q ? "customers.empty.search.body" : "customers.empty.body")}</p>
            </EmptyState>
          }
          headings={[
            { title: t("customers.column.name") },
            { title: t("customers.column.email") },
            { title: t("customers.column.orders") },
            { title: t("customers.column.spent"), alignment: "end" },
            { title: t("customers.column.consent") },
          ]}
          pagination={
            data.hasNext || data.hasPrevious
              ? {
                  hasNext: data.hasNext,
                  hasPrevious: data.hasPrevious,
                  onNext: () => update({ page: String(data.page + 1) }, true),
                  onPrevious: () => update({ page: data.page > 2 ? String(data.page - 1) : null }, true),
                }
              : undefined
          }
        >
          {data.customers.map((c, index) => (
            <IndexTable.Row id={c.id} key={c.id} position={index}>
              <IndexTable.Cell>
                <Link url={`/app/customers/${c.id}`} dataPrimaryLink removeUnderline monochrome>
                  <Text as="span" fontWeight="semibold">
                    {c.name ?? c.email ?? t("customers.noName")}
                  </Text>
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>{c.email ?? "—"}</IndexTable.Cell>
              <IndexTable.Cell>{c.orders}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {c.spent}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <StatusBadge look={c.consent} />
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}
