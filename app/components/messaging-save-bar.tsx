// App Bridge's contextual save bar for the messaging forms: shown while the form has unsaved changes,
// its Save and Discard buttons run the page's own handlers (the page keeps its in-page Save button too).
// Driven through the `shopify.saveBar` API rather than the element's own methods, so an admin whose
// App Bridge lacks the element (the local Shopify double) simply shows no bar.
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect } from "react";
import type { Translate } from "~/i18n/translate";

// `variant` and `loading` are attributes App Bridge reads on the save bar's buttons; React passes them through.
const PRIMARY: Record<string, string> = { variant: "primary" };
const LOADING: Record<string, string> = { loading: "" };

export function FormSaveBar({
  id,
  open,
  saving,
  onSave,
  onDiscard,
  t,
}: {
  id: string;
  open: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
  t: Translate;
}) {
  const shopify = useAppBridge();
  useEffect(() => {
    const bar = shopify.saveBar;
    if (!bar) return;
    Promise.resolve(open ? bar.show(id) : bar.hide(id)).catch(() => {});
  }, [shopify, id, open]);
  useEffect(() => {
    const bar = shopify.saveBar;
    return () => void Promise.resolve(bar?.hide(id)).catch(() => {});
  }, [shopify, id]);
  return (
    <ui-save-bar id={id}>
      <button type="button" {...PRIMARY} {...(saving ? LOADING : {})} onClick={onSave}>
        {t("messaging.save")}
      </button>
      <button type="button" onClick={onDiscard}>
        {t("messaging.discard")}
      </button>
    </ui-save-bar>
  );
}
