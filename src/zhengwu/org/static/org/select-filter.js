/* Type-to-search for a long <select data-filter="…">, e.g. the 受理机关 picker
   (org/templatetags/agencies.py). A search box is put before the select; typing hides the
   options whose name (or group: 州本级, 吉首市 …) does not contain every word typed, and a lone
   match is chosen. Without JavaScript the grouped select works as it is. */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function enhance(select) {
    if (select.dataset.filterReady) return;
    select.dataset.filterReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.id = select.id + "-filter";
    box.className = "select-filter";
    box.autocomplete = "off";
    box.placeholder = select.dataset.filter;
    box.setAttribute("aria-label", select.dataset.filter);
    box.setAttribute("aria-controls", select.id);
    var count = document.createElement("span");
    count.className = "muted";
    count.id = select.id + "-filter-count";
    count.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(count, select);

    box.addEventListener("input", function () {
      var wanted = words(box.value);
      var shown = [];
      Array.prototype.forEach.call(select.options, function (option) {
        var group = option.parentNode;
        if (group.tagName !== "OPTGROUP") return; // 请选择, 全部 … stay
        var text = (group.label + " " + option.text).toLowerCase();
        var match = wanted.every(function (w) { return text.indexOf(w) >= 0; });
        option.hidden = !match;
        if (match) shown.push(option);
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
      });
      if (wanted.length && shown.length === 1) shown[0].selected = true;
      count.textContent = !wanted.length ? "" : shown.length
        ? "找到" + shown.length + "个" + (shown.length === 1 ? "，已选中" : "")
        : "没有名称含“" + box.value.trim() + "”的单位";
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-filter]"), enhance);
})();
