// The lead practitioner select, enhanced with the accessible autocomplete (alphagov):
// type part of a name, agency or zone to narrow the list, or open it with the arrow.
// The select stays in the form (hidden) and is what is submitted; without JavaScript,
// or if this file fails to load, the page keeps the plain select grouped by agency and
// zone. Loaded as a file: the Content Security Policy allows no inline script.
import "../build/accessible-autocomplete.min.js";

const { accessibleAutocomplete } = self;

function enhance(select) {
  const id = select.id;
  const describedBy = select.getAttribute("aria-describedby");
  const labelId = `${id}-label`;
  const textOf = (option) => option.textContent.trim();
  const options = () => Array.from(select.options).filter((option) => option.value);
  accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: "",
    showAllValues: true,
    dropdownArrow: () => "",
    autoselect: false,
    confirmOnBlur: true,
    displayMenu: "list",
    menuAttributes: { "aria-labelledby": labelId },
    tNoResults: () => "No lead practitioner matches: try part of a name, agency or zone",
    onConfirm: (chosen) => {
      // A person chosen from the list, or what is typed when it is a whole label; any
      // other text chooses nobody, so a stale choice is never submitted.
      const input = document.getElementById(id);
      const text = (chosen ?? (input ? input.value : "")).trim();
      const option = options().find((o) => textOf(o) === text);
      select.value = option ? option.value : "";
    },
  });
  const input = document.getElementById(id);
  if (input && describedBy) {
    // The hint and any error message, as the select had them.
    const own = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", own ? `${own} ${describedBy}` : describedBy);
  }
  if (input && select.classList.contains("govuk-select--error")) {
    input.classList.add("govuk-input--error");
  }
}

if (accessibleAutocomplete) {
  for (const select of document.querySelectorAll('select[data-module="app-lead-autocomplete"]')) {
    enhance(select);
  }
}
