"""The one error type the review raises for bad input; the CLI prints it without a traceback."""


class ReviewError(Exception):
    """A problem with the review's input (git ref, spec file, acknowledgement file, tools)."""
