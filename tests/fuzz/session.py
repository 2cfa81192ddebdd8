"""Moved to nestbank_fuzz.session; kept while bench/fuzz.py still imports it from here."""

from nestbank_fuzz.session import open_session

__all__ = ["open_session"]
