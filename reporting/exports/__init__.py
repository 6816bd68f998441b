"""Background exports: case audit PDFs, board packs, meeting records, returns."""
