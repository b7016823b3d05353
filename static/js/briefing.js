/* The briefing's chart: each store's GMV attainment yesterday and month to date and its pace to month-end, as
   shares of target, worst store first, with the target (100%) drawn as every chart draws one. The cards below
   the chart have the same figures. */
(function () {
  "use strict";
  var C = window.opsplanCharts, el = document.getElementById("briefing-chart");
  if (!C || !el || !window.echarts) { return; }
  var d = C.data("briefing-data");
  if (!d) { return; }
  el.style.height = (80 + 56 * d.stores.length) + "px";
  var pct = C.formatter("pct");
  var chart = C.init(el);
  chart.setOption({
    tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
    legend: {top: 0},
    grid: {left: 8, right: 24, top: 48, bottom: 8, containLabel: true},
    yAxis: {type: "category", data: d.stores, inverse: true, axisLabel: {width: 96, overflow: "truncate"}},
    // On a phone five ticks' labels (0% … 120%) run into each other: fewer ticks, each label apart.
    xAxis: C.valueAxis("pct", {min: 0, splitNumber: el.clientWidth < 576 ? 3 : 5}),
    series: d.series.map(function (s, i) {
      var series = {name: s.name, type: "bar", data: s.data, tooltip: {valueFormatter: pct}};
      if (i === 0) {
        series.markLine = {symbol: "none", silent: true, data: [{xAxis: 1}], label: {formatter: d.target, position: "start"},
                           lineStyle: {type: "dashed", width: 2, color: "#6c757d"}};
      }
      return series;
    })
  });
})();
