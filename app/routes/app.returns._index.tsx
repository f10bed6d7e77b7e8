// The returns queue (/app/returns): the shop's returns by status tab with counts (what waits for the
// merchant first), filtered by reason and by risk (review required or auto-approved), searched by
// order name or customer, a page at a time, all of it in the URL; each row links to the return. Links to
// the analytics and the policy settings; an empty state that says how returns arrive.
// Data from app/returns/admin.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { z } from "zod";
import { RETURN_STATUSES, ReturnBadge, resolutionLabel, riskLabel, statusLook } from "~/components/returns-ui";
import { useListUrl } from "~/components/use-list-url";
import { resolveLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { translator } from "~/i18n/translate";
import { formatMoney, intlLocale } from "~/orders/format-money";
import { shopTime } from "~/orders/format-time";
import { numericId, shopDisplay } from "~/orders/order-queries.server";
import { listReturns } from "~/returns/admin.server";
import { loadReturnPolicy } from "~/returns/settings.server";
import type { ReturnListFilters } from "~/returns/types";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

/** The queue's tabs: what waits for the merchant first, then a return's way to closed, then the rest. */
const RETURN_TABS = ["requested", "approved", "in_transit", "received", "processed", "closed", "declined", "cancelled", "all"] as const;
type ReturnTab = (typeof RETURN_TABS)[number];

const queryInput = z.object({
  tab: z.enum(RETURN_TABS).catch("requested"),
  reason: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/)
    .optional()
    .catch(undefined),
  risk: z.enum(["review", "auto"]).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(200)
    .transform((q) => q || undefined)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

function parseReturnQuery(params: URLSearchParams) {
  return queryInput.parse({
    tab: params.get("tab") ?? undefined,
    reason: params.get("reason") ?? undefined,
    risk: params.get("risk") ?? undefined,
    q: params.get("q") ?? undefined,
    page: params.get("page") ?? undefined,
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const locale = resolveLocale(request);
  const t = translator(locale);
  const query = parseReturnQuery(new URL(request.url).searchParams);
  const rt = await runtime();
  const filters: ReturnListFilters = { status: query.tab, reason: query.reason, risk: query.risk, q: query.q, page: query.page };
  const [list, policy, display] = await Promise.all([
    listReturns(rt.db, shop, filters),
    loadReturnPolicy(rt.db, shop),
    shopDisplay(rt.db, shop),
  ]);
  const reasonLabel = (code: string) => {
    const reason = policy.reasons.find((r) => r.code === code);
    return reason ? reason.label[locale] : code;
  };
  const number = (n: number) => n.toLocaleString(intlLocale(locale));
  const count = (tab: ReturnTab) =>
    list.counts[tab] ?? (tab === "all" ? RETURN_STATUSES.reduce((sum, s) => sum + (list.counts[s] ?? 0), 0) : 0);
  const counts = Object.fromEntries(RETURN_TABS.map((tab) => [tab, count(tab)])) as Record<ReturnTab, number>;
  return {
    locale,
    query: {
      tab: query.tab,
      reason: query.reason ?? null,
      reasonLabel: query.reason ? reasonLabel(query.reason) : null,
      risk: query.risk ?? null,
      q: query.q ?? "",
    },
    counts,
    countText: Object.fromEntries(RETURN_TABS.map((tab) => [tab, number(counts[tab])])) as Record<ReturnTab, string>,
    any: counts.all > 0,
    page: list.page,
    pages: list.pages,
    reasons: policy.reasons.map((r) => ({ value: r.code, label: r.label[locale] })),
    rows: list.rows.map((r) => ({
      id: r.id,
      name: r.name,
      orderName: r.orderName,
      orderUrl: `/app/orders/${numericId(r.orderGid)}`,
      customer: r.customerName,
      status: statusLook(t, r.status),
      resolution: resolutionLabel(t, r.resolution),
      approval: t(r.approval === "auto" ? "returns.admin.approval.auto" : "returns.admin.approval.review"),
      reasons: [...new Set(r.reasons.map(reasonLabel))],
      total: formatMoney(r.totalMinor, r.currency, locale),
      risks: r.riskFlags.map((f) => riskLabel(t, f)),
      date: shopTime(locale, r.createdAt, display.timezone),
      isoDate: r.createdAt,
    })),
  };
}

const TAB_LABEL: Record<ReturnTab, MessageKey> = {
  requested: "returns.admin.tab.requested",
  approved: "returns.admin.tab.approved",
  in_transit: "returns.admin.tab.in_transit",
  received: "returns.admin.tab.received",
  processed: "returns.admin.tab.processed",
  closed: "returns.admin.tab.closed",
  declined: "returns.admin.tab.declined",
  cancelled: "returns.admin.tab.cancelled",
  all: "returns.admin.tab.all",
};

const PAGING_KEYS = ["page"] as const;

// A small inline illustration (a parcel with a return arrow), so the empty state needs no CDN.
const EMPTY_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><path d="M40 60l40-20 40 20v50l-40 20-40-20z" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3" stroke-linejoin="round"/><path d="M40 60l40 20 40-20M80 80v50" fill="none" stroke="#8a8a8a" stroke-width="3"/><path d="M112 34a22 22 0 1 0 6 22" fill="none" stroke="#4a7bd0" stroke-width="4" stroke-linecap="round"/><path d="M120 44l-2 14-12-6" fill="none" stroke="#4a7bd0" stroke-width="4" stroke-linejoin="round" stroke-linecap="round"/></svg>',
  );

export default function ReturnsQueue() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const navigation = useNavigation();
  const loading = navigation.state === "loading";
  const { query } = data;
  const { mode, setMode } = useSetIndexFiltersMode(query.q ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const { update, queryValue, setQueryValue } = useListUrl(query.q, PAGING_KEYS);
  const filtered = Boolean(query.q || query.reason || query.risk);
  const selectedTab = Math.max(0, RETURN_TABS.indexOf(query.tab));
  const reasonTitle = t("returns.admin.filter.reason");
  const riskTitle = t("returns.admin.filter.risk");
  const applied = [
    query.reason && {
      key: "reason",
      label: t("returns.admin.filter.reasonApplied", { reason: query.reasonLabel ?? query.reason }),
      onRemove: () => update({ reason: null }),
    },
    query.risk && {
      key: "risk",
      label: t(query.risk === "review" ? "returns.admin.filter.riskReview" : "returns.admin.filter.riskAuto"),
      onRemove: () => update({ risk: null }),
    },
  ].filter((f): f is { key: string; label: string; onRemove: () => void } => Boolean(f));

  return (
    <Page
      title={t("returns.admin.title")}
      subtitle={t("returns.admin.subtitle")}
      fullWidth
      primaryAction={{ content: t("returns.admin.analytics.action"), url: "/app/returns/analytics" }}
      secondaryActions={[{ content: t("returns.admin.settings.action"), url: "/app/returns/settings" }]}
    >
      <Layout>
        {!data.any && (
          <Layout.Section>
            <Banner tone="info" title={t("returns.admin.start.title")}>
              <BlockStack gap="200">
                <Text as="p">{t("returns.admin.start.body")}</Text>
                <InlineStack gap="300">
                  <Link url="/app/returns/settings">{t("returns.admin.settings.action")}</Link>
                </InlineStack>
              </BlockStack>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <IndexFilters
              tabs={RETURN_TABS.map((tab, index) => ({
                id: `returns-tab-${tab}`,
                content: t(TAB_LABEL[tab]),
                badge: tab !== "all" && data.counts[tab] > 0 ? data.countText[tab] : undefined,
                index,
                isLocked: true,
              }))}
              selected={selectedTab}
              onSelect={(index) => update({ tab: RETURN_TABS[index] === "requested" ? null : (RETURN_TABS[index] ?? null) })}
              queryValue={queryValue}
              queryPlaceholder={t("returns.admin.search.placeholder")}
              onQueryChange={setQueryValue}
              onQueryClear={() => setQueryValue("")}
              filteringAccessibilityLabel={t("returns.admin.search.label")}
              filters={[
                {
                  key: "reason",
                  label: reasonTitle,
                  shortcut: true,
                  filter: (
                    <ChoiceList
                      title={reasonTitle}
                      titleHidden
                      choices={data.reasons}
                      selected={query.reason ? [query.reason] : []}
                      onChange={([v]) => update({ reason: v ?? null })}
                    />
                  ),
                },
                {
                  key: "risk",
                  label: riskTitle,
                  shortcut: true,
                  filter: (
                    <ChoiceList
                      title={riskTitle}
                      titleHidden
                      choices={[
                        { label: t("returns.admin.filter.riskReview"), value: "review" },
                        { label: t("returns.admin.filter.riskAuto"), value: "auto" },
                      ]}
                      selected={query.risk ? [query.risk] : []}
                      onChange={([v]) => update({ risk: v ?? null })}
                    />
                  ),
                },
              ]}
              appliedFilters={applied}
              onClearAll={() => {
                setQueryValue("");
                update({ reason: null, risk: null });
              }}
              cancelAction={{ onAction: () => setQueryValue("") }}
              mode={mode}
              setMode={setMode}
              canCreateNewView={false}
              loading={loading}
            />
            <IndexTable
              resourceName={{ singular: t("returns.admin.resource.one"), plural: t("returns.admin.resource.other") }}
              itemCount={data.rows.length}
              selectable={false}
              loading={loading}
              emptyState={
                <EmptyState
                  heading={t(
                    filtered
                      ? "returns.admin.empty.search.heading"
                      : data.any
                        ? "returns.admin.empty.tab.heading"
                        : "returns.admin.empty.none.heading",
                  )}
                  image={EMPTY_IMAGE}
                  action={filtered || data.any ? undefined : { content: t("returns.admin.settings.action"), url: "/app/returns/settings" }}
                >
                  <p>
                    {t(
                      filtered
                        ? "returns.admin.empty.search.body"
                        : data.any
                          ? "returns.admin.empty.tab.body"
                          : "returns.admin.empty.none.body",
                    )}
                  </p>
                </EmptyState>
              }
              headings={[
                { title: t("returns.admin.column.return") },
                { title: t("returns.admin.column.order") },
                { title: t("returns.admin.column.customer") },
                { title: t("returns.admin.column.status") },
                { title: t("returns.admin.column.resolution") },
                { title: t("returns.admin.column.reasons") },
                { title: t("returns.admin.column.risk") },
                { title: t("returns.admin.column.total"), alignment: "end" },
                { title: t("returns.admin.column.date") },
              ]}
              pagination={
                data.pages > 1
                  ? {
                      hasNext: data.page < data.pages,
                      hasPrevious: data.page > 1,
                      label: t("returns.admin.page", { page: data.page, pages: data.pages }),
                      onNext: () => update({ page: String(data.page + 1) }, true),
                      onPrevious: () => update({ page: data.page > 2 ? String(data.page - 1) : null }, true),
                    }
                  : undefined
              }
            >
              {data.rows.map((r, index) => (
                <IndexTable.Row id={r.id} key={r.id} position={index}>
                  <IndexTable.Cell>
                    <Link url={`/app/returns/${r.id}`} dataPrimaryLink removeUnderline monochrome>
                      <Text as="span" fontWeight="semibold">
                        {r.name}
                      </Text>
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{r.orderName}</IndexTable.Cell>
                  <IndexTable.Cell>{r.customer ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <ReturnBadge look={r.status} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>{r.resolution}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ whiteSpace: "normal", maxWidth: "14rem" }}>
                      <Text as="span">{r.reasons.join(", ") || "—"}</Text>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span">{r.approval}</Text>
                      {r.risks.length > 0 && (
                        <Text as="span" tone="caution" variant="bodySm">
                          {r.risks.join(", ")}
                        </Text>
                      )}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {r.total}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <time dateTime={r.isoDate}>{r.date}</time>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
