from enum import StrEnum


class AuthorizeApplicationResponseType(StrEnum):
    CODE = "code"

    def __str__(self) -> str:
        return str(self.value)
