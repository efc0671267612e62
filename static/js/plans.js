// Plans: the print button on quick-response cards (no inline scripts under the CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
