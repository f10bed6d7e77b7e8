// Returns analytics (/app/returns/analytics): over the last 30, 90 or 365 days (in the URL), the
// return rate, the reasons as bars, how returns were resolved (refund, store credit, exchange), and
// the retained-revenue ratio: the value kept as an exchange or store credit ÷ the value returned.
// An empty period says what would fill it. Figures from app/returns/analytics.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, ButtonGroup, Card, EmptyState, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { Bars } from "~/components/returns-ui";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { formatMoney, intlLocale } from "~/orders/format-money";
import { returnAnalytics } from "~/returns/analytics.server";
import type { Resolution } from "~/returns/types";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const PERIODS = [30, 90, 365] as const;
const RESOLUTIONS: readonly Resolution[] = ["refund", "store_credit", "exchange"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const locale = resolveLocale(request);
  const t = translator(locale);
  const asked = Number(new URL(request.url).searchParams.get("days"));
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : 30;
  const rt = await runtime();
  const a = await returnAnalytics(rt.db, session.shop, days, rt.clock.now(), locale);
  const number = (n: number) => n.toLocaleString(intlLocale(locale));
  const percent = (share: number) =>
    new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 1 }).format(share);
  const money = (minor: number) => formatMoney(minor, a.currency, locale);
  const most = Math.max(1, ...a.reasons.map((r) => r.count));
  const resolved = RESOLUTIONS.reduce((sum, r) => sum + (a.resolutionShare[r] ?? 0), 0);
  return {
    locale,
    days,
    any: a.returns > 0,
    figures: {
      returnRate: a.orders > 0 ? percent(a.returnRate) : "—",
      returnRateNote: t("returns.admin.analytics.returnRateNote", {
        count: a.orders,
        returns: number(a.returns),
        orders: number(a.orders),
      }),
      retained: a.retainedRevenueRatio === null ? "—" : percent(a.retainedRevenueRatio),
      retainedNote: t("returns.admin.analytics.retainedNote", {
        retained: money(a.retainedValueMinor),
        returned: money(a.returnedValueMinor),
      }),
      returned: money(a.returnedValueMinor),
      returns: number(a.returns),
    },
    reasons: a.reasons.map((r) => ({ key: r.code, label: r.label, count: number(r.count), share: r.count / most })),
    resolutions: RESOLUTIONS.map((r) => {
      // Shares or counts alike: each as its part of the whole.
      const share = resolved > 0 ? (a.resolutionShare[r] ?? 0) / resolved : 0;
      return { key: r, label: t(`returns.admin.resolution.${r}`), count: percent(share), share };
    }),
  };
}

export default function ReturnsAnalytics() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const [, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const f = data.figures;
  const figure = (label: string, value: string, note?: string) => (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingXl">
          {value}
        </Text>
        {note && (
          <Text as="p" tone="subdued" variant="bodySm">
            {note}
          </Text>
        )}
      </BlockStack>
    </Card>
  );

  return (
    <Page
      title={t("returns.admin.analytics.title")}
      subtitle={t("returns.admin.analytics.subtitle")}
      backAction={{ content: t("returns.admin.title"), url: "/app/returns" }}
    >
      <BlockStack gap="400">
        <InlineStack align="end">
          <ButtonGroup variant="segmented">
            {PERIODS.map((d) => (
              <Button
                key={d}
                pressed={data.days === d}
                loading={navigation.state === "loading" && navigation.location?.search.includes(`days=${d}`)}
                onClick={() => setSearchParams(d === 30 ? {} : { days: String(d) }, { preventScrollReset: true })}
              >
                {t("returns.admin.analytics.period", { count: d })}
              </Button>
            ))}
          </ButtonGroup>
        </InlineStack>
        {data.any ? (
          <Layout>
            <Layout.Section>
              <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
                {figure(t("returns.admin.analytics.returnRate"), f.returnRate, f.returnRateNote)}
                {figure(t("returns.admin.analytics.returns"), f.returns, t("returns.admin.analytics.returnsNote", { count: data.days }))}
                {figure(t("returns.admin.analytics.returned"), f.returned, t("returns.admin.analytics.returnedNote"))}
                {figure(t("returns.admin.analytics.retained"), f.retained, f.retainedNote)}
              </InlineGrid>
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("returns.admin.analytics.reasons")}
                  </Text>
                  {data.reasons.length ? (
                    <Bars rows={data.reasons} label={t("returns.admin.analytics.reasons")} />
                  ) : (
                    <Text as="p" tone="subdued">
                      {t("returns.admin.analytics.noReasons")}
                    </Text>
                  )}
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("returns.admin.analytics.resolutions")}
                  </Text>
                  <Bars rows={data.resolutions} label={t("returns.admin.analytics.resolutions")} />
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("returns.admin.analytics.resolutionsNote")}
                  </Text>
                </BlockStack>
              </Card>
            </Layout.Section>
          </Layout>
        ) : (
          <Card>
            <EmptyState
              heading={t("returns.admin.analytics.empty.heading", { count: data.days })}
              image=""
              action={{ content: t("returns.admin.settings.action"), url: "/app/returns/settings" }}
            >
              <p>{t("returns.admin.analytics.empty.body")}</p>
            </EmptyState>
          </Card>
        )}
      </BlockStack>
    </Page>
  );
}
