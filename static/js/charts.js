/* opsplan charts: thin helpers over ECharts (vendored in static/vendor/echarts), in the page's language. */
(function () {
  "use strict";
  var locale = (document.documentElement.lang || "en").indexOf("zh") === 0 ? "ZH" : "EN";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  /* Bars (and lines on a second axis) over months. series: [{key, name, axis?, type?}] */
  function bars(elementId, dataId, series) {
    var el = document.getElementById(elementId), d = data(dataId);
    if (!el || !d || !window.echarts) { return null; }
    var chart = window.echarts.init(el, null, {locale: locale});
    chart.setOption({
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: 50, right: 60, top: 36, bottom: 30},
      xAxis: {type: "category", data: d.months},
      yAxis: [{type: "value"}, {type: "value", splitLine: {show: false}}],
      series: series.map(function (s) {
        return {name: s.name, type: s.type || (s.axis ? "line" : "bar"), yAxisIndex: s.axis || 0,
                data: d[s.key], smooth: true};
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  window.opsplanCharts = {bars: bars};
})();
