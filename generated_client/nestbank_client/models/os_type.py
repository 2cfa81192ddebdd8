from enum import StrEnum


class OsType(StrEnum):
    ALL = "ALL"
    ANDROID = "Android"
    IOS = "iOS"

    def __str__(self) -> str:
        return str(self.value)
