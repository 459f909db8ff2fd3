// Progressive enhancement for the index: sort by a column, filter by type and tag.
// The table is complete and readable without this script. Only text and attributes are
// set here (textContent, setAttribute), never markup: the cells hold scanned and
// organisation-supplied text.
(function () {
  var table = document.getElementById("organisations");
  if (!table) return;
  var body = table.tBodies[0];
  var headers = table.querySelectorAll("thead th");

  function key(cell, numeric) {
    if (numeric) {
      var value = parseFloat(cell.getAttribute("data-value"));
      return isNaN(value) ? -1 : value;
    }
    return cell.textContent.trim().toLowerCase();
  }

  table.querySelectorAll("button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      var column = +button.getAttribute("data-sort");
      var numeric = button.hasAttribute("data-numeric");
      var th = button.parentNode;
      // A new column sorts ascending; the same column again flips the direction.
      var up = th.getAttribute("aria-sort") !== "ascending";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var p = key(a.cells[column], numeric), q = key(b.cells[column], numeric);
        var order = numeric ? p - q : p.localeCompare(q, document.documentElement.lang);
        return order * (up ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
      Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
    });
  });

  var type = document.getElementById("f-type"), tag = document.getElementById("f-tag");
  var status = document.getElementById("organisations-status");
  function filter() {
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var okType = !type.value || row.getAttribute("data-type") === type.value;
      var tags = (row.getAttribute("data-tags") || "").split(" ");
      var okTag = !tag.value || tags.indexOf(tag.value) >= 0;
      row.hidden = !(okType && okTag);
      if (!row.hidden) shown++;
    });
    if (status) {
      status.textContent = (status.getAttribute("data-template") || "{shown} / {total}")
        .replace("{shown}", shown)
        .replace("{total}", body.rows.length);
    }
  }
  if (type && tag) {
    type.addEventListener("change", filter);
    tag.addEventListener("change", filter);
    // The browser may restore the chosen filters when the reader comes back to the page.
    filter();
  }
})();
