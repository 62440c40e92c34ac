// The pledge form: sections by capability type, equipment lines, organization totals.
// A static file, not an inline script: the Content-Security-Policy allows only these.
(function () {
  // A form sent back with errors: the summary takes the focus, so that a screen reader reads
  // it and a keyboard user starts from its links to the fields (WCAG 3.3.1). On "load": after
  // the browser has moved to a #fragment the address may still carry (the skip link's).
  var summary = document.querySelector(".error-summary");
  if (summary) window.addEventListener("load", function () { summary.focus(); });

  // Show the sections that apply to the chosen capability type (units or individuals).
  var individual = JSON.parse(document.getElementById("individual-types").textContent);
  var select = document.getElementById("id_capability_type");
  function toggle() {
    var value = parseInt(select.value, 10);
    var chosen = !isNaN(value);
    var isIndividual = individual.indexOf(value) !== -1;
    document.querySelectorAll("[data-for]").forEach(function (el) {
      var forUnit = el.getAttribute("data-for") === "unit";
      el.hidden = chosen && (forUnit === isIndividual);
    });
  }
  if (select) { select.addEventListener("change", toggle); toggle(); }

  // "Add an equipment line": clone Django's empty form, numbering it after the others.
  var add = document.getElementById("add-equipment");
  var total = document.getElementById("id_equipment-TOTAL_FORMS");
  var template = document.getElementById("equipment-empty");
  if (add && total && template) {
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, index);
      document.getElementById("equipment-rows").insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      document.getElementById("id_equipment-" + index + "-item").focus();
    });
  }

  // Running totals of the Table of Organization, to compare with the personnel figures.
  function sum(kind) {
    var n = 0;
    document.querySelectorAll("input[name^='org-'][name$='-" + kind + "']").forEach(function (i) {
      n += parseInt(i.value, 10) || 0;
    });
    return n;
  }
  function totals() {
    document.getElementById("org-men-total").textContent = sum("men");
    document.getElementById("org-women-total").textContent = sum("women") + " (total " + (sum("men") + sum("women")) + ")";
  }
  document.querySelectorAll("input[name^='org-']").forEach(function (i) { i.addEventListener("input", totals); });
  totals();
})();
