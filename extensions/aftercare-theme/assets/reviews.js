// Aftercare "Product reviews" block: the header and the first page of reviews come with the page (from the
// product's metafields). This script fetches the next page from the app through the App Proxy once the list is
// on screen, and shows it when "More reviews" is pressed; when no reviews came with the page, it loads the first
// page as soon as the list is on screen. What shoppers wrote goes in as text (textContent), never as HTML.
(() => {
  const PROXY_PATH = "/apps/aftercare/";

  const whenVisible = (target, action) => {
    if (!("IntersectionObserver" in window)) return action();
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      action();
    });
    observer.observe(target);
  };

  const setup = (root) => {
    root.dataset.ready = "true";
    const $ = (name) => root.querySelector(`[data-${name}]`);
    const total = Number(root.dataset.count) || 0;
    const list = $("list");
    if (!total || !list) return;
    const t = JSON.parse($("i18n").textContent);
    const more = $("more");
    const retry = $("retry");
    const status = $("status");
    const body = list.parentElement;
    const locale = root.dataset.locale || "en";
    let dates;
    try {
      dates = new Intl.DateTimeFormat(locale, { dateStyle: "long" });
    } catch {
      dates = new Intl.DateTimeFormat("en", { dateStyle: "long" });
    }
    const fill = (text, values) => text.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
    const seen = new Set([...list.children].map((item) => item.dataset.id));
    let page = seen.size ? 1 : 0;
    let pages = Math.ceil(total / 5);
    let pending = null;
    let busy = false;

    // A photo is shown only from an https address or from the app's own path on the shop's domain.
    const photoUrl = (url) => {
      url = String(url || "");
      if (url.startsWith(PROXY_PATH)) return root.dataset.proxy + url.slice(PROXY_PATH.length - 1);
      return /^https:\/\//i.test(url) ? url : null;
    };

    // Clones the block's empty review row and fills its [data-f] parts; an empty optional part stays hidden.
    const render = (review) => {
      const item = $("review-template").content.firstElementChild.cloneNode(true);
      const part = (name) => item.querySelector(`[data-f="${name}"]`);
      const put = (name, text) => {
        const element = part(name);
        element.textContent = text || "";
        element.hidden = !text;
        return element;
      };
      const stars = Math.min(5, Math.max(0, Math.round(Number(review.rating)) || 0));
      const date = new Date(review.publishedAt);
      item.dataset.id = review.id;
      part("stars").style.setProperty("--aftercare-stars", `${stars * 20}%`);
      part("rating").textContent = fill(t.rated, { rating: stars, scale: 5 });
      put("title", review.title);
      put("author", review.author);
      put("date", isNaN(date) ? "" : dates.format(date)).dateTime = review.publishedAt || "";
      part("verified").hidden = !review.verified;
      part("incentivised").hidden = !review.incentivised;
      put("body", review.body);
      part("reply").hidden = !put("reply-body", review.reply && review.reply.body).textContent;
      const urls = (review.photos || [])
        .slice(0, 5)
        .map((photo) => photoUrl(photo && photo.url))
        .filter(Boolean);
      const photos = part("photos");
      photos.hidden = !urls.length;
      urls.forEach((url, index) => {
        const link = document.createElement("a");
        const image = document.createElement("img");
        Object.assign(link, { className: "aftercare-review__photo-link", href: url, target: "_blank", rel: "noopener" });
        Object.assign(image, {
          className: "aftercare-review__photo",
          src: url,
          alt: fill(t.photo, { index: index + 1, total: urls.length }),
          width: 96,
          height: 96,
          loading: "lazy",
          decoding: "async",
        });
        link.appendChild(image);
        photos.appendChild(document.createElement("li")).appendChild(link);
      });
      return item;
    };

    const load = (n) =>
      fetch(`${root.dataset.endpoint}?product=${encodeURIComponent(root.dataset.product)}&page=${n}&locale=${encodeURIComponent(locale)}`, {
        headers: { Accept: "application/json" },
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
        .then((data) => {
          if (!data || !Array.isArray(data.reviews)) throw new Error("No reviews in the answer");
          return data;
        });

    // One request per page, kept until the page is shown; a failed one is forgotten, so the next press asks again.
    const next = () =>
      (pending ||= load(page + 1).catch((error) => {
        pending = null;
        throw error;
      }));

    const prefetch = () => {
      if (page < pages) whenVisible(more, () => next().catch(() => {}));
    };

    // Buttons stay focusable while busy (aria-disabled), so a keyboard user's focus is never dropped.
    const setBusy = (value) => {
      busy = value;
      for (const button of [more, retry]) button.setAttribute("aria-disabled", String(value));
      body.setAttribute("aria-busy", String(value));
    };

    const show = (pressed) => {
      setBusy(true);
      if (pressed) status.textContent = t.loading;
      next()
        .then(
          (data) => {
            pending = null;
            page += 1;
            pages = Number(data.pages) || pages;
            const added = [];
            for (const review of data.reviews) {
              if (!review || review.id == null || seen.has(String(review.id))) continue;
              seen.add(String(review.id));
              added.push(list.appendChild(render(review)));
            }
            more.hidden = page >= pages;
            retry.hidden = true;
            const shown = list.children.length;
            if (pressed) status.textContent = fill(t.showing, { shown, total: Math.max(Number(data.summary?.count) || total, shown) });
            // The shopper reads on from the first new review.
            if (pressed) (added[0] ? added[0].querySelector("article") : more.hidden ? null : more)?.focus();
            prefetch();
          },
          () => {
            const hadFocus = document.activeElement === more;
            more.hidden = true;
            retry.hidden = false;
            status.textContent = t.error;
            if (hadFocus) retry.focus();
          },
        )
        .finally(() => {
          setBusy(false);
          body.classList.add("aftercare-reviews__body--loaded");
        });
    };

    more.addEventListener("click", () => busy || show(true));
    retry.addEventListener("click", () => busy || show(true));
    if (page === 0) whenVisible(list, () => show(false));
    else prefetch();
  };

  const init = () => document.querySelectorAll("[data-aftercare-reviews]:not([data-ready])").forEach(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("shopify:section:load", init);
})();
