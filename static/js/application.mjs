// Starts GOV.UK Frontend and MOJ Frontend components on every page.
import { initAll as govukInitAll } from "../govuk-frontend/govuk-frontend.min.js";
import { initAll as mojInitAll } from "../moj/moj-frontend.min.js";

govukInitAll();
mojInitAll();
import "./session-timeout.mjs";
