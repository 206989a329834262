"""Domain errors: expected problems with a message fit to show the user."""


class DomainError(Exception):
    """A refused action. ``message`` is translatable and shown to the user as is."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
