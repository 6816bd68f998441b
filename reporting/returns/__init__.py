"""Inspection lists, data returns and standard exports (../shared/domain/DATA-RETURNS.md).

- annex_a: Ofsted ILACS Annex A List 1 (contacts) and List 2 (early help);
- ssd: the Standard Safeguarding Dataset tables for the council's warehouse;
- cin: Children in Need census fields of section 17 Family Help episodes;
- families_first: Supporting Families / Families First progress per quarter and the
  identifiers file for the national impact study's data linking;
- data_quality: children whose record would give a blank or an unknown in a return;
- exports: these as background export jobs (private, expiring, audited files).

Every builder reads codes stored at the source (cases/codes.py) and takes the cases it
covers as a queryset: the requester's `visible_cases`, or every case for the
command-line tools, which a system administrator runs on the server.
"""
