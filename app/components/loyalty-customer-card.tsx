// A customer's loyalty on their page: spendable and pending points, tier, their ledger (what moved,
// why, when, on which order; in pages), their reward codes with statuses, and the manual adjustment
// form (points up or down with a required note; the page's request key makes a double submit one
// adjustment). The view comes from customerLoyaltyView in app/loyalty/members.server.ts.
import { useFetcher, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineGrid,
  InlineStack,
  Link,
  Pagination,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import type { Locale } from "~/i18n/locale";
import type { Translate } from "~/i18n/translate";
import type { LoyaltyCardView } from "~/loyalty/members.server";
import { useOnSettled } from "./messaging-toast";

export type AdjustResult = { ok: true; balance: number } | { ok: false; errors: Record<string, string> };

export function LoyaltyCustomerCard({
  t,
  locale,
  view,
  requestKey,
}: {
  t: Translate;
  locale: Locale;
  view: LoyaltyCardView;
  /** New with every load of the page: both posts of a double submit carry the same one. */
  requestKey: string;
}) {
  const number = (n: number) => n.toLocaleString(locale === "pl" ? "pl-PL" : "en-GB");
  const [searchParams, setSearchParams] = useSearchParams();
  const goTo = (page: number) => {
    const next = new URLSearchParams(searchParams);
    if (page > 1) next.set("ledger", String(page));
    else next.delete("ledger");
    setSearchParams(next, { preventScrollReset: true });
  };

  return (
    <Card padding="0">
      <BlockStack gap="0">
        <Box padding="400">
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <Text as="h2" variant="headingMd">
                {t("loyalty.customer.heading")}
              </Text>
              {!view.enabled && <Badge>{t("loyalty.customer.programOff")}</Badge>}
            </InlineStack>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              <Figure label={t("loyalty.customer.balance")} value={number(view.balance)} />
              <Figure label={t("loyalty.customer.pending")} value={number(view.pending)} />
              <Figure label={t("loyalty.customer.tier")} value={view.tier ?? t("loyalty.customer.noTier")} />
              <Figure label={t("loyalty.customer.earned")} value={number(view.lifetimeEarned)} />
            </InlineGrid>
            {view.lastActivity && (
              <Text as="p" tone="subdued">
                {t("loyalty.customer.lastActivity", { date: view.lastActivity })}
              </Text>
            )}
          </BlockStack>
        </Box>
        <Divider />
        <Box padding="400">
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              {t("loyalty.customer.ledger")}
            </Text>
            {view.ledger.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("loyalty.customer.ledgerEmpty")}
              </Text>
            ) : (
              <BlockStack gap="300">
                {view.ledger.map((e) => (
                  <InlineStack key={e.id} align="space-between" blockAlign="start" gap="300" wrap={false}>
                    <BlockStack gap="050">
                      <Text as="p" fontWeight="semibold">
                        {e.reason ? t("loyalty.customer.line", { kind: e.kind, reason: e.reason }) : e.kind}
                      </Text>
                      <Text as="p" tone="subdued">
                        {e.at}
                        {e.order && (
                          <>
                            {" · "}
                            <Link url={`/app/orders/${e.order.id}`}>{e.order.name}</Link>
                          </>
                        )}
                      </Text>
                      {e.availableAt && (
                        <Text as="p" tone="subdued">
                          {t("loyalty.customer.availableAt", { date: e.availableAt })}
                        </Text>
                      )}
                      {e.note && <Text as="p">{t("loyalty.customer.note", { note: e.note })}</Text>}
                      {e.actor && (
                        <Text as="p" tone="subdued">
                          {t("loyalty.customer.actor", { actor: e.actor })}
                        </Text>
                      )}
                    </BlockStack>
                    <BlockStack gap="050" inlineAlign="end">
                      {e.points && (
                        <Text as="p" numeric fontWeight="semibold" tone={e.points.startsWith("-") ? "critical" : "success"}>
                          {t("loyalty.customer.points", { points: e.points })}
                        </Text>
                      )}
                      {e.pending && (
                        <Text as="p" numeric tone="subdued">
                          {t("loyalty.customer.pendingPoints", { points: e.pending })}
                        </Text>
                      )}
                    </BlockStack>
                  </InlineStack>
                ))}
              </BlockStack>
            )}
            {(view.page > 1 || view.hasNext) && (
              <InlineStack align="center">
                <Pagination
                  hasPrevious={view.page > 1}
                  hasNext={view.hasNext}
                  onPrevious={() => goTo(view.page - 1)}
                  onNext={() => goTo(view.page + 1)}
                  label={t("loyalty.customer.ledgerPage", { page: view.page })}
                />
              </InlineStack>
            )}
          </BlockStack>
        </Box>
        <Divider />
        <Box padding="400">
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              {t("loyalty.customer.codes")}
            </Text>
            {view.codes.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("loyalty.customer.codesEmpty")}
              </Text>
            ) : (
              view.codes.map((r) => (
                <InlineStack key={r.id} align="space-between" blockAlign="start" gap="300">
                  <BlockStack gap="050">
                    <Text as="p" fontWeight="semibold">
                      {r.title}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("loyalty.customer.codeLine", { type: r.type, cost: number(r.cost), date: r.at })}
                      {r.order && (
                        <>
                          {" · "}
                          <Link url={`/app/orders/${r.order.id}`}>{r.order.name}</Link>
                        </>
                      )}
                    </Text>
                    {r.code && (
                      <Text as="p" fontWeight="medium">
                        <code>{r.code}</code>
                      </Text>
                    )}
                  </BlockStack>
                  <Badge tone={r.tone}>{r.status}</Badge>
                </InlineStack>
              ))
            )}
          </BlockStack>
        </Box>
        <Divider />
        <Box padding="400">
          <AdjustForm t={t} requestKey={requestKey} />
        </Box>
      </BlockStack>
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
    </BlockStack>
  );
}

function AdjustForm({ t, requestKey }: { t: Translate; requestKey: string }) {
  const fetcher = useFetcher<AdjustResult>();
  const shopify = useAppBridge();
  const [points, setPoints] = useState("");
  const [note, setNote] = useState("");
  const errors = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
  useOnSettled(fetcher, (d) => {
    if (d.ok) {
      shopify.toast.show(t("loyalty.customer.adjusted", { balance: d.balance }));
      setPoints("");
      setNote("");
    } else shopify.toast.show(t("loyalty.customer.adjustFailed"), { isError: true });
  });
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="adjust" />
      <input type="hidden" name="requestKey" value={requestKey} />
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            {t("loyalty.customer.adjust")}
          </Text>
          <Text as="p" tone="subdued">
            {t("loyalty.customer.adjustExplain")}
          </Text>
        </BlockStack>
        <FormLayout>
          <TextField
            label={t("loyalty.customer.adjustPoints")}
            name="points"
            type="number"
            value={points}
            onChange={setPoints}
            error={errors.points}
            helpText={t("loyalty.customer.adjustPointsHelp")}
            autoComplete="off"
          />
          <TextField
            label={t("loyalty.customer.adjustNote")}
            name="note"
            value={note}
            onChange={setNote}
            error={errors.note}
            helpText={t("loyalty.customer.adjustNoteHelp")}
            multiline={2}
            maxLength={500}
            autoComplete="off"
          />
        </FormLayout>
        {errors.form && (
          <Text as="p" tone="critical">
            {errors.form}
          </Text>
        )}
        <InlineStack align="end">
          <Button submit variant="primary" loading={fetcher.state !== "idle"}>
            {t("loyalty.customer.adjustSubmit")}
          </Button>
        </InlineStack>
      </BlockStack>
    </fetcher.Form>
  );
}
