// bridge-match: small improvements when JavaScript runs; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // The needs list filters as you type (the form still submits without JavaScript).
  const search = document.querySelector('form[action="/"] input[name="q"]');
  const rows = document.querySelectorAll("table.needs tbody tr");
  if (search && rows.length) {
    search.addEventListener("input", () => {
      const wanted = search.value.trim().toLocaleLowerCase();
      rows.forEach((row) => {
        row.hidden = wanted !== "" && !row.textContent.toLocaleLowerCase().includes(wanted);
      });
    });
  }
  // A status change asks once before it is recorded for good (history is append-only).
  document.querySelectorAll("form.status-form").forEach((form) => {
    form.addEventListener("submit", (event) => {
      const choice = form.querySelector("select[name=to]");
      const label = choice ? choice.options[choice.selectedIndex].text : "";
      if (label && !window.confirm(`${label}?`)) event.preventDefault();
    });
  });
});
