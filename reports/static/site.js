// Progressive enhancement for the index: sort by a column, filter by type and tag.
// The table is complete and readable without this script.
(function () {
  var table = document.getElementById("organisations");
  if (!table) return;
  var body = table.tBodies[0];
  var directions = {};
  table.querySelectorAll("button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      var column = +button.getAttribute("data-sort");
      var numeric = button.hasAttribute("data-numeric");
      var up = directions[column] = !directions[column];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column], y = b.cells[column];
        var p = numeric ? +(x.getAttribute("data-value") || -1) : x.textContent.trim().toLowerCase();
        var q = numeric ? +(y.getAttribute("data-value") || -1) : y.textContent.trim().toLowerCase();
        return (p < q ? -1 : p > q ? 1 : 0) * (up ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
      table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
      button.parentNode.setAttribute("aria-sort", up ? "ascending" : "descending");
    });
  });
  var type = document.getElementById("f-type"), tag = document.getElementById("f-tag");
  function filter() {
    Array.prototype.forEach.call(body.rows, function (row) {
      var okType = !type.value || row.getAttribute("data-type") === type.value;
      var tags = (row.getAttribute("data-tags") || "").split(" ");
      var okTag = !tag.value || tags.indexOf(tag.value) >= 0;
      row.hidden = !(okType && okTag);
    });
  }
  type.addEventListener("change", filter);
  tag.addEventListener("change", filter);
})();
