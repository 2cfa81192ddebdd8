"""Stateful sandbox of the Nest Bank partner API, driven by `spec/nestbank.yaml`."""
