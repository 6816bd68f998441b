// "Print this page" buttons: shown only when JavaScript can print.
for (const button of document.querySelectorAll("[data-module='app-print']")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
