"""Every write of the family's section: the practitioner's invitations and withdrawals
(`access`), signing in by link and code (`sign_in`), and what the family does
(`family`)."""
