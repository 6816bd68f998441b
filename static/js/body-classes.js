// Marks the page as JavaScript-enabled before it paints, as GOV.UK Frontend expects.
// A file rather than an inline script: the Content Security Policy forbids inline code.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
