// The merchant's Outbox: every email Aftercare has planned for the shop, with its send time in the
// shop's time zone, status and why; filtered by status tab and flow, searched by email or order,
// in pages of 50 (all of it in the URL). Actions: cancel, send now, and resend or drop an email
// whose sending was interrupted. Queries and actions live in app/messaging/outbox.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import {
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  Layout,
  Page,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { DryRunBanner, StuckBanner } from "~/components/messaging-banners";
import { MessagesTable } from "~/components/messaging-messages-table";
import { useListUrl } from "~/components/use-list-url";
import { resolveLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { translator } from "~/i18n/translate";
import { flowLabel, messageRowView } from "~/messaging/format-message";
import {
  cancelOutboxMessages,
  dropStuck,
  listOutbox,
  OUTBOX_FILTERS,
  OUTBOX_SORTS,
  outboxCounts,
  resendStuck,
  sendNow,
  type OutboxFilter,
} from "~/messaging/outbox.server";
import { messagingSettings } from "~/messaging/settings.server";
import { FLOWS } from "~/messaging/types";
import { shopDisplay } from "~/orders/order-queries.server";
import { readForm } from "~/platform/form.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const listQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(OUTBOX_FILTERS).optional().catch(undefined),
  flow: z.enum(FLOWS).optional().catch(undefined),
  sort: z.enum(OUTBOX_SORTS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

/** Waiting emails read best next-first; everything else newest first. */
function defaultSort(status: OutboxFilter | undefined) {
  return status === "planned" || status === "queued" ? "soonest" : "latest";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = resolveLocale(request);
  const t = translator(locale);
  const rt = await runtime();
  const sort = query.sort ?? defaultSort(query.status);
  const [page, counts, shop, settings] = await Promise.all([
    listOutbox(rt.db, session.shop, { status: query.status, flow: query.flow, search: query.q, sort, page: query.page }),
    outboxCounts(rt.db, session.shop),
    shopDisplay(rt.db, session.shop),
    messagingSettings(rt.db, session.shop),
  ]);
  return {
    locale,
    query: { q: query.q ?? "", status: query.status ?? null, flow: query.flow ?? null, sort, defaultSort: defaultSort(query.status) },
    counts: { ...counts, queued: counts.queued + counts.sending },
    total: page.total,
    page: page.page,
    pages: page.pages,
    dryRun: settings.dryRun,
    rows: page.rows.map((m) => messageRowView(m, { t, locale, timeZone: shop.timezone })),
  };
}

const actionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cancel"), ids: z.array(z.string().min(1).max(64)).min(1).max(500) }),
  z.object({ intent: z.enum(["sendNow", "resend", "drop"]), ids: z.array(z.string().min(1).max(64)).length(1) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const form = await readForm(request);
  const parsed = actionInput.safeParse({ intent: form.get("intent"), ids: form.getAll("id") });
  if (!parsed.success) return Response.json({ ok: false, result: "invalid" }, { status: 400 });
  const rt = await runtime();
  const deps = { db: rt.db, events: rt.events, jobs: rt.jobs, clock: rt.clock };
  const { intent, ids } = parsed.data;
  if (intent === "cancel") {
    const { cancelled } = await cancelOutboxMessages(deps, session.shop, ids);
    return Response.json({ ok: true, intent, result: cancelled.length ? "done" : "unchanged", count: cancelled.length });
  }
  const run = { sendNow, resend: resendStuck, drop: dropStuck }[intent];
  const result = await run(deps, session.shop, ids[0]);
  return Response.json({ ok: result !== "not_found", intent, result }, { status: result === "not_found" ? 404 : 200 });
}

const TABS: { status: OutboxFilter | null; label: MessageKey }[] = [
  { status: null, label: "messaging.outbox.tab.all" },
  { status: "planned", label: "messaging.status.planned" },
  { status: "queued", label: "messaging.status.queued" },
  { status: "sent", label: "messaging.status.sent" },
  { status: "suppressed", label: "messaging.status.suppressed" },
  { status: "cancelled", label: "messaging.status.cancelled" },
  { status: "failed", label: "messaging.status.failed" },
  { status: "stuck", label: "messaging.status.stuck" },
];

// A small inline illustration (an envelope), so the empty state needs no CDN.
const EMPTY_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><rect x="28" y="44" width="104" height="72" rx="6" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3"/><path d="M30 48l50 38 50-38" fill="none" stroke="#8a8a8a" stroke-width="3" stroke-linejoin="round"/></svg>',
  );

const PAGING_KEYS = ["page"] as const;
/** While an email is on its way, the list looks again this often. */
const REFRESH_MS = 2_000;

export default function Outbox() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const { mode, setMode } = useSetIndexFiltersMode(data.query.q ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const { update, queryValue, setQueryValue } = useListUrl(data.query.q, PAGING_KEYS);
  const selectedTab = Math.max(
    0,
    TABS.findIndex((tab) => tab.status === data.query.status),
  );
  const filtered = Boolean(data.query.q || data.query.status || data.query.flow);
  const moving = data.rows.some((r) => r.statusKey === "queued" || r.statusKey === "sending");

  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [moving, revalidator]);

  const flowFilterLabel = t("messaging.outbox.filter.flow");
  const number = (n: number) => n.toLocaleString(data.locale === "pl" ? "pl-PL" : "en-GB");

  return (
    <Page
      title={t("messaging.outbox.title")}
      subtitle={`${t("messaging.outbox.total", { count: data.total, total: number(data.total) })} · ${t("messaging.outbox.subtitle")}`}
      fullWidth
      secondaryActions={[
        { content: t("messaging.nav.flows"), url: "/app/flows" },
        { content: t("messaging.settings.title"), url: "/app/messaging-settings" },
      ]}
    >
      <Layout>
        {(data.counts.stuck > 0 || data.dryRun) && (
          <Layout.Section>
            <BlockStack gap="300">
              {data.counts.stuck > 0 && (
                <StuckBanner t={t} count={data.counts.stuck} onReview={() => update({ status: "stuck", sort: null })} />
              )}
              {data.dryRun && <DryRunBanner t={t} />}
            </BlockStack>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <IndexFilters
              tabs={TABS.map((tab, index) => {
                const count = tab.status ? data.counts[tab.status] : 0;
                return {
                  id: `outbox-tab-${tab.status ?? "all"}`,
                  content: t(tab.label),
                  badge: tab.status && count > 0 ? number(count) : undefined,
                  index,
                  isLocked: true,
                };
              })}
              selected={selectedTab}
              onSelect={(index) => update({ status: TABS[index]?.status ?? null, sort: null })}
              queryValue={queryValue}
              queryPlaceholder={t("messaging.outbox.search.placeholder")}
              onQueryChange={setQueryValue}
              onQueryClear={() => setQueryValue("")}
              filteringAccessibilityLabel={t("messaging.outbox.search.label")}
              sortOptions={[
                { label: t("messaging.outbox.sort.time"), value: "time desc", directionLabel: t("messaging.outbox.sort.latest") },
                { label: t("messaging.outbox.sort.time"), value: "time asc", directionLabel: t("messaging.outbox.sort.soonest") },
              ]}
              sortSelected={[data.query.sort === "soonest" ? "time asc" : "time desc"]}
              onSort={([value]) => {
                const sort = value === "time asc" ? "soonest" : "latest";
                update({ sort: sort === data.query.defaultSort ? null : sort });
              }}
              filters={[
                {
                  key: "flow",
                  label: flowFilterLabel,
                  shortcut: true,
                  filter: (
                    <ChoiceList
                      title={flowFilterLabel}
                      titleHidden
                      choices={FLOWS.map((f) => ({ label: flowLabel(t, f), value: f }))}
                      selected={data.query.flow ? [data.query.flow] : []}
                      onChange={([flow]) => update({ flow: flow ?? null })}
                    />
                  ),
                },
              ]}
              appliedFilters={
                data.query.flow
                  ? [
                      {
                        key: "flow",
                        label: t("messaging.outbox.filter.flowApplied", { flow: flowLabel(t, data.query.flow) }),
                        onRemove: () => update({ flow: null }),
                      },
                    ]
                  : []
              }
              onClearAll={() => {
                setQueryValue("");
                update({ flow: null });
              }}
              cancelAction={{ onAction: () => setQueryValue("") }}
              mode={mode}
              setMode={setMode}
              canCreateNewView={false}
              loading={navigation.state === "loading"}
            />
            <MessagesTable
              rows={data.rows}
              t={t}
              loading={navigation.state === "loading"}
              emptyState={
                <EmptyState
                  heading={t(filtered ? "messaging.outbox.empty.search.heading" : "messaging.outbox.empty.heading")}
                  image={EMPTY_IMAGE}
                >
                  <p>{t(filtered ? "messaging.outbox.empty.search.body" : "messaging.outbox.empty.body")}</p>
                </EmptyState>
              }
              pagination={
                data.pages > 1
                  ? {
                      hasNext: data.page < data.pages,
                      hasPrevious: data.page > 1,
                      label: t("messaging.outbox.page", { page: data.page, pages: data.pages }),
                      onNext: () => update({ page: String(data.page + 1) }, true),
                      onPrevious: () => update({ page: data.page > 2 ? String(data.page - 1) : null }, true),
                    }
                  : undefined
              }
            />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
