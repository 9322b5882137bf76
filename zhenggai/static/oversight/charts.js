/* Zhenggai supervision charts: reads json_script data, draws with the vendored ECharts.
   Each <div data-chart="name" data-source="id"> gets one chart. No build step. */
(function () {
  "use strict";
  var COLORS = { red: "#d93025", yellow: "#e8a600", unassigned: "#9aa0a6", green: "#188038", closed: "#8fb3e6" };
  var STATES = ["red", "yellow", "unassigned", "green", "closed"];
  var LABELS = { red: "红灯", yellow: "黄灯", unassigned: "待交办", green: "绿灯", closed: "已销号" };
  var FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif';

  function stacked(d, horizontal) {
    var cat = { type: "category", data: d.labels, axisLabel: { interval: 0, width: 110, overflow: "truncate" } };
    var val = { type: "value", minInterval: 1 };
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? Object.assign({ inverse: true }, cat) : val,
      series: STATES.map(function (s) {
        return { name: LABELS[s], type: "bar", stack: "n", data: d[s], itemStyle: { color: COLORS[s] }, barMaxWidth: 28 };
      }),
    };
  }

  function line(points, name, color, unit, area) {
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "time" },
      yAxis: { type: "value", minInterval: 1, axisLabel: { formatter: "{value}" + unit } },
      series: [{ name: name, type: "line", data: points, showSymbol: points.length < 30, step: area ? false : "end",
                 itemStyle: { color: color }, areaStyle: { opacity: 0.12 } }],
    };
  }

  function lines(texts) {
    var box = document.createElement("div");
    box.className = "chart-tip";
    texts.forEach(function (t) {
      var line = document.createElement("div");
      line.textContent = String(t);
      box.appendChild(line);
    });
    return box;
  }

  // Units of the series whose values are not plain counts, for the tooltips.
  var UNITS = { "完成率": "%" };

  // Every tooltip is a DOM node built from text nodes, never an HTML string: ECharts'
  // own formatter writes markup with style="" attributes, which the Content-Security-
  // Policy (style-src 'self') refuses, and an HTML string would parse user-typed names.
  // The marker's colour is set through the CSSOM (element.style), which the policy allows.
  function axisTip(params) {
    var list = Array.isArray(params) ? params : [params];
    var box = document.createElement("div");
    box.className = "chart-tip";
    if (list.length && list[0].axisValueLabel != null) {
      var head = document.createElement("div");
      head.className = "chart-tip-head";
      head.textContent = String(list[0].axisValueLabel);
      box.appendChild(head);
    }
    list.forEach(function (p) {
      var row = document.createElement("div");
      var dot = document.createElement("span");
      dot.className = "chart-tip-dot";
      if (typeof p.color === "string") dot.style.backgroundColor = p.color;
      var v = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
      row.appendChild(dot);
      row.appendChild(document.createTextNode(
        String(p.seriesName) + "：" + (v == null || v === "" ? "—" : v + (UNITS[p.seriesName] || ""))));
      box.appendChild(row);
    });
    return box;
  }

  function gantt(g) {
    // One bar per row of the board: [row index, start, end, light, label].
    var bars = g.bars.map(function (b) {
      return { value: [b[0], +new Date(b[1]), +new Date(b[2])], name: b[4], itemStyle: { color: COLORS[b[3]] } };
    });
    return {
      tooltip: {
        // Measure texts and milestone titles are typed by users: the tooltip is built from
        // text nodes, never parsed as HTML.
        formatter: function (p) {
          if (p.seriesType === "scatter") return lines(["◆ " + p.data.name, p.data.value[0]]);
          return lines([p.name, new Date(p.value[1]).toLocaleDateString("zh-CN") + " 至 " +
            new Date(p.value[2]).toLocaleDateString("zh-CN")]);
        },
      },
      grid: { left: 8, right: 24, top: 24, bottom: 28, containLabel: true },
      xAxis: { type: "time", position: "top", splitLine: { show: true, lineStyle: { color: "#eef0f3" } } },
      yAxis: { type: "category", data: g.rows, inverse: true, axisLabel: { width: 150, overflow: "truncate" } },
      series: [
        {
          type: "custom",
          encode: { x: [1, 2], y: 0 },
          data: bars,
          renderItem: function (params, api) {
            var row = api.value(0);
            var start = api.coord([api.value(1), row]);
            var end = api.coord([api.value(2), row]);
            var band = api.size([0, 1])[1];
            var h = Math.max(3, band * 0.5);
            var y = start[1] - h / 2;
            var shape = echarts.graphic.clipRectByRect(
              { x: start[0], y: y, width: Math.max(2, end[0] - start[0]), height: h },
              { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
            return shape && { type: "rect", shape: shape, style: api.style({ opacity: 0.85 }) };
          },
          markLine: {
            symbol: "none", silent: true,
            lineStyle: { color: "#b3261e", width: 2, type: "solid" },
            label: { formatter: "今天", color: "#b3261e" },
            data: [{ xAxis: +new Date(g.today) }],
          },
        },
        {
          type: "scatter", symbol: "diamond", symbolSize: 10, itemStyle: { color: "#5470c6" },
          data: g.milestones.map(function (m) { return { value: [m[1], m[0]], name: m[2] }; }),
        },
      ],
      dataZoom: [{ type: "inside", xAxisIndex: 0 }],
    };
  }

  function overview(d) {
    var opt = stacked({ labels: d.labels, red: d.red, yellow: d.yellow, unassigned: d.unassigned, green: d.green, closed: d.closed }, false);
    opt.yAxis = [{ type: "value", name: "措施数", minInterval: 1 }, { type: "value", name: "完成率", max: 100, axisLabel: { formatter: "{value}%" } }];
    opt.series.push({ name: "完成率", type: "line", yAxisIndex: 1, data: d.rate, itemStyle: { color: "#5470c6" }, label: { show: true, formatter: "{c}%" } });
    return opt;
  }

  // Top/bottom N by completion rate: horizontal bars stay readable at 50+ organisations.
  function rankBars(d) {
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: d.labels, inverse: true, axisLabel: { interval: 0, width: 140, overflow: "truncate" } },
      series: [{ name: "完成率", type: "bar", data: d.rate, barMaxWidth: 18, itemStyle: { color: "#5470c6" },
                 label: { show: true, position: "right", formatter: "{c}%" } }],
    };
  }

  var BUILD = {
    rank_bars: rankBars,
    completion: function (d) { return line(d.completion, "完成率", "#188038", "%", true); },
    overdue: function (d) { return line(d.overdue_trend, "红灯措施", "#d93025", "", false); },
    by_unit: function (d) { return stacked(d.by_unit, true); },
    by_aspect: function (d) { return stacked(d.by_aspect, true); },
    by_kind: function (d) { return stacked(d.by_kind, false); },
    closures: function (d) {
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "time" }, yAxis: { type: "value", minInterval: 1 },
        series: [{ name: "销号数", type: "bar", data: d.closures, itemStyle: { color: "#5470c6" }, barMaxWidth: 18 }],
      };
    },
    gantt: gantt,
    overview: overview,
  };

  function draw() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var src = document.getElementById(el.dataset.source);
      var build = BUILD[el.dataset.chart];
      if (!src || !build) return;
      if (el.dataset.height) el.style.height = parseInt(el.dataset.height, 10) + "px";
      var chart = echarts.init(el, null, { renderer: "canvas" });
      var opt = build(JSON.parse(src.textContent));
      opt.textStyle = { fontFamily: FONT };
      if (opt.tooltip) {
        opt.tooltip.formatter = opt.tooltip.formatter || axisTip;
        // Kept inside the chart: ECharts then adds no arrow, which it writes as markup.
        opt.tooltip.confine = true;
      }
      opt.animation = false;
      chart.setOption(opt);
      el.dataset.ready = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
    document.documentElement.dataset.chartsReady = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
