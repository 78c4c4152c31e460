// Live search on /<lang>/search/. Without this script the page still lists every
// page; with it, typing filters the index built at build time (search-index.json).
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var all = document.getElementById("search-all");
  if (!form || !input || !status || !results || !all || !window.fetch) return;
  var initial = status.textContent;

  // The same folding as the build's i18n::fold: no diacritics, đ -> d, lower case.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }
  function words(text) {
    return fold(text).split(/\s+/).filter(Boolean);
  }
  function hasAll(text, terms) {
    for (var i = 0; i < terms.length; i++) if (text.indexOf(terms[i]) < 0) return false;
    return true;
  }

  var docs = null;
  var loading = fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
    .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
    .then(function (index) {
      docs = index.docs.map(function (doc, order) {
        doc.folded_title = fold(doc.title);
        doc.order = order;
        return doc;
      });
    });

  function item(doc) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = doc.url;
    link.textContent = doc.title;
    var kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = doc.kind;
    li.appendChild(link);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(kind);
    if (doc.summary) {
      var summary = document.createElement("p");
      summary.textContent = doc.summary;
      li.appendChild(summary);
    }
    return li;
  }

  function show(query) {
    var terms = words(query);
    results.textContent = "";
    if (!terms.length || !docs) {
      results.hidden = true;
      all.hidden = false;
      status.textContent = initial;
      return;
    }
    var phrase = terms.join(" ");
    var found = docs.filter(function (doc) { return hasAll(doc.text, terms); })
      .map(function (doc) {
        // Title matches first (the whole phrase before scattered words); then the
        // phrase earliest in the text, where names and aliases come first; then the
        // index's own stable order.
        var title = doc.folded_title.indexOf(phrase) >= 0 ? 0 : hasAll(doc.folded_title, terms) ? 1 : 2;
        var at = doc.text.indexOf(phrase);
        return { doc: doc, title: title, at: at >= 0 ? at : doc.text.length + doc.text.indexOf(terms[0]) };
      });
    found.sort(function (a, b) {
      return a.title - b.title || a.at - b.at || a.doc.order - b.doc.order;
    });
    found = found.map(function (hit) { return hit.doc; });
    var fragment = document.createDocumentFragment();
    found.forEach(function (doc) { fragment.appendChild(item(doc)); });
    results.appendChild(fragment);
    results.hidden = false;
    all.hidden = true;
    var message = found.length === 0 ? status.getAttribute("data-none")
      : found.length === 1 ? status.getAttribute("data-one")
      : status.getAttribute("data-many").replace("{n}", String(found.length));
    status.textContent = message;
  }

  function remember(query) {
    var url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.toString());
  }

  function update() {
    var query = input.value;
    remember(query);
    loading.then(function () { if (input.value === query) show(query); }, function () {});
  }

  input.addEventListener("input", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });

  var start = new URLSearchParams(window.location.search).get("q");
  if (start) {
    input.value = start;
    loading.then(function () { show(start); }, function () {});
  }
})();
