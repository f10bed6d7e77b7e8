// The messaging pages' shared banners: dry run is on (nothing is sent), and emails whose sending was
// interrupted wait for the merchant's decision (resend or drop).
import { Banner, Text } from "@shopify/polaris";
import type { Translate } from "~/i18n/translate";

export function DryRunBanner({ t, settingsLink = true }: { t: Translate; settingsLink?: boolean }) {
  return (
    <Banner
      tone="warning"
      title={t("messaging.dryRun.title")}
      action={settingsLink ? { content: t("messaging.dryRun.action"), url: "/app/messaging-settings" } : undefined}
    >
      <Text as="p">{t("messaging.dryRun.body")}</Text>
    </Banner>
  );
}

/** `onReview` (the Outbox: show the stuck tab) or a link to the Outbox's stuck tab. */
export function StuckBanner({ t, count, onReview }: { t: Translate; count: number; onReview?: () => void }) {
  return (
    <Banner
      tone="critical"
      title={t("messaging.stuck.title", { count })}
      action={
        onReview
          ? { content: t("messaging.stuck.review"), onAction: onReview }
          : { content: t("messaging.stuck.review"), url: "/app/outbox?status=stuck" }
      }
    >
      <Text as="p">{t("messaging.stuck.body")}</Text>
    </Banner>
  );
}
