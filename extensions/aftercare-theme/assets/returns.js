// Aftercare returns block, part one: finding the order, the status page (its link: ?return=<signed token>) and the
// shared helpers; returns-steps.js (loaded once an order is open) does the rest. Tokens travel in bodies only.
(() => {
  const STEPS = ["find", "items", "reasons", "resolution", "review"];
  let loading = null;

  // Part two registers itself as window.aftercareReturnSteps.
  const loadSteps = (src) =>
    (loading ||= new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement("script"), { src, async: true });
      script.onload = () => resolve(window.aftercareReturnSteps);
      script.onerror = () => {
        loading = null;
        reject(new Error("returns-steps.js did not load"));
      };
      document.head.append(script);
    }));

  const setup = (root) => {
    root.dataset.ready = "true";
    const $ = (name, scope = root) => scope.querySelector(`[data-${name}]`);
    const f = (scope, name) => scope.querySelector(`[data-f="${name}"]`);
    const t = JSON.parse($("i18n").textContent);
    const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
    const step = (name) => $(`step="${name}"`);
    const alert = $("alert");
    const status = $("status");
    const locale = root.dataset.locale || "en";
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: "long" });
    const ui = {
      root,
      t,
      $,
      f,
      fill,
      step,
      locale,
      current: "find",
      date: (iso) => (iso ? dates.format(new Date(iso)) : ""),
      money: (minor, currency) => {
        const format = new Intl.NumberFormat(locale, { style: "currency", currency });
        return format.format(minor / 10 ** format.resolvedOptions().maximumFractionDigits);
      },
      row: (name) => $(`row="${name}"`).content.firstElementChild.cloneNode(true),
      item: (list, text) => list.appendChild(Object.assign(document.createElement("li"), { textContent: text })),
      say: (message) => (alert.textContent = message || ""),
      // One step in view; focus on its heading.
      show: (name) => {
        for (const s of root.querySelectorAll("[data-step]")) s.hidden = s.dataset.step !== name;
        ui.current = name;
        ui.say("");
        step(name).querySelector("h3").focus();
      },
      busy: (value) => {
        root.setAttribute("aria-busy", String(value));
        status.textContent = value ? t.loading : "";
      },
      // Resolves { ok, status, body }; a network failure is status 0.
      call: (path, body) =>
        fetch(root.dataset.endpoint + path, {
          method: body ? "POST" : "GET",
          headers: body instanceof FormData ? {} : { "Content-Type": "application/json" },
          body: body instanceof FormData ? body : body && JSON.stringify({ locale, ...body }),
        })
          .then((r) =>
            r.json().then(
              (b) => ({ ok: r.ok, status: r.status, body: b || {} }),
              () => ({ ok: false, status: r.status, body: {} }),
            ),
          )
          .catch(() => ({ ok: false, status: 0, body: {} })),
      failed: (answer, fallback) => {
        if (answer.status === 401 && ui.current !== "find") ui.show("find");
        ui.say(answer.status === 429 ? t.rateLimited : answer.status === 401 ? t.expired : fallback || t.error);
      },
      stateName: (r) => t.names[r.status === "processed" ? r.resolution : r.status],
      summary: (list, items) => {
        list.textContent = "";
        for (const i of items) ui.item(list, fill(t.summaryItem, i));
      },
      amounts: (list, a) => {
        list.textContent = "";
        for (const key of Object.keys(t.amounts)) {
          if (!a[key] && key !== "totalMinor" && key !== "itemsMinor") continue;
          const sign = key === "restockingFeeMinor" || key === "shippingFeeMinor" ? -1 : 1;
          list.append(
            Object.assign(document.createElement("dt"), { textContent: t.amounts[key] }),
            Object.assign(document.createElement("dd"), { textContent: ui.money(sign * a[key], a.currency) }),
          );
        }
      },
    };

    const open = (token) => {
      ui.busy(true);
      Promise.all([ui.call("/order", { token }), loadSteps(root.dataset.steps).catch(() => null)]).then(([a, steps]) => {
        ui.busy(false);
        if (!a.ok || !steps) return ui.failed(a, a.status === 404 ? t.notFound : t.error);
        steps(ui, token, a.body.order);
      });
    };

    const findForm = $('form="find"');
    findForm?.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(findForm);
      ui.busy(true);
      ui.call("/lookup", { orderName: data.get("orderName"), email: data.get("email") }).then((a) => {
        ui.busy(false);
        if (a.ok) open(a.body.token);
        else ui.failed(a, t.notFound);
      });
    });

    const orders = $("orders");
    if (orders)
      ui.call("/orders").then((a) => {
        orders.textContent = "";
        orders.setAttribute("aria-busy", "false");
        if (!a.ok) return ui.failed(a);
        if (!a.body.orders.length) ui.item(orders, t.noOrders);
        for (const o of a.body.orders) {
          const button = Object.assign(document.createElement("button"), {
            type: "button",
            className: "aftercare-returns__button aftercare-returns__button--quiet",
            textContent: fill(t.orderOn, { name: o.name, date: ui.date(o.processedAt) }),
          });
          button.addEventListener("click", () => open(o.token));
          orders.appendChild(document.createElement("li")).append(button);
        }
      });

    ui.showStatus = (statusToken, view) => {
      const page = step("status");
      const put = (name, text) => Object.assign(f(page, name), { textContent: text || "", hidden: !text });
      const url = new URL(location.href);
      url.search = "";
      url.searchParams.set("return", statusToken);
      f(page, "link").href = url.href;
      f(page, "permalink").hidden = false;
      page.querySelector("h3").textContent = fill(t.statusHeading, { name: view.name });
      f(page, "order").textContent = fill(t.order, { name: view.orderName });
      f(page, "now").textContent = fill(t.now, { status: ui.stateName(view) });
      put("declined", view.status === "declined" && [t.declined, view.declineMessage].filter(Boolean).join(" "));
      const label = view.label || {};
      put("carrier", label.carrier && fill(t.carrier, { carrier: label.carrier }));
      put("tracking", label.trackingNumber && fill(t.tracking, { number: label.trackingNumber }));
      // Only web addresses become links.
      for (const [name, href] of [
        ["label", label.url],
        ["track", label.trackingUrl],
      ]) {
        const web = /^https?:\/\//i.test(href || "");
        Object.assign(f(page, name), { href: web ? href : "", hidden: !web });
      }
      put("credited", view.storeCreditMinor && fill(t.credited, { amount: ui.money(view.storeCreditMinor, view.amounts.currency) }));
      const timeline = $("timeline", page);
      timeline.textContent = "";
      for (const s of view.steps) {
        const li = ui.item(
          timeline,
          [ui.stateName({ ...s, resolution: view.resolution }), ui.date(s.at), s.done && `(${t.done})`].filter(Boolean).join(" · "),
        );
        li.className = `aftercare-returns__event${s.done ? " aftercare-returns__event--done" : ""}`;
        if (s.status === view.status) li.setAttribute("aria-current", "step");
      }
      ui.summary(
        $("summary", page),
        view.items.map((i) => ({ title: i.exchangeFor ? `${i.title} → ${i.exchangeFor}` : i.title, count: i.quantity, reason: i.reason })),
      );
      ui.amounts($("amounts", page), view.amounts);
      ui.show("status");
    };

    const fromLink = new URLSearchParams(location.search).get("return");
    if (fromLink) {
      ui.busy(true);
      ui.call("/status", { statusToken: fromLink }).then((a) => {
        ui.busy(false);
        if (a.ok) ui.showStatus(fromLink, a.body.status);
        else ui.failed(a, t.statusNotFound);
      });
    }

    for (const back of root.querySelectorAll("[data-back]"))
      back.addEventListener("click", () => ui.show(STEPS[STEPS.indexOf(ui.current) - 1]));
  };

  const init = () => document.querySelectorAll("[data-aftercare-returns]:not([data-ready])").forEach(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("shopify:section:load", init);
})();
