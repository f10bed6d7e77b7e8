// Opening Aftercare outside Shopify admin: ask for the store's domain and start Shopify's login.
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisPl from "@shopify/polaris/locales/pl.json";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { resolveLocale } from "~/i18n/locale";
import { readForm } from "~/platform/form.server";
import { login } from "~/shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

const copy = {
  en: {
    title: "Log in to Aftercare",
    label: "Shop domain",
    help: "example.myshopify.com",
    submit: "Log in",
    invalid: "Enter a shop domain like example.myshopify.com",
  },
  pl: {
    title: "Zaloguj się do Aftercare",
    label: "Domena sklepu",
    help: "przyklad.myshopify.com",
    submit: "Zaloguj",
    invalid: "Podaj domenę sklepu, np. przyklad.myshopify.com",
  },
};

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = resolveLocale(request);
  const errors = new URL(request.url).searchParams.get("shop") ? await login(request) : {};
  return { locale, invalid: Boolean((errors as { shop?: unknown }).shop) };
}

export async function action({ request }: ActionFunctionArgs) {
  // The library reads the form itself; a body that is not one is refused here first.
  await readForm(request.clone());
  const errors = await login(request);
  return { invalid: Boolean((errors as { shop?: unknown }).shop) };
}

export default function Login() {
  const { locale, invalid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const t = copy[locale];
  return (
    <AppProvider i18n={locale === "pl" ? polarisPl : polarisEn}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                {t.title}
              </Text>
              <TextField
                type="text"
                name="shop"
                label={t.label}
                helpText={t.help}
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={(actionData?.invalid ?? invalid) ? t.invalid : undefined}
              />
              <Button submit>{t.submit}</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
