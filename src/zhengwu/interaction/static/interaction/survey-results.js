// 调查结果: one bar chart per choice question, from the JSON the page carries (#survey-results).
// A file, not an inline script, so the Content-Security-Policy can refuse inline scripts.
(function () {
  var data = document.getElementById("survey-results");
  if (!window.echarts || !data) return;
  JSON.parse(data.textContent).forEach(function (q) {
    var el = document.getElementById("chart-" + q.id);
    if (!el) return;
    echarts.init(el).setOption({
      tooltip: {}, grid: {left: 120, right: 20, top: 10, bottom: 20},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", data: q.choices.map(function (c) { return c.text; })},
      series: [{type: "bar", data: q.choices.map(function (c) { return c.count; })}]
    });
  });
})();
