// The merchant's Flows page: each post-purchase email flow with its switch, timing, category and
// counts (waiting to go, sent in the last 30 days), links to its editor, the Outbox and the sending
// settings. Turning a flow on or off is the one action here.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Button, Card, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { DryRunBanner, StuckBanner } from "~/components/messaging-banners";
import { useOnSettled } from "~/components/messaging-toast";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { categoryLabel, flowLabel, timingText } from "~/messaging/format-message";
import { flowCounts, outboxCounts } from "~/messaging/outbox.server";
import { flowSettings, messagingSettings, saveFlowSettings } from "~/messaging/settings.server";
import { FLOW_CATEGORY, FLOWS } from "~/messaging/types";
import { readForm } from "~/platform/form.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const locale = resolveLocale(request);
  const t = translator(locale);
  const rt = await runtime();
  const [flows, counts, settings, statuses] = await Promise.all([
    flowSettings(rt.db, session.shop),
    flowCounts(rt.db, session.shop, rt.clock.now()),
    messagingSettings(rt.db, session.shop),
    outboxCounts(rt.db, session.shop),
  ]);
  return {
    locale,
    dryRun: settings.dryRun,
    stuck: statuses.stuck,
    flows: FLOWS.map((flow) => ({
      flow,
      name: flowLabel(t, flow),
      description: t(`messaging.flows.${flow}.description`),
      category: categoryLabel(t, FLOW_CATEGORY[flow]),
      marketing: FLOW_CATEGORY[flow] === "marketing",
      enabled: flows[flow].enabled,
      timing: timingText(t, flow, flows[flow].delayMinutes),
      planned: counts[flow].planned,
      sent30: counts[flow].sent30,
    })),
  };
}

const toggleInput = z.object({ intent: z.literal("toggle"), flow: z.enum(FLOWS), enabled: z.enum(["on", "off"]) });

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const parsed = toggleInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return Response.json({ ok: false }, { status: 400 });
  const rt = await runtime();
  const current = (await flowSettings(rt.db, session.shop))[parsed.data.flow];
  const enabled = parsed.data.enabled === "on";
  await saveFlowSettings(rt.db, session.shop, parsed.data.flow, {
    enabled,
    delayMinutes: current.delayMinutes,
    productCount: current.productCount,
    discountPercent: current.discountPercent,
    discountDays: current.discountDays,
  });
  return Response.json({ ok: true, flow: parsed.data.flow, enabled });
}

type FlowView = ReturnType<typeof useLoaderData<typeof loader>>["flows"][number];

function FlowCard({ f, t }: { f: FlowView; t: ReturnType<typeof translator> }) {
  const toggle = useFetcher<{ ok: boolean; enabled?: boolean }>();
  const shopify = useAppBridge();
  useOnSettled(toggle, (d) => {
    if (d.ok) shopify.toast.show(t(d.enabled ? "messaging.flows.turnedOn" : "messaging.flows.turnedOff", { flow: f.name }));
    else shopify.toast.show(t("messaging.error.generic"), { isError: true });
  });
  const headingId = `flow-${f.flow}-heading`;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd" id={headingId}>
              <Link url={`/app/flows/${f.flow}`} removeUnderline monochrome>
                {f.name}
              </Link>
            </Text>
            <Badge tone={f.enabled ? "success" : undefined}>{t(f.enabled ? "messaging.flows.on" : "messaging.flows.off")}</Badge>
            <Badge tone={f.marketing ? "info" : undefined}>{f.category}</Badge>
          </InlineStack>
          <InlineStack gap="200">
            <toggle.Form method="post">
              <input type="hidden" name="intent" value="toggle" />
              <input type="hidden" name="flow" value={f.flow} />
              <input type="hidden" name="enabled" value={f.enabled ? "off" : "on"} />
              <Button
                submit
                loading={toggle.state !== "idle"}
                accessibilityLabel={t(f.enabled ? "messaging.flows.turnOffLabel" : "messaging.flows.turnOnLabel", { flow: f.name })}
              >
                {t(f.enabled ? "messaging.flows.turnOff" : "messaging.flows.turnOn")}
              </Button>
            </toggle.Form>
            <Button url={`/app/flows/${f.flow}`} variant="primary" accessibilityLabel={t("messaging.flows.editLabel", { flow: f.name })}>
              {t("messaging.flows.edit")}
            </Button>
          </InlineStack>
        </InlineStack>
        <Text as="p" tone="subdued">
          {f.description}
        </Text>
        <InlineStack gap="400" wrap>
          <Text as="p">{t("messaging.flows.timing", { timing: f.timing })}</Text>
          <Text as="p">{t("messaging.flows.planned", { count: f.planned })}</Text>
          <Text as="p">{t("messaging.flows.sent30", { count: f.sent30 })}</Text>
        </InlineStack>
        {!f.enabled && f.planned > 0 && (
          <Text as="p" tone="caution">
            {t("messaging.flows.offWithPlanned", { count: f.planned })}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

export default function Flows() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  return (
    <Page
      title={t("messaging.flows.title")}
      subtitle={t("messaging.flows.subtitle")}
      secondaryActions={[
        { content: t("messaging.nav.outbox"), url: "/app/outbox" },
        { content: t("messaging.settings.title"), url: "/app/messaging-settings" },
      ]}
    >
      <Layout>
        {(data.dryRun || data.stuck > 0) && (
          <Layout.Section>
            <BlockStack gap="300">
              {data.stuck > 0 && <StuckBanner t={t} count={data.stuck} />}
              {data.dryRun && <DryRunBanner t={t} />}
            </BlockStack>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            {data.flows.map((f) => (
              <FlowCard key={f.flow} f={f} t={t} />
            ))}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
