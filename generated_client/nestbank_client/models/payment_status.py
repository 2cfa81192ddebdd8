from enum import StrEnum


class PaymentStatus(StrEnum):
    ACCEPTED = "ACCEPTED"
    EXECUTED = "EXECUTED"
    REJECTED = "REJECTED"

    def __str__(self) -> str:
        return str(self.value)
