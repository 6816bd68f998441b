"""The browser face of reporting."""
