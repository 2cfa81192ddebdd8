from enum import StrEnum


class AuthorizationStatus(StrEnum):
    AUTHORIZED = "AUTHORIZED"
    PENDING = "PENDING"

    def __str__(self) -> str:
        return str(self.value)
