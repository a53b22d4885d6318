// authmock QA console: a few fetch calls to /__mock/ and a poll of the request log.
"use strict";

(function () {
  const api = "/__mock/api";
  let lastSeq = 0;
  let flashTimer = 0;

  // call sends a request to the mock and returns its JSON, or throws with the problem's detail.
  async function call(method, url, body) {
    const init = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const res = await fetch(url, init);
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!res.ok) {
      throw new Error((data && (data.detail || data.message)) || res.status + " " + res.statusText);
    }
    return data;
  }

  function flash(message, isError) {
    const el = document.getElementById("flash");
    el.textContent = message;
    el.classList.toggle("error", Boolean(isError));
    el.hidden = false;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { el.hidden = true; }, isError ? 6000 : 2500);
  }

  // refreshState shows which scenario is active for this browser and for everyone.
  async function refreshState() {
    const s = await call("GET", api + "/scenarios");
    document.getElementById("state-browser").textContent = s.cookie;
    document.getElementById("state-everyone").textContent = s.active;
    document.querySelectorAll("li.scenario").forEach(function (li) {
      li.classList.toggle("is-browser", li.dataset.scenario === s.cookie);
      li.classList.toggle("is-everyone", li.dataset.scenario === s.active);
    });
  }

  function showClock(c) {
    document.getElementById("clock-offset").textContent = "+" + c.offset;
    document.getElementById("clock-now").textContent = c.now.replace("T", " ").replace(/\.\d+/, "").replace("Z", " UTC");
  }

  async function copy(el) {
    const text = el.value !== undefined ? el.value : el.textContent;
    el.focus();
    if (el.select) el.select();
    if (!text) return flash("Nothing to copy yet", true);
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else if (!document.execCommand("copy")) {
        throw new Error("copy refused");
      }
      flash("Copied");
    } catch (e) {
      flash("Selected: press Ctrl+C (or ⌘C) to copy", false);
    }
  }

  const actions = {
    "use-browser": async function (b) {
      await call("GET", "/__mock/use?scenario=" + encodeURIComponent(b.dataset.scenario));
      await refreshState();
      flash("This browser now uses " + b.dataset.scenario);
    },
    "use-everyone": async function (b) {
      await call("PUT", api + "/active", { scenario: b.dataset.scenario });
      await refreshState();
      flash("Everyone now uses " + b.dataset.scenario);
    },
    "reset": async function () {
      await call("GET", "/__mock/use?scenario=default");
      await call("DELETE", api + "/active");
      await refreshState();
      flash("Back to default, in this browser and for everyone");
    },
    "clock-advance": async function (b) {
      showClock(await call("POST", api + "/clock", { advance: b.dataset.advance }));
      flash("Clock moved forward " + b.dataset.advance);
    },
    "clock-reset": async function () {
      showClock(await call("DELETE", api + "/clock"));
      flash("Clock back on real time");
    },
    "copy": async function (b) {
      await copy(b.parentElement.querySelector("input, textarea"));
    },
  };

  document.addEventListener("click", function (ev) {
    const b = ev.target.closest("button[data-action]");
    if (!b || !actions[b.dataset.action]) return;
    ev.preventDefault();
    b.disabled = true;
    actions[b.dataset.action](b)
      .catch(function (e) { flash(e.message, true); })
      .finally(function () { b.disabled = false; });
  });

  // The token helper.
  const typeSelect = document.getElementById("token-type");
  const accountTypes = JSON.parse(typeSelect.dataset.types);
  document.getElementById("token-api").addEventListener("change", function (ev) {
    typeSelect.replaceChildren.apply(typeSelect, (accountTypes[ev.target.value] || []).map(function (t) {
      const o = document.createElement("option");
      o.value = t;
      o.textContent = t;
      return o;
    }));
  });
  document.getElementById("token-form").addEventListener("submit", async function (ev) {
    ev.preventDefault();
    const f = ev.target;
    const button = document.getElementById("token-mint");
    const ttl = f.ttl.value;
    button.disabled = true;
    try {
      const t = await call("POST", api + "/token", {
        api: f.api.value,
        accountType: f.accountType.value,
        email: f.email.value,
        ttl: ttl === "expired" ? "" : ttl,
        expired: ttl === "expired",
      });
      document.getElementById("token-output").value = t.token;
      document.getElementById("token-claims").textContent = JSON.stringify(t.claims, null, 2);
      document.getElementById("token-claims-box").hidden = false;
      document.getElementById("token-expiry").textContent =
        "Expires " + t.expiresAt.replace("T", " ").replace("Z", " UTC") + " (by the mock's clock).";
      flash("Token minted");
    } catch (e) {
      flash(e.message, true);
    } finally {
      button.disabled = false;
    }
  });

  // The request log: poll for the entries after the last one seen.
  const tbody = document.getElementById("requests");
  const capacity = Number(tbody.dataset.capacity) || 200;

  function cell(text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  // pathCell shows the path, and the query under it, smaller.
  function pathCell(path, query) {
    const td = cell(path, "path");
    if (query) {
      const q = document.createElement("div");
      q.className = "query";
      q.textContent = "?" + query;
      td.append(q);
    }
    return td;
  }

  function addEntry(e) {
    const tr = document.createElement("tr");
    tr.className = "fresh";
    tr.dataset.seq = e.seq;
    tr.append(
      cell(e.time.substr(11, 8), "num"),
      cell(e.method),
      pathCell(e.path, e.query),
      cell(String(e.status), "num status-" + String(e.status).charAt(0)),
      cell(e.scenario || "—"),
      cell(e.latency, "num"));
    const rows = [tr];
    if (e.violations && e.violations.length) {
      const v = document.createElement("tr");
      v.className = "violations";
      v.dataset.seq = e.seq;
      const td = document.createElement("td");
      td.colSpan = 6;
      const ul = document.createElement("ul");
      e.violations.forEach(function (text) {
        const li = document.createElement("li");
        li.textContent = text;
        ul.append(li);
      });
      td.append(ul);
      v.append(td);
      rows.push(v);
    }
    tbody.prepend.apply(tbody, rows);
  }

  async function poll() {
    try {
      const r = await call("GET", api + "/requests?since=" + lastSeq);
      if (r.latest < lastSeq) tbody.replaceChildren(); // the mock restarted
      r.entries.forEach(addEntry);
      lastSeq = r.latest;
      while (tbody.querySelectorAll("tr:not(.violations)").length > capacity) {
        const seq = tbody.lastElementChild.dataset.seq;
        tbody.querySelectorAll('tr[data-seq="' + seq + '"]').forEach(function (tr) { tr.remove(); });
      }
      document.getElementById("requests-empty").hidden = tbody.children.length > 0;
    } catch (e) {
      // The mock is down or restarting: try again on the next tick.
    }
  }

  async function pollClock() {
    try {
      showClock(await call("GET", api + "/clock"));
    } catch (e) {
      // ignored, as for poll
    }
  }

  poll();
  setInterval(poll, 1000);
  setInterval(pollClock, 5000);
})();
