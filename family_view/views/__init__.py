"""Pages of the family's section (`family`, `sign_in`) and the practitioner's tab
(`practitioner`)."""
