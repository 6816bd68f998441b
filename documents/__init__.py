"""Case documents: files attached to a case, its assessment, plan or meetings, kept in
private storage, checked by content, scanned for viruses and served only through an
access-checked, audited view."""
