// Aftercare "Your orders" block: loads the signed-in customer's orders from the app (through the
// App Proxy, so Shopify vouches for the customer) and renders them with the block's translations.
(function () {
  "use strict";

  var ROOT = "[data-aftercare-order-care]";
  var SHIPPED = ["fulfilled", "partially_fulfilled", "partial"];

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text != null) element.textContent = text;
    return element;
  }

  // Tracking URLs come from carriers via the app; only web links may become hrefs.
  function webUrl(value) {
    try {
      var url = new URL(value, location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function formatters(requested) {
    var locale = "en";
    try {
      locale = Intl.getCanonicalLocales(requested)[0] || locale;
    } catch (error) {
      // An unknown locale tag from the theme falls back to English formatting.
    }
    var dates = new Intl.DateTimeFormat(locale, { dateStyle: "long" });
    return {
      date: function (iso) {
        var date = new Date(iso);
        return isNaN(date.getTime()) ? "" : dates.format(date);
      },
      money: function (minor, currency) {
        try {
          var format = new Intl.NumberFormat(locale, { style: "currency", currency: currency });
          return format.format(minor / Math.pow(10, format.resolvedOptions().maximumFractionDigits));
        } catch (error) {
          return String(minor) + " " + currency;
        }
      },
    };
  }

  function orderStatus(order, t, f) {
    if (order.deliveredAt) return ["delivered", fill(t.status.deliveredOn, { date: f.date(order.deliveredAt) })];
    var fulfillment = String(order.fulfillmentStatus || "").toLowerCase();
    if ((order.shipments || []).length || SHIPPED.indexOf(fulfillment) >= 0) return ["shipped", t.status.shipped];
    return ["ordered", t.status.ordered];
  }

  function shipmentStatus(shipment, t, f) {
    var status = String(shipment.status || "").toLowerCase();
    if (shipment.deliveredAt) return fill(t.shipmentStatus.deliveredOn, { date: f.date(shipment.deliveredAt) });
    return t.shipmentStatus[status] || t.shipmentStatus.shipped;
  }

  function renderShipment(shipment, t, f) {
    var item = node("li", "aftercare-shipment");
    item.appendChild(node("p", "aftercare-shipment__status", shipmentStatus(shipment, t, f)));
    if (shipment.trackingCompany) {
      item.appendChild(node("p", "aftercare-shipment__carrier", fill(t.carrier, { company: shipment.trackingCompany })));
    }
    var numbers = shipment.trackingNumbers || [];
    var urls = shipment.trackingUrls || [];
    var count = Math.max(numbers.length, urls.length);
    for (var i = 0; i < count; i++) {
      var url = webUrl(urls[i]);
      var number = numbers[i];
      if (url) {
        var link = node("a", "aftercare-shipment__track", number ? fill(t.track, { number: number }) : t.trackPackage);
        link.href = url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        item.appendChild(link);
      } else if (number) {
        item.appendChild(node("p", "aftercare-shipment__number", fill(t.trackingNumber, { number: number })));
      }
    }
    return item;
  }

  function renderOrder(order, t, f, headingId) {
    var item = node("li", "aftercare-order");
    var heading = node("h3", "aftercare-order__name", fill(t.orderName, { name: order.name }));
    heading.id = headingId;
    var article = node("article", "aftercare-order__card");
    article.setAttribute("aria-labelledby", headingId);
    article.appendChild(heading);

    var status = orderStatus(order, t, f);
    article.appendChild(node("p", "aftercare-badge aftercare-badge--" + status[0], status[1]));
    article.appendChild(node("p", "aftercare-order__meta", fill(t.placedOn, { date: f.date(order.processedAt) })));
    article.appendChild(node("p", "aftercare-order__meta", fill(t.total, { amount: f.money(order.totalMinor, order.currency) })));

    var lines = order.lines || [];
    if (lines.length) {
      article.appendChild(node("h4", "aftercare-order__subheading", t.items));
      var lineList = node("ul", "aftercare-order__lines");
      lines.forEach(function (line) {
        var title = line.variantTitle && line.variantTitle !== "Default Title" ? line.title + " – " + line.variantTitle : line.title;
        var lineItem = node("li", "aftercare-order__line", title + " ");
        lineItem.appendChild(node("span", "aftercare-order__quantity", fill(t.quantity, { count: line.quantity })));
        lineList.appendChild(lineItem);
      });
      article.appendChild(lineList);
    }

    var shipments = order.shipments || [];
    if (shipments.length) {
      article.appendChild(node("h4", "aftercare-order__subheading", t.shipments));
      var shipmentList = node("ul", "aftercare-order__shipments");
      shipments.forEach(function (shipment) {
        shipmentList.appendChild(renderShipment(shipment, t, f));
      });
      article.appendChild(shipmentList);
    }
    item.appendChild(article);
    return item;
  }

  function init(root) {
    if (root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "true");
    var t = JSON.parse(root.querySelector("[data-i18n]").textContent);
    var status = root.querySelector("[data-status]");
    var retry = root.querySelector("[data-retry]");
    var list = root.querySelector("[data-orders]");
    var limit = parseInt(root.getAttribute("data-limit"), 10) || 5;
    var f = formatters(root.getAttribute("data-locale") || document.documentElement.lang);
    var endpoint = root.getAttribute("data-endpoint") + "?limit=" + limit;

    // The live region stays in the page (emptied, never hidden) so later messages are still announced.
    function show(message, failed) {
      status.textContent = message;
      retry.hidden = !failed;
      root.setAttribute("aria-busy", "false");
    }

    function load() {
      status.textContent = t.loading;
      retry.hidden = true;
      list.hidden = true;
      root.setAttribute("aria-busy", "true");
      fetch(endpoint, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          var orders = (data && data.orders ? data.orders : []).slice(0, limit);
          list.textContent = "";
          orders.forEach(function (order, index) {
            list.appendChild(renderOrder(order, t, f, list.id + "-" + index));
          });
          list.hidden = !orders.length;
          show(orders.length ? "" : t.empty, false);
        })
        .catch(function () {
          show(t.error, true);
        });
    }

    retry.addEventListener("click", load);
    load();
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll(ROOT), init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
  // The theme editor re-renders sections in place; pick up the new markup.
  document.addEventListener("shopify:section:load", initAll);
})();
