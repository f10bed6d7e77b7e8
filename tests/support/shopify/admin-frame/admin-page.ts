// HTML of the double's stand-in for Shopify admin: top bar, the app's nav, and the iframe the app runs in,
// plus the script that answers the App Bridge shim (tokens, nav, title, toasts, location).
import { ADMIN_LAUNCH_PARAMS, ADMIN_SOURCE, SHIM_SOURCE } from "./app-bridge-shim.js";

export interface AdminPageInput {
  shop: string;
  apiKey: string;
  appUrl: string;
  /** App path inside the iframe, e.g. `/app/returns?status=open`. */
  appPath: string;
  /** Full iframe URL, launch parameters included (see appIframeUrl). */
  iframeSrc: string;
  host: string;
  locale: string;
}

/** Shopify's `host` launch parameter: base64 of the admin URL, without padding. */
export function hostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shopName(shop)}`)
    .toString("base64")
    .replace(/=+$/, "");
}

export function shopName(shop: string): string {
  return shop.replace(/\.myshopify\.com$/, "");
}

/** The URL Shopify admin loads in the app iframe. */
export function appIframeUrl(input: { appUrl: string; appPath: string; shop: string; idToken: string; locale?: string }): string {
  const url = new URL(`${input.appUrl.replace(/\/+$/, "")}${input.appPath}`);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", input.shop);
  url.searchParams.set("host", hostParam(input.shop));
  url.searchParams.set("id_token", input.idToken);
  url.searchParams.set("locale", input.locale ?? "en");
  return url.href;
}

export function renderAdminPage(input: AdminPageInput): string {
  const settings = {
    shop: input.shop,
    host: input.host,
    locale: input.locale,
    appUrl: input.appUrl.replace(/\/+$/, ""),
    adminBase: `/shops/${input.shop}/admin/apps/${input.apiKey}`,
    tokenUrl: `/shops/${input.shop}/admin/_session-token`,
    shimSource: SHIM_SOURCE,
    adminSource: ADMIN_SOURCE,
    launchParams: ADMIN_LAUNCH_PARAMS,
  };
  const name = escapeHtml(shopName(input.shop));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${name} · Shopify admin (double)</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #f1f1f1; color: #303030; height: 100vh; display: grid; grid-template: 48px 1fr / 220px 1fr; }
  header { grid-column: 1 / 3; background: #1a1a1a; color: #fff; display: flex; align-items: center; gap: 16px; padding: 0 16px; }
  header .shop { font-weight: 600; }
  header .title { color: #b5b5b5; }
  nav { padding: 12px 8px; border-right: 1px solid #e3e3e3; background: #ebebeb; }
  nav a { display: block; padding: 6px 10px; border-radius: 8px; color: inherit; text-decoration: none; }
  nav a[aria-current="page"] { background: #fff; font-weight: 600; }
  nav .app { font-weight: 600; }
  nav .sub { padding-left: 22px; }
  main { display: flex; min-height: 0; }
  iframe { border: 0; flex: 1; background: #fff; }
  [data-double-toast] { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); padding: 10px 16px; border-radius: 8px; color: #fff; background: #303030; z-index: 10; }
  [data-double-toast="error"] { background: #8e1f0b; }
</style>
</head>
<body data-shop="${escapeHtml(input.shop)}">
<header><span class="shop">${name}</span><span class="title" id="app-title"></span></header>
<nav id="app-nav" aria-label="App navigation"><a class="app" href="${escapeHtml(settings.adminBase)}/app" data-path="/app">App</a></nav>
<main><iframe id="app-frame" name="app-iframe" title="App" src="${escapeHtml(input.iframeSrc)}"></iframe></main>
<script>
(function () {
  "use strict";
  var S = ${JSON.stringify(settings).replace(/</g, "\\u003c")};
  var frame = document.getElementById("app-frame");
  var nav = document.getElementById("app-nav");
  var currentPath = ${JSON.stringify(input.appPath).replace(/</g, "\\u003c")};
  var appOrigin = new URL(S.appUrl).origin;

  function freshToken() {
    return fetch(S.tokenUrl, { method: "POST" }).then(function (r) {
      if (!r.ok) throw new Error("token request failed with " + r.status);
      return r.json();
    }).then(function (body) { return body.token; });
  }

  function appPathOf(href) {
    var url = new URL(href, S.appUrl + "/");
    if (url.origin !== appOrigin) return null;
    S.launchParams.forEach(function (name) { url.searchParams.delete(name); });
    var rest = url.searchParams.toString();
    return url.pathname + (rest ? "?" + rest : "");
  }

  function open(path) {
    return freshToken().then(function (token) {
      var url = new URL(S.appUrl + path);
      url.searchParams.set("embedded", "1");
      url.searchParams.set("shop", S.shop);
      url.searchParams.set("host", S.host);
      url.searchParams.set("id_token", token);
      url.searchParams.set("locale", S.locale);
      frame.src = url.href;
      setLocation(path, true);
    });
  }

  function setLocation(path, push) {
    currentPath = path;
    var adminUrl = S.adminBase + path;
    if (location.pathname + location.search !== adminUrl) history[push ? "pushState" : "replaceState"]({ path: path }, "", adminUrl);
    markCurrent();
  }

  function markCurrent() {
    var links = nav.querySelectorAll("a");
    var best = null;
    links.forEach(function (a) {
      a.removeAttribute("aria-current");
      var p = a.getAttribute("data-path").split("?")[0];
      var here = currentPath.split("?")[0];
      if ((here === p || here.indexOf(p + "/") === 0) && (!best || p.length > best.getAttribute("data-path").length)) best = a;
    });
    if (best) best.setAttribute("aria-current", "page");
  }

  function renderNav(links) {
    var home = links.filter(function (l) { return l.rel === "home"; })[0];
    var homePath = (home && appPathOf(home.href)) || "/app";
    nav.textContent = "";
    var items = [{ label: (home && home.label) || "App", path: homePath, cls: "app" }];
    links.forEach(function (l) {
      var path = appPathOf(l.href);
      if (l.rel !== "home" && path) items.push({ label: l.label, path: path, cls: "sub" });
    });
    items.forEach(function (item) {
      var a = document.createElement("a");
      a.className = item.cls;
      a.href = S.adminBase + item.path;
      a.setAttribute("data-path", item.path);
      a.textContent = item.label;
      nav.appendChild(a);
    });
    markCurrent();
  }

  function showToast(message, isError, duration) {
    var toast = document.createElement("div");
    toast.setAttribute("role", "status");
    toast.setAttribute("data-double-toast", isError ? "error" : "info");
    toast.textContent = message;
    document.body.appendChild(toast);
    setTimeout(function () { toast.remove(); }, duration || 5000);
  }

  nav.addEventListener("click", function (event) {
    var a = event.target.closest("a[data-path]");
    if (!a || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    open(a.getAttribute("data-path"));
  });

  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.path) open(event.state.path);
  });

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow) return;
    var m = event.data;
    if (!m || m.source !== S.shimSource) return;
    if (m.type === "idToken") {
      freshToken().then(function (token) {
        event.source.postMessage({ source: S.adminSource, type: "idToken", requestId: m.requestId, token: token }, event.origin);
      }, function (error) {
        event.source.postMessage({ source: S.adminSource, type: "idToken", requestId: m.requestId, error: String(error) }, event.origin);
      });
    } else if (m.type === "nav") {
      renderNav(m.links || []);
    } else if (m.type === "title") {
      document.getElementById("app-title").textContent = m.title || "";
    } else if (m.type === "toast") {
      showToast(m.message, m.isError, m.duration);
    } else if (m.type === "location" && typeof m.path === "string" && m.path.indexOf("/auth/") !== 0) {
      setLocation(m.path, false);
    }
  });
  markCurrent();
})();
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}
