// The project form's dates checked as they are typed: the chosen kind's planned dates are sent
// to POST /api/v1/trading/schedule-check and each violation (the rule, its article and the
// nearest lawful date) is shown beside the form. The form works the same without this script:
// the server checks the dates again when it is submitted.
(function () {
  "use strict";
  var form = document.getElementById("project-form");
  if (!form || !window.fetch) return;
  var kind = document.getElementById("p-kind");
  var method = document.getElementById("p-method");
  var box = document.getElementById("schedule-check");
  var groups = form.querySelectorAll("fieldset.dates");

  function chinese(day) {
    if (!day) return "";
    var p = day.split("-");
    return p[0] + "年" + Number(p[1]) + "月" + Number(p[2]) + "日";
  }

  function showKind() {
    for (var i = 0; i < groups.length; i++) {
      groups[i].hidden = !!kind.value && groups[i].getAttribute("data-kind") !== kind.value;
    }
  }

  function dates() {
    var out = {};
    var inputs = form.querySelectorAll('fieldset.dates[data-kind="' + kind.value + '"] input[data-date]');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value) out[inputs[i].getAttribute("data-date")] = inputs[i].value;
    }
    return out;
  }

  function say(items, ok) {
    box.textContent = "";
    if (ok) {
      var p = document.createElement("p");
      p.className = "msg";
      p.textContent = "计划日期符合交易期限规则。";
      box.appendChild(p);
      return;
    }
    var ul = document.createElement("ul");
    ul.className = "errorlist";
    items.forEach(function (v) {
      var li = document.createElement("li");
      var text = (v.rule ? v.rule + "：" : "") + v.message;
      if (v.earliest && !v.latest) text += "（最早可为" + chinese(v.earliest) + "）";
      if (v.level === "warn") text = "提示：" + text;
      li.textContent = text;
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function check() {
    showKind();
    var given = dates();
    if (!kind.value || !method.value || !Object.keys(given).length) {
      box.textContent = "";
      return;
    }
    fetch("/api/v1/trading/schedule-check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "omit",
      body: JSON.stringify({ kind: kind.value, method: method.value, dates: given })
    })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.violations) say(answer.violations, answer.ok && !answer.violations.length);
        else if (answer.message) say([{ rule: "", message: answer.message }], false);
      })
      .catch(function () { box.textContent = ""; });
  }

  form.addEventListener("change", function (e) {
    var t = e.target;
    if (t === kind || t === method || t.hasAttribute("data-date")) check();
  });
  showKind();
})();
