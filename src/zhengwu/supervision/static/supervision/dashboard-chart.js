// 监察统计: 预警/黄牌/红牌 per purpose as stacked bars, from the JSON the page carries
// (#chart-data); the table above the chart has the same numbers.
// A file, not an inline script, so the Content-Security-Policy can refuse inline scripts.
(function () {
  var data = document.getElementById("chart-data");
  var el = document.getElementById("chart-late");
  if (!window.echarts || !data || !el) return;
  var d = JSON.parse(data.textContent);
  echarts.init(el).setOption({
    tooltip: {trigger: "axis"}, legend: {data: ["预警", "黄牌", "红牌"]},
    xAxis: {type: "category", data: d.purposes}, yAxis: {type: "value"},
    series: [
      {name: "预警", type: "bar", stack: "s", data: d.warning, itemStyle: {color: "#e0a800"}},
      {name: "黄牌", type: "bar", stack: "s", data: d.yellow, itemStyle: {color: "#f5c400"}},
      {name: "红牌", type: "bar", stack: "s", data: d.red, itemStyle: {color: "#b00020"}}
    ]
  });
})();
