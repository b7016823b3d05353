/* opsplan dashboards: sortable tables, clickable rows, plan-vs-actual charts and variance waterfalls (ECharts). */
(function () {
  "use strict";
  var charts = window.opsplanCharts;
  var zh = charts ? charts.zh : (document.documentElement.lang || "en").indexOf("zh") === 0;

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  /* --- sortable tables: <table class="sortable"> with th[data-sort] and td[data-sort-value] --------------- */
  function sortValue(row, index, type) {
    var cell = row.children[index];
    var raw = cell ? (cell.getAttribute("data-sort-value") !== null ? cell.getAttribute("data-sort-value") : cell.textContent) : "";
    raw = raw.trim();
    if (type === "number") { return raw === "" ? null : parseFloat(raw); }
    return raw.toLocaleLowerCase();
  }

  function sortBy(table, th, index) {
    var type = th.getAttribute("data-sort");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortValue(a, index, type), y = sortValue(b, index, type);
      if (x === null && y === null) { return 0; }
      if (x === null) { return 1; }  // unknown figures last, whichever the direction
      if (y === null) { return -1; }
      var order = type === "number" ? x - y : x.localeCompare(y, zh ? "zh-CN" : "en");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function sortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      if (!th.hasAttribute("data-sort")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link btn-sm p-0 text-reset text-decoration-none fw-semibold sort-button";
      button.innerHTML = th.innerHTML + ' <i class="bi bi-arrow-down-up small text-muted" aria-hidden="true"></i>';
      th.innerHTML = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th, index); });
    });
  }

  /* --- rows that open a page: <tr data-href> ------------------------------------------------------------ */
  function clickableRows(root) {
    root.querySelectorAll("tr[data-href]").forEach(function (row) {
      row.style.cursor = "pointer";
      row.addEventListener("click", function (event) {
        if (event.target.closest("a, button, input, label, details")) { return; }
        window.location.href = row.getAttribute("data-href");
      });
    });
  }

  /* --- plan vs actual charts ---------------------------------------------------------------------------- */
  var SHADE_COLOURS = {event: "rgba(253, 126, 20, 0.22)", promotion: "rgba(25, 135, 84, 0.18)"};

  function shadeSeries(d) {
    /* Shaded stretches: the plan's heavier event days today, promotions later (more entries of d.shades with
       their own kind and colour). Drawn as full-height bands on a hidden second category axis: ECharts'
       markArea on a category axis of many days drops or misplaces single-day areas, a band per category
       does not. One series per kind, so the legend explains the colour. */
    var kinds = {};
    (d.shades || []).forEach(function (s) {
      var marks = kinds[s.kind] || (kinds[s.kind] = {label: s.label, data: d.labels.map(function () { return null; })});
      for (var i = s.from; i <= s.to; i++) { marks.data[i] = 1; }
    });
    return Object.keys(kinds).map(function (kind) {
      return {name: kinds[kind].label, type: "bar", xAxisIndex: 1, yAxisIndex: 1, data: kinds[kind].data,
              barWidth: "100%", z: 1, silent: true, tooltip: {show: false},
              itemStyle: {color: SHADE_COLOURS[kind] || SHADE_COLOURS.event}};
    });
  }

  function drill(chart, d, daysUrl) {
    chart.on("click", function (params) {
      var i = params.dataIndex;
      if (i === undefined || d.from[i] === undefined) { return; }
      window.location.href = daysUrl + "?from=" + d.from[i] + "&to=" + d.to[i];
    });
  }

  function metricChart(el, d, names, daysUrl) {
    var metric = el.getAttribute("data-metric"), targetKey = el.getAttribute("data-target-key");
    var kind = el.getAttribute("data-kind"), ratio = metric === "conversion" || metric === "aov";
    var format = charts.formatter(kind);
    var chart = charts.init(el);
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis", valueFormatter: format},
      legend: {top: 0},
      grid: {left: 64, right: 16, top: 32, bottom: 28},
      xAxis: [{type: "category", data: d.labels, axisTick: {alignWithLabel: true}},
              {type: "category", data: d.labels, show: false}],
      yAxis: [charts.valueAxis(kind, {scale: ratio}), {type: "value", min: 0, max: 1, show: false}],
      series: [
        {name: names.actual, type: ratio ? "line" : "bar", data: d.series[metric], itemStyle: {color: "#0d6efd"},
         showSymbol: d.labels.length < 40, connectNulls: false},
        charts.targetLine(names.target, d.series[targetKey], {step: d.grain === "day" ? false : "middle"})
      ].concat(shadeSeries(d))
    });
    drill(chart, d, daysUrl);
    return chart;
  }

  function metricCharts() {
    var box = document.getElementById("charts"), d = data("dashboard-data");
    if (!box || !d || !window.echarts || !charts) { return []; }
    var names = {actual: box.getAttribute("data-actual"), target: box.getAttribute("data-target")};
    var daysUrl = box.getAttribute("data-days-url");
    return Array.prototype.map.call(box.querySelectorAll(".chart[data-metric]"), function (el) {
      return metricChart(el, d, names, daysUrl);
    });
  }

  /* --- variance waterfalls: target, the three effects floating on each other, actual -------------------- */
  function waterfall(scope) {
    var el = document.getElementById(scope.id);
    if (!el || !scope.steps.length) { return null; }
    var format = charts.format.money;
    // On a phone the five bars share little room: labels break within their bar's slot, figures are shortened.
    // Only the figure's length follows the width: a bar's label is written alike at every width, an effect with
    // its sign (+¥1.2万 on a phone, +¥12,345.00 on a desktop), the target and the actual without one.
    var slot = Math.floor((el.clientWidth - 88) / scope.steps.length);
    var narrow = slot < 110;
    var amount = narrow ? function (v) { return charts.format.compact(v, true); } : format;
    var change = narrow ? function (v) { return charts.format.signedCompact(v, true); } : charts.format.signedMoney;
    var barLabel = function (s) {
      return s.step === "target" || s.step === "actual" ? amount(s.value) : change(s.value);
    };
    var chart = charts.init(el);
    var colour = function (s) {
      if (s.step === "target" || s.step === "actual") { return "#6c757d"; }
      return s.value < 0 ? "#dc3545" : "#198754";
    };
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, formatter: function (params) {
        var s = scope.steps[params[0].dataIndex];
        return s.name + ": " + (s.step !== "target" && s.step !== "actual" ? charts.format.signedMoney(s.value) : format(s.value));
      }},
      grid: {left: 72, right: 16, top: 24, bottom: 44},
      xAxis: {type: "category", data: scope.steps.map(function (s) { return s.name; }),
              axisLabel: {interval: 0, width: Math.min(90, slot - 4), overflow: "break"}},
      yAxis: charts.valueAxis("money"),
      series: [
        {type: "bar", stack: "w", silent: true, itemStyle: {color: "transparent"},
         data: scope.steps.map(function (s) { return s.base; })},
        {type: "bar", stack: "w", label: {show: true, position: "top", fontSize: narrow ? 10 : 12, formatter: function (p) {
          return barLabel(scope.steps[p.dataIndex]);
        }},
         data: scope.steps.map(function (s) { return {value: Math.abs(s.value), itemStyle: {color: colour(s)}}; })}
      ]
    });
    return chart;
  }

  function waterfalls() {
    var d = data("variance-data");
    if (!d || !window.echarts || !charts) { return []; }
    return d.scopes.map(waterfall).filter(Boolean);
  }

  /* --- after a recompute: [data-reload] reloads the page as it is (grain and all) ------------------------ */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reload]");
    if (!link) { return; }
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.delete("task");
    if (url.href === window.location.href) { window.location.reload(); } else { window.location.assign(url.href); }
  });

  function start() {
    document.querySelectorAll("table.sortable").forEach(sortable);
    clickableRows(document);
    window.opsplanDashboards = {charts: metricCharts().concat(waterfalls())};
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
