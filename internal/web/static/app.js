// khcn: progressive enhancement only; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Buttons with data-confirm ask before submitting.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-confirm]");
    if (b && !window.confirm(b.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
});

// Calls and proposals: autosave, similar proposals while typing, budget
// total, select-all, chained phase dates. All optional: the forms post
// without them.
document.addEventListener("DOMContentLoaded", function () {
  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }
  function digits(s) { return parseInt(String(s || "").replace(/[.\s]/g, ""), 10) || 0; }
  function group(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  var form = document.getElementById("proposal-form");
  if (form) {
    var status = form.querySelector(".autosave");
    var version = form.querySelector("input[name=version]");
    var busy = false, again = false;
    var save = function () {
      var url = form.getAttribute("data-autosave") || form.getAttribute("data-autosave-create");
      if (!url) { return; }
      var title = form.querySelector("[name=title]");
      if (!form.getAttribute("data-autosave") && (!title || !title.value.trim())) { return; }
      if (busy) { again = true; return; }
      busy = true;
      if (status) { status.textContent = status.getAttribute("data-saving") || ""; }
      var data = new FormData(form);
      data.delete("files");
      data.delete("remove_files");
      // What is sent becomes the form's base once saved (see merge.go).
      var sent = new URLSearchParams();
      data.forEach(function (v, k) { if (k.charAt(0) !== "_" && k !== "version" && typeof v === "string") { sent.append(k, v); } });
      fetch(url, { method: "POST", body: data, headers: { "X-Autosave": "1" }, credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (res) {
          if (status) { status.textContent = res.j.message || ""; }
          if (res.ok) {
            version.value = res.j.version;
            var base = form.querySelector("input[name=_base]");
            if (!base) {
              base = document.createElement("input");
              base.type = "hidden";
              base.name = "_base";
              form.appendChild(base);
            }
            base.value = sent.toString();
            if (!form.getAttribute("data-autosave")) {
              form.setAttribute("data-autosave", res.j.autosave);
              form.removeAttribute("data-autosave-create");
              form.action = res.j.edit;
              var sim = form.getAttribute("data-similar");
              if (sim) { form.setAttribute("data-similar", sim.replace(/except=[^&]*/, "except=" + res.j.edit.split("/")[2])); }
              history.replaceState(null, "", res.j.edit);
            }
          }
        })
        .catch(function () { if (status) { status.textContent = status.getAttribute("data-offline") || ""; } })
        .then(function () { busy = false; if (again) { again = false; save(); } });
    };
    var later = debounce(save, 2500);
    form.addEventListener("input", function (e) { if (e.target.type !== "file") { later(); } });
    form.addEventListener("change", function (e) { if (e.target.type === "checkbox" || e.target.tagName === "SELECT") { later(); } });

    var list = document.getElementById("similar-list");
    var lookup = debounce(function () {
      var url = form.getAttribute("data-similar");
      var t = form.querySelector("[name=title]"), o = form.querySelector("[name=objectives]");
      if (!url || !list) { return; }
      url += "&title=" + encodeURIComponent(t ? t.value : "") + "&objectives=" + encodeURIComponent(o ? o.value : "");
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { list.innerHTML = html; } });
    }, 600);
    ["title", "objectives"].forEach(function (n) {
      var el = form.querySelector("[name=" + n + "]");
      if (el) { el.addEventListener("input", lookup); }
    });

    var total = form.querySelector("[data-budget-total] output");
    var budget = function () {
      var s = form.querySelector("[name=state_budget]"), o = form.querySelector("[name=other_budget]");
      if (total && s && o) { total.textContent = group(digits(s.value) + digits(o.value)); }
    };
    form.addEventListener("input", function (e) { if (/_budget$/.test(e.target.name)) { budget(); } });
  }

  document.querySelectorAll("[data-check-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[type=checkbox][name=" + box.getAttribute("data-check-all") + "]").forEach(function (c) { c.checked = box.checked; });
    });
  });

  // Each phase starts the day after the previous one ends.
  var phases = document.querySelector("[data-phases]");
  if (phases) {
    var parse = function (s) {
      var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((s || "").trim());
      return m ? new Date(Date.UTC(+m[3], +m[2] - 1, +m[1])) : null;
    };
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var show = function () {
      var ends = phases.querySelectorAll("input[name^=end_]");
      var prev = phases.querySelector("input[name=start]");
      ends.forEach(function (inp, i) {
        var d = i === 0 ? parse(prev.value) : parse(ends[i - 1].value);
        if (d && i > 0) { d.setUTCDate(d.getUTCDate() + 1); }
        var out = inp.parentNode.querySelector(".phase-start");
        if (!out) { out = document.createElement("span"); out.className = "phase-start"; inp.parentNode.appendChild(out); }
        out.textContent = d ? (phases.getAttribute("data-from") || "") + " " + pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear() : "";
      });
    };
    phases.addEventListener("input", show);
    show();
  }
});

// IP title form: the task picker's choices follow what is typed in the
// search box. Without a script the "find" button does the same by
// re-showing the form.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-task-options]");
  if (!box) { return; }
  var input = box.querySelector("[name=task_q]"), select = box.querySelector("select[name=task_id]");
  if (!input || !select) { return; }
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = box.getAttribute("data-task-options") + "?q=" + encodeURIComponent(input.value) + "&chosen=" + encodeURIComponent(select.value);
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { select.innerHTML = html; } });
    }, 400);
  });
});
