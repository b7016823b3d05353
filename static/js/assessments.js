/* The scorecards' chart: each person's total out of 100 (the table holds the same figures). */
(function () {
  "use strict";
  var charts = window.opsplanCharts;
  var el = document.getElementById("scorecard-chart");
  var d = charts && charts.data("scorecard-chart-data");
  if (!el || !d || !window.echarts) { return; }
  var format = charts.formatter("score");
  charts.init(el).setOption({
    tooltip: {trigger: "axis", valueFormatter: format},
    grid: {left: 50, right: 20, top: 20, bottom: 60},
    xAxis: {type: "category", data: d.names, axisLabel: {interval: 0, rotate: d.names.length > 6 ? 30 : 0}},
    yAxis: charts.valueAxis("score", {min: 0, max: 100}),
    series: [{name: d.label, type: "bar", barMaxWidth: 60, data: d.totals,
              label: {show: true, position: "top", formatter: function (p) { return format(p.value); }}}]
  });
})();
