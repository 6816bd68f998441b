// Writing a case note: choosing a sensitive category selects "only the people I name",
// the default the service applies anyway, so the page shows what will happen.
// Only when no visibility has been chosen yet: a choice the author made is kept.
for (const form of document.querySelectorAll('[data-module="app-note-visibility"]')) {
  const category = form.querySelector('select[name="sensitive_category"]');
  const restricted = form.querySelector('input[name="visibility"][value="restricted"]');
  const choices = form.querySelectorAll('input[name="visibility"]');
  if (!category || !restricted) continue;
  let chosenByAuthor = Array.from(choices).some((input) => input.checked);
  for (const input of choices) {
    input.addEventListener("change", () => {
      chosenByAuthor = true;
    });
  }
  category.addEventListener("change", () => {
    if (category.value && !chosenByAuthor) {
      restricted.checked = true;
    }
  });
}
