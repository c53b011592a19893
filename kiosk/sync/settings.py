"""Settings of the link to the provincial 好差评 centre (the lead maps the TOML config onto them)."""

from __future__ import annotations

from dataclasses import dataclass

SIGNERS = ("hmac-sha256", "hmac-sm3")
PROTOCOLS = ("kiosk-json", "envelope-sm2", "url-form-sm2")


@dataclass(frozen=True)
class CentralSettings:
    url: str  # e.g. https://hcp.example.gov.cn (no trailing /hcp/v1)
    app_mark: str
    app_secret: str
    device_id: str
    interval_seconds: float = 60.0  # the slow schedule: a drain attempt at least this often
    batch_size: int = 200
    timeout_s: float = 10.0  # per request (connect and read)
    signer: str = "hmac-sha256"  # or "hmac-sm3" (国密)
    ca_file: str = ""  # PEM bundle of a private CA; empty = the system/certifi bundle
    verify_tls: bool = True  # False is refused unless demo=True
    demo: bool = False
    pii_retention_days: int = 7
    backoff_base_s: float = 2.0  # exponential backoff with full jitter: uniform(0, min(cap, base * 2**n))
    backoff_cap_s: float = 600.0
    profile_interval_s: float = 600.0
    heartbeat_interval_s: float = 60.0
    purge_interval_s: float = 86400.0
    clock_warn_s: float = 60.0  # |server - local| above this is warned about
    protocol: str = "kiosk-json"  # see kiosk/sync/protocols/
    app_word: str = ""  # the provincial protocols' secret (appWord), sent SM2-encrypted in `sign`
    platform_public_key: str = ""  # the province's SM2 public key, 128 hex digits x ‖ y
    area_code: str = ""  # device.area_code: C-Tenancy-Id, and the areaCode of a case that has none

    def __post_init__(self) -> None:
        if not self.url or not self.url.startswith(("http://", "https://")):
            raise ValueError(f"central url must start with http:// or https://, got {self.url!r}")
        if self.protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {', '.join(PROTOCOLS)}, got {self.protocol!r}")
        if not self.app_mark:
            raise ValueError("central app_mark is required")
        if self.protocol == "kiosk-json" and not self.app_secret:
            raise ValueError("central app_mark and app_secret are required")
        if self.protocol != "kiosk-json":
            from kiosk.sync.protocols.sm2 import Sm2Error, parse_public_key

            if not self.app_word:
                raise ValueError(f"central app_word is required with protocol {self.protocol}")
            try:
                parse_public_key(self.platform_public_key)
            except Sm2Error as exc:
                raise ValueError(f"central platform_public_key: {exc}") from None
        if not self.device_id or "/" in self.device_id:
            raise ValueError(f"device_id is required and must not contain '/', got {self.device_id!r}")
        if self.signer not in SIGNERS:
            raise ValueError(f"signer must be one of {', '.join(SIGNERS)}, got {self.signer!r}")
        if not self.verify_tls and not self.demo:
            raise ValueError(
                "refusing to turn TLS verification off outside demo mode: use ca_file for a private CA instead"
            )
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.timeout_s <= 0 or self.interval_seconds <= 0:
            raise ValueError("timeout_s and interval_seconds must be positive")
        if self.backoff_base_s < 0 or self.backoff_cap_s < 0:
            raise ValueError("backoff_base_s and backoff_cap_s must not be negative")
        if self.pii_retention_days < 0:
            raise ValueError("pii_retention_days must not be negative")

    @property
    def base_url(self) -> str:
        return self.url.rstrip("/")

    @property
    def tls_verify(self) -> bool | str:
        """The `verify` argument for requests."""
        if not self.verify_tls:
            return False
        return self.ca_file or True
