// The loyalty overview: whether the program runs (with a link to its settings), members and the
// points they hold, the redemption rate, rewards redeemed by type and the revenue of orders that
// used a reward over the period the merchant picks, the ledger check, and the way to award points
// for past orders. Figures come from app/loyalty/figures.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { REWARD_TYPE_LABEL } from "~/components/loyalty-program-editors";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { FIGURE_PERIODS, loyaltyFigures, type FigurePeriod } from "~/loyalty/figures.server";
import { ledgerMismatches } from "~/loyalty/ledger.server";
import { loyaltyProgram } from "~/loyalty/program.server";
import { formatMoney, formatMoneyList, intlLocale } from "~/orders/format-money";
import { shopTime } from "~/orders/format-time";
import { numericId, shopDisplay } from "~/orders/order-queries.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

/** The ledger check lists this many members at most (the count says how many there are). */
const MISMATCHES_SHOWN = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const locale = resolveLocale(request);
  const t = translator(locale);
  const days: FigurePeriod = FIGURE_PERIODS.find((d) => String(d) === new URL(request.url).searchParams.get("days")) ?? 30;
  const rt = await runtime();
  const now = rt.clock.now();
  const [program, figures, mismatches, display] = await Promise.all([
    loyaltyProgram(rt.db, shop),
    loyaltyFigures(rt.db, shop, now, days),
    ledgerMismatches(rt.db, shop),
    shopDisplay(rt.db, shop),
  ]);
  const currency = display.currency ?? "USD";
  const number = (n: number) => n.toLocaleString(intlLocale(locale));
  const net = figures.revenue.map((r) => ({ currency: r.currency, totalMinor: r.totalMinor - r.refundedMinor }));
  const orders = figures.revenue.reduce((s, r) => s + r.orders, 0);
  const refunded = figures.revenue.filter((r) => r.refundedMinor > 0);
  return {
    locale,
    days,
    since: shopTime(locale, figures.since, display.timezone),
    program: {
      enabled: program.enabled,
      summary: [
        t("loyalty.overview.program.rate", { count: program.pointsPerUnit, currency }),
        program.pendingDays > 0
          ? t("loyalty.overview.program.pending", { count: program.pendingDays })
          : t("loyalty.overview.program.noPending"),
        t("loyalty.overview.program.tiers", { count: program.tiers.length }),
        t("loyalty.overview.program.rewards", { count: program.rewards.filter((r) => r.enabled).length }),
      ],
    },
    figures: {
      members: number(figures.members),
      spendable: number(figures.spendable),
      pending: number(figures.pending),
      earned: number(figures.earned),
      redeemed: number(figures.redeemed),
      rate:
        figures.redemptionRate === null
          ? null
          : new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 1 }).format(figures.redemptionRate),
      revenue: net.length ? formatMoneyList(net, locale) : formatMoney(0, currency, locale),
      revenueOrders: t("loyalty.overview.revenue.orders", { count: orders, shown: number(orders) }),
      revenueRefunded: refunded.length
        ? t("loyalty.overview.revenue.refunded", {
            amount: formatMoneyList(
              refunded.map((r) => ({ currency: r.currency, totalMinor: r.refundedMinor })),
              locale,
            ),
          })
        : null,
      rewards: figures.rewards.map((r) => ({
        type: t(REWARD_TYPE_LABEL[r.type]),
        redeemed: number(r.redeemed),
        used: number(r.used),
        points: number(r.points),
      })),
    },
    mismatches: {
      count: mismatches.length,
      shown: mismatches.slice(0, MISMATCHES_SHOWN).map((m) => ({
        id: numericId(m.customerGid),
        text: t("loyalty.overview.ledger.mismatch", {
          customer: numericId(m.customerGid),
          balance: m.balance,
          sumPoints: m.sumPoints,
          pending: m.pending,
          sumPending: m.sumPending,
        }),
      })),
    },
  };
}

export default function LoyaltyOverview() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const navigation = useNavigation();
  const [, setSearchParams] = useSearchParams();
  const f = data.figures;
  const figure = (label: string, value: string, note: string | null, extra?: string | null) => (
    <Card key={label}>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {note && (
          <Text as="p" tone="subdued">
            {note}
          </Text>
        )}
        {extra && (
          <Text as="p" tone="subdued">
            {extra}
          </Text>
        )}
      </BlockStack>
    </Card>
  );

  return (
    <Page
      title={t("loyalty.overview.title")}
      subtitle={t("loyalty.overview.subtitle")}
      primaryAction={{ content: t("loyalty.overview.editSettings"), url: "/app/loyalty/settings" }}
      secondaryActions={[{ content: t("loyalty.members.title"), url: "/app/loyalty/members" }]}
    >
      <Layout>
        {data.mismatches.count > 0 && (
          <Layout.Section>
            <Banner tone="critical" title={t("loyalty.overview.ledger.bad", { count: data.mismatches.count })}>
              <BlockStack gap="200">
                <Text as="p">{t("loyalty.overview.ledger.badHelp")}</Text>
                <List>
                  {data.mismatches.shown.map((m) => (
                    <List.Item key={m.id}>
                      <Link url={`/app/customers/${m.id}`}>{m.text}</Link>
                    </List.Item>
                  ))}
                </List>
              </BlockStack>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("loyalty.overview.program.heading")}
                  </Text>
                  <Badge tone={data.program.enabled ? "success" : undefined}>
                    {t(data.program.enabled ? "loyalty.overview.program.on" : "loyalty.overview.program.off")}
                  </Badge>
                </InlineStack>
                <Link url="/app/loyalty/settings">{t("loyalty.overview.editSettings")}</Link>
              </InlineStack>
              <Text as="p">{data.program.summary.join(" · ")}</Text>
              {!data.program.enabled && (
                <Text as="p" tone="subdued">
                  {t("loyalty.overview.program.offHelp")}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
            {figure(t("loyalty.overview.members"), f.members, null)}
            {figure(t("loyalty.overview.outstanding"), f.spendable, t("loyalty.overview.outstandingNote", { pending: f.pending }))}
          </InlineGrid>
        </Layout.Section>

        <Layout.Section>
          <BlockStack gap="400">
            <InlineStack align="space-between" blockAlign="end" gap="200">
              <BlockStack gap="100">
                <Text as="h2" variant="headingMd">
                  {t("loyalty.overview.period.heading")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("loyalty.overview.period.since", { date: data.since })}
                </Text>
              </BlockStack>
              <Select
                label={t("loyalty.overview.period.label")}
                labelInline
                options={[30, 90, 365].map((d) => ({ value: String(d), label: t("loyalty.overview.period.days", { count: d }) }))}
                value={String(data.days)}
                onChange={(v) => setSearchParams(v === "30" ? {} : { days: v }, { preventScrollReset: true })}
                disabled={navigation.state === "loading"}
              />
            </InlineStack>
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              {figure(
                t("loyalty.overview.rate"),
                f.rate ?? "—",
                f.rate === null
                  ? t("loyalty.overview.rateNone")
                  : t("loyalty.overview.rateNote", { redeemed: f.redeemed, earned: f.earned }),
              )}
              {figure(t("loyalty.overview.revenue"), f.revenue, f.revenueOrders, f.revenueRefunded)}
            </InlineGrid>
            <Text as="p" tone="subdued">
              {t("loyalty.overview.revenue.explain")}
            </Text>
            <Card padding="0">
              <BlockStack gap="0">
                <Box padding="400" paddingBlockEnd="200">
                  <Text as="h3" variant="headingSm">
                    {t("loyalty.overview.rewards.heading")}
                  </Text>
                </Box>
                {f.rewards.length ? (
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                    headings={[
                      t("loyalty.overview.rewards.type"),
                      t("loyalty.overview.rewards.redeemed"),
                      t("loyalty.overview.rewards.used"),
                      t("loyalty.overview.rewards.points"),
                    ]}
                    rows={f.rewards.map((r) => [r.type, r.redeemed, r.used, r.points])}
                  />
                ) : (
                  <Box padding="400" paddingBlockStart="0">
                    <Text as="p" tone="subdued">
                      {t("loyalty.overview.rewards.none")}
                    </Text>
                  </Box>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("loyalty.overview.ledger.heading")}
              </Text>
              {data.mismatches.count === 0 ? (
                <InlineStack gap="200" blockAlign="center">
                  <Badge tone="success">{t("loyalty.overview.ledger.okBadge")}</Badge>
                  <Text as="p">{t("loyalty.overview.ledger.ok")}</Text>
                </InlineStack>
              ) : (
                <Text as="p" tone="critical">
                  {t("loyalty.overview.ledger.bad", { count: data.mismatches.count })}
                </Text>
              )}
              <Text as="p" tone="subdued">
                {t("loyalty.overview.ledger.explain")}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("loyalty.overview.past.heading")}
              </Text>
              <Text as="p">{t("loyalty.overview.past.body")}</Text>
              <InlineStack>
                <Link url="/app/loyalty/history">{t("loyalty.overview.past.link")}</Link>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
