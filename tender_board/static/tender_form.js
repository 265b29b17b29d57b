// The tender form, a little quicker: the time zone list puts the chosen country's zones first
// (and picks its first one), and the rule profile follows the category until the manager picks
// one. Without this script nothing is lost: the server orders the zones on every reload.
(function () {
  "use strict";
  var country = document.getElementById("country");
  var zone = document.getElementById("timezone");
  var category = document.getElementById("category");
  var profile = document.getElementById("rule_profile");

  function followCountry() {
    var groups = zone.getElementsByTagName("optgroup");
    if (groups.length !== 2) { return; }
    var option = country.options[country.selectedIndex];
    var wanted = (option.getAttribute("data-zones") || "").split(" ").filter(Boolean);
    if (!wanted.length) { return; }
    var every = [];
    Array.prototype.forEach.call(zone.options, function (o) { every.push(o.value); });
    every.sort();
    groups[0].label = zone.getAttribute("data-group-label").replace("{country}", option.text.replace(/ \(\w\w\)$/, ""));
    groups[0].textContent = "";
    groups[1].textContent = "";
    wanted.forEach(function (name) { groups[0].appendChild(new Option(name, name)); });
    every.forEach(function (name) {
      if (wanted.indexOf(name) < 0) { groups[1].appendChild(new Option(name, name)); }
    });
    zone.value = wanted[0];
  }

  if (country && zone) { country.addEventListener("change", followCountry); }
  if (category && profile) {
    var picked = false;
    profile.addEventListener("change", function () { picked = true; });
    category.addEventListener("change", function () {
      if (!picked) { profile.value = category.value === "overseas" ? "overseas" : "cn-works"; }
    });
  }
}());
