/* The scorecards' chart: each person's total out of 100 (ECharts, vendored); the table holds the same figures. */
(function () {
  "use strict";
  var el = document.getElementById("scorecard-chart");
  var source = document.getElementById("scorecard-chart-data");
  if (!el || !source || !window.echarts) { return; }
  var d = JSON.parse(source.textContent);
  var locale = (document.documentElement.lang || "en").indexOf("zh") === 0 ? "ZH" : "EN";
  var chart = window.echarts.init(el, null, {locale: locale});
  chart.setOption({
    tooltip: {trigger: "axis"},
    grid: {left: 50, right: 20, top: 20, bottom: 60},
    xAxis: {type: "category", data: d.names, axisLabel: {interval: 0, rotate: d.names.length > 6 ? 30 : 0}},
    yAxis: {type: "value", min: 0, max: 100},
    series: [{name: d.label, type: "bar", barMaxWidth: 60, data: d.totals, label: {show: true, position: "top"}}]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
