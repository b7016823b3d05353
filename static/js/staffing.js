/* The gap report's chart: required, planned and on-roster FTE per month (the table is its text alternative). */
(function () {
  "use strict";
  var labels = document.getElementById("gap-labels");
  if (!labels || !window.opsplanCharts) { return; }
  var l = JSON.parse(labels.textContent);
  window.opsplanCharts.bars("gap-chart", "gap-data", [
    {key: "required", name: l.required, kind: "decimal"}, {key: "planned", name: l.planned, kind: "decimal"},
    {key: "on_roster", name: l.on_roster, kind: "decimal"}
  ]);
})();
