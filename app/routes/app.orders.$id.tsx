// One order's page (/app/orders/<numeric id>): its status, items, shipments with tracking links and
// delivery state, refunds, customer, and its after-sales timeline; a Polaris 404 when the shop has no
// such order. Data from app/orders/order-queries.server.ts and app/events/timeline.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, DataTable, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { EventTimeline } from "~/components/event-timeline";
import { notFoundBoundary } from "~/components/not-found-page";
import { StatusBadge } from "~/components/status-badge";
import { describeEvent } from "~/events/describe-event";
import { orderTimeline } from "~/events/timeline.server";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { formatMoney } from "~/orders/format-money";
import { fulfillmentView, orderRowView } from "~/orders/format-order";
import { deliverySourcePhrase } from "~/orders/format-status";
import { shopTime } from "~/orders/format-time";
import { getOrder, lineTitle, orderGidOf, shopDisplay } from "~/orders/order-queries.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";
import { SectionCard } from "~/components/section-card";
import { OrderMessagesCard } from "~/components/messaging-order-card";
import { csatOfOrder } from "~/messaging/csat.server";
import { orderMessagingView } from "~/messaging/format-message";
import { orderMessages } from "~/messaging/outbox.server";
import { OrderReturnsCard } from "~/components/returns-order-card";
import { resolutionLabel, statusLook } from "~/components/returns-ui";
import { listReturns } from "~/returns/admin.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const id = params.id ?? "";
  if (!/^\d{1,20}$/.test(id)) throw new Response("Not found", { status: 404 });
  const locale = resolveLocale(request);
  const rt = await runtime();
  const orderGid = orderGidOf(id);
  const [detail, events, shop] = await Promise.all([
    getOrder(rt.db, session.shop, orderGid),
    orderTimeline(rt.db, session.shop, orderGid),
    shopDisplay(rt.db, session.shop),
  ]);
  if (!detail) throw new Response("Not found", { status: 404 });
  const [messages, csat, returns] = await Promise.all([
    orderMessages(rt.db, session.shop, orderGid),
    csatOfOrder(rt.db, session.shop, orderGid),
    listReturns(rt.db, session.shop, { status: "all", q: detail.order.name }),
  ]);

  const t = translator(locale);
  const c = { t, locale, timeZone: shop.timezone };
  const { order } = detail;
  const money = (minor: number, currency = order.currency) => formatMoney(minor, currency, locale);
  const lineTitles = Object.fromEntries(detail.lines.map((l) => [l.lineItemGid, lineTitle(l)]));
  // The delivery rule's days as the order's own delivered event recorded them, else the shop's setting now.
  const delivered = events.find((e) => e.type === "order.delivered");
  const fallbackDays = (delivered?.type === "order.delivered" ? delivered.detail.fallbackDays : undefined) ?? shop.deliveryFallbackDays;
  const deliveredText = (at: Date) => {
    const date = shopTime(locale, at, shop.timezone);
    const source = deliverySourcePhrase(t, order.deliverySource, fallbackDays);
    return source ? t("orders.page.delivered", { date, source }) : t("orders.fulfillments.delivered", { date });
  };
  const customerName = [detail.customer?.firstName, detail.customer?.lastName].filter(Boolean).join(" ");

  return {
    locale,
    order: {
      ...orderRowView(order, c),
      totalText: t("orders.page.total", { amount: money(order.totalMinor) }),
      placed: t("orders.page.placed", { date: shopTime(locale, order.processedAt, shop.timezone) }),
      // With one shipment its own line says it; with several, the order's delivery is the last one's.
      delivery: order.deliveredAt && detail.fulfillments.length > 1 ? deliveredText(order.deliveredAt) : null,
    },
    lines: detail.lines.map((l) => ({
      key: l.lineItemGid,
      title: l.title,
      variant: l.variantTitle && l.variantTitle !== "Default Title" ? l.variantTitle : null,
      sku: l.sku,
      quantity: l.quantity,
      price: money(l.priceMinor),
    })),
    fulfillments: detail.fulfillments.map((f) => fulfillmentView(f, order, { ...c, fallbackDays })),
    refunds: detail.refunds.map((r) => ({
      key: r.refundGid,
      amount: t("orders.refunds.amount", { amount: money(r.amountMinor, r.currency) }),
      date: shopTime(locale, r.processedAt, shop.timezone),
      note: r.note,
      lines: r.lines
        .filter((l) => l.quantity > 0)
        .map((l) =>
          t("orders.refunds.line", { quantity: l.quantity, title: lineTitles[l.lineItemGid] ?? t("orders.refunds.unknownLine") }),
        ),
    })),
    customer: detail.customer
      ? { id: detail.customer.id, name: customerName || null, email: detail.customer.email ?? order.email }
      : order.email
        ? { id: null, name: null, email: order.email }
        : null,
    timeline: events.map((e) => describeEvent(e, { ...c, lineTitles, fallbackDays })),
    messaging: orderMessagingView(messages, csat, c),
    returns: returns.rows
      .filter((r) => r.orderGid === orderGid)
      .map((r) => ({
        id: r.id,
        name: r.name,
        status: statusLook(t, r.status),
        resolution: resolutionLabel(t, r.resolution),
        total: money(r.totalMinor, r.currency),
        date: shopTime(locale, r.createdAt, shop.timezone),
      })),
  };
}

export default function OrderPage() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const { order } = data;

  return (
    <Page
      title={order.name}
      subtitle={order.placed}
      backAction={{ content: t("orders.title"), url: "/app/orders" }}
      titleMetadata={
        <InlineStack gap="100">
          <StatusBadge look={order.payment} />
          <StatusBadge look={order.fulfillment} />
          {order.flags.map((f) => (
            <StatusBadge key={f.label} look={f} />
          ))}
        </InlineStack>
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <SectionCard heading={t("orders.lines.heading")}>
              {data.lines.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("orders.lines.empty")}
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric"]}
                  headings={[t("orders.lines.product"), t("orders.lines.sku"), t("orders.lines.quantity"), t("orders.lines.price")]}
                  rows={data.lines.map((l) => [
                    <BlockStack key={l.key} gap="050">
                      <Text as="span" fontWeight="semibold">
                        {l.title}
                      </Text>
                      {l.variant && (
                        <Text as="span" tone="subdued">
                          {l.variant}
                        </Text>
                      )}
                    </BlockStack>,
                    l.sku ?? "—",
                    l.quantity,
                    l.price,
                  ])}
                />
              )}
              <Text as="p" alignment="end" fontWeight="semibold">
                {order.totalText}
              </Text>
            </SectionCard>

            <SectionCard heading={t("orders.fulfillments.heading")}>
              {order.delivery && <Text as="p">{order.delivery}</Text>}
              {data.fulfillments.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("orders.fulfillments.empty")}
                </Text>
              ) : (
                <BlockStack as="ul" gap="400">
                  {data.fulfillments.map((f, i) => (
                    <BlockStack as="li" key={f.key} gap="100">
                      <Text as="h3" variant="headingSm">
                        {t("orders.fulfillments.shipment", { number: i + 1 })}
                      </Text>
                      <Text as="p">
                        {f.carrier ? t("orders.fulfillments.carrier", { carrier: f.carrier }) : t("orders.fulfillments.carrierUnknown")}
                      </Text>
                      {f.tracking.length === 0 ? (
                        <Text as="p" tone="subdued">
                          {t("orders.fulfillments.noTracking")}
                        </Text>
                      ) : (
                        f.tracking.map((n) => (
                          <Text as="p" key={n.number}>
                            {n.href ? (
                              <Link url={n.href} external accessibilityLabel={t("orders.fulfillments.trackingLink", { number: n.number })}>
                                {n.number}
                              </Link>
                            ) : (
                              n.number
                            )}
                          </Text>
                        ))
                      )}
                      {f.shipped && (
                        <Text as="p" tone="subdued">
                          {f.shipped}
                        </Text>
                      )}
                      <Text as="p" tone={f.delivered ? "success" : undefined}>
                        {f.state}
                      </Text>
                    </BlockStack>
                  ))}
                </BlockStack>
              )}
            </SectionCard>

            <SectionCard heading={t("orders.refunds.heading")}>
              {data.refunds.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("orders.refunds.empty")}
                </Text>
              ) : (
                <BlockStack as="ul" gap="300">
                  {data.refunds.map((r) => (
                    <BlockStack as="li" key={r.key} gap="100">
                      <InlineStack gap="200" blockAlign="baseline">
                        <Text as="span" fontWeight="semibold">
                          {r.amount}
                        </Text>
                        <Text as="span" tone="subdued">
                          {r.date}
                        </Text>
                      </InlineStack>
                      {r.lines.map((line) => (
                        <Text as="p" key={line}>
                          {line}
                        </Text>
                      ))}
                      {r.note && <Text as="p">{t("orders.refunds.note", { note: r.note })}</Text>}
                    </BlockStack>
                  ))}
                </BlockStack>
              )}
            </SectionCard>

            <OrderReturnsCard t={t} returns={data.returns} />

            <OrderMessagesCard t={t} messages={data.messaging.messages} csat={data.messaging.csat} />

            <EventTimeline events={data.timeline} t={t} empty={t("timeline.empty.order")} />
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <SectionCard heading={t("orders.customer.heading")}>
            {data.customer ? (
              <BlockStack gap="100">
                {data.customer.name && <Text as="p">{data.customer.name}</Text>}
                {data.customer.email && <Text as="p">{data.customer.email}</Text>}
                {data.customer.id && <Link url={`/app/customers/${data.customer.id}`}>{t("orders.customer.view")}</Link>}
              </BlockStack>
            ) : (
              <Text as="p" tone="subdued">
                {t("orders.customer.none")}
              </Text>
            )}
          </SectionCard>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = notFoundBoundary("orders", "/app/orders");
