// Source of the double's App Bridge stand-in (`/app-bridge.js`): the `window.shopify` global an
// embedded app relies on, talking to the double's admin page the way App Bridge talks to Shopify admin.

export interface ShimConfig {
  /** Where the double serves `/shops/{shop}/admin/_session-token`, for pages opened outside the admin frame. */
  doubleUrl: string;
  /** Used when the script tag carries no `data-api-key`. */
  apiKey: string;
}

/** Messages between the shim (source "app-bridge-double") and the admin page (source "admin-double"). */
export const SHIM_SOURCE = "app-bridge-double";
export const ADMIN_SOURCE = "admin-double";

// Query parameters the admin adds when it opens the app; they are not part of the app's own path.
export const ADMIN_LAUNCH_PARAMS = ["embedded", "shop", "host", "id_token", "locale", "hmac", "session", "timestamp"];

export function appBridgeShimSource(config: ShimConfig): string {
  const settings = JSON.stringify({ ...config, shimSource: SHIM_SOURCE, adminSource: ADMIN_SOURCE, launchParams: ADMIN_LAUNCH_PARAMS });
  return `// App Bridge stand-in served by the local Shopify double.
(function () {
  "use strict";
  if (window.shopify && window.shopify.__double) return;
  var S = ${settings.replace(/</g, "\\u003c")};
  var script = document.currentScript;
  var params = new URLSearchParams(location.search);
  var remembered = {};
  try { remembered = JSON.parse(sessionStorage.getItem("app-bridge-double") || "{}"); } catch (e) {}
  var config = {
    apiKey: (script && script.getAttribute("data-api-key")) || remembered.apiKey || S.apiKey,
    shop: params.get("shop") || remembered.shop || "",
    host: params.get("host") || remembered.host || "",
    locale: params.get("locale") || remembered.locale || "en"
  };
  // Client-side navigation drops the launch parameters; later pages of the same tab still need them.
  try { sessionStorage.setItem("app-bridge-double", JSON.stringify(config)); } catch (e) {}

  var framed = window.parent !== window;
  var originalFetch = window.fetch.bind(window);
  var pending = new Map();
  var nextRequestId = 1;

  function post(type, data) {
    if (!framed) return;
    var message = Object.assign({ source: S.shimSource, type: type }, data || {});
    window.parent.postMessage(message, "*");
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    var message = event.data;
    if (!message || message.source !== S.adminSource || message.type !== "idToken") return;
    var settle = pending.get(message.requestId);
    if (!settle) return;
    pending.delete(message.requestId);
    settle(message);
  });

  function requestToken() {
    if (framed) {
      return new Promise(function (resolve, reject) {
        var requestId = nextRequestId++;
        pending.set(requestId, function (message) {
          if (message.token) resolve(message.token);
          else reject(new Error(message.error || "App Bridge double: no session token"));
        });
        post("idToken", { requestId: requestId });
        setTimeout(function () {
          if (pending.delete(requestId)) reject(new Error("App Bridge double: the admin frame did not answer"));
        }, 5000);
      });
    }
    var url = S.doubleUrl + "/shops/" + encodeURIComponent(config.shop) + "/admin/_session-token";
    return originalFetch(url, { method: "POST" }).then(function (response) {
      if (!response.ok) throw new Error("App Bridge double: session token request failed with " + response.status);
      return response.json();
    }).then(function (body) { return body.token; });
  }

  function expiryOf(token) {
    try {
      var part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(part)).exp || 0;
    } catch (e) { return 0; }
  }

  // Like App Bridge, reuse a token until shortly before it expires and share one request between callers.
  var cached = null;
  var inflight = null;
  function idToken() {
    if (cached && cached.exp - 10 > Date.now() / 1000) return Promise.resolve(cached.token);
    if (!inflight) {
      inflight = requestToken().then(function (token) {
        cached = { token: token, exp: expiryOf(token) };
        inflight = null;
        return token;
      }, function (error) { inflight = null; throw error; });
    }
    return inflight;
  }

  window.fetch = function (input, init) {
    var isRequest = typeof Request !== "undefined" && input instanceof Request;
    var url = new URL(isRequest ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return originalFetch(input, init);
    var headers = new Headers((init && init.headers) || (isRequest ? input.headers : undefined));
    if (headers.has("Authorization")) return originalFetch(input, init);
    return idToken().then(function (token) {
      headers.set("Authorization", "Bearer " + token);
      return originalFetch(input, Object.assign({}, init || {}, { headers: headers }));
    });
  };

  function renderToast(message, isError, duration) {
    var toast = document.createElement("div");
    toast.setAttribute("role", "status");
    toast.setAttribute("data-double-toast", isError ? "error" : "info");
    toast.textContent = message;
    toast.style.cssText = "position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:2147483647;" +
      "padding:10px 16px;border-radius:8px;font:14px/1.4 system-ui,sans-serif;color:#fff;background:" + (isError ? "#8e1f0b" : "#303030");
    document.body.appendChild(toast);
    setTimeout(function () { toast.remove(); }, duration);
  }

  var nextToastId = 1;
  var noop = function () { return Promise.resolve(); };
  window.shopify = {
    __double: true,
    config: config,
    environment: { embedded: framed, mobile: false, pos: false },
    origin: framed ? "" : location.origin,
    idToken: idToken,
    toast: {
      show: function (message, options) {
        var opts = options || {};
        var duration = opts.duration || 5000;
        if (framed) post("toast", { message: String(message), isError: !!opts.isError, duration: duration });
        else renderToast(String(message), !!opts.isError, duration);
        return "toast-" + nextToastId++;
      },
      hide: function () {}
    },
    loading: function () {},
    saveBar: { show: noop, hide: noop, toggle: noop, leaveConfirmation: noop },
    modal: { show: noop, hide: noop, toggle: noop }
  };

  var hidden = document.createElement("style");
  hidden.textContent = "ui-nav-menu, ui-title-bar, ui-save-bar, ui-modal { display: none !important; }";
  (document.head || document.documentElement).appendChild(hidden);

  var lastReport = "";
  function report() {
    var menu = document.querySelector("ui-nav-menu");
    var links = menu ? Array.prototype.map.call(menu.querySelectorAll("a"), function (a) {
      return { href: a.getAttribute("href") || "", label: (a.textContent || "").trim(), rel: a.getAttribute("rel") || "" };
    }) : [];
    var bar = document.querySelector("ui-title-bar");
    var title = bar ? bar.getAttribute("title") || "" : "";
    var search = new URLSearchParams(location.search);
    S.launchParams.forEach(function (name) { search.delete(name); });
    var rest = search.toString();
    var path = location.pathname + (rest ? "?" + rest : "");
    var key = JSON.stringify([links, title, path]);
    if (key === lastReport) return;
    lastReport = key;
    if (menu) post("nav", { links: links });
    post("title", { title: title });
    post("location", { path: path });
  }
  var scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(function () { scheduled = false; report(); }, 0);
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name].bind(history);
    history[name] = function () { var result = original.apply(null, arguments); schedule(); return result; };
  });
  window.addEventListener("popstate", schedule);
  function observe() {
    new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true, attributes: true, characterData: true });
    schedule();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", observe);
  else observe();

  // The library's bounce page (/auth/session-token) asks App Bridge for a token and to reload the
  // original URL with it; only same-origin targets are followed, as App Bridge does.
  var reload = params.get("shopify-reload");
  if (reload) {
    var target = new URL(reload, location.href);
    if (target.origin === location.origin) {
      idToken().then(function (token) {
        target.searchParams.set("id_token", token);
        location.replace(target.href);
      });
    }
  }
})();
`;
}
