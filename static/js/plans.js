// The plan pages' charts: the months of a plan, and two plans compared. The series names come from the page (its
// language), the figures from the json_script blocks beside the charts.
(function () {
  "use strict";
  var months = document.getElementById("months-chart");
  if (months) {
    opsplanCharts.bars("months-chart", "months-data", [
      {key: "orders", name: months.dataset.ordersName, kind: "count"},
      {key: "gmv", name: months.dataset.gmvName, axis: 1, kind: "money"},
    ]);
  }
  var compare = document.getElementById("compare-chart");
  if (compare) {
    var plans = JSON.parse(document.getElementById("compare-data").textContent);
    opsplanCharts.bars("compare-chart", "compare-data", [
      {key: "a", name: "A: " + plans.a_name, kind: "count"},
      {key: "b", name: "B: " + plans.b_name, kind: "count"},
    ]);
  }
})();
