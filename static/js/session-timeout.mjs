// The session timeout warning: a modal dialog shown SESSION_IDLE_WARNING seconds before
// the server ends an idle session (identity/timeouts.py). "Stay signed in" (or Escape)
// counts as activity; doing nothing submits the sign-out form when time is up. Before
// warning, the page asks the server how long is left, so work in another tab counts.
// A file, not inline script: the Content Security Policy forbids inline code.

const root = document.querySelector('[data-module="app-session-timeout"]');
const dialog = document.getElementById("session-timeout");

function words(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(" ");
}

if (root && dialog && typeof dialog.showModal === "function") {
  const warningMs = Number(root.dataset.warningSeconds) * 1000;
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announcement = dialog.querySelector("[data-timeout-announcement]");
  const stayButton = dialog.querySelector("[data-timeout-stay]");
  const expiredForm = dialog.querySelector("[data-timeout-expired]");
  const csrfToken = expiredForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  let deadline = Date.now() + Number(root.dataset.secondsLeft) * 1000;
  let warnTimer = null;
  let tickTimer = null;
  let returnFocus = null;
  let lastAnnounced = null;

  const readStatus = async (url, options) => {
    const response = await fetch(url, { credentials: "same-origin", ...options });
    if (!response.ok) throw new Error(`session status ${response.status}`);
    const status = await response.json();
    deadline = Date.now() + status.seconds_left * 1000;
    return status;
  };

  const schedule = () => {
    clearTimeout(warnTimer);
    warnTimer = setTimeout(check, Math.max(0, deadline - warningMs - Date.now()));
  };

  const expire = () => {
    clearTimeout(tickTimer);
    expiredForm.submit();
  };

  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    countdown.textContent = words(left);
    if (left <= 0) {
      expire();
      return;
    }
    if (lastAnnounced === null || left % 30 === 0 || left === 10) {
      announcement.textContent = `You will be signed out in ${words(left)}.`;
      lastAnnounced = left;
    }
    tickTimer = setTimeout(tick, 1000);
  };

  const open = () => {
    returnFocus = document.activeElement;
    lastAnnounced = null;
    dialog.showModal();
    stayButton.focus();
    tick();
  };

  async function check() {
    try {
      await readStatus(root.dataset.statusUrl, { headers: { Accept: "application/json" } });
    } catch (error) {
      // Keep the deadline we had: the server ends the session whatever the page thinks.
    }
    if (deadline - Date.now() > warningMs + 1000) {
      schedule();
    } else {
      open();
    }
  }

  const stay = async () => {
    clearTimeout(tickTimer);
    try {
      await readStatus(root.dataset.keepAliveUrl, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      });
    } catch (error) {
      expire();
      return;
    }
    dialog.close();
    announcement.textContent = "";
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
    schedule();
  };

  stayButton.addEventListener("click", stay);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  schedule();
}
