"""Moved to nestbank_fuzz.runner; kept while bench/fuzz.py still imports it from here."""

from nestbank_fuzz.runner import execute

__all__ = ["execute"]
