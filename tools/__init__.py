"""Helpers of the toolkit's own CI and lint (not shipped in any wheel)."""
