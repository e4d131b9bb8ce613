/* Offline inspections on a phone (issue 18). Everything the inspector captures is kept in
   IndexedDB (vendored idb) and synced when the signal returns, one idempotency key per record;
   a conflict is shown with both versions and never overwritten. The service worker
   (sw.js, registered with vendored workbox-window) keeps this page available offline.

   Stores: meta (the downloaded bundle's shared data), work (one package per inspection),
   drafts (what was captured, per inspection), outbox (records waiting to sync, with their
   photos as blobs), done (what the server answered). */
/* global idb, workbox */
(function () {
  "use strict";

  var CFG = JSON.parse(document.getElementById("offline-config").textContent);
  var T = JSON.parse(document.getElementById("offline-strings").textContent);
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var dbp = idb.openDB("anjian-offline-" + CFG.user, 1, {
    upgrade: function (db) {
      db.createObjectStore("meta");
      db.createObjectStore("work", {keyPath: "id"});
      db.createObjectStore("drafts", {keyPath: "id"});
      db.createObjectStore("outbox", {keyPath: "key"});
      db.createObjectStore("done", {keyPath: "key"});
    }
  });
  var current = null;   // {pkg, draft}
  var syncing = false;

  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") n.textContent = attrs[k];
      else if (k === "hidden") n.hidden = !!attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) n.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) n.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return n;
  }
  function fmt(s, vars) {
    return s.replace(/%\((\w+)\)s/g, function (_, k) { return vars[k] === undefined ? "" : vars[k]; });
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function today(plusDays) {
    var d = new Date(); d.setDate(d.getDate() + (plusDays || 0));
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  // ------------------------------------------------------------ network state and outbox

  function showNet() {
    var p = $("#net-status");
    p.textContent = navigator.onLine ? p.getAttribute("data-online") : p.getAttribute("data-offline");
    p.className = "net " + (navigator.onLine ? "on" : "off");
  }

  async function renderOutbox() {
    var db = await dbp;
    var rows = await db.getAll("outbox");
    $("#outbox-count").textContent = String(rows.length);
    var list = $("#outbox-list"); list.textContent = "";
    rows.forEach(function (r) {
      var state = T["state_" + r.state] || r.state;
      var li = el("li", {"class": "ob-" + r.state, "data-key": r.key}, [r.title + " · " + state]);
      if (r.error) li.appendChild(el("div", {"class": "ob-error", text: r.error}));
      list.appendChild(li);
    });
    $("#outbox").className = "outbox" + (rows.length ? " waiting" : "");
    renderConflicts(rows.filter(function (r) { return r.state === "conflict"; }));
  }

  function errorText(body) {
    if (body && body.errors) {
      return Object.keys(body.errors).map(function (k) {
        var v = body.errors[k]; return k + "：" + (Array.isArray(v) ? v.join("；") : v);
      }).join("\n");
    }
    return (body && body.detail) || T.sync_failed;
  }

  async function syncAll() {
    if (syncing || !navigator.onLine) return;
    syncing = true;
    try {
      var db = await dbp;
      var rows = await db.getAll("outbox");
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].state === "waiting" || rows[i].state === "error") await syncOne(rows[i]);
      }
    } finally {
      syncing = false;
      await renderOutbox();
      await renderList();
    }
  }

  async function syncOne(rec) {
    var db = await dbp;
    var form = new FormData();
    form.append("payload", JSON.stringify(rec.payload));
    Object.keys(rec.photos || {}).forEach(function (name) {
      form.append(name, rec.photos[name], name + ".jpg");
    });
    var resp;
    try {
      resp = await fetch(CFG.sync, {
        method: "POST", body: form, credentials: "same-origin",
        headers: {"X-CSRFToken": csrf(), "Accept": "application/json"}
      });
    } catch (e) {
      return;  // still no signal: the record waits
    }
    var body = null;
    try { body = await resp.json(); } catch (e) { body = null; }
    if (resp.status === 200) {
      await db.put("done", {key: rec.key, inspection: rec.inspection, title: rec.title, result: body.result, at: new Date().toISOString()});
      await db.delete("outbox", rec.key);  // the colleague's password leaves the phone with it
      await db.delete("drafts", rec.inspection);
      var pkg = await db.get("work", rec.inspection);
      if (pkg) { pkg.synced = body.result; await db.put("work", pkg); }
    } else if (resp.status === 409 && body && body.server) {
      rec.state = "conflict"; rec.server = body.server; rec.error = body.detail;
      await db.put("outbox", rec);
    } else if (resp.status === 401 || resp.status === 403) {
      rec.state = "error"; rec.error = T.login_again;
      await db.put("outbox", rec);
    } else {
      rec.state = "error"; rec.error = errorText(body);
      await db.put("outbox", rec);
    }
  }

  // ------------------------------------------------------------ conflicts: both versions

  var RESULT = {ok: "符合", fail: "不符合", na: "不涉及"};

  async function renderConflicts(rows) {
    var box = $("#conflicts"); box.textContent = "";
    var db = await dbp;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], pkg = await db.get("work", r.inspection);
      var items = {};
      ((pkg && pkg.items) || []).forEach(function (it) { items[it.id] = it; });
      var table = el("table", {"class": "conflict-table"}, [
        el("thead", {}, [el("tr", {}, [el("th", {text: T.item}), el("th", {text: T.mine}), el("th", {text: T.server})])])
      ]);
      var tb = el("tbody");
      var ids = {};
      Object.keys(r.payload.results || {}).forEach(function (k) { ids[k] = 1; });
      Object.keys(r.server.results || {}).forEach(function (k) { ids[k] = 1; });
      Object.keys(ids).forEach(function (k) {
        var mine = (r.payload.results || {})[k], theirs = (r.server.results || {})[k];
        var m = mine ? T[mine[0]] || RESULT[mine[0]] : "—", s = theirs ? T[theirs[0]] || RESULT[theirs[0]] : "—";
        var it = items[k];
        tb.appendChild(el("tr", {"class": m !== s ? "differs" : ""}, [
          el("td", {text: it ? it.row + ". " + it.item : k}), el("td", {text: m}), el("td", {text: s})
        ]));
      });
      table.appendChild(tb);
      var mineF = el("ul", {}, (r.payload.findings || []).map(function (f) { return el("li", {text: f.description}); }));
      var theirF = el("ul", {}, (r.server.findings || []).map(function (f) { return el("li", {text: f.description}); }));
      var keep = el("button", {type: "button", "class": "keep-mine", "data-key": r.key, text: T.keep_mine});
      var drop = el("button", {type: "button", "class": "secondary take-server", "data-key": r.key, text: T.take_server});
      box.appendChild(el("div", {"class": "conflict", "data-key": r.key}, [
        el("h2", {text: T.conflict + "：" + r.title}),
        el("p", {text: r.error}),
        table,
        el("div", {"class": "conflict-findings"}, [
          el("div", {}, [el("h3", {text: T.mine + " · " + T.findings}), mineF]),
          el("div", {}, [el("h3", {text: T.server + " · " + T.findings}), theirF])
        ]),
        el("p", {"class": "hint", text: fmt(T.conflict_hint, {n: r.server.version})}),
        el("p", {}, [keep, " ", drop])
      ]));
    }
  }

  async function keepMine(key) {
    var db = await dbp, r = await db.get("outbox", key);
    await db.delete("outbox", key);
    // A new record (new key) on the server's new version, by the inspector's explicit choice.
    r.key = newKey(); r.payload.key = r.key; r.payload.base_version = r.server.version;
    r.state = "waiting"; r.error = ""; delete r.server;
    await db.put("outbox", r);
    var pkg = await db.get("work", r.inspection);
    if (pkg) { pkg.version = r.payload.base_version; await db.put("work", pkg); }
    await renderOutbox();
    await syncAll();
  }

  async function takeServer(key) {
    if (!window.confirm(T.confirm_drop)) return;
    var db = await dbp, r = await db.get("outbox", key);
    await db.delete("outbox", key);
    await db.delete("drafts", r.inspection);
    await renderOutbox();
    await download();
  }

  // ------------------------------------------------------------ the day's work

  async function download() {
    var resp;
    try {
      resp = await fetch(CFG.day, {credentials: "same-origin", headers: {"Accept": "application/json"}});
    } catch (e) { window.alert(T.no_signal); return; }
    if (!resp.ok) { window.alert(resp.status === 401 ? T.login_again : T.sync_failed); return; }
    var bundle = await resp.json();
    var db = await dbp;
    var waiting = {};
    (await db.getAll("outbox")).forEach(function (r) { waiting[r.inspection] = 1; });
    var tx = db.transaction(["meta", "work"], "readwrite");
    await tx.objectStore("meta").put({disposals: bundle.disposals, departments: bundle.departments || [], criteria: bundle.criteria, user: bundle.user, at: bundle.downloaded_at}, "bundle");
    var keep = {};
    for (var i = 0; i < bundle.inspections.length; i++) {
      var p = bundle.inspections[i];
      keep[p.id] = 1;
      var old = await tx.objectStore("work").get(p.id);
      // a package with captured work waiting to sync keeps the version it was captured on
      if (old && waiting[p.id]) p.version = old.version;
      await tx.objectStore("work").put(p);
    }
    var all = await tx.objectStore("work").getAll();
    for (var j = 0; j < all.length; j++) {
      if (!keep[all[j].id] && !waiting[all[j].id]) await tx.objectStore("work").delete(all[j].id);
    }
    await tx.done;
    await renderList();
  }

  async function renderList() {
    var db = await dbp;
    var meta = await db.get("meta", "bundle");
    $("#downloaded-at").textContent = meta ? fmt(T.downloaded_at, {at: meta.at.slice(0, 16).replace("T", " ")}) : T.not_downloaded;
    var work = await db.getAll("work");
    var drafts = {}, waiting = {};
    (await db.getAll("drafts")).forEach(function (d) { drafts[d.id] = d; });
    (await db.getAll("outbox")).forEach(function (r) { waiting[r.inspection] = r; });
    var ul = $("#work-list"); ul.textContent = "";
    if (!work.length) ul.appendChild(el("li", {"class": "empty", text: meta ? T.no_work : T.not_downloaded}));
    work.forEach(function (p) {
      var state = p.synced ? T.synced : waiting[p.id] ? T.waiting : drafts[p.id] ? T.saved_here : T.to_do;
      var b = el("button", {type: "button", "class": "open-work", "data-id": p.id}, [
        el("strong", {text: p.enterprise.name}), el("br"),
        el("small", {text: p.inspected_on + " · " + p.modes.join("、") + " · " + state})
      ]);
      if (p.synced || waiting[p.id]) b.disabled = true;
      ul.appendChild(el("li", {}, [b]));
    });
  }

  // ------------------------------------------------------------ one inspection

  function blankDraft(pkg) {
    var results = {};
    Object.keys(pkg.results || {}).forEach(function (k) { results[k] = pkg.results[k][0]; });
    var rep = pkg.enterprise.legal_representative || "";
    return {id: pkg.id, results: results, findings: [], photos: {}, sigs: {}, rep: {name: rep, id_number: ""}, summary: pkg.summary || ""};
  }

  async function save() {
    var db = await dbp;
    await db.put("drafts", current.draft);
  }

  async function openWork(id) {
    var db = await dbp;
    var pkg = await db.get("work", id);
    var draft = (await db.get("drafts", id)) || blankDraft(pkg);
    current = {pkg: pkg, draft: draft, meta: await db.get("meta", "bundle")};
    await save();
    renderWork();
    $("#day").hidden = true;
    $("#work").hidden = false;
    window.scrollTo(0, 0);
  }

  function findingFor(itemId) {
    return current.draft.findings.filter(function (f) { return f.item === itemId; })[0];
  }

  function setResult(item, value) {
    var d = current.draft;
    d.results[item.id] = value;
    var f = findingFor(item.id);
    if (value === "fail" && !f) {
      // 不符合 becomes a finding: its checklist item, legal basis and violation code filled in
      var plan = item.plan || {};
      d.findings.push({
        key: newKey(), item: item.id, kind: "hazard",
        description: fmt(T.finding_text, {item: item.item, content: item.content || item.points || ""}),
        basis: item.basis, violation_code: item.violation_code || "",
        hazard_level: "general", criterion: null, disposal: "",
        deadline: plan.deadline || today(30), measures: plan.measures || "",
        responsible_person: plan.responsible || "", location: "", photos: []
      });
    } else if (value !== "fail" && f) {
      d.findings = d.findings.filter(function (x) { return x !== f; });
    }
  }

  function renderWork() {
    var pkg = current.pkg, d = current.draft, meta = current.meta || {disposals: [], criteria: []};
    var box = $("#work"); box.textContent = "";
    var back = el("button", {type: "button", "class": "secondary", id: "back", text: "‹ " + T.back});
    var ent = pkg.enterprise;
    box.appendChild(el("p", {}, [back]));
    box.appendChild(el("h2", {text: ent.name}));
    box.appendChild(el("p", {"class": "ent-card"}, [
      ent.credit_code + " · " + (ent.address || "") + " · " + T.employees + " " + ent.employees, el("br"),
      pkg.inspected_on + " · " + pkg.modes.join("、") + " · " + pkg.department
    ]));
    var team = el("p", {"class": "team"}, [T.team + "：" + pkg.team.map(function (m) { return m.name + (m.cert_no ? "（" + m.cert_no + "）" : ""); }).join("、")]);
    box.appendChild(team);
    if (pkg.open_hazards.length) {
      box.appendChild(el("details", {"class": "open-hazards"}, [
        el("summary", {text: fmt(T.open_hazards, {n: pkg.open_hazards.length})}),
        el("ul", {}, pkg.open_hazards.map(function (h) {
          return el("li", {text: h.level + " · " + h.status + " · " + h.description + (h.deadline ? " · " + h.deadline : "")});
        }))
      ]));
    }
    // checklist
    var ck = el("section", {id: "checklist"});
    if (!pkg.checklist) ck.appendChild(el("p", {"class": "warn", text: T.no_checklist}));
    else {
      ck.appendChild(el("h3", {text: pkg.checklist.title}));
      ck.appendChild(el("p", {}, [el("button", {type: "button", id: "all-ok", text: T.all_ok}),
        el("small", {"class": "count", id: "answered"})]));
      var ol = el("ol", {"class": "items"});
      pkg.items.forEach(function (it) {
        var choices = el("span", {"class": "choices"}, ["ok", "fail", "na"].map(function (v) {
          return el("button", {type: "button", "class": "res res-" + v + (d.results[it.id] === v ? " on" : ""),
            "data-item": it.id, "data-value": v, "aria-pressed": d.results[it.id] === v ? "true" : "false", text: T[v]});
        }));
        ol.appendChild(el("li", {"data-item": it.id, "class": d.results[it.id] ? "r-" + d.results[it.id] : ""}, [
          el("div", {"class": "it-text"}, [el("strong", {text: it.subject + " · " + it.item}), it.content ? el("br") : null, it.content || ""]),
          choices
        ]));
      });
      ck.appendChild(ol);
    }
    box.appendChild(ck);
    // findings
    var fs = el("section", {id: "findings"}, [el("h3", {text: T.findings})]);
    d.findings.forEach(function (f, n) { fs.appendChild(findingCard(f, n, meta)); });
    fs.appendChild(el("p", {}, [el("button", {type: "button", "class": "secondary", id: "add-finding", text: "+ " + T.other_finding})]));
    box.appendChild(fs);
    box.appendChild(el("section", {id: "summary-box"}, [el("label", {}, [T.summary,
      el("textarea", {id: "summary", rows: "2"}, [d.summary || ""])])]));
    // signatures
    var sg = el("section", {id: "signatures"}, [el("h3", {text: T.signatures})]);
    pkg.team.filter(function (m) { return m.role === "inspector"; }).forEach(function (m) {
      sg.appendChild(sigBox("u" + m.user_id, m.name + (m.me ? "（" + T.me + "）" : ""), m.me ? [] : [
        el("label", {}, [T.password_of + m.name, el("input", {type: "password", name: "password", autocomplete: "off", "data-sig": "u" + m.user_id, value: (d.sigs["u" + m.user_id] || {}).password || ""})])
      ]));
    });
    sg.appendChild(sigBox("ent", T.enterprise_rep, [
      el("label", {}, [T.rep_name, el("input", {type: "text", name: "rep-name", maxlength: "32", value: d.rep.name})]),
      el("label", {}, [T.id_number, el("input", {type: "text", name: "rep-id", maxlength: "18", inputmode: "text", autocomplete: "off", value: d.rep.id_number})])
    ]));
    box.appendChild(sg);
    box.appendChild(el("p", {"class": "finish"}, [el("button", {type: "button", id: "finish", text: T.finish}),
      el("div", {"class": "problems", id: "problems"})]));
    box.querySelectorAll(".sigpad").forEach(pad);
    updateCount();
  }

  function findingCard(f, n, meta) {
    var sel = el("select", {name: "disposal", "data-f": n}, [el("option", {value: "", text: T.choose_disposal})].concat(
      meta.disposals.map(function (o) {
        return el("option", {value: o[0], selected: f.disposal === o[0] ? "selected" : null, text: o[1]});
      })));
    // 移交其他部门: the receiving department, asked only for that disposal
    var dept = el("select", {name: "transfer_to", "data-f": n}, [el("option", {value: "", text: T.choose_department})].concat(
      (meta.departments || []).map(function (o) {
        return el("option", {value: o[0], selected: f.transfer_to === o[0] ? "selected" : null, text: o[1]});
      })));
    var level = el("select", {name: "hazard_level", "data-f": n}, [
      el("option", {value: "general", selected: f.hazard_level !== "major" ? "selected" : null, text: T.general}),
      el("option", {value: "major", selected: f.hazard_level === "major" ? "selected" : null, text: T.major})]);
    var crit = el("select", {name: "criterion", "data-f": n}, [el("option", {value: "", text: T.choose_criterion})].concat(
      meta.criteria.map(function (c) {
        return el("option", {value: c.id, selected: f.criterion === c.id ? "selected" : null, text: c.label + " " + c.text.slice(0, 40)});
      })));
    var photos = el("div", {"class": "thumbs"}, (f.photos || []).map(function (name) {
      var blob = current.draft.photos[name];
      return blob ? el("img", {src: URL.createObjectURL(blob), alt: T.photo}) : null;
    }));
    return el("div", {"class": "finding", "data-f": n}, [
      el("label", {}, [T.description, el("textarea", {name: "description", rows: "3", "data-f": n}, [f.description])]),
      f.basis ? el("p", {"class": "basis", text: T.basis + "：" + f.basis}) : null,
      f.violation_code ? el("p", {"class": "basis", text: T.violation_code + "：" + f.violation_code}) : null,
      el("div", {"class": "row2"}, [el("label", {}, [T.disposal, sel]), el("label", {}, [T.level, level])]),
      el("label", {"class": "transfer-to", hidden: f.disposal !== "transfer"}, [T.transfer_to, dept]),
      el("label", {"class": "criterion", hidden: f.hazard_level !== "major"}, [T.criterion, crit]),
      el("div", {"class": "row2"}, [
        el("label", {}, [T.deadline, el("input", {type: "date", name: "deadline", "data-f": n, value: f.deadline || ""})]),
        el("label", {}, [T.responsible, el("input", {type: "text", name: "responsible_person", maxlength: "64", "data-f": n, value: f.responsible_person || ""})])
      ]),
      el("label", {}, [T.measures, el("textarea", {name: "measures", rows: "2", "data-f": n}, [f.measures || ""])]),
      el("label", {"class": "photo"}, [T.photo, el("input", {type: "file", name: "photo", accept: "image/*", capture: "environment", "data-f": n})]),
      photos
    ]);
  }

  function sigBox(id, label, extra) {
    var sig = current.draft.sigs[id] || {};
    return el("div", {"class": "sigbox" + (sig.png ? " signed" : ""), "data-sig": id}, [
      el("p", {"class": "who", text: label}),
      el("div", {}, extra),
      el("div", {"class": "sigpad", "data-sig": id}, [
        el("canvas", {width: "340", height: "120", "aria-label": T.sign_here}),
        sig.png ? el("img", {"class": "sig-img", src: sig.png, alt: T.signed}) : null,
        el("button", {type: "button", "class": "link sigclear", "data-sig": id, text: T.clear})
      ])
    ]);
  }

  function pad(box) {
    var id = box.getAttribute("data-sig");
    var canvas = box.querySelector("canvas"), ctx = canvas.getContext("2d");
    var drawing = false, drawn = false, last = null;
    var r = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    if (r.width) { canvas.width = Math.round(r.width * dpr); canvas.height = Math.round(r.height * dpr); }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.strokeStyle = "#111";
    function pos(e) { var b = canvas.getBoundingClientRect(); return {x: e.clientX - b.left, y: e.clientY - b.top}; }
    canvas.addEventListener("pointerdown", function (e) {
      e.preventDefault(); canvas.setPointerCapture(e.pointerId); drawing = true; last = pos(e);
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = pos(e); ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x, p.y); ctx.stroke();
      last = p; drawn = true;
    });
    async function end() {
      if (drawing && drawn) {
        // the stroke is the signature: kept at once (no separate confirm tap)
        var s = current.draft.sigs[id] || {};
        s.png = canvas.toDataURL("image/png");
        current.draft.sigs[id] = s;
        box.closest(".sigbox").classList.add("signed");
        await save();
      }
      drawing = false;
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
  }

  function updateCount() {
    var c = $("#answered");
    if (!c) return;
    var n = current.pkg.items.filter(function (it) { return current.draft.results[it.id]; }).length;
    c.textContent = " " + fmt(T.answered, {n: n, total: current.pkg.items.length});
  }

  function problems() {
    var pkg = current.pkg, d = current.draft, out = [];
    if (pkg.checklist) {
      var left = pkg.items.filter(function (it) { return !d.results[it.id]; }).length;
      if (left) out.push(fmt(T.items_left, {n: left}));
    }
    d.findings.forEach(function (f, n) {
      if (!f.description.trim()) out.push(fmt(T.finding_needs_text, {n: n + 1}));
      if (f.disposal === "deadline" && !f.deadline) out.push(fmt(T.finding_needs_deadline, {n: n + 1}));
      if (f.disposal === "transfer" && !f.transfer_to) out.push(fmt(T.finding_needs_department, {n: n + 1}));
    });
    pkg.team.filter(function (m) { return m.role === "inspector"; }).forEach(function (m) {
      var s = d.sigs["u" + m.user_id] || {};
      if (!s.png) out.push(fmt(T.not_signed, {name: m.name}));
      else if (!m.me && !s.password) out.push(fmt(T.needs_password, {name: m.name}));
    });
    if (!(d.sigs.ent || {}).png) out.push(T.rep_not_signed);
    if (!d.rep.name.trim() || d.rep.id_number.trim().length !== 18) out.push(T.rep_needs_id);
    return out;
  }

  async function finish() {
    var miss = problems();
    var pbox = $("#problems"); pbox.textContent = "";
    if (miss.length) {
      miss.forEach(function (m) { pbox.appendChild(el("div", {text: m})); });
      return;
    }
    var pkg = current.pkg, d = current.draft, photos = {};
    var results = {};
    Object.keys(d.results).forEach(function (k) { results[k] = [d.results[k], ""]; });
    var findings = d.findings.map(function (f) {
      (f.photos || []).forEach(function (name) { if (d.photos[name]) photos[name] = d.photos[name]; });
      return {key: f.key, item: f.item, kind: f.kind, description: f.description, location: f.location,
        hazard_level: f.hazard_level, criterion: f.criterion, disposal: f.disposal, deadline: f.deadline || null,
        transfer_to: f.disposal === "transfer" ? (f.transfer_to || null) : null,
        violation_code: f.violation_code, measures: f.measures, responsible_person: f.responsible_person,
        photos: f.photos || []};
    });
    var sigs = pkg.team.filter(function (m) { return m.role === "inspector"; }).map(function (m) {
      var s = d.sigs["u" + m.user_id];
      return {role: "inspector", signer: m.user_id, png: s.png, password: m.me ? "" : s.password};
    });
    sigs.push({role: "enterprise", name: d.rep.name.trim(), id_number: d.rep.id_number.trim().toUpperCase(), png: d.sigs.ent.png});
    var key = newKey();
    var rec = {
      key: key, inspection: pkg.id, title: pkg.enterprise.name + " " + pkg.inspected_on, state: "waiting", error: "",
      photos: photos,
      payload: {key: key, inspection: pkg.id, base_version: pkg.version, results: results, findings: findings,
        signatures: sigs, summary: d.summary, submit: true}
    };
    var db = await dbp;
    await db.put("outbox", rec);
    $("#work").hidden = true; $("#day").hidden = false; current = null;
    await renderOutbox(); await renderList();
    syncAll();
  }

  // ------------------------------------------------------------ events (delegated)

  document.addEventListener("click", async function (e) {
    var t = e.target.closest("button");
    if (!t) return;
    if (t.id === "download") return download();
    if (t.id === "sync-now") return syncAll();
    if (t.classList.contains("open-work")) return openWork(Number(t.getAttribute("data-id")));
    if (t.classList.contains("keep-mine")) return keepMine(t.getAttribute("data-key"));
    if (t.classList.contains("take-server")) return takeServer(t.getAttribute("data-key"));
    if (!current) return;
    if (t.id === "back") { current = null; $("#work").hidden = true; $("#day").hidden = false; return renderList(); }
    if (t.id === "finish") return finish();
    if (t.id === "all-ok") {
      current.pkg.items.forEach(function (it) { setResult(it, "ok"); });
      await save(); return renderWork();
    }
    if (t.classList.contains("res")) {
      var id = Number(t.getAttribute("data-item"));
      var item = current.pkg.items.filter(function (x) { return x.id === id; })[0];
      setResult(item, t.getAttribute("data-value"));
      await save(); return renderWork();
    }
    if (t.id === "add-finding") {
      current.draft.findings.push({key: newKey(), item: null, kind: "hazard", description: "", basis: "", violation_code: "",
        hazard_level: "general", criterion: null, disposal: "", deadline: today(30), measures: "", responsible_person: "", location: "", photos: []});
      await save(); return renderWork();
    }
    if (t.classList.contains("sigclear")) {
      var sid = t.getAttribute("data-sig");
      if (current.draft.sigs[sid]) delete current.draft.sigs[sid].png;
      await save(); return renderWork();
    }
  });

  async function onField(e) {
    var t = e.target;
    if (!current || !t.name) return;
    var d = current.draft;
    var n = t.getAttribute("data-f");
    if (n !== null) {
      var f = d.findings[Number(n)];
      if (t.name === "photo") {
        for (var i = 0; i < t.files.length; i++) {
          var name = "p" + newKey().replace(/-/g, "").slice(0, 16);
          d.photos[name] = t.files[i];
          f.photos.push(name);
        }
        await save(); return renderWork();
      }
      if (t.name === "criterion") f.criterion = t.value ? Number(t.value) : null;
      else if (t.name === "transfer_to") f.transfer_to = t.value ? Number(t.value) : null;
      else f[t.name] = t.value;
      if (t.name === "disposal") {
        // 移交其他部门 asks for the receiving department (shown in place: no re-render)
        var card = t.closest(".finding"), to = card && card.querySelector(".transfer-to");
        if (to) to.hidden = f.disposal !== "transfer";
      }
      if (t.name === "hazard_level" || t.name === "criterion") {
        if (f.criterion) f.hazard_level = "major";
        await save(); return renderWork();
      }
      return save();
    }
    if (t.name === "password") { var s = d.sigs[t.getAttribute("data-sig")] || {}; s.password = t.value; d.sigs[t.getAttribute("data-sig")] = s; }
    else if (t.name === "rep-name") d.rep.name = t.value;
    else if (t.name === "rep-id") d.rep.id_number = t.value;
    else if (t.id === "summary") d.summary = t.value;
    else return;
    return save();
  }
  document.addEventListener("input", function (e) { if (e.target.type !== "file" && e.target.tagName !== "SELECT") onField(e); });
  document.addEventListener("change", onField);

  window.addEventListener("online", function () { showNet(); syncAll(); });
  window.addEventListener("offline", showNet);

  // ------------------------------------------------------------ start

  if ("serviceWorker" in navigator && window.workbox) {
    new workbox.Workbox(CFG.sw, {scope: CFG.scope}).register();
  }
  showNet();
  renderOutbox().then(renderList).then(syncAll);
  window.anjianOffline = {syncAll: syncAll, db: dbp};
})();
