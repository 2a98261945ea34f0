/* The page's script: draws the view's data with vis-network and keeps what is drawn in step with the
 * controls (time slider, filters, search). Positions come from the data (computed in Python, once over
 * every date); moving the slider only hides and shows. Everything the page needs is in this file, the
 * data block and vis-network, all inline: the page makes no request. */
(function () {
  "use strict";
  // The page as it was written, before this script changed anything: "Save" writes a copy of it.
  var pristine = "<!DOCTYPE html>\n" + document.documentElement.outerHTML;
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var baked = JSON.parse(document.getElementById("view-state").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  var state = {
    day: data.day,
    nodeTypes: {}, edgeTypes: {}, groups: {},
    locality: "", cohort: ""
  };
  data.legend.forEach(function (l) { (l.kind === "node" ? state.nodeTypes : state.edgeTypes)[l.type] = true; });
  Object.keys(data.groups).forEach(function (g) { state.groups[g] = !!data.groups[g].on; });

  // -- a scenario's marks: what it adds, removes (or ends, from a day) and changes, and what its comparison names --
  var scenario = data.scenario || null;
  var MARK_WORDS = {added: "added", removed: "removed", changed: "changed", ended: "ended"};
  var MARKS = scenario ? scenario.marks : {};
  function markOf(item, day) {
    if (!item.chg) return "same";
    if (item.cut && day >= item.cut) return "ended";
    return item.chg;
  }
  // What the comparison says of a node holds from the day the scenario's changes take effect, not before.
  function affOn(item, day) {
    return item.aff && !(scenario.from && day < scenario.from) ? item.aff : null;
  }
  // The filter a record falls under: each record under exactly one.
  function groupOf(item, day) {
    var m = markOf(item, day);
    if (m === "ended") return "removed";
    if (m === "same" && affOn(item, day)) return "affected";
    return m;
  }
  function markText(item, day) {
    var words = [];
    var m = markOf(item, day);
    if (m !== "same") words.push(MARK_WORDS[m]);
    if (affOn(item, day)) words.push(item.aff);
    return words.join("; ");
  }
  if (scenario) state.changes = {added: true, removed: true, changed: true, affected: true, same: true};

  var highlight = data.highlight;
  var hlNodes = {}, hlEdges = {};
  if (highlight) {
    highlight.nodes.forEach(function (id) { hlNodes[id] = true; });
    highlight.edges.forEach(function (id) { hlEdges[id] = true; });
  }

  // -- text ------------------------------------------------------------------------------------------------
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  function longDate(iso) {
    var p = iso.split("-");
    return parseInt(p[2], 10) + " " + MONTHS[parseInt(p[1], 10) - 1] + " " + p[0];
  }
  function spanText(item) {
    if (item.s === null && item.e === null) return "in force at any date";
    if (item.e === null) return "in force from " + longDate(item.s);
    if (item.s === null) return "in force until " + longDate(item.e);
    return "in force from " + longDate(item.s) + " to " + longDate(item.e);
  }
  // Every row a record's tooltip, details panel and table show: its fields, its dates, notes, its source.
  function rowsOf(item) {
    var rows = item.tip.slice();
    rows.push(["dates", spanText(item)]);
    if (item.gen) rows.push(["note", "a stand-in the project made up for something a document only counts"]);
    if (item.asm) rows.push(["note", "the project's own reading, not a document's statement"]);
    rows.push(["source", item.src || "not recorded"]);
    return rows;
  }
  function tipText(item, heading) {
    var lines = [heading];
    rowsOf(item).forEach(function (row) { lines.push(row[0] + ": " + row[1]); });
    return lines.join("\n");
  }

  // -- time ------------------------------------------------------------------------------------------------
  function inForce(item, day) {
    return (item.s === null || item.s <= day) && (item.e === null || day <= item.e);
  }
  function activeOn(n, day) {
    if (n.act === undefined) return true;
    if (n.act === false) return false;
    return (n.act[0] === null || n.act[0] <= day) && (n.act[1] === null || day <= n.act[1]);
  }

  // -- places and groups of children -------------------------------------------------------------------------
  var places = {localities: {}, cohorts: {}};
  (data.localities || []).forEach(function (x) { places.localities[x.id] = x; });
  (data.cohorts || []).forEach(function (x) { places.cohorts[x.id] = x; });
  function tiedTo(tags, chosen, index) {
    // Kept when a node is tied to the chosen place, to a place inside it, or to a place that contains it.
    if (!chosen || !tags) return true;
    var inside = index[chosen] ? index[chosen].up : [];
    for (var i = 0; i < tags.length; i++) {
      var t = tags[i];
      if (t === chosen) return true;
      var up = index[t] ? index[t].up : [];
      if (up.indexOf(chosen) >= 0 || inside.indexOf(t) >= 0) return true;
    }
    return false;
  }

  // -- styles ------------------------------------------------------------------------------------------------
  var large = data.nodes.length > 400;
  function merge(a, b) {
    var out = {};
    Object.keys(a).forEach(function (k) { out[k] = a[k]; });
    Object.keys(b).forEach(function (k) { out[k] = b[k]; });
    return out;
  }
  function nodeItem(n) {
    var st = data.styles.nodes[n.type];
    var item = merge(st, {id: n.id, label: n.label, x: n.x, y: n.y, title: tipText(n, n.name + " (" + n.type + ")")});
    item.font = merge({size: 16, face: "system-ui, sans-serif", color: "#1a1a1a", strokeWidth: 3,
                       strokeColor: "#ffffff", multi: false}, st.font || {});
    if (st.font) item.font.strokeWidth = 0;
    item.size = n.size || 16;
    item.margin = 8;
    if (n.np) {
      item.shapeProperties = {borderDashes: [5, 3]};
      item.borderWidth = 3;
      item.color = merge(st.color, {border: "#8a3b00"});
    }
    if (n.focus) { item.borderWidth = 5; item.size = 26; item.font.size = 18; }
    if (scenario) markNode(item, n, st);
    return item;
  }
  function markNode(item, n, st) {
    var m = markOf(n, state.day);
    var lines = [];
    if (m !== "same") lines.push("(" + MARK_WORDS[m] + ")");
    var aff = affOn(n, state.day);
    if (aff && m !== "removed") lines.push("(" + aff + ")");  // a body removed: its own mark says enough
    if (lines.length) item.label = n.label + "\n" + lines.join("\n");
    var key = m === "ended" ? "removed" : (m === "same" && aff ? "affected" : m);
    if (key === "same") {
      // Every property a mark sets is set here too, so that a node losing its mark is drawn plain again.
      if (!item.shapeProperties) item.shapeProperties = {borderDashes: false};  // a "not public" border stays
      return;
    }
    var mark = MARKS[key];
    var fill = mark.fill || st.color.background;
    item.borderWidth = key === "removed" ? 4 : 5;
    item.shapeProperties = {borderDashes: mark.dashes};
    item.color = {background: fill, border: mark.border, highlight: {background: fill, border: "#000000"},
                  hover: {background: fill, border: mark.border}};
    if (mark.fill) item.font = merge(item.font, {color: "#1a1a1a"});
  }
  function edgeItem(e) {
    var st = data.styles.edges[e.type];
    var item = merge(st, {id: e.id, from: e.from, to: e.to, title: tipText(e, e.type.replace(/_/g, " ").toLowerCase())});
    if (e.width) item.width = e.width;
    if (e.unknown) {
      item.dashes = [3, 6];
      item.color = {color: "#777777", highlight: "#000000"};
    }
    if (scenario) {
      var m = markOf(e, state.day);
      var mark = MARKS[m === "ended" ? "removed" : m];
      if (mark && mark.line) {
        item.color = {color: mark.line, highlight: "#000000", opacity: 1.0};
        item.width = m === "added" || m === "changed" ? (item.width || 1) + 2.5 : Math.max(item.width || 1, 2.5);
        if (mark.lineDashes) item.dashes = mark.lineDashes;
        else if (m === "added") item.dashes = false;
      }
      // The mark in words on the line too: a colour alone would not tell an added line from a green one.
      if (m !== "same") {
        item.label = (m === "changed" && e.chgLabel) || MARK_WORDS[m];
        item.font = {size: 13, align: "horizontal", strokeWidth: 4, strokeColor: "#ffffff", color: "#1a1a1a"};
      }
    }
    if (e.label && !item.label) {  // a scenario's mark in words comes first; the condition stays in the tooltip
      item.label = e.label;
      item.font = {size: 12, align: "middle", strokeWidth: 3, strokeColor: "#ffffff", color: "#333"};
    }
    return item;
  }

  var nodes = new vis.DataSet(data.nodes.map(nodeItem));
  var edges = new vis.DataSet(data.edges.map(edgeItem));
  var smooth = false;
  if (!large && data.direction === "top-down") smooth = {type: "cubicBezier", forceDirection: "vertical", roundness: 0.45};
  if (!large && data.direction === "left-right") smooth = {type: "cubicBezier", forceDirection: "horizontal", roundness: 0.45};
  if (!large && !data.direction) smooth = {type: "continuous", roundness: 0.3};
  var options = {
    physics: {enabled: !!data.physics},
    layout: {improvedLayout: false},
    interaction: {hover: !large, tooltipDelay: 150, keyboard: {enabled: true, bindToWindow: false},
                  multiselect: true, hideEdgesOnDrag: large},
    edges: {smooth: smooth, selectionWidth: 2, hoverWidth: 0.5},
    nodes: {}
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);

  // -- what is drawn -------------------------------------------------------------------------------------------
  var gapsToday = {};
  function gapsOn(day) {
    if (!data.gaps) return {};
    var keys = Object.keys(data.gaps).filter(function (k) { return k <= day; }).sort();
    return keys.length ? data.gaps[keys[keys.length - 1]] : {};
  }
  function nodeShown(n) {
    return inForce(n, state.day) && state.nodeTypes[n.type] !== false &&
      (!n.group || state.groups[n.group]) && (!scenario || state.changes[groupOf(n, state.day)]) &&
      tiedTo(n.loc, state.locality, places.localities) && tiedTo(n.coh, state.cohort, places.cohorts);
  }
  var shownNodes = {};
  function refresh() {
    var nodeUpdates = [], edgeUpdates = [];
    var newGaps = gapsOn(state.day);
    data.nodes.forEach(function (n) {
      var show = nodeShown(n);
      var was = shownNodes[n.id];
      var gapNow = newGaps[n.id], gapWas = gapsToday[n.id];
      var upd = null;
      if (show !== was) { upd = {id: n.id, hidden: !show}; }
      if (gapNow !== gapWas) {
        upd = upd || {id: n.id};
        var base = nodeItem(n);
        if (gapNow) {
          upd.label = n.label + "\nGAP: " + (gapNow === "no-money" ? "no money" : "no active service");
          upd.borderWidth = 5;
          upd.color = merge(base.color, {border: "#D55E00"});
        } else {
          upd.label = base.label; upd.borderWidth = base.borderWidth || 1; upd.color = base.color;
        }
      }
      if (scenario && (n.cut || n.aff)) {
        var mark = markOf(n, state.day) + "|" + affOn(n, state.day);
        if (mark !== n._mark) {
          upd = upd || {id: n.id};
          var marked = nodeItem(n);
          ["label", "color", "borderWidth", "shapeProperties", "font"].forEach(function (k) { upd[k] = marked[k]; });
          n._mark = mark;
        }
      }
      if (n.act !== undefined) {
        var active = activeOn(n, state.day);
        if (active !== n._active) {
          upd = upd || {id: n.id};
          // Faded when not running; a service the scenario stops says so with its mark, drawn in full.
          upd.opacity = active || (scenario && markOf(n, state.day) === "ended") ? 1 : 0.45;
          n._active = active;
        }
      }
      if (upd) nodeUpdates.push(upd);
      shownNodes[n.id] = show;
    });
    gapsToday = newGaps;
    data.edges.forEach(function (e) {
      var show = inForce(e, state.day) && state.edgeTypes[e.type] !== false && (!e.group || state.groups[e.group]) &&
        (!scenario || state.changes[groupOf(e, state.day)]) && shownNodes[e.from] && shownNodes[e.to];
      var eu = show !== e._shown ? {id: e.id, hidden: !show} : null;
      if (scenario && e.cut && markOf(e, state.day) !== e._mark) {
        var marked = edgeItem(e);
        eu = eu || {id: e.id};
        ["color", "dashes", "width", "label", "font"].forEach(function (k) { eu[k] = marked[k]; });
        e._mark = markOf(e, state.day);
      }
      if (eu) edgeUpdates.push(eu);
      e._shown = show;
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var drawn = drawnNodeIds().length;
    var showing = "As of " + longDate(state.day) + ": " + drawn + (drawn === 1 ? " node" : " nodes") + " drawn" +
      (highlight ? "; highlighted: " + highlight.label : "");
    if (data.periodStart && state.day < data.periodStart) {
      showing += ". Before " + longDate(data.periodStart) + ", when the period the data describes begins, only " +
        "records with dates of their own are drawn.";
    } else if (data.periodEnd && state.day > data.periodEnd) {
      showing += ". After " + longDate(data.periodEnd) + ", when the period the data describes ends, what is " +
        "drawn is what was last recorded.";
    }
    document.getElementById("showing").textContent = showing;
    updateCounts();
    if (!tableView.hidden) fillTable();
    if (started) rememberInUrl();
  }
  function drawnNodeIds() { return network.body.nodeIndices.slice(); }
  function drawnEdgeIds() { return network.body.edgeIndices.slice(); }

  function applyHighlight() {
    if (!highlight) return;
    var nu = [], eu = [];
    data.nodes.forEach(function (n) {
      if (hlNodes[n.id]) {
        nu.push({id: n.id, borderWidth: 5, shadow: {enabled: true, color: "rgba(0,0,0,0.55)", size: 14},
                 color: merge(data.styles.nodes[n.type].color, {border: "#000000"})});
      } else {
        nu.push({id: n.id, opacity: 0.3});
      }
    });
    data.edges.forEach(function (e) {
      if (hlEdges[e.id]) eu.push({id: e.id, width: (edgeItem(e).width || 1) + 3, color: {color: "#000000"}});
      else eu.push({id: e.id, color: merge(edgeItem(e).color || {}, {opacity: 0.2})});
    });
    nodes.update(nu);
    edges.update(eu);
  }

  // -- legend and filters -----------------------------------------------------------------------------------------
  function updateCounts() {
    var counts = {};
    drawnNodeIds().forEach(function (id) { var t = byId[id].type; counts[t] = (counts[t] || 0) + 1; });
    drawnEdgeIds().forEach(function (id) { var t = edgeById[id].type; counts[t] = (counts[t] || 0) + 1; });
    document.querySelectorAll("#legend input[data-type]").forEach(function (box) {
      var out = box.parentNode.querySelector(".count");
      if (out) out.textContent = String(counts[box.getAttribute("data-type")] || 0);
    });
    if (!scenario) return;
    var marks = {};
    drawnNodeIds().forEach(function (id) { var g = groupOf(byId[id], state.day); marks[g] = (marks[g] || 0) + 1; });
    drawnEdgeIds().forEach(function (id) { var g = groupOf(edgeById[id], state.day); marks[g] = (marks[g] || 0) + 1; });
    document.querySelectorAll("#legend input[data-change]").forEach(function (box) {
      var out = box.parentNode.querySelector(".count");
      if (out) out.textContent = String(marks[box.getAttribute("data-change")] || 0);
    });
  }
  document.querySelectorAll("#legend input[data-change]").forEach(function (box) {
    box.addEventListener("change", function () {
      state.changes[box.getAttribute("data-change")] = box.checked;
      refresh();
    });
  });
  document.querySelectorAll("#legend input[data-type]").forEach(function (box) {
    box.addEventListener("change", function () {
      var target = box.getAttribute("data-kind") === "node" ? state.nodeTypes : state.edgeTypes;
      target[box.getAttribute("data-type")] = box.checked;
      refresh();
    });
  });

  var switches = document.getElementById("switches");
  Object.keys(data.groups).forEach(function (g) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.id = "group-" + g; box.checked = state.groups[g];
    box.setAttribute("data-group", g);
    box.addEventListener("change", function () { state.groups[g] = box.checked; placeFor(); refresh();
                                                   network.fit({animation: false}); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" Show " + data.groups[g].label));
    switches.appendChild(label);
  });

  // A switch whose nodes have a layout of their own (the bookcase's members) moves every node when it moves.
  function placeFor() {
    var alt = Object.keys(data.groups).some(function (g) { return data.groups[g].moves && state.groups[g]; });
    nodes.update(data.nodes.map(function (n) {
      var at = alt && n.alt ? n.alt : [n.x, n.y];
      return {id: n.id, x: at[0], y: at[1]};
    }));
  }

  function fillSelect(id, items, allText, noneText) {
    var sel = document.getElementById(id);
    var first = document.createElement("option");
    first.value = ""; first.textContent = items.length ? allText : noneText;
    sel.appendChild(first);
    items.forEach(function (x) {
      var o = document.createElement("option");
      o.value = x.id;
      o.textContent = "\u00a0\u00a0".repeat(x.up.length) + x.name;
      sel.appendChild(o);
    });
    sel.disabled = !items.length;
    sel.addEventListener("change", function () {
      state[id] = sel.value;
      refresh();
    });
  }
  fillSelect("locality", data.localities || [], "every place", "no places in this view");
  fillSelect("cohort", data.cohorts || [], "all children", "no groups of children in this view");

  // -- time slider --------------------------------------------------------------------------------------------------
  var slider = document.getElementById("slider");
  var sliderDay = document.getElementById("slider-day");
  slider.max = String(Math.max(0, data.dates.length - 1));
  slider.value = String(Math.max(0, data.dates.indexOf(data.day)));
  slider.disabled = data.dates.length < 2;
  function showDay() {
    sliderDay.textContent = longDate(state.day);
    document.getElementById("title-day").textContent = longDate(state.day);
    document.title = data.title + ", as of " + longDate(state.day);
    slider.setAttribute("aria-valuetext", longDate(state.day));
  }
  slider.addEventListener("input", function () {
    state.day = data.dates[parseInt(slider.value, 10)];
    showDay();
    refresh();
  });
  showDay();

  // -- search -----------------------------------------------------------------------------------------------------
  var names = document.getElementById("names");
  var seenNames = {};
  data.nodes.forEach(function (n) {
    if (seenNames[n.name]) return;
    seenNames[n.name] = true;
    var o = document.createElement("option");
    o.value = n.name;
    names.appendChild(o);
  });
  function search(text) {
    var q = text.trim().toLowerCase();
    var status = document.getElementById("search-status");
    if (!q) { status.textContent = ""; network.unselectAll(); return []; }
    var found = data.nodes.filter(function (n) {
      return n.name.toLowerCase().indexOf(q) >= 0 || n.id.toLowerCase() === q;
    });
    var drawn = found.filter(function (n) { return shownNodes[n.id]; });
    var hiddenCount = found.length - drawn.length;
    status.textContent = found.length === 0 ? "nothing found" :
      drawn.length + " found" + (hiddenCount ? " (" + hiddenCount + " more hidden by the date or filters)" : "");
    var ids = drawn.map(function (n) { return n.id; });
    network.selectNodes(ids);
    if (ids.length === 1) {
      network.focus(ids[0], {scale: Math.max(network.getScale(), 1.0), animation: false});
      showDetails(byId[ids[0]], byId[ids[0]].name, byId[ids[0]].type);
    } else if (ids.length > 1) {
      network.fit({nodes: ids, animation: false});
    }
    return ids;
  }
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("search").value);
  });

  // -- details panel, tooltips' twin for keyboard users ---------------------------------------------------------------
  var details = document.getElementById("details");
  function showDetails(item, heading, kind) {
    details.innerHTML = "";
    var h = document.createElement("h2");
    h.id = "details-title";
    h.textContent = heading;
    details.appendChild(h);
    var p = document.createElement("p");
    p.textContent = kind;
    details.appendChild(p);
    var dl = document.createElement("dl");
    rowsOf(item).forEach(function (row) {
      var dt = document.createElement("dt"); dt.textContent = row[0];
      var dd = document.createElement("dd"); dd.textContent = row[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
    details.appendChild(dl);
  }
  network.on("select", function (params) {
    if (params.nodes.length) {
      var n = byId[params.nodes[0]];
      var said = scenario ? markText(n, state.day) : "";
      showDetails(n, n.name, n.type + (n.np ? " — not public" : "") + (said ? " — " + said : ""));
    } else if (params.edges.length) {
      var e = edgeById[params.edges[0]];
      var saidE = scenario ? markText(e, state.day) : "";
      showDetails(e, (byId[e.from] || {name: e.from}).name + " → " + (byId[e.to] || {name: e.to}).name,
                  e.type + (saidE ? " — " + saidE : ""));
    }
  });

  // -- table view ---------------------------------------------------------------------------------------------------
  var tableView = document.getElementById("table-view");
  var tableToggle = document.getElementById("table-toggle");
  function fillTable() {
    var body = tableView.querySelector("tbody");
    body.innerHTML = "";
    drawnNodeIds().map(function (id) { return byId[id]; })
      .sort(function (a, b) { return a.type < b.type ? -1 : a.type > b.type ? 1 : a.name.localeCompare(b.name); })
      .forEach(function (n) {
        var tr = document.createElement("tr");
        var said = scenario ? markText(n, state.day) : "";
        [n.name + (n.np ? " (not public)" : "") + (said ? " (" + said + ")" : ""), n.type, spanText(n),
         n.src || "not recorded"]
          .forEach(function (text) { var td = document.createElement("td"); td.textContent = text; tr.appendChild(td); });
        body.appendChild(tr);
      });
  }
  tableToggle.addEventListener("click", function () {
    tableView.hidden = !tableView.hidden;
    tableToggle.setAttribute("aria-expanded", String(!tableView.hidden));
    if (!tableView.hidden) fillTable();
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({animation: false}); });

  // -- state: in the URL fragment while open, baked into a saved file ---------------------------------------------------
  var started = false;
  function currentState(withPositions) {
    var out = {day: state.day, hidden_node_types: [], hidden_edge_types: [], groups: {}, locality: state.locality,
               cohort: state.cohort};
    Object.keys(state.nodeTypes).forEach(function (t) { if (state.nodeTypes[t] === false) out.hidden_node_types.push(t); });
    Object.keys(state.edgeTypes).forEach(function (t) { if (state.edgeTypes[t] === false) out.hidden_edge_types.push(t); });
    Object.keys(state.groups).forEach(function (g) { out.groups[g] = state.groups[g]; });
    if (scenario) {
      out.hidden_marks = Object.keys(state.changes).filter(function (k) { return !state.changes[k]; });
    }
    if (withPositions) {
      var now = network.getPositions();
      var moved = {};
      data.nodes.forEach(function (n) {
        var p = now[n.id];
        var base = Object.keys(data.groups).some(function (g) { return data.groups[g].moves && state.groups[g]; }) &&
          n.alt ? n.alt : [n.x, n.y];
        if (p && (Math.abs(p.x - base[0]) > 0.5 || Math.abs(p.y - base[1]) > 0.5)) moved[n.id] = [p.x, p.y];
      });
      out.positions = moved;
    }
    return out;
  }
  function applyState(s) {
    if (!s) return;
    if (s.day) {
      var at = 0;
      data.dates.forEach(function (d, i) { if (d <= s.day) at = i; });
      state.day = data.dates[at];
      slider.value = String(at);
      showDay();
    }
    (s.hidden_node_types || []).forEach(function (t) { if (t in state.nodeTypes) state.nodeTypes[t] = false; });
    (s.hidden_edge_types || []).forEach(function (t) { if (t in state.edgeTypes) state.edgeTypes[t] = false; });
    if (scenario) {
      (s.hidden_marks || []).forEach(function (k) { if (k in state.changes) state.changes[k] = false; });
      document.querySelectorAll("#legend input[data-change]").forEach(function (box) {
        box.checked = state.changes[box.getAttribute("data-change")];
      });
    }
    document.querySelectorAll("#legend input[data-type]").forEach(function (box) {
      var kind = box.getAttribute("data-kind") === "node" ? state.nodeTypes : state.edgeTypes;
      box.checked = kind[box.getAttribute("data-type")] !== false;
    });
    Object.keys(s.groups || {}).forEach(function (g) {
      if (g in state.groups) {
        state.groups[g] = !!s.groups[g];
        document.getElementById("group-" + g).checked = state.groups[g];
      }
    });
    ["locality", "cohort"].forEach(function (key) {
      var sel = document.getElementById(key);
      if (s[key] && sel.querySelector('option[value="' + CSS.escape(s[key]) + '"]')) {
        sel.value = s[key];
        state[key] = s[key];
      }
    });
    var moved = [];
    Object.keys(s.positions || {}).forEach(function (id) {
      if (byId[id]) moved.push({id: id, x: s.positions[id][0], y: s.positions[id][1]});
    });
    if (moved.length) nodes.update(moved);
  }
  function rememberInUrl() {
    try {
      history.replaceState(null, "", "#view=" + encodeURIComponent(JSON.stringify(currentState(false))));
    } catch (err) { /* a page opened where the address cannot change: nothing to remember */ }
  }
  function fromUrl() {
    var hash = window.location.hash;
    if (hash.indexOf("#view=") !== 0) return null;
    try { return JSON.parse(decodeURIComponent(hash.slice(6))); } catch (err) { return null; }
  }
  function savedPage() {
    var json = JSON.stringify(currentState(true)).replace(/</g, "\\u003c");
    var open = "<" + "script type=\"application/json\" id=\"view-state\">";
    var i = pristine.indexOf(open) + open.length;
    var j = pristine.indexOf("<" + "/script>", i);
    return pristine.slice(0, i) + json + pristine.slice(j);
  }
  document.getElementById("save").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([savedPage()], {type: "text/html"}));
    link.download = data.partnership + "-" + data.view + "-" + state.day + ".html";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  // -- start ---------------------------------------------------------------------------------------------------------
  var firstDrawn = false, firstDrawnAt = null;
  network.once("afterDrawing", function () { firstDrawn = true; firstDrawnAt = performance.now(); });
  applyState(baked);
  applyState(fromUrl());
  placeFor();
  if (baked && baked.positions) applyState({positions: baked.positions});
  refresh();
  started = true;
  applyHighlight();
  network.fit({animation: false});

  window.bookcaseView = {
    data: data, network: network, nodes: nodes, edges: edges, state: state,
    drawnNodeIds: drawnNodeIds, drawnEdgeIds: drawnEdgeIds, markOf: markOf, search: search, refresh: refresh,
    currentState: currentState, savedPage: savedPage,
    firstDrawn: function () { return firstDrawn; },
    firstDrawnAt: function () { return firstDrawnAt; },
    setDay: function (iso) {
      var i = data.dates.indexOf(iso);
      if (i < 0) throw new Error("not a date of the slider: " + iso);
      slider.value = String(i);
      slider.dispatchEvent(new Event("input"));
    }
  };
})();
