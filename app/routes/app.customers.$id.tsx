// One customer's page (/app/customers/<numeric id>): contact, email-marketing consent, their orders
// (each linking to its page), their loyalty points (with the staff's manual adjustment) and their
// after-sales timeline; a Polaris 404 when the shop knows neither them nor an order of theirs. Data
// from app/customers/customer-queries.server.ts, app/loyalty/members.server.ts and app/events/timeline.server.ts.
import crypto from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Card, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { EventTimeline } from "~/components/event-timeline";
import { LoyaltyCustomerCard } from "~/components/loyalty-customer-card";
import { notFoundBoundary } from "~/components/not-found-page";
import { OrdersTable } from "~/components/orders-table";
import { StatusBadge } from "~/components/status-badge";
import { CUSTOMER_ORDERS_LIMIT, customerGidOf, getCustomer } from "~/customers/customer-queries.server";
import { describeEvent, refundedLineGids } from "~/events/describe-event";
import { CUSTOMER_TIMELINE_LIMIT, customerTimeline } from "~/events/timeline.server";
import { resolveLocale } from "~/i18n/locale";
import { translator, type Translate } from "~/i18n/translate";
import { adjustmentInput, adjustPoints } from "~/loyalty/adjust.server";
import { customerLoyaltyView } from "~/loyalty/members.server";
import { loyaltyProgram } from "~/loyalty/program.server";
import { formatMoneyList } from "~/orders/format-money";
import { orderRowView } from "~/orders/format-order";
import { consentStatus } from "~/orders/format-status";
import { shopTime } from "~/orders/format-time";
import { lineTitles, shopDisplay } from "~/orders/order-queries.server";
import { readForm } from "~/platform/form.server";
import { runtime } from "~/runtime.server";
import { staffActor } from "~/shops/staff-actor";
import { authenticate } from "~/shopify.server";
import { SectionCard } from "~/components/section-card";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const id = params.id ?? "";
  if (!/^\d{1,20}$/.test(id)) throw new Response("Not found", { status: 404 });
  const locale = resolveLocale(request);
  const rt = await runtime();
  const customerGid = customerGidOf(id);
  const ledgerPage = Number(/^\d{1,6}$/.exec(new URL(request.url).searchParams.get("ledger") ?? "")?.[0] ?? 1);
  const [detail, events, shop, program] = await Promise.all([
    getCustomer(rt.db, session.shop, customerGid),
    customerTimeline(rt.db, session.shop, customerGid),
    shopDisplay(rt.db, session.shop),
    loyaltyProgram(rt.db, session.shop),
  ]);
  if (!detail) throw new Response("Not found", { status: 404 });
  const t = translator(locale);
  const c = { t, locale, timeZone: shop.timezone };
  const [titles, loyalty] = await Promise.all([
    lineTitles(rt.db, session.shop, refundedLineGids(events)),
    customerLoyaltyView(rt.db, program, session.shop, customerGid, { ...c, page: ledgerPage }),
  ]);

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
    loyalty,
    // A new key with every load: the two posts of a double submit share it and make one adjustment.
    adjustKey: crypto.randomUUID(),
  };
}

function adjustErrors(issues: { path: (string | number)[]; code: string }[], t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    if (field in errors) continue;
    if (field === "points")
      errors.points = t(
        issue.code === "too_small" || issue.code === "too_big" ? "loyalty.customer.error.pointsRange" : "loyalty.customer.error.points",
      );
    else if (field === "note") errors.note = t("loyalty.customer.error.note");
    else errors.form = t("loyalty.customer.error.reload");
  }
  return errors;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await authenticate.admin(request);
  const shop = ctx.session.shop;
  const id = params.id ?? "";
  if (!/^\d{1,20}$/.test(id)) throw new Response("Not found", { status: 404 });
  const t = translator(resolveLocale(request));
  const form = await readForm(request);
  if (form.get("intent") !== "adjust")
    return Response.json({ ok: false, errors: { form: t("loyalty.customer.error.reload") } }, { status: 400 });
  const parsed = adjustmentInput.safeParse({
    points: form.get("points") ?? "",
    note: form.get("note") ?? "",
    requestKey: form.get("requestKey") ?? "",
  });
  if (!parsed.success) return Response.json({ ok: false, errors: adjustErrors(parsed.error.issues, t) }, { status: 400 });
  const rt = await runtime();
  const customerGid = customerGidOf(id);
  // Only a customer the shop knows gets points: never a made-up id.
  const known =
    (await rt.db.customer.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { id: true } })) ??
    (await rt.db.order.findFirst({ where: { shop, customerGid }, select: { id: true } }));
  if (!known) throw new Response("Not found", { status: 404 });
  const outcome = await adjustPoints(
    { db: rt.db, events: rt.events, jobs: rt.jobs, clock: rt.clock },
    { ...parsed.data, shop, customerGid, actor: staffActor(ctx) },
  );
  if (!outcome.ok) {
    const message = t("loyalty.customer.error.short", { balance: outcome.balance, needed: -parsed.data.points });
    return Response.json({ ok: false, errors: { points: message } }, { status: 409 });
  }
  return Response.json({ ok: true, balance: outcome.balance });
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
            <LoyaltyCustomerCard t={t} locale={data.locale} view={data.loyalty} requestKey={data.adjustKey} />
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
