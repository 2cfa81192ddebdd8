"""Regenerates generated_client/ from the spec (openapi-python-client + our templates)."""
