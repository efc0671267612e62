// Response: print a situation report and copy its WhatsApp text (no inline scripts under the CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
    return;
  }
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const box = document.getElementById(copy.dataset.copy);
    box.select();
    const done = () => { const note = document.querySelector("[data-copied]"); if (note) { note.hidden = false; } };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(box.value).then(done, () => { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  }
});
