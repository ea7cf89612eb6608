// Administrative dossier form: sections revealed by their box, rows removed in place, focus
// on a row added by htmx. Without this module every section shows and the buttons submit.

function revealSections() {
  for (const section of document.querySelectorAll("[data-shown-by]")) {
    const box = document.getElementById(section.dataset.shownBy);
    if (!box) continue;
    const update = () => {
      section.hidden = !box.checked;
    };
    box.addEventListener("change", update);
    update();
  }
}

function removeRow(button) {
  const prefix = button.dataset.removeRow;
  const row = document.getElementById(`${prefix}-row`);
  const marker = document.querySelector(`input[name="${prefix}-DELETE"]`);
  if (!row || !marker) return false;
  marker.value = "on";
  row.hidden = true;
  row.closest("fieldset[id^=section-]")?.querySelector("button[name=add]")?.focus();
  return true;
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-remove-row]");
  if (button && removeRow(button)) event.preventDefault();
});

document.addEventListener("htmx:afterSwap", (event) => {
  if (!event.detail.target.id?.startsWith("rows-")) return;
  const rows = event.detail.target.querySelectorAll("[data-row]");
  rows[rows.length - 1]?.querySelector("input, select, textarea")?.focus();
});

revealSections();
