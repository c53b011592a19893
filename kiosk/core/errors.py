"""Errors shared across layers without import cycles."""


class StorageUnavailable(RuntimeError):
    """A rating could not be made durable; the citizen must not be thanked for it."""


class FlowError(RuntimeError):
    """An action that the pad's current state does not allow (e.g. an invitation already pending)."""

    def __init__(self, message: str, code: str = "conflict"):
        super().__init__(message)
        self.code = code
