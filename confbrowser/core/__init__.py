"""The headless core: notes → index → search → render, plus annotations. No Qt here."""
