"""Forms of the cases pages, one module per screen family. Errors in the GOV.UK voice."""
