// Passkeys (WebAuthn) on the forms marked data-module="app-passkey".
//
// The server puts the ceremony's options in the page as JSON (a json_script block, data
// the Content Security Policy does not run) and keeps its challenge. When the person
// presses the form's passkey button, this asks the browser to make a passkey
// (data-passkey-ceremony="create") or to use one ("get"), writes the browser's answer as
// JSON into the form's hidden "credential" field and sends the form as usual: the server
// checks the answer and shows the next page, or a GOV.UK error.
//
// Progressive enhancement: the passkey buttons and sections are `hidden` in the HTML and
// shown only when the browser has WebAuthn (window.PublicKeyCredential); until then,
// [data-passkey-unsupported] messages say so and the code from the app still works.

const supported =
  typeof window.PublicKeyCredential === "function" &&
  typeof navigator.credentials?.create === "function";

function toBuffer(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)).buffer;
}

function toBase64url(buffer) {
  if (!buffer) return null;
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function descriptors(list) {
  return (list || []).map((item) => ({ ...item, id: toBuffer(item.id) }));
}

function creationOptions(options) {
  return {
    ...options,
    challenge: toBuffer(options.challenge),
    user: { ...options.user, id: toBuffer(options.user.id) },
    excludeCredentials: descriptors(options.excludeCredentials),
  };
}

function requestOptions(options) {
  return {
    ...options,
    challenge: toBuffer(options.challenge),
    allowCredentials: descriptors(options.allowCredentials),
  };
}

// The answer in the JSON shape py_webauthn reads (WebAuthn's own toJSON(), written out
// so that browsers without it give the same).
function answerJSON(credential) {
  const { response } = credential;
  const answer = {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? null,
    clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
    response: { clientDataJSON: toBase64url(response.clientDataJSON) },
  };
  if (response.attestationObject) {
    answer.response.attestationObject = toBase64url(response.attestationObject);
    answer.response.transports = response.getTransports?.() ?? [];
  } else {
    answer.response.authenticatorData = toBase64url(response.authenticatorData);
    answer.response.signature = toBase64url(response.signature);
    answer.response.userHandle = toBase64url(response.userHandle);
  }
  return JSON.stringify(answer);
}

function problem(error, ceremony) {
  if (error?.name === "InvalidStateError" && ceremony === "create") {
    return "This passkey has been added already. Use a different one";
  }
  if (error?.name === "NotAllowedError" || error?.name === "AbortError") {
    return ceremony === "create"
      ? "The passkey was not made. Try again, or use a different passkey"
      : "Your passkey was not used. Try again, or enter a security code";
  }
  return ceremony === "create"
    ? "This browser could not make a passkey. Try again, or use a different passkey"
    : "This browser could not use a passkey. Try again, or enter a security code";
}

function showProblem(message) {
  const summary = document.querySelector("[data-passkey-error]");
  if (!summary) return;
  summary.querySelector("[data-passkey-error-text]").textContent = message;
  summary.hidden = false;
  if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  summary.focus();
}

function enhance(form) {
  const source = document.getElementById(form.dataset.passkeyOptions);
  const field = form.querySelector('input[name="credential"]');
  const ceremony = form.dataset.passkeyCeremony;
  if (!source || !field) return;
  const options = JSON.parse(source.textContent);
  let busy = false;

  form.addEventListener("submit", async (event) => {
    const trigger = event.submitter;
    if (!trigger || !trigger.hasAttribute("data-passkey-trigger")) return;
    // Creating: an empty name goes to the server, which says so beside the field.
    const name = form.querySelector('input[name="name"]');
    if (ceremony === "create" && name && !name.value.trim()) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    trigger.setAttribute("aria-disabled", "true");
    try {
      const credential =
        ceremony === "create"
          ? await navigator.credentials.create({ publicKey: creationOptions(options) })
          : await navigator.credentials.get({ publicKey: requestOptions(options) });
      field.value = answerJSON(credential);
      form.submit();
    } catch (error) {
      showProblem(problem(error, ceremony));
      trigger.removeAttribute("aria-disabled");
      busy = false;
    }
  });
}

if (supported) {
  for (const element of document.querySelectorAll("[data-passkey-section], [data-passkey-trigger]")) {
    element.hidden = false;
  }
  for (const element of document.querySelectorAll("[data-passkey-unsupported]")) {
    element.hidden = true;
  }
  for (const form of document.querySelectorAll('[data-module="app-passkey"]')) {
    enhance(form);
  }
}
