// The flow editor's preview card: the email as rendered HTML in a sandboxed frame (no scripts, no
// navigation out), its subject, what it is built from (an order, or sample data), and "Send test".
import { Banner, BlockStack, Box, Button, Card, InlineStack, Spinner, Text, TextField } from "@shopify/polaris";
import type { Translate } from "~/i18n/translate";

export interface PreviewView {
  subject: string;
  html: string;
  source: { kind: "order"; orderName: string } | { kind: "sample" } | { kind: "points" };
  sampleProducts: boolean;
}

export function EmailPreview({
  t,
  language,
  preview,
  loading,
  failed,
  testTo,
  onTestToChange,
  onSendTest,
  sending,
  testError,
  marketing,
}: {
  t: Translate;
  /** The language shown, in words ("Polish"). */
  language: string;
  preview: PreviewView | null;
  loading: boolean;
  failed: boolean;
  testTo: string;
  onTestToChange: (value: string) => void;
  onSendTest: () => void;
  sending: boolean;
  testError?: string;
  marketing: boolean;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("messaging.preview.heading", { language })}
          </Text>
          {loading && <Spinner size="small" accessibilityLabel={t("messaging.preview.loading")} />}
        </InlineStack>
        {preview && (
          <Text as="p" tone="subdued">
            {preview.source.kind === "order"
              ? t("messaging.preview.fromOrder", { order: preview.source.orderName })
              : preview.source.kind === "points"
                ? t("messaging.preview.fromPoints")
                : t("messaging.preview.fromSample")}
            {preview.sampleProducts ? ` ${t("messaging.preview.sampleProducts")}` : ""}
          </Text>
        )}
        {failed && (
          <Banner tone="warning">
            <Text as="p">{t("messaging.preview.failed")}</Text>
          </Banner>
        )}
        {preview && (
          <>
            <Text as="p">
              <Text as="span" fontWeight="semibold">
                {t("messaging.preview.subject")}
              </Text>{" "}
              <span data-testid="preview-subject">{preview.subject}</span>
            </Text>
            <Box borderWidth="025" borderColor="border" borderRadius="200" overflowX="hidden" overflowY="hidden">
              <iframe
                title={t("messaging.preview.frameTitle", { language })}
                srcDoc={preview.html}
                sandbox=""
                style={{ display: "block", width: "100%", height: "760px", border: 0, background: "#f3f3f4" }}
              />
            </Box>
          </>
        )}
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("messaging.test.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t(marketing ? "messaging.test.explainMarketing" : "messaging.test.explain", { language })}
          </Text>
          <InlineStack gap="200" blockAlign="end" wrap={false}>
            <div style={{ flexGrow: 1 }}>
              <TextField
                label={t("messaging.test.to")}
                type="email"
                value={testTo}
                onChange={onTestToChange}
                error={testError}
                autoComplete="email"
              />
            </div>
            <Button onClick={onSendTest} loading={sending} disabled={!testTo.trim()}>
              {t("messaging.test.send")}
            </Button>
          </InlineStack>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
