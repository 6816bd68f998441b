"""The officer's pages, and the case history page for managers."""
