"""Moved to nestbank_fuzz.settings; kept while bench/fuzz.py still imports it from here."""

from nestbank_fuzz.settings import PHASES

__all__ = ["PHASES"]
