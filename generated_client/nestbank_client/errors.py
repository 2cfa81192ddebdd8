"""Contains shared errors types that can be raised from API functions"""

from ._root import NestBankError


class UnexpectedStatus(NestBankError):
    """Raised by *_detailed functions for a status the spec does not document, when
    Client.raise_on_unexpected_status is True. A `NestBankError` like every error of the client."""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


__all__ = ["UnexpectedStatus"]
