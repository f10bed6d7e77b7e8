// Polaris + App Bridge for embedded admin pages: loads the App Bridge script (from the configured
// URL) and routes Polaris links through Remix. Same job as the Shopify library's AppProvider,
// which the Remix classic compiler cannot bundle (it uses JSON import attributes).
import { AppProvider as PolarisProvider } from "@shopify/polaris";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";
import { Link, useNavigate } from "@remix-run/react";
import { forwardRef, useEffect, type ComponentProps, type ReactNode } from "react";

const RemixLink = forwardRef<HTMLAnchorElement, LinkLikeComponentProps>(function RemixLink({ url, children, external, ...rest }, ref) {
  if (external) {
    return (
      <a ref={ref} href={url} target="_blank" rel="noopener noreferrer" {...rest}>
        {children}
      </a>
    );
  }
  return (
    <Link ref={ref} to={url} {...rest}>
      {children}
    </Link>
  );
});

export function AdminProvider(props: {
  apiKey: string;
  appBridgeUrl: string;
  i18n: ComponentProps<typeof PolarisProvider>["i18n"];
  children: ReactNode;
}) {
  const navigate = useNavigate();
  useEffect(() => {
    // App Bridge announces navigations from the admin (nav menu clicks) with this event.
    const onNavigate = (event: Event) => {
      const href = (event.target as HTMLElement | null)?.getAttribute("href");
      if (href) navigate(href);
    };
    document.addEventListener("shopify:navigate", onNavigate);
    return () => document.removeEventListener("shopify:navigate", onNavigate);
  }, [navigate]);
  return (
    <>
      <script src={props.appBridgeUrl} data-api-key={props.apiKey} />
      <PolarisProvider i18n={props.i18n} linkComponent={RemixLink}>
        {props.children}
      </PolarisProvider>
    </>
  );
}
