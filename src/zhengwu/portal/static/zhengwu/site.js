/* zhengwu: small enhancements of every page; each page works without them. */
(function () {
  "use strict";
  var TEXT_SIZE_COOKIE = "zw_text_size";

  // 返回上一页: back in the history (the form keeps what was typed) when there is one to go to;
  // otherwise the link's own address (the previous page we know of, or the site's home).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-history-back]");
    if (link && document.referrer && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // 大字版: switched in place, remembered by the same cookie the server reads without script.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("text-size")) return;
    var button = form.querySelector("button[name=size]");
    if (!button) return;
    event.preventDefault();
    var large = button.value === "large";
    var secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = TEXT_SIZE_COOKIE + "=" + (large ? "large; max-age=31536000" : "; max-age=0") +
      "; path=/; samesite=lax" + secure;
    document.documentElement.classList.toggle("large-text", large);
    button.setAttribute("aria-pressed", large ? "true" : "false");
    button.value = large ? "standard" : "large";
  });
})();
