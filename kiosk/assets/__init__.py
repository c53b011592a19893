"""The package's own files: images, translations and voice prompts, found wherever kiosk is installed."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def asset_path(*parts: str) -> Path:
    """The file or folder `parts` under kiosk/assets (an installed wheel or a checkout alike)."""
    return Path(str(files(__name__).joinpath(*parts)))
