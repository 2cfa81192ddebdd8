"""Spec review for pull requests: lint, breaking-change report, rendered reference, summary.

Run it as ``python -m nestbank_review --base <git ref>`` (``make review BASE=<ref>``).
"""
