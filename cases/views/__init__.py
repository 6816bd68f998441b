"""The browser face of cases: one module per screen family, all thin over services."""
