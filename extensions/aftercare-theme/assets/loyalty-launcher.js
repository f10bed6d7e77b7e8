// Aftercare rewards launcher (app embed): a floating button with the shopper's points that opens a small
// panel (non-modal dialog: Escape or Close shuts it and gives the focus back to the button). Whether the
// program runs is asked of the app once per browser session, not on every page view.
(function () {
  "use strict";

  var FRESH_MS = 5 * 60 * 1000;

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function line(parent, className, text) {
    var p = document.createElement("p");
    p.className = "aftercare-launcher__" + className;
    p.textContent = text;
    parent.appendChild(p);
  }

  function init(root) {
    if (root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "true");
    var t = JSON.parse(root.querySelector("[data-i18n]").textContent);
    var button = root.querySelector("[data-open]");
    var panel = root.querySelector("[data-panel]");
    var body = root.querySelector("[data-body]");
    var label = root.querySelector("[data-label]");
    var endpoint = root.getAttribute("data-endpoint");
    var memory = "aftercare-loyalty:" + (root.getAttribute("data-customer") || "guest");
    var locale = "en";
    try {
      locale = Intl.getCanonicalLocales(root.getAttribute("data-locale") || document.documentElement.lang)[0] || locale;
    } catch (error) {
      // An unknown locale tag from the theme falls back to English formatting.
    }
    var numbers = new Intl.NumberFormat(locale);
    var plural = new Intl.PluralRules(locale);

    function pts(n) {
      return fill(t.points[plural.select(n)] || t.points.other, { count: numbers.format(n) });
    }

    function unit(currency) {
      try {
        return new Intl.NumberFormat(locale, {
          style: "currency",
          currency: currency,
          minimumFractionDigits: 0,
          maximumFractionDigits: 0,
        }).format(1);
      } catch (error) {
        return "1 " + currency;
      }
    }

    function remember(state) {
      try {
        sessionStorage.setItem(memory, JSON.stringify({ at: Date.now(), enabled: state.enabled, balance: state.balance }));
      } catch (error) {
        // Private modes without storage just ask again next time.
      }
    }

    function recalled() {
      try {
        var state = JSON.parse(sessionStorage.getItem(memory) || "null");
        return state && Date.now() - state.at < FRESH_MS ? state : null;
      } catch (error) {
        return null;
      }
    }

    function reflect(state) {
      root.hidden = !state.enabled;
      if (state.balance == null) return;
      label.textContent = pts(state.balance);
      root.querySelector("[data-prefix]").hidden = false;
    }

    function get() {
      return fetch(endpoint, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          var state = { enabled: data.enabled, balance: data.member ? data.member.balance : null };
          remember(state);
          reflect(state);
          return data;
        });
    }

    function render(data) {
      body.textContent = "";
      var member = data.member;
      if (!member) {
        line(body, "line", fill(t.earnPerUnit, { points: pts(data.earn.pointsPerUnit), amount: unit(data.currency) }));
        return;
      }
      line(body, "balance", t.balance + ": " + pts(member.balance));
      if (member.pending > 0) line(body, "line", fill(t.pending, { points: pts(member.pending) }));
      if (member.tier) line(body, "line", fill(t.tier, { tier: member.tier }));
      var reach = null;
      var next = null;
      data.rewards.forEach(function (reward) {
        if (reward.cost <= member.balance) {
          if (!reach || reward.cost > reach.cost) reach = reward;
        } else if (!next || reward.cost < next.cost) next = reward;
      });
      if (reach) line(body, "line", fill(t.canRedeem, { reward: reach.title }));
      else if (next) line(body, "line", fill(t.nextReward, { points: pts(next.cost - member.balance), reward: next.title }));
    }

    function onKey(event) {
      if (event.key === "Escape") shut(true);
    }

    function onClick(event) {
      if (!root.contains(event.target)) shut(false);
    }

    function open() {
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      panel.focus();
      document.addEventListener("keydown", onKey);
      document.addEventListener("click", onClick, true);
      body.textContent = t.loading;
      get().then(render, function () {
        body.textContent = t.error;
      });
    }

    function shut(refocus) {
      if (panel.hidden) return;
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick, true);
      if (refocus) button.focus();
    }

    button.addEventListener("click", function () {
      if (panel.hidden) open();
      else shut(true);
    });
    root.querySelector("[data-close]").addEventListener("click", function () {
      shut(true);
    });
    // Tabbing out of the panel closes it, as for any disclosure.
    root.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !root.contains(event.relatedTarget)) shut(false);
    });

    // Members with points show at once; for everyone else, the app says whether there is a program.
    if (root.hidden) {
      var known = recalled();
      if (known) reflect(known);
      else get().catch(function () {});
    }
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-aftercare-launcher]"), init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
  document.addEventListener("shopify:section:load", initAll);
})();
