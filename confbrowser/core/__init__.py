"""The headless core: parsing, library, index, search, annotations. No Qt here."""
