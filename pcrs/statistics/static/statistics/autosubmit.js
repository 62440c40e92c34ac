// Submit a form marked data-autosubmit when one of its selects changes (no inline handlers: CSP).
document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
