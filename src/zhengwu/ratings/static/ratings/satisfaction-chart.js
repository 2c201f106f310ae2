// 满意度: the monthly 好评率 of the year beside the year before, from the JSON the page carries
// (#satisfaction-data); the table above the chart has the same numbers.
// A file, not an inline script, so the Content-Security-Policy can refuse inline scripts.
(function () {
  var data = document.getElementById("satisfaction-data");
  var el = document.getElementById("chart-satisfaction");
  if (!window.echarts || !data || !el) return;
  var d = JSON.parse(data.textContent);
  var now = d.year + "年", before = (d.year - 1) + "年";
  echarts.init(el).setOption({
    tooltip: {trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; }},
    legend: {data: [now, before]},
    xAxis: {type: "category", data: d.months},
    yAxis: {type: "value", name: "好评率（%）", scale: true, max: 100},
    series: [
      {name: now, type: "line", data: d.rate, connectNulls: false, itemStyle: {color: "#b00020"}},
      {name: before, type: "line", data: d.last, lineStyle: {type: "dashed"}, itemStyle: {color: "#888"}}
    ]
  });
})();
