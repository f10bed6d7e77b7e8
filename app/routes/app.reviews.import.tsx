// Importing reviews from a CSV file (up to 2 MB): what the file needs (its columns, with a template
// to download), the upload, and the outcome — how many reviews came in, or every problem with its
// line. A file with any problem imports nothing. Imported reviews are labelled as imported and
// never count as verified buyers. The work is app/reviews/csv.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, DropZone, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { useOnSettled } from "~/components/messaging-toast";
import { resolveLocale } from "~/i18n/locale";
import { translator, type Translate } from "~/i18n/translate";
import { intlLocale } from "~/orders/format-money";
import {
  CSV_COLUMNS,
  importCsv,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  REQUIRED_COLUMNS,
  type ImportProblem,
  type ImportResult,
} from "~/reviews/csv.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

/** Room for the form's own envelope around the file. */
const ENVELOPE_BYTES = 64 * 1024;

const TEMPLATE =
  "\uFEFF" +
  [
    "product_id,product_title,rating,title,body,author,email,created_at,status,reply",
    '1234567890,Ceramic mug,5,Lovely,"Holds heat well.",Anna K.,anna@example.com,2026-03-01,,',
  ].join("\n") +
  "\n";

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  const locale = resolveLocale(request);
  return {
    locale,
    maxMb: MAX_IMPORT_BYTES / (1024 * 1024),
    maxBytes: MAX_IMPORT_BYTES,
    maxRows: MAX_IMPORT_ROWS.toLocaleString(intlLocale(locale)),
    required: [...REQUIRED_COLUMNS],
    optional: CSV_COLUMNS.filter((c) => !(REQUIRED_COLUMNS as readonly string[]).includes(c)),
    template: TEMPLATE,
  };
}

export type ImportAnswer =
  | { ok: true; message: string; imported: number; alreadyThere: number }
  | { ok: false; title: string; problems: string[]; more: string | null };

function problemText(t: Translate, p: ImportProblem, maxMb: number): string {
  switch (p.code) {
    case "empty":
      return t("reviews.admin.import.problem.empty");
    case "too_large":
      return t("reviews.admin.import.problem.tooLarge", { max: maxMb });
    case "too_many_rows":
      return t("reviews.admin.import.problem.tooManyRows", { max: p.max ?? MAX_IMPORT_ROWS });
    case "missing_columns":
      return t("reviews.admin.import.problem.missingColumns", { columns: p.columns.join(", ") });
    case "unreadable":
      return t("reviews.admin.import.problem.unreadable", { line: p.line });
    case "column_count":
      return t("reviews.admin.import.problem.columnCount", { line: p.line, found: p.found, expected: p.expected });
    default:
      return t("reviews.admin.import.problem.row", {
        line: p.line,
        column: p.column,
        problem: t(`reviews.admin.import.field.${p.code}`, { max: p.max ?? 0 }),
      });
  }
}

function refuse(t: Translate, problems: string[], status: number, more: string | null = null) {
  return Response.json({ ok: false, title: t("reviews.admin.import.failed"), problems, more } satisfies ImportAnswer, { status });
}

/** Reads the form (a file of at most MAX_IMPORT_BYTES), stopping as soon as the body is too big. */
async function readUpload(request: Request): Promise<FormData | "too_large" | "bad"> {
  const limit = MAX_IMPORT_BYTES + ENVELOPE_BYTES;
  if (request.method !== "POST") return "bad";
  if (Number(request.headers.get("content-length") ?? 0) > limit) return "too_large";
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return "too_large";
      }
      chunks.push(value);
    }
  }
  try {
    return await new Request(request.url, { method: "POST", headers: request.headers, body: Buffer.concat(chunks) }).formData();
  } catch {
    return "bad";
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const locale = resolveLocale(request);
  const t = translator(locale);
  const maxMb = MAX_IMPORT_BYTES / (1024 * 1024);
  const form = await readUpload(request);
  if (form === "too_large") return refuse(t, [t("reviews.admin.import.problem.tooLarge", { max: maxMb })], 413);
  const file = form === "bad" ? null : form.get("file");
  if (!file || typeof file === "string") return refuse(t, [t("reviews.admin.import.problem.noFile")], 400);
  if (file.size > MAX_IMPORT_BYTES) return refuse(t, [t("reviews.admin.import.problem.tooLarge", { max: maxMb })], 413);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return refuse(t, [t("reviews.admin.import.problem.encoding")], 400);
  }
  const rt = await runtime();
  const result: ImportResult = await importCsv({ db: rt.db, events: rt.events, jobs: rt.jobs, clock: rt.clock }, session.shop, text);
  if (!result.ok) {
    const extra = result.totalProblems - result.problems.length;
    return refuse(
      t,
      result.problems.map((p) => problemText(t, p, maxMb)),
      400,
      extra > 0 ? t("reviews.admin.import.more", { count: extra }) : null,
    );
  }
  const message = [
    t("reviews.admin.import.done", { count: result.imported, products: result.products }),
    ...(result.alreadyThere ? [t("reviews.admin.import.already", { count: result.alreadyThere })] : []),
  ].join(" ");
  return Response.json({ ok: true, message, imported: result.imported, alreadyThere: result.alreadyThere } satisfies ImportAnswer);
}

export default function ReviewsImport() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const shopify = useAppBridge();
  const upload = useFetcher<ImportAnswer>();
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const busy = upload.state !== "idle";
  const answer = upload.state === "idle" ? upload.data : undefined;

  useOnSettled(upload, (d) => {
    if (d.ok) {
      shopify.toast.show(d.message);
      setFile(null);
    }
  });

  const pick = (files: File[]) => {
    const chosen = files[0] ?? null;
    setLocalError(null);
    if (chosen && chosen.size > data.maxBytes) {
      setLocalError(t("reviews.admin.import.problem.tooLarge", { max: data.maxMb }));
      setFile(null);
      return;
    }
    setFile(chosen);
  };
  const submit = () => {
    if (!file) return;
    const form = new FormData();
    form.set("file", file);
    upload.submit(form, { method: "post", encType: "multipart/form-data" });
  };
  const downloadTemplate = () => {
    const url = URL.createObjectURL(new Blob([data.template], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "reviews-template.csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };

  return (
    <Page
      title={t("reviews.admin.import.title")}
      subtitle={t("reviews.admin.import.subtitle")}
      backAction={{ content: t("reviews.admin.title"), url: "/app/reviews" }}
    >
      <Layout>
        {answer && (
          <Layout.Section>
            {answer.ok ? (
              <Banner
                tone="success"
                title={answer.message}
                action={{ content: t("reviews.admin.import.see"), url: "/app/reviews?tab=all&source=import" }}
              />
            ) : (
              <Banner tone="critical" title={answer.title}>
                <BlockStack gap="200">
                  <Text as="p">{t("reviews.admin.import.nothingWritten")}</Text>
                  <List>
                    {answer.problems.map((p, i) => (
                      <List.Item key={i}>{p}</List.Item>
                    ))}
                  </List>
                  {answer.more && <Text as="p">{answer.more}</Text>}
                </BlockStack>
              </Banner>
            )}
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <DropZone
                label={t("reviews.admin.import.file")}
                accept=".csv,text/csv"
                type="file"
                allowMultiple={false}
                errorOverlayText={t("reviews.admin.import.csvOnly")}
                onDrop={(_all, accepted, rejected) => {
                  if (rejected.length && !accepted.length) {
                    setFile(null);
                    setLocalError(t("reviews.admin.import.csvOnly"));
                  } else pick(accepted);
                }}
              >
                {file ? (
                  <BlockStack gap="100" inlineAlign="center">
                    <Text as="p" fontWeight="semibold">
                      {file.name}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("reviews.admin.import.size", { size: Math.max(1, Math.round(file.size / 1024)) })}
                    </Text>
                  </BlockStack>
                ) : (
                  <DropZone.FileUpload actionHint={t("reviews.admin.import.hint", { max: data.maxMb })} />
                )}
              </DropZone>
              {localError && (
                <Text as="p" tone="critical">
                  {localError}
                </Text>
              )}
              <InlineStack gap="200">
                <Button variant="primary" onClick={submit} disabled={!file} loading={busy}>
                  {t("reviews.admin.import.submit")}
                </Button>
                <Button onClick={downloadTemplate}>{t("reviews.admin.import.template")}</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("reviews.admin.import.rules.heading")}
              </Text>
              <List>
                <List.Item>{t("reviews.admin.import.rules.allOrNothing")}</List.Item>
                <List.Item>{t("reviews.admin.import.rules.unverified")}</List.Item>
                <List.Item>{t("reviews.admin.import.rules.twice")}</List.Item>
                <List.Item>{t("reviews.admin.import.rules.status")}</List.Item>
                <List.Item>{t("reviews.admin.import.rules.limits", { max: data.maxMb, rows: data.maxRows })}</List.Item>
                <List.Item>{t("reviews.admin.import.rules.photos")}</List.Item>
              </List>
              <Text as="h3" variant="headingSm">
                {t("reviews.admin.import.columns.required")}
              </Text>
              <Text as="p">
                <code>{data.required.join(", ")}</code>
              </Text>
              <Text as="h3" variant="headingSm">
                {t("reviews.admin.import.columns.optional")}
              </Text>
              <Text as="p">
                <code>{data.optional.join(", ")}</code>
              </Text>
              <Text as="p" tone="subdued">
                {t("reviews.admin.import.columns.explain")}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
