"""The device profile from the centre: roster, reason codes, questionnaire, hall, notices, setting and workday
overrides.

Validated first, then applied in ONE transaction (roster table + the rest as JSON in kv), so a restart
offline finds the last good profile. `load_cached_profile` reads it back.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.core.questions import QuestionSets
from kiosk.core.reasons import ReasonCatalog
from kiosk.core.staff import Staff
from kiosk.store.db import Store
from kiosk.store.roster import replace_roster

KV_PROFILE = "central.profile"
KV_ETAG = "central.profile_etag"
FOLLOW_UP = "badFollowUpText"  # the 差评 thanks screen's follow-up notice (optional; the pad has a default)
MAX_FOLLOW_UP = 100


class ProfileError(ValueError):
    """A profile that does not follow the documented shape; the cached one stays in force."""


def staff_from_profile(row: Any) -> Staff:
    if not isinstance(row, dict):
        raise ProfileError(f"staff entry is not an object: {row!r:.80}")
    try:
        stars = int(row["starLevel"] if "starLevel" in row else row.get("stars", 5))
    except (TypeError, ValueError) as exc:
        raise ProfileError(f"staff {row.get('id')!r}: starLevel must be an integer") from exc
    for k in ("id", "name", "pageCode"):
        if not isinstance(row.get(k), str) or not row[k].strip():
            raise ProfileError(f"staff entry lacks {k!r}: {row.get('id')!r}")
    if not 0 <= stars <= 5:
        raise ProfileError(f"staff {row['id']!r}: starLevel must be 0..5")
    return Staff(
        staffId=row["id"],
        name=row["name"],
        pageCode=row["pageCode"],
        dept=str(row.get("department", "") or ""),
        photo=str(row.get("photo", "") or ""),
        stars=stars,
    )


def validate_profile(profile: Any) -> tuple[dict, list[Staff]]:
    """Check the shape; returns the profile (normalised) and its roster, or raises ProfileError."""
    if not isinstance(profile, dict):
        raise ProfileError("profile is not a JSON object")
    staff_rows = profile.get("staff", [])
    if not isinstance(staff_rows, list):
        raise ProfileError("profile 'staff' must be a list")
    staff = [staff_from_profile(r) for r in staff_rows]
    if len({s.staffId for s in staff}) != len(staff):
        raise ProfileError("profile 'staff' has duplicate ids")
    reasons = profile.get("reasons")
    if reasons is not None:
        if not isinstance(reasons, list):
            raise ProfileError("profile 'reasons' must be a list of rows")
        try:
            ReasonCatalog.from_rows(reasons)
        except (ValueError, KeyError, TypeError) as exc:
            raise ProfileError(f"profile 'reasons' invalid: {exc}") from exc
    hall = profile.get("hall", {})
    if not isinstance(hall, dict) or not isinstance(hall.get("notices", []), list):
        raise ProfileError("profile 'hall' must be an object with a 'notices' list")
    if not isinstance(profile.get("settings", {}), dict):
        raise ProfileError("profile 'settings' must be an object")
    follow_up = profile.get(FOLLOW_UP, "")
    if not isinstance(follow_up, str) or len(follow_up) > MAX_FOLLOW_UP:
        raise ProfileError(f"profile {FOLLOW_UP!r} must be a text of at most {MAX_FOLLOW_UP} characters")
    workdays = profile.get("workdays")
    if workdays is not None and not (
        isinstance(workdays, dict) and all(isinstance(workdays.get(k, []), list) for k in ("holidays", "workdays"))
    ):
        raise ProfileError("profile 'workdays' must be {'holidays': [...], 'workdays': [...]}")
    try:
        QuestionSets.from_profile(profile)
    except ValueError as exc:
        raise ProfileError(f"profile 'questions' invalid: {exc}") from exc
    return profile, staff


def apply_profile(store: Store, profile: dict, etag: str | None) -> list[Staff]:
    """Validate and store atomically: the roster and the cached profile change together or not at all."""
    profile, staff = validate_profile(profile)
    replace_roster(store, staff, {KV_PROFILE: json.dumps(profile, ensure_ascii=False), KV_ETAG: etag or ""})
    return staff


def load_cached_profile(store: Store) -> dict | None:
    """The last profile applied, or None if the centre was never reached."""
    raw = store.get_kv(KV_PROFILE)
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def cached_etag(store: Store) -> str | None:
    return store.get_kv(KV_ETAG) or None


def follow_up_text(profile: dict | None) -> str:
    """The centre's 差评 follow-up notice, "" when it gives none (the pad shows its own, seed 001 第十二条)."""
    text = (profile or {}).get(FOLLOW_UP)
    return " ".join(text.split()) if isinstance(text, str) else ""


def reason_catalog(profile: dict | None) -> ReasonCatalog:
    """The reason list of a profile, or the national list when it carries none."""
    if profile and profile.get("reasons"):
        return ReasonCatalog.from_rows(profile["reasons"])
    return ReasonCatalog.national()
