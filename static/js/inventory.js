/* The projected-stock chart of a product page: stock at each day's end, sales and arrivals, against the reorder
   point and the safety stock (the table below the chart has the same figures). A day that ends below zero is
   marked red. */
(function () {
  "use strict";
  var charts = window.opsplanCharts;
  var el = document.getElementById("projection-chart");
  var d = charts && charts.data("projection-data");
  if (!el || !d || !window.echarts) { return; }
  var count = charts.formatter("count");
  var closing = d.closing.map(function (v) {
    return v < 0 ? {value: v, symbol: "circle", symbolSize: 6, itemStyle: {color: "#dc3545"}} : v;
  });
  charts.init(el).setOption({
    tooltip: {trigger: "axis", valueFormatter: count},
    legend: {top: 0},
    grid: {left: 56, right: 20, top: 36, bottom: 30},
    xAxis: {type: "category", data: d.dates},
    yAxis: charts.valueAxis("count"),
    series: [
      {name: d.labels.closing, type: "line", data: closing, showSymbol: true, symbol: "none",
       areaStyle: {opacity: 0.15}, itemStyle: {color: "#0d6efd"}},
      {name: d.labels.sales, type: "bar", data: d.sales, itemStyle: {color: "#adb5bd"}},
      {name: d.labels.inbound, type: "bar", data: d.inbound, itemStyle: {color: "#198754"}},
      charts.levelLine(d.labels.reorder_point, d.reorder_point, d.dates.length, {type: "dashed", color: "#fd7e14"}),
      charts.levelLine(d.labels.safety_stock, d.safety_stock, d.dates.length, {type: "dotted", color: "#6c757d"})
    ]
  });
})();
