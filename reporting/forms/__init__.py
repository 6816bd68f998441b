"""Forms of the reporting pages."""
