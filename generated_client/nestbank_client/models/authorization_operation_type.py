from enum import StrEnum


class AuthorizationOperationType(StrEnum):
    BLOCKADE = "BLOCKADE"
    PAYMENT = "PAYMENT"

    def __str__(self) -> str:
        return str(self.value)
