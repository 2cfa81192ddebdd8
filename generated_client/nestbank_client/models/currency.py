from enum import StrEnum


class Currency(StrEnum):
    PLN = "PLN"

    def __str__(self) -> str:
        return str(self.value)
