from enum import StrEnum


class AuthorizeApplicationScope(StrEnum):
    OPEN_API = "open-api"

    def __str__(self) -> str:
        return str(self.value)
