/* The projected-stock chart of a product page (ECharts, vendored), in the page's language. */
(function () {
  "use strict";
  var el = document.getElementById("projection-chart");
  var source = document.getElementById("projection-data");
  if (!el || !source || !window.echarts) { return; }
  var d = JSON.parse(source.textContent);
  var locale = (document.documentElement.lang || "en").indexOf("zh") === 0 ? "ZH" : "EN";
  var chart = window.echarts.init(el, null, {locale: locale});
  function line(value) { return d.dates.map(function () { return value; }); }
  // The red/blue split needs bounded pieces: ECharts fails to draw a line whose pieces are all open-ended.
  var closing = d.closing.filter(function (v) { return v !== null; });
  var low = Math.min.apply(null, closing.concat([0])) - 1, high = Math.max.apply(null, closing.concat([0])) + 1;
  chart.setOption({
    tooltip: {trigger: "axis"},
    legend: {top: 0},
    grid: {left: 50, right: 20, top: 36, bottom: 30},
    xAxis: {type: "category", data: d.dates},
    yAxis: {type: "value"},
    visualMap: {show: false, dimension: 1, seriesIndex: 0, pieces: [{gte: low, lt: 0, color: "#dc3545"}, {gte: 0, lte: high, color: "#0d6efd"}]},
    series: [
      {name: d.labels.closing, type: "line", data: d.closing, areaStyle: {opacity: 0.15}},
      {name: d.labels.sales, type: "bar", data: d.sales, itemStyle: {color: "#adb5bd"}},
      {name: d.labels.inbound, type: "bar", data: d.inbound, itemStyle: {color: "#198754"}},
      {name: d.labels.reorder_point, type: "line", data: line(d.reorder_point), symbol: "none", lineStyle: {type: "dashed", color: "#fd7e14"}},
      {name: d.labels.safety_stock, type: "line", data: line(d.safety_stock), symbol: "none", lineStyle: {type: "dotted", color: "#6c757d"}}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
