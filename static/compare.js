// Compare page: sorting, filtering and a side-by-side view of 2 to 4 parks.
// The table works without this script; the state lives in the URL so it can be shared.
// Every word it shows comes from the page (data attributes rendered from the i18n files).
//
// A filter on a figure ("available land at least 20 ha", "distance to a seaport at most
// 30 km") never hides a park that has not published that figure: such parks are moved
// to a labelled group below the ones that match, since they may still suit.
(function () {
  "use strict";
  var table = document.getElementById("compare-table");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var form = document.getElementById("compare-filters");
  var status = document.getElementById("compare-status");
  var actions = document.getElementById("compare-actions");
  var compareButton = document.getElementById("compare-selected");
  var side = document.getElementById("compare-side");
  var sideTable = document.getElementById("compare-side-table");
  // The figure filters the page offers (the schema's `filter:`), by URL parameter.
  var bounds = Array.prototype.slice.call(form.querySelectorAll("input[data-key]")).map(function (input) {
    return { param: input.name, key: input.dataset.key, atMost: input.dataset.bound === "at_most", input: input };
  });
  var state = { zone: "", sector: "", status: "", sort: "", dir: "asc", select: [], bound: {} };
  var group = null;

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    ["zone", "sector", "status", "sort", "dir"].forEach(function (key) {
      if (params.get(key)) state[key] = params.get(key);
    });
    bounds.forEach(function (bound) {
      if (params.get(bound.param)) state.bound[bound.param] = params.get(bound.param);
    });
    // The home page's "near ... within ..." names one of the "at most" filters.
    var near = params.get("near"), within = params.get("within");
    if (near && within) {
      bounds.forEach(function (bound) {
        if (bound.atMost && bound.key === near) state.bound[bound.param] = within;
      });
    }
    // Links made before there were several figure filters: `min` was the first one.
    var first = bounds.filter(function (bound) { return !bound.atMost; })[0];
    if (params.get("min") && first && !state.bound[first.param]) state.bound[first.param] = params.get("min");
    state.select = (params.get("select") || "").split(",").filter(Boolean).slice(0, 4);
  }

  function writeUrl() {
    var params = new URLSearchParams();
    ["zone", "sector", "status"].forEach(function (key) {
      if (state[key]) params.set(key, state[key]);
    });
    bounds.forEach(function (bound) {
      if (state.bound[bound.param]) params.set(bound.param, state.bound[bound.param]);
    });
    if (state.sort) params.set("sort", state.sort);
    if (state.sort && state.dir !== "asc") params.set("dir", state.dir);
    if (state.select.length) params.set("select", state.select.join(","));
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function columnIndex(key) {
    return headers.findIndex(function (header) { return header.dataset.key === key; });
  }

  function label(key) {
    var index = columnIndex(key);
    return index < 0 ? key : headers[index].textContent.trim();
  }

  // "shown", "hidden", or the keys of the filtered figures the park has not published.
  function place(row) {
    if (state.zone && row.dataset.zone !== state.zone) return "hidden";
    if (state.status && row.dataset.status !== state.status) return "hidden";
    if (state.sector && row.dataset.sectors.indexOf(" " + state.sector + " ") < 0) return "hidden";
    var missing = [];
    for (var i = 0; i < bounds.length; i += 1) {
      var bound = bounds[i];
      var limit = parseFloat(state.bound[bound.param]);
      if (isNaN(limit)) continue;
      var cell = row.cells[columnIndex(bound.key)];
      var value = cell && cell.dataset.value ? parseFloat(cell.dataset.value) : NaN;
      if (isNaN(value)) { missing.push(bound.key); continue; }
      if (bound.atMost ? value > limit : value < limit) return "hidden";
    }
    return missing.length ? missing : "shown";
  }

  function sortRows() {
    if (!state.sort) return rows.slice();
    var index = columnIndex(state.sort);
    if (index < 0) return rows.slice();
    var numeric = headers[index].dataset.type === "number";
    var sign = state.dir === "desc" ? -1 : 1;
    return rows.slice().sort(function (a, b) {
      var x = a.cells[index].dataset.value || "", y = b.cells[index].dataset.value || "";
      // Rows without a value go last in either direction.
      if (!x && !y) return 0;
      if (!x) return 1;
      if (!y) return -1;
      var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, document.documentElement.lang);
      return sign * order;
    });
  }

  // The labelled group of parks that have not published a filtered figure: a second
  // body of the same table, made only while it has rows.
  function unpublishedGroup(keys) {
    if (!group) {
      group = document.createElement("tbody");
      group.className = "unpublished-group";
      var head = group.insertRow();
      head.className = "group-head";
      var cell = document.createElement("th");
      cell.scope = "rowgroup";
      cell.colSpan = headers.length;
      head.appendChild(cell);
      table.appendChild(group);
    }
    group.rows[0].cells[0].textContent = table.dataset.unpublished
      .replace("{facts}", keys.map(label).join(", "));
    return group;
  }

  function render() {
    var shown = 0, unpublished = [], missingKeys = [];
    sortRows().forEach(function (row) {
      var where = place(row);
      row.hidden = where === "hidden";
      if (Array.isArray(where)) {
        unpublished.push(row);
        where.forEach(function (key) { if (missingKeys.indexOf(key) < 0) missingKeys.push(key); });
      } else {
        body.appendChild(row);
        if (where === "shown") shown += 1;
      }
      row.querySelector("input[type=checkbox]").checked = state.select.indexOf(row.dataset.slug) >= 0;
    });
    if (unpublished.length) {
      var target = unpublishedGroup(bounds.map(function (b) { return b.key; })
        .filter(function (key) { return missingKeys.indexOf(key) >= 0; }));
      unpublished.forEach(function (row) { target.appendChild(row); });
    } else if (group) {
      group.remove();
      group = null;
    }
    headers.forEach(function (header) {
      if (!header.dataset.key) return;
      header.setAttribute("aria-sort", header.dataset.key === state.sort ? (state.dir === "desc" ? "descending" : "ascending") : "none");
    });
    // The words come from the page (the theme's i18n files), in its language.
    var words = unpublished.length ? status.dataset.showingUnpublished : status.dataset.showing;
    status.textContent = words.replace("{shown}", String(shown)).replace("{all}", String(rows.length))
      .replace("{unpublished}", String(unpublished.length));
    form.elements.sort.value = state.sort;
    form.elements.dir.value = state.dir;
    compareButton.disabled = state.select.length < 2;
    compareButton.textContent = compareButton.textContent.replace(/\s*\(\d+\)$/, "") + " (" + state.select.length + ")";
    writeUrl();
  }

  // The chosen parks side by side, in the order they were chosen.
  function showSide() {
    var chosen = state.select.map(function (slug) {
      return rows.filter(function (row) { return row.dataset.slug === slug; })[0];
    }).filter(Boolean);
    if (chosen.length < 2) { side.hidden = true; return; }
    sideTable.textContent = "";
    var head = sideTable.createTHead().insertRow();
    var corner = document.createElement("td");
    head.appendChild(corner);
    chosen.forEach(function (row) {
      var th = document.createElement("th");
      th.scope = "col";
      th.innerHTML = row.cells[1].innerHTML;
      head.appendChild(th);
    });
    var tbody = sideTable.createTBody();
    headers.forEach(function (header, index) {
      if (index < 2) return;
      var line = tbody.insertRow();
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = header.textContent;
      line.appendChild(th);
      chosen.forEach(function (row) {
        var td = line.insertCell();
        td.innerHTML = row.cells[index].innerHTML;
      });
    });
    side.hidden = false;
    side.focus();
  }

  // Enhance: sort buttons, and the state of the filters and checkboxes (which the page
  // shows from its first paint wherever scripts run: see `.needs-script`).
  headers.forEach(function (header) {
    if (!header.dataset.key) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = header.textContent;
    button.setAttribute("aria-label", table.dataset.sortLabel + " " + header.textContent);
    button.addEventListener("click", function () {
      if (state.sort === header.dataset.key) {
        state.dir = state.dir === "asc" ? "desc" : "asc";
      } else {
        state.sort = header.dataset.key;
        state.dir = header.dataset.type === "number" ? "desc" : "asc";
      }
      render();
    });
    header.textContent = "";
    header.appendChild(button);
  });
  readUrl();
  ["zone", "sector", "status"].forEach(function (key) {
    var field = form.elements[key];
    field.value = state[key];
    field.addEventListener("input", function () { state[key] = field.value; render(); });
  });
  bounds.forEach(function (bound) {
    bound.input.value = state.bound[bound.param] || "";
    bound.input.addEventListener("input", function () { state.bound[bound.param] = bound.input.value; render(); });
  });
  form.elements.sort.addEventListener("input", function () { state.sort = form.elements.sort.value; render(); });
  form.elements.dir.addEventListener("input", function () { state.dir = form.elements.dir.value; render(); });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      state.zone = state.sector = state.status = state.sort = "";
      state.dir = "asc";
      state.bound = {};
      render();
    }, 0);
  });
  table.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox") return;
    var slug = box.value;
    state.select = state.select.filter(function (item) { return item !== slug; });
    if (box.checked) {
      if (state.select.length >= 4) { box.checked = false; return; }
      state.select.push(slug);
    }
    render();
  });
  compareButton.addEventListener("click", showSide);
  document.getElementById("compare-close").addEventListener("click", function () { side.hidden = true; compareButton.focus(); });
  render();
  if (state.select.length >= 2) showSide();
})();
