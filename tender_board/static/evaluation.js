// The evaluation form: each score column's heading shows its criterion's name as it is typed
// (in the reader's language first). Without this script the heading follows on the next reload.
(function () {
  "use strict";
  var heads = document.querySelectorAll("th.criterion");
  function rename(index) {
    var head = heads[index];
    if (!head) { return; }
    var zh = document.getElementById("criteria-" + index + "-name_zh");
    var en = document.getElementById("criteria-" + index + "-name_en");
    var first = head.getAttribute("data-lang") === "en" ? [en, zh] : [zh, en];
    var name = first.map(function (input) { return input ? input.value.trim() : ""; }).filter(Boolean)[0];
    var span = head.querySelector(".name");
    if (!span.hasAttribute("data-default")) { span.setAttribute("data-default", span.textContent); }
    span.textContent = name || span.getAttribute("data-default");
  }
  Array.prototype.forEach.call(heads, function (head, index) {
    ["name_zh", "name_en"].forEach(function (key) {
      var input = document.getElementById("criteria-" + index + "-" + key);
      if (input) { input.addEventListener("input", function () { rename(index); }); }
    });
  });
}());
