// One customer's page (/app/customers/<numeric id>): contact, email-marketing consent, their orders
// (each linking to its page) and their after-sales timeline; a Polaris 404 when the shop knows neither
// them nor an order of theirs. Data from app/customers/customer-queries.server.ts and app/events/timeline.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Card, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { EventTimeline } from "~/components/event-timeline";
import { notFoundBoundary } from "~/components/not-found-page";
import { OrdersTable } from "~/components/orders-table";
import { StatusBadge } from "~/components/status-badge";
import { CUSTOMER_ORDERS_LIMIT, customerGidOf, getCustomer } from "~/customers/customer-queries.server";
import { describeEvent, refundedLineGids } from "~/events/describe-event";
import { CUSTOMER_TIMELINE_LIMIT, customerTimeline } from "~/events/timeline.server";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { formatMoneyList } from "~/orders/format-money";
import { orderRowView } from "~/orders/format-order";
import { consentStatus } from "~/orders/format-status";
import { shopTime } from "~/orders/format-time";
import { lineTitles, shopDisplay } from "~/orders/order-queries.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";
import { SectionCard } from "~/components/section-card";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const id = params.id ?? "";
  if (!/^\d{1,20}$/.test(id)) throw new Response("Not found", { status: 404 });
  const locale = resolveLocale(request);
  const rt = await runtime();
  const customerGid = customerGidOf(id);
  const [detail, events, shop] = await Promise.all([
    getCustomer(rt.db, session.shop, customerGid),
    customerTimeline(rt.db, session.shop, customerGid),
    shopDisplay(rt.db, session.shop),
  ]);
  if (!detail) throw new Response("Not found", { status: 404 });
  const titles = await lineTitles(rt.db, session.shop, refundedLineGids(events));

  const t = translator(locale);
  const c = { t, locale, timeZone: shop.timezone };
  const { customer } = detail;
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  const languageName = (code: string) => {
    try {
      return new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  return {
    locale,
    customer: {
      id: customer.id,
      title: name || customer.email || t("customers.noName"),
      email: customer.email,
      language: customer.locale ? languageName(customer.locale) : null,
      since: customer.shopifyCreatedAt
        ? t("customers.contact.since", { date: shopTime(locale, customer.shopifyCreatedAt, shop.timezone) })
        : null,
      known: detail.known,
      consent: consentStatus(t, customer.marketingState),
      consentUpdated: customer.marketingUpdated
        ? t("customers.consent.updated", { date: shopTime(locale, customer.marketingUpdated, shop.timezone) })
        : null,
    },
    orders: detail.orders.map((o) => orderRowView(o, c)),
    ordersCount: detail.ordersCount,
    spent: t("customers.orders.summary", { amount: formatMoneyList(detail.totals, locale) }),
    more:
      detail.ordersCount > detail.orders.length
        ? t("customers.orders.more", { shown: CUSTOMER_ORDERS_LIMIT, count: detail.ordersCount })
        : null,
    timeline: events.map((e) => describeEvent(e, { ...c, lineTitles: titles, fallbackDays: shop.deliveryFallbackDays })),
    timelineNote: events.length >= CUSTOMER_TIMELINE_LIMIT ? t("timeline.truncated", { count: CUSTOMER_TIMELINE_LIMIT }) : undefined,
  };
}

export default function CustomerPage() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const { customer } = data;

  return (
    <Page
      title={customer.title}
      subtitle={customer.since ?? undefined}
      backAction={{ content: t("customers.title"), url: "/app/customers" }}
      titleMetadata={<StatusBadge look={customer.consent} />}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card padding="0">
              <BlockStack gap="0">
                <BlockStack gap="200">
                  <Box paddingInline="400" paddingBlockStart="400">
                    <InlineStack gap="300" align="space-between" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        {t("customers.orders.heading")}
                      </Text>
                      {data.ordersCount > 0 && <Text as="p">{data.spent}</Text>}
                    </InlineStack>
                  </Box>
                  {data.more && (
                    <Box paddingInline="400">
                      <InlineStack gap="200">
                        <Text as="p" tone="subdued">
                          {data.more}
                        </Text>
                        {customer.email && (
                          <Link url={`/app/orders?q=${encodeURIComponent(customer.email)}`}>{t("customers.orders.viewAll")}</Link>
                        )}
                      </InlineStack>
                    </Box>
                  )}
                </BlockStack>
                <OrdersTable
                  rows={data.orders}
                  t={t}
                  showCustomer={false}
                  emptyState={
                    <Box padding="400">
                      <Text as="p" tone="subdued">
                        {t("customers.orders.empty")}
                      </Text>
                    </Box>
                  }
                />
              </BlockStack>
            </Card>
            <EventTimeline events={data.timeline} t={t} empty={t("timeline.empty.customer")} showOrder note={data.timelineNote} />
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <SectionCard heading={t("customers.contact.heading")}>
              <Text as="p">
                {customer.email ? t("customers.contact.email", { email: customer.email }) : t("customers.contact.noEmail")}
              </Text>
              {customer.language && <Text as="p">{t("customers.contact.language", { language: customer.language })}</Text>}
              {!customer.known && (
                <Text as="p" tone="subdued">
                  {t("customers.contact.unknown")}
                </Text>
              )}
            </SectionCard>
            <SectionCard heading={t("customers.consent.heading")}>
              <InlineStack>
                <StatusBadge look={customer.consent} />
              </InlineStack>
              {customer.consentUpdated && (
                <Text as="p" tone="subdued">
                  {customer.consentUpdated}
                </Text>
              )}
            </SectionCard>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = notFoundBoundary("customers", "/app/customers");
