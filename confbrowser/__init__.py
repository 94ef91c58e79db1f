"""confbrowser: browse, search and annotate conference talk notes."""

__version__ = "0.1.0"
