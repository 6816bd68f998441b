// The public directory's pages: GOV.UK Frontend components only (Exit this page, header).
// Everything on these pages works without JavaScript too.
import { initAll } from "../govuk-frontend/govuk-frontend.min.js";

initAll();
