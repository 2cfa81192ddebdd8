from enum import StrEnum


class ApplicationStatus(StrEnum):
    BETA = "BETA"
    PUBLIC = "PUBLIC"
    SANDBOX = "SANDBOX"

    def __str__(self) -> str:
        return str(self.value)
