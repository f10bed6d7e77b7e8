// The loyalty program's members: each with their name and email, spendable and pending points,
// tier and last activity (in the shop's time zone), linking to their customer page; searched by
// name or email, sorted by balance or last activity, in pages of 50 (all of it in the URL).
// Queries live in app/loyalty/members.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { Card, EmptyState, IndexFilters, IndexFiltersMode, IndexTable, Link, Page, Text, useSetIndexFiltersMode } from "@shopify/polaris";
import { z } from "zod";
import { useListUrl } from "~/components/use-list-url";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { listMembers, MEMBER_SORTS, type MemberSort } from "~/loyalty/members.server";
import { intlLocale } from "~/orders/format-money";
import { shopTime } from "~/orders/format-time";
import { shopDisplay } from "~/orders/order-queries.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const listQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(MEMBER_SORTS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = resolveLocale(request);
  const t = translator(locale);
  const rt = await runtime();
  const sort: MemberSort = query.sort ?? "balance_desc";
  const [list, shop] = await Promise.all([
    listMembers(rt.db, session.shop, { search: query.q, sort, page: query.page }),
    shopDisplay(rt.db, session.shop),
  ]);
  const number = (n: number) => n.toLocaleString(intlLocale(locale));
  return {
    locale,
    q: query.q ?? "",
    sort,
    total: list.total,
    totalText: t("loyalty.members.count", { count: list.total, shown: number(list.total) }),
    page: list.page,
    pages: list.pages,
    rows: list.rows.map((m) => ({
      id: m.id,
      name: [m.firstName, m.lastName].filter(Boolean).join(" ") || m.email || t("loyalty.members.unnamed", { id: m.id }),
      email: m.email ?? "—",
      balance: number(m.balance),
      pending: number(m.pending),
      tier: m.tier ?? "—",
      lastActivity: m.lastActivityAt ? shopTime(locale, m.lastActivityAt, shop.timezone) : "—",
    })),
  };
}

// A small inline illustration (a star in a circle), so the empty state needs no CDN.
const EMPTY_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><circle cx="80" cy="80" r="52" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3"/><path d="M80 50l9 19 21 3-15 14 4 21-19-10-19 10 4-21-15-14 21-3z" fill="#e3f1df" stroke="#29845a" stroke-width="3" stroke-linejoin="round"/></svg>',
  );

const PAGING_KEYS = ["page"] as const;

const SORT_VALUES: Record<MemberSort, string> = {
  balance_desc: "balance desc",
  balance_asc: "balance asc",
  activity_desc: "activity desc",
  activity_asc: "activity asc",
};

export default function LoyaltyMembers() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const navigation = useNavigation();
  const { mode, setMode } = useSetIndexFiltersMode(data.q ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const { update, queryValue, setQueryValue } = useListUrl(data.q, PAGING_KEYS);
  const loading = navigation.state === "loading";

  return (
    <Page
      title={t("loyalty.members.title")}
      subtitle={data.totalText}
      fullWidth
      backAction={{ content: t("loyalty.overview.title"), url: "/app/loyalty" }}
      secondaryActions={[{ content: t("loyalty.settings.title"), url: "/app/loyalty/settings" }]}
    >
      <Card padding="0">
        <IndexFilters
          tabs={[{ id: "members-tab-all", content: t("loyalty.members.tab.all"), isLocked: true }]}
          selected={0}
          onSelect={() => undefined}
          queryValue={queryValue}
          queryPlaceholder={t("loyalty.members.search.placeholder")}
          onQueryChange={setQueryValue}
          onQueryClear={() => setQueryValue("")}
          filteringAccessibilityLabel={t("loyalty.members.search.label")}
          sortOptions={[
            { label: t("loyalty.members.sort.balance"), value: "balance desc", directionLabel: t("loyalty.members.sort.highest") },
            { label: t("loyalty.members.sort.balance"), value: "balance asc", directionLabel: t("loyalty.members.sort.lowest") },
            { label: t("loyalty.members.sort.activity"), value: "activity desc", directionLabel: t("loyalty.members.sort.latest") },
            { label: t("loyalty.members.sort.activity"), value: "activity asc", directionLabel: t("loyalty.members.sort.earliest") },
          ]}
          sortSelected={[SORT_VALUES[data.sort]]}
          onSort={([value]) => {
            const sort = (Object.keys(SORT_VALUES) as MemberSort[]).find((k) => SORT_VALUES[k] === value) ?? "balance_desc";
            update({ sort: sort === "balance_desc" ? null : sort });
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
          resourceName={{ singular: t("loyalty.members.resource.one"), plural: t("loyalty.members.resource.other") }}
          itemCount={data.rows.length}
          selectable={false}
          loading={loading}
          emptyState={
            <EmptyState heading={t(data.q ? "loyalty.members.empty.search.heading" : "loyalty.members.empty.heading")} image={EMPTY_IMAGE}>
              <p>{t(data.q ? "loyalty.members.empty.search.body" : "loyalty.members.empty.body")}</p>
            </EmptyState>
          }
          headings={[
            { title: t("loyalty.members.column.name") },
            { title: t("loyalty.members.column.email") },
            { title: t("loyalty.members.column.balance"), alignment: "end" },
            { title: t("loyalty.members.column.pending"), alignment: "end" },
            { title: t("loyalty.members.column.tier") },
            { title: t("loyalty.members.column.activity") },
          ]}
          pagination={
            data.pages > 1
              ? {
                  hasNext: data.page < data.pages,
                  hasPrevious: data.page > 1,
                  label: t("loyalty.members.page", { page: data.page, pages: data.pages }),
                  onNext: () => update({ page: String(data.page + 1) }, true),
                  onPrevious: () => update({ page: data.page > 2 ? String(data.page - 1) : null }, true),
                }
              : undefined
          }
        >
          {data.rows.map((m, index) => (
            <IndexTable.Row id={m.id} key={m.id} position={index}>
              <IndexTable.Cell>
                <Link url={`/app/customers/${m.id}`} dataPrimaryLink removeUnderline monochrome>
                  <Text as="span" fontWeight="semibold">
                    {m.name}
                  </Text>
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>{m.email}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {m.balance}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {m.pending}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{m.tier}</IndexTable.Cell>
              <IndexTable.Cell>{m.lastActivity}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}
