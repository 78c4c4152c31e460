// Compare page: sorting, filtering and a side-by-side view of 2 to 4 parks.
// The table works without this script; the state lives in the URL so it can be shared.
// Every word it shows comes from the page (data attributes rendered from the i18n files).
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
  var state = { zone: "", sector: "", status: "", min: "", sort: "", dir: "asc", select: [] };
  // The "at least" filter works on the column the page names (the schema's `filter`).
  var minKey = form.elements.min ? form.elements.min.dataset.key : "";

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    ["zone", "sector", "status", "min", "sort", "dir"].forEach(function (key) {
      if (params.get(key)) state[key] = params.get(key);
    });
    state.select = (params.get("select") || "").split(",").filter(Boolean).slice(0, 4);
  }

  function writeUrl() {
    var params = new URLSearchParams();
    ["zone", "sector", "status", "min", "sort"].forEach(function (key) {
      if (state[key]) params.set(key, state[key]);
    });
    if (state.sort && state.dir !== "asc") params.set("dir", state.dir);
    if (state.select.length) params.set("select", state.select.join(","));
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function cellFor(row, key) {
    var index = headers.findIndex(function (header) { return header.dataset.key === key; });
    return index < 0 ? null : row.cells[index];
  }

  function visible(row) {
    if (state.zone && row.dataset.zone !== state.zone) return false;
    if (state.status && row.dataset.status !== state.status) return false;
    if (state.sector && row.dataset.sectors.indexOf(" " + state.sector + " ") < 0) return false;
    if (state.min && minKey) {
      var cell = cellFor(row, minKey);
      var value = cell && cell.dataset.value ? parseFloat(cell.dataset.value) : NaN;
      if (!(value >= parseFloat(state.min))) return false;
    }
    return true;
  }

  function sortRows() {
    if (!state.sort) return rows.slice();
    var index = headers.findIndex(function (header) { return header.dataset.key === state.sort; });
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

  function render() {
    var shown = 0;
    sortRows().forEach(function (row) {
      body.appendChild(row);
      var keep = visible(row);
      row.hidden = !keep;
      if (keep) shown += 1;
      row.querySelector("input[type=checkbox]").checked = state.select.indexOf(row.dataset.slug) >= 0;
    });
    headers.forEach(function (header) {
      if (!header.dataset.key) return;
      header.setAttribute("aria-sort", header.dataset.key === state.sort ? (state.dir === "desc" ? "descending" : "ascending") : "none");
    });
    // The words come from the page (the theme's i18n files), in its language.
    status.textContent = status.dataset.showing
      .replace("{shown}", String(shown)).replace("{all}", String(rows.length));
    compareButton.disabled = state.select.length < 2;
    compareButton.textContent = compareButton.textContent.replace(/\s*\(\d+\)$/, "") + " (" + state.select.length + ")";
    writeUrl();
  }

  function showSide() {
    var chosen = rows.filter(function (row) { return state.select.indexOf(row.dataset.slug) >= 0; });
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

  // Enhance: filters, sort buttons, checkboxes.
  form.hidden = false;
  actions.hidden = false;
  Array.prototype.forEach.call(table.querySelectorAll(".select-col"), function (cell) { cell.hidden = false; });
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
  ["zone", "sector", "status", "min"].forEach(function (key) {
    var field = form.elements[key];
    if (!field) return;
    field.value = state[key];
    field.addEventListener("input", function () { state[key] = field.value; render(); });
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { state.zone = state.sector = state.status = state.min = ""; render(); }, 0);
  });
  body.addEventListener("change", function (event) {
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
