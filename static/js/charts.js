/* opsplan charts: the one chart setup every chart uses (ECharts, vendored in static/vendor/echarts).

   - numbers written as core/numbers.py writes them (a browser test holds the two to the same output):
     ¥1,234.50, −¥330,021.59, 23,111, 2.35%, and on axes 38.83万 / 388.26k;
   - axes by kind: counts on whole numbers (no 0, 1, 1, 2, 2), percentages with the places their ticks need
     (no 2.2% on every tick), money abbreviated as the reader expects (万/亿 in Chinese);
   - the page's language for ECharts' own words, a resize that follows the window, target lines drawn alike. */
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "en").indexOf("zh") === 0;
  var MINUS = "\u2212", NOTHING = "\u2013", CURRENCY = "\u00a5";
  var STEPS = zh ? [[1e8, "\u4ebf"], [1e4, "\u4e07"]] : [[1e9, "B"], [1e6, "M"], [1e3, "k"]];
  var ABBREVIATE_FROM = 10000;
  var fixedFormats = {};

  function known(value) {
    return value !== null && value !== undefined && value !== "" && value !== "-" && isFinite(Number(value));
  }

  /* Round half away from zero at `places`, as Python's ROUND_HALF_UP does. */
  function rounded(value, places) {
    var factor = Math.pow(10, places);
    var x = Math.abs(value) * factor;
    var r = Math.round(Number(x.toPrecision(15))) / factor;
    return value < 0 ? -r : r;
  }

  function fixed(places) {
    var key = String(places);
    if (!fixedFormats[key]) {
      fixedFormats[key] = new Intl.NumberFormat("en-US", {minimumFractionDigits: places, maximumFractionDigits: places});
    }
    return fixedFormats[key];
  }

  function sign(value, places) { return rounded(value, places) < 0 ? MINUS : ""; }

  function grouped(value, places) {
    if (!known(value)) { return NOTHING; }
    places = places || 0;
    var v = Number(value);
    return sign(v, places) + fixed(places).format(Math.abs(rounded(v, places)));
  }

  function money(value, places) {
    if (!known(value)) { return NOTHING; }
    places = places === undefined ? 2 : places;
    var v = Number(value);
    return sign(v, places) + CURRENCY + fixed(places).format(Math.abs(rounded(v, places)));
  }

  function signedMoney(value, places) {
    if (!known(value)) { return NOTHING; }
    return (rounded(Number(value), places === undefined ? 2 : places) > 0 ? "+" : "") + money(value, places);
  }

  function pct(value, places) {
    if (!known(value)) { return NOTHING; }
    return grouped(Number(value) * 100, places === undefined ? 1 : places) + "%";
  }

  var trimmed = new Intl.NumberFormat("en-US", {minimumFractionDigits: 0, maximumFractionDigits: 2});

  function compact(value, currency) {
    if (!known(value)) { return NOTHING; }
    var v = Number(value), size = Math.abs(v), prefix = currency ? CURRENCY : "";
    if (size >= ABBREVIATE_FROM) {
      for (var i = 0; i < STEPS.length; i++) {
        if (size >= STEPS[i][0]) {
          var scaled = rounded(size / STEPS[i][0], 2);
          return sign(v, 2) + prefix + trimmed.format(scaled) + STEPS[i][1];
        }
      }
    }
    var places = v === Math.round(v) ? 0 : 2;
    return sign(v, places) + prefix + fixed(places).format(Math.abs(rounded(v, places)));
  }

  /* A change abbreviated: +¥1.23万, −¥4,200, +¥350 (the "+" wherever the figure shows a positive amount). */
  function signedCompact(value, currency) {
    if (!known(value)) { return NOTHING; }
    return (rounded(Number(value), 2) > 0 ? "+" : "") + compact(value, currency);
  }

  /* A tick of a percentage axis: as many places as the tick has (at most 3), so neighbours never read alike. */
  var tickPercent = new Intl.NumberFormat("en-US", {minimumFractionDigits: 0, maximumFractionDigits: 3});
  function pctTick(value) {
    var p = rounded(Number(value) * 100, 3);
    return (p < 0 ? MINUS : "") + tickPercent.format(Math.abs(p)) + "%";
  }

  var format = {grouped: grouped, count: function (v) { return grouped(v, 0); }, money: money,
                signedMoney: signedMoney, pct: pct, compact: compact, signedCompact: signedCompact, pctTick: pctTick};

  /* How a value of a kind ("count", "money", "pct", "score") reads in a tooltip or a label. */
  function formatter(kind) {
    if (kind === "money") { return function (v) { return money(v); }; }
    if (kind === "pct") { return function (v) { return pct(v, 2); }; }
    if (kind === "score" || kind === "decimal") { return function (v) { return grouped(v, 1); }; }
    return function (v) { return grouped(v, 0); };
  }

  /* A value axis for a kind: counts on whole numbers, percentages with the places their ticks need, money and
     large counts abbreviated (万/亿 or k/M). `extra` is merged in (min, max, position, scale …). */
  function valueAxis(kind, extra) {
    var axis = {type: "value", axisLabel: {}};
    if (kind === "pct") {
      axis.axisLabel.formatter = pctTick;
    } else if (kind === "money") {
      axis.axisLabel.formatter = function (v) { return compact(v, true); };
    } else {
      axis.axisLabel.formatter = function (v) { return compact(v, false); };
      if (kind === "count") { axis.minInterval = 1; }
    }
    return Object.assign(axis, extra || {});
  }

  var charts = [];
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

  /* An ECharts instance in the page's language that follows the window's size. */
  function init(el) {
    var chart = window.echarts.init(el, null, {locale: zh ? "ZH" : "EN"});
    charts.push(chart);
    return chart;
  }

  /* A target drawn as every chart draws one: a dashed grey line. */
  function targetLine(name, data, extra) {
    return Object.assign({name: name, type: "line", data: data, symbol: "none", itemStyle: {color: "#6c757d"},
                          lineStyle: {type: "dashed", width: 2}}, extra || {});
  }

  /* A constant level across the x axis (a reorder point, a safety stock): a line at the same value each day. */
  function levelLine(name, value, length, style) {
    var data = [];
    for (var i = 0; i < length; i++) { data.push(value); }
    return {name: name, type: "line", data: data, symbol: "none", lineStyle: style || {type: "dashed"},
            tooltip: {valueFormatter: formatter("count")}};
  }

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  /* Bars (and lines on a second axis) over months. series: [{key, name, axis?, type?, kind?}]; the first axis
     takes the kind of its series (count unless said), the second that of the series on it. */
  function bars(elementId, dataId, series) {
    var el = document.getElementById(elementId), d = data(dataId);
    if (!el || !d || !window.echarts) { return null; }
    var kinds = [null, null];
    series.forEach(function (s) { kinds[s.axis || 0] = kinds[s.axis || 0] || s.kind || "count"; });
    var chart = init(el);
    chart.setOption({
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: 64, right: kinds[1] ? 72 : 16, top: 36, bottom: 30},
      xAxis: {type: "category", data: d.months},
      yAxis: [valueAxis(kinds[0] || "count"), valueAxis(kinds[1] || "count", {splitLine: {show: false}, show: !!kinds[1]})],
      series: series.map(function (s) {
        return {name: s.name, type: s.type || (s.axis ? "line" : "bar"), yAxisIndex: s.axis || 0,
                data: d[s.key], smooth: true, tooltip: {valueFormatter: formatter(s.kind || "count")}};
      })
    });
    return chart;
  }

  window.opsplanCharts = {zh: zh, format: format, formatter: formatter, valueAxis: valueAxis, init: init,
                          targetLine: targetLine, levelLine: levelLine, data: data, bars: bars};
})();
