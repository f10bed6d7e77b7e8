// Aftercare "Rewards" block (one per page): fills its markup with the program and the customer's standing
// (App Proxy JSON), in the words of its i18n JSON, and redeems rewards.
(() => {
  let root, t, data, locale, numbers, plural, dates;
  const keys = {};
  const $ = (name, within = root) => within.querySelector(`[data-${name}]`);
  const counted = (forms, n) => (forms[plural.select(n)] || forms.other).replace("{count}", numbers.format(n));
  const pts = (n) => counted(t.points, n);
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (match, key) => (key === "points" && values[key] >= 0 ? pts(values[key]) : (values[key] ?? match)));
  const date = (iso) => dates.format(new Date(iso));
  const sign = (n) => (n > 0 ? "+" : "−") + pts(Math.abs(n));
  // Minor units; without an amount, one whole unit ("1 zł").
  const money = (minor) => {
    const as = (o) => new Intl.NumberFormat(locale, { style: "currency", currency: data.currency, ...o });
    if (minor == null) return as({ minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(1);
    return as().format(minor / 10 ** as().resolvedOptions().maximumFractionDigits);
  };
  const say = (message) => {
    $("status").textContent = "";
    setTimeout(() => ($("status").textContent = message), 60);
  };
  const copy = (code) =>
    (navigator.clipboard?.writeText(code) ?? Promise.reject()).then(
      () => say(fill(t.copied, { code })),
      () => say(t.copyFailed),
    );
  // Clones <template data-row=name> into the list and fills its [data-f] fields; a null field is hidden.
  const row = (list, name, fields) => {
    const item = list.appendChild($(`row="${name}"`).content.firstElementChild.cloneNode(true));
    for (const field of item.querySelectorAll("[data-f]")) {
      const value = fields[field.dataset.f];
      field.hidden = value == null;
      if (typeof value === "string") field.textContent = value;
    }
    return (name) => $(`f="${name}"`, item);
  };
  const part = (name, show) => {
    const box = $(`part="${name}"`);
    if (!box) return null;
    box.hidden = !show;
    const list = $("list", box);
    if (list) list.textContent = "";
    return list || box;
  };

  const summary = (m) => {
    const now = new Date().toISOString();
    // Newest first: the last pending one is spendable first.
    const next = m.history.filter((e) => e.pendingPoints > 0 && e.availableAt > now).at(-1);
    const goal = m.nextTier;
    const bar = $("progress");
    $("balance").textContent = pts(m.balance);
    const pending = m.pending > 0 ? [fill(t.pending, { points: m.pending })] : [];
    if (pending[0] && next) pending.push(fill(t.pendingNext, { points: next.pendingPoints, date: date(next.availableAt) }));
    $("pending").textContent = pending.join(" · ");
    $("tier").textContent = data.tiers.length ? (m.tier ? fill(t.tier, { tier: m.tier }) : t.noTier) : "";
    bar.hidden = !goal;
    if (goal) Object.assign(bar, { max: goal.threshold, value: m.standing });
    const label = goal ? (data.tierBasis === "spent" ? t.nextSpent : t.nextPoints) : m.tier ? t.topTier : "";
    $("progress-label").textContent = fill(label, { points: goal?.remaining, amount: goal && money(goal.remaining), tier: goal?.name });
  };

  const rewards = (m) => {
    const list = part("rewards", true);
    if (!data.rewards.length) row(list, "line", { text: t.noRewards });
    for (const reward of data.rewards) {
      const short = m ? reward.cost - m.balance : 0;
      const field = row(list, "reward", {
        title: reward.title,
        cost: pts(reward.cost),
        redeem: m && true,
        reason: short > 0 ? fill(t.short, { points: short }) : null,
      });
      const id = `aftercare-reward-${reward.id}`;
      const button = field("redeem");
      field("title").id = id;
      if (!button) continue;
      field("reason").id = `${id}-why`;
      button.disabled = short > 0;
      button.setAttribute("aria-describedby", short > 0 ? `${id} ${id}-why` : id);
      button.onclick = () => redeem(reward, button);
    }
  };

  const codes = (m) => {
    const list = part("codes", m.codes.length > 0);
    for (const c of m.codes) {
      const field = row(list, "code", {
        title: c.title,
        code: c.code,
        status: t.codeStatus[c.status] || c.status,
        copy: c.status === "issued" || null,
      });
      field("status").classList.add(`aftercare-loyalty__badge--${c.status}`);
      field("copy").onclick = () => copy(c.code);
    }
  };

  const history = (m) => {
    const list = part("history", true);
    if (!list) return;
    if (!m.history.length) row(list, "line", { text: t.historyEmpty });
    for (const e of m.history) {
      const moved = e.points ? [sign(e.points)] : [];
      if (e.pendingPoints && e.reason !== "pending_released") moved.push(fill(t.historyPending, { points: sign(e.pendingPoints) }));
      row(list, "entry", { reason: t.reasons[e.reason] || e.reason, date: date(e.at), points: moved.join(" · ") })("date").dateTime = e.at;
    }
  };

  const birthday = (m) => {
    const box = part("birthday", data.earn.birthday != null);
    if (!box) return;
    $("birthday-text", box).textContent = m.birthdaySet ? t.birthdaySet : fill(t.birthdayIntro, { points: data.earn.birthday });
    $("birthday-form", box).hidden = m.birthdaySet;
  };

  const earn = () => {
    const e = data.earn;
    const list = part("earn", true);
    if (!list) return;
    const lines = [fill(t.earnPerUnit, { points: e.pointsPerUnit, amount: money() })];
    for (const way in t.ways) if (e[way] != null) lines.push(fill(t.ways[way], { points: e[way] }));
    if (e.pendingDays > 0) lines.push(t.earnPending);
    for (const tier of data.tiers) {
      const threshold = data.tierBasis === "spent" ? money(tier.threshold) : pts(tier.threshold);
      lines.push(fill(t.tierItem, { tier: tier.name, threshold, multiplier: numbers.format(tier.multiplier / 100) }));
    }
    if (data.expiry) lines.push(counted(t.expiry, data.expiry.months));
    for (const text of lines) row(list, "line", { text });
  };

  const render = (fresh) => {
    const hint = $("off-hint");
    const m = (data = fresh).member;
    if (hint) hint.hidden = data.enabled;
    if (!data.enabled) return (root.hidden = !hint);
    rewards(m);
    if (m) {
      summary(m);
      codes(m);
      birthday(m);
      history(m);
    }
    earn();
  };

  // Never rejects; no JSON answer from the app (network, proxy error) is { lost: true }.
  const send = (path, body) =>
    fetch(root.dataset.endpoint + path, {
      method: body && "POST",
      body: body && JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
    })
      .then((response) => response.json().then((json) => ({ ok: response.ok, body: json })))
      .catch(() => ({ body: {}, lost: true }));

  const load = (quiet) => {
    if (!quiet) $("status").textContent = t.loading;
    return send("").then(({ ok, body }) => {
      if (ok) render(body);
      if (!ok || !quiet) $("status").textContent = ok ? "" : t.error;
      $("retry").hidden = ok;
      $("details").setAttribute("aria-busy", "false");
    });
  };

  // The result slot takes the focus: the clicked button is re-rendered.
  const outcome = (text, code, title) => {
    $("result-code").hidden = !code;
    $("result-title").textContent = title;
    $("result").querySelector("code").textContent = code;
    $("result-text").textContent = text;
    $("result").hidden = false;
    $("result").focus();
  };

  const redeem = (reward, button) => {
    // The key is kept until the app answers: a retry after a lost answer cannot redeem twice.
    const key = (keys[reward.id] ||= crypto.randomUUID());
    button.disabled = true;
    button.textContent = t.redeeming;
    send("/redeem", { rewardId: reward.id, requestKey: key }).then(({ ok, body, lost }) => {
      if (lost) {
        button.disabled = false;
        button.textContent = t.redeem;
        return say(t.errors.generic);
      }
      delete keys[reward.id];
      const code = (ok && body.redemption?.code) || "";
      const message = ok ? t.preparing : t.errors[body.error] || body.message || t.errors.generic;
      return load(true).then(() => {
        outcome(code ? "" : message, code, fill(t.redeemed, { reward: reward.title }));
        say(code ? fill(t.redeemedSay, { code, points: body.balance }) : message);
      });
    });
  };

  const init = () => {
    root = document.querySelector("[data-aftercare-loyalty]:not([data-ready])");
    if (!root) return;
    root.dataset.ready = "true";
    t = JSON.parse($("i18n").textContent);
    locale = root.dataset.locale || "en";
    numbers = new Intl.NumberFormat(locale);
    plural = new Intl.PluralRules(locale);
    dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
    $("copy").onclick = () => copy($("result").querySelector("code").textContent);
    $("retry").onclick = () => load(false);
    const form = $("birthday-form");
    if (form) {
      const months = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" });
      [...form.month.options].forEach((option, i) => i && (option.textContent = months.format(Date.UTC(2000, i - 1, 1))));
      form.onsubmit = (event) => {
        const save = form.querySelector("button");
        event.preventDefault();
        save.disabled = true;
        send("/birthday", { birthday: `${form.month.value}-${form.day.value}` }).then(({ ok, body }) => {
          if (ok) birthday(Object.assign(data.member, { birthdaySet: true }));
          say(ok ? t.birthdaySaved : t.errors[body.error] || body.message || t.errors.generic);
          save.disabled = false;
        });
      };
    }
    load(false);
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("shopify:section:load", init);
})();
