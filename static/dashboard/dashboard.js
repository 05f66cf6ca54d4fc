/* Draws the dashboard's ECharts from the figures the page already shows as tables.
   Without JavaScript the tables remain; with it, a click on a bar opens the list behind it. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : [];
  }

  function num(value) {
    var n = parseFloat(value);
    return isNaN(n) ? 0 : n;
  }

  var charts = readJSON("dashboard-charts");
  var indicators = readJSON("dashboard-indicators");
  var printing = document.body.classList.contains("dashboard-print");
  var instances = [];

  function init(node) {
    var chart = echarts.init(node, null, { renderer: "canvas" });
    instances.push(chart);
    return chart;
  }

  function optionFor(spec) {
    var labels = spec.rows.map(function (r) { return r.label; });
    // Tooltips drawn on the canvas: HTML tooltips carry inline styles the CSP refuses.
    var common = { animation: !printing, tooltip: { trigger: spec.kind === "bar" ? "axis" : "item", renderMode: "richText" } };
    if (spec.kind === "pie") {
      common.series = [{
        type: "pie", radius: ["35%", "65%"],
        data: spec.rows.map(function (r) { return { name: r.label, value: num(r.values[0]) }; })
      }];
      common.legend = { type: "scroll", bottom: 0 };
      return common;
    }
    if (spec.kind === "funnel") {
      common.series = [{
        type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "15%", label: { formatter: "{b}：{c}" },
        // Stages with no demand stay in the table; drawn, they only flatten the funnel.
        data: spec.rows.filter(function (r) { return num(r.values[0]) > 0; })
          .map(function (r) { return { name: r.label, value: num(r.values[0]), link: r.links[0] }; })
      }];
      return common;
    }
    common.grid = { left: 8, right: 8, top: spec.columns.length > 1 ? 30 : 10, bottom: 8, containLabel: true };
    common.legend = spec.columns.length > 1 ? { top: 0 } : undefined;
    common.xAxis = { type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 35 : 0 } };
    common.yAxis = { type: "value" };
    common.series = spec.columns.map(function (column, i) {
      return { name: column, type: "bar", data: spec.rows.map(function (r) { return num(r.values[i]); }) };
    });
    return common;
  }

  document.querySelectorAll(".dashboard-chart[data-chart]").forEach(function (node) {
    var spec = charts[parseInt(node.getAttribute("data-chart"), 10)];
    if (!spec) { return; }
    var chart = init(node);
    chart.setOption(optionFor(spec));
    chart.on("click", function (params) {
      var row = spec.kind === "funnel" ? null : spec.rows[params.dataIndex];
      var link = row ? row.links && row.links[params.seriesIndex || 0] : params.data && params.data.link;
      if (link && !printing) { window.location.href = link; }
    });
  });

  document.querySelectorAll(".sparkline[data-trend]").forEach(function (node) {
    var item = indicators[parseInt(node.getAttribute("data-trend"), 10)];
    if (!item || !item.trend || !item.trend.length) { return; }
    var chart = init(node);
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 2 },
      xAxis: { type: "category", show: false, data: item.trend.map(function (t) { return t.year + "年"; }) },
      yAxis: { type: "value", show: false },
      tooltip: { trigger: "axis", renderMode: "richText" },
      series: [{ type: "line", smooth: true, symbolSize: 4, areaStyle: { opacity: 0.15 },
        data: item.trend.map(function (t) { return t.value === null ? null : num(t.value); }) }]
    });
  });

  window.addEventListener("resize", function () { instances.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { instances.forEach(function (c) { c.resize(); }); });
})();
