// Aftercare returns block, part two (loaded by returns.js): items, reasons (photos checked as the app checks them),
// resolutions with the app's quotes, review, and one submission per form (its request key).
(() => {
  const MAX_PHOTO = 5 * 1024 * 1024;
  const TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];

  const wire = (ui) => {
    const { t, $, f, fill, step } = ui;
    const s = ui.state;
    const money = (minor) => ui.money(minor, s.order.currency);
    const titleOf = (item) => (item.variantTitle ? `${item.title} – ${item.variantTitle}` : item.title);
    const firstAvailable = (item) => item.exchangeVariants.find((v) => v.available)?.variantGid || null;
    const chosen = () => step("resolution").querySelector("[name=resolution]:checked")?.value;
    const draft = (resolution) => ({
      resolution,
      note: step("review").elements.note.value.trim() || undefined,
      items: s.picked.map((p) => ({
        lineItemGid: p.item.lineItemGid,
        quantity: p.quantity,
        reasonCode: p.reason.code,
        note: p.note || undefined,
        exchangeVariantGid: resolution === "exchange" ? p.variant || firstAvailable(p.item) : null,
      })),
    });
    const quote = (resolution) => ui.call("/quote", { token: s.token, draft: draft(resolution) });

    ui.renderItems = () => {
      f(step("items"), "order").textContent = fill(t.order, { name: s.order.orderName });
      const list = $("items");
      list.textContent = "";
      for (const item of s.order.items) {
        const li = list.appendChild(ui.row("item"));
        const pick = f(li, "pick");
        li.item = item;
        f(li, "title").textContent = fill(t.returnThis, { title: titleOf(item) });
        const meta = [fill(t.price, { amount: money(item.unitPriceMinor) })];
        if (item.deadline && !item.refusal) meta.push(fill(t.returnBy, { date: ui.date(item.deadline) }));
        f(li, "meta").textContent = meta.join(" · ");
        if (/^(https:)?\/\//.test(item.imageUrl || "")) Object.assign(f(li, "image"), { src: item.imageUrl, hidden: false });
        if (item.refusal || item.returnableQuantity < 1) {
          pick.disabled = true;
          const why =
            item.refusal === "out_of_window" && item.deadline
              ? fill(t.refusal.out_of_window_on, { date: ui.date(item.deadline) })
              : t.refusal[item.refusal] || t.refusal.already_returned;
          Object.assign(f(li, "refusal"), { textContent: why, hidden: false });
          li.classList.add("aftercare-returns__item--off");
        } else if (item.returnableQuantity > 1) {
          f(li, "qty-label").textContent = fill(t.quantity, { count: item.returnableQuantity });
          f(li, "qty").max = item.returnableQuantity;
          pick.addEventListener("change", () => (f(li, "qty-field").hidden = !pick.checked));
        }
      }
      const earlier = $("earlier-list");
      earlier.textContent = "";
      for (const r of s.order.returns) ui.item(earlier, fill(t.earlier, { name: r.name, status: ui.stateName(r) }));
      $("earlier").hidden = !s.order.returns.length;
    };

    step("items").addEventListener("submit", (event) => {
      event.preventDefault();
      s.picked = [...$("items").children]
        .filter((li) => f(li, "pick").checked)
        .map((li) => ({ item: li.item, quantity: Math.min(Math.max(1, Math.round(f(li, "qty").value) || 1), li.item.returnableQuantity) }));
      if (!s.picked.length) return ui.say(t.noItems);
      const box = $("reasons");
      box.textContent = "";
      for (const p of s.picked) {
        const set = (p.set = box.appendChild(ui.row("reason")));
        const select = f(set, "reason");
        f(set, "title").textContent = titleOf(p.item);
        for (const r of s.order.reasons) select.append(new Option(r.label, r.code));
        select.addEventListener(
          "change",
          () => (f(set, "photo-field").hidden = !s.order.reasons.find((r) => r.code === select.value)?.requiresPhoto),
        );
      }
      ui.show("reasons");
    });

    step("reasons").addEventListener("submit", (event) => {
      event.preventDefault();
      for (const p of s.picked) {
        const reason = s.order.reasons.find((r) => r.code === f(p.set, "reason").value);
        const file = f(p.set, "photo").files[0];
        const problem = !reason
          ? t.reasonRequired
          : reason.requiresPhoto && !file
            ? t.photoRequired
            : file && !TYPES.includes(file.type)
              ? t.photoType
              : file && file.size > MAX_PHOTO
                ? t.photoSize
                : null;
        if (problem) {
          ui.say(fill(problem, { title: titleOf(p.item) }));
          return f(p.set, reason ? "photo" : "reason").focus();
        }
        Object.assign(p, { reason, note: f(p.set, "note").value.trim(), photo: file || null });
      }
      ui.busy(true);
      const cards = $("cards");
      cards.textContent = "";
      Promise.all(s.order.resolutions.map((o) => quote(o.resolution))).then((answers) => {
        ui.busy(false);
        if (answers.some((a) => a.status === 401)) return ui.failed({ status: 401 });
        s.quotes = {};
        s.order.resolutions.forEach((o, i) => {
          const a = answers[i];
          const error = (a.body.errors || [])[0];
          const card = cards.appendChild(ui.row("card"));
          const radio = f(card, "radio");
          const [name, text] = t.resolutions[o.resolution];
          radio.value = o.resolution;
          radio.disabled = !a.ok || !!error;
          radio.addEventListener("change", exchange);
          f(card, "name").textContent = name;
          f(card, "text").textContent = radio.disabled ? error?.message || t.unavailable : text;
          if (o.bonusPercent > 0)
            Object.assign(f(card, "bonus"), { textContent: fill(t.bonus, { percent: o.bonusPercent }), hidden: false });
          if (radio.disabled) return;
          s.quotes[o.resolution] = a.body.amounts;
          f(card, "amount").textContent = fill(t.youGet, { amount: ui.money(a.body.amounts.totalMinor, a.body.amounts.currency) });
        });
        exchange();
        ui.show("resolution");
      });
    });

    // Exchange: which variant to send instead, per item.
    const exchange = () => {
      const box = $("exchange");
      box.textContent = "";
      box.hidden = chosen() !== "exchange";
      if (box.hidden) return;
      for (const p of s.picked) {
        const field = box.appendChild(ui.row("exchange"));
        const select = f(field, "variant");
        f(field, "label").textContent = fill(t.exchangeFor, { title: titleOf(p.item) });
        for (const v of p.item.exchangeVariants) {
          const option = select.appendChild(new Option(v.available ? v.title : fill(t.soldOut, { title: v.title }), v.variantGid));
          option.disabled = !v.available;
        }
        select.value = p.variant = p.variant || firstAvailable(p.item) || "";
        select.addEventListener("change", () => (p.variant = select.value));
      }
    };

    step("resolution").addEventListener("submit", (event) => {
      event.preventDefault();
      const resolution = chosen();
      if (!s.quotes[resolution]) return ui.say(t.chooseResolution);
      const form = step("review");
      s.resolution = resolution;
      ui.summary(
        $("summary", form),
        s.picked.map((p) => ({ title: titleOf(p.item), count: p.quantity, reason: p.reason.label })),
      );
      f(form, "resolution").textContent = fill(t.resolution, { resolution: t.resolutions[resolution][0] });
      // An exchange's amounts follow the variants chosen: ask again.
      (resolution === "exchange" ? quote(resolution) : Promise.resolve({ ok: true, body: { amounts: s.quotes[resolution] } })).then((a) => {
        if (!a.ok) return ui.failed(a);
        ui.amounts($("amounts", form), a.body.amounts);
        ui.show("review");
      });
    });

    step("review").addEventListener("submit", (event) => {
      event.preventDefault();
      const body = new FormData();
      body.append("token", s.token);
      body.append("requestKey", s.requestKey);
      body.append("locale", ui.locale);
      body.append("draft", JSON.stringify(draft(s.resolution)));
      for (const p of s.picked) if (p.photo) body.append(`photo:${p.item.lineItemGid}`, p.photo, p.photo.name);
      const button = step("review").querySelector("[type=submit]");
      if (button.disabled) return;
      button.disabled = true;
      ui.say(t.submitting);
      ui.call("/submit", body).then((a) => {
        button.disabled = false;
        if (!a.ok) return ui.failed(a, (a.body.errors || []).map((e) => e.message).join(" ") || a.body.message);
        f(step("status"), "submitted").hidden = false;
        ui.showStatus(a.body.statusToken, a.body.status);
      });
    });
  };

  window.aftercareReturnSteps = (ui, token, order) => {
    // One state per block, refilled for each order opened.
    Object.assign((ui.state ||= {}), { token, order, requestKey: crypto.randomUUID(), picked: [], quotes: {} });
    if (!ui.renderItems) wire(ui);
    ui.renderItems();
    ui.show("items");
  };
})();
