"""A staff member as shown on the staff card and bound to each rating."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Staff:
    """A staff member on the roster (names as in the provincial interface)."""

    staffId: str
    name: str
    pageCode: str  # 工号 (handleUserPageCode)
    dept: str = ""
    photo: str = ""  # base64 PNG/JPEG, a file path, or empty
    stars: int = 5  # star level shown on the card, 0..5

    def to_dict(self) -> dict:
        return asdict(self)
