"""What a partnership configures for itself, without a developer: the figures the
scorecard cannot compute (child population, families-in-need estimates, social care
figures, lead practitioner training), the case file audit framework, the partnership
pledges and maturity strands, and the Supporting Families claim rules.

Administrators change them in the administration pages (reporting/admin_config.py) or
load population and estimate figures from CSV (`manage.py import_reference_figures`).
Every change goes through services.py: validated, audited in the chain, and tracked
field by field by pghistory, so "who changed what, when" has an answer.
"""
