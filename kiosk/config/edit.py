"""Changing a config file: typed values from text, merged into the TOML with its comments kept, checked by the one
schema before anything is written, then written atomically.

Used by `kiosk config set`, `kiosk pin set`, the first-boot wizard and the settings pages. `apply_changes` either
writes a file that loads (every error of the result at once otherwise, as `ConfigError`) or leaves the file as it
was, byte for byte: the new text goes to a temp file in the same directory (fsync), the previous file is kept as
`<name>.bak` (the same way; without the clear PIN when the change replaces one), then a rename puts the new one
in place and the directory is fsynced. A failure while writing raises `ConfigWriteError` (a `ConfigError`) with
the file untouched. Files are written 0640, owner and group kept from the previous file when the writer may
(root editing /etc/kiosk/kiosk.toml for the kiosk user).

tomlkit (style-preserving TOML) edits the document rather than re-rendering it, so the hall's comments and layout
survive an edit; the standard library only reads TOML.
"""

from __future__ import annotations

import logging
import os
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import Table

from kiosk.config import CLEAR_PIN, RENAMED, SCHEMA, Config, ConfigError, Key, check, is_secret, shown

__all__ = [
    "FILE_MODE",
    "SECRET_KEYS",
    "ConfigWriteError",
    "apply_changes",
    "check_changes",
    "format_value",
    "key_spec",
    "parse_value",
    "read_raw",
]

log = logging.getLogger(__name__)

FILE_MODE = 0o640  # the file may hold secrets: owner writes, the kiosk group reads, others nothing
SECRET_KEYS: frozenset[str] = frozenset(
    f"{section}.{name}" for section, keys in SCHEMA.items() for name, spec in keys.items() if spec.secret
)
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


class ConfigWriteError(ConfigError):
    """The new config could not be written (disk full, read-only, permissions); the old file is untouched."""


def key_spec(name: str, value: str | None = None) -> Key:
    """The schema's `Key` for `section.key`; ConfigError naming what is allowed when there is none."""
    section, _, key = name.partition(".")
    spec = SCHEMA.get(section, {}).get(key)
    if spec is not None:
        return spec
    where = name if value is None else f"{name} = {value!r}"
    if name == CLEAR_PIN:
        raise ConfigError([f"{name}: the PIN is stored only as its hash now; use `kiosk pin set`"], name)
    if name in RENAMED:
        raise ConfigError([f"{name}: renamed to {RENAMED[name]}; use that"], name)
    if section not in SCHEMA:
        raise ConfigError([f"{where}: unknown section {section!r} (allowed: {', '.join(SCHEMA)})"], name)
    raise ConfigError([f"{where}: unknown key (allowed in [{section}]: {', '.join(SCHEMA[section])})"], name)


def parse_value(key: str, text: str) -> Any:
    """The typed value of `section.key` from a command-line or text-field string.

    int: decimal digits; bool: true/false (yes/no, on/off, 1/0); str: the text as is; list: a TOML array such as
    `["a", "b"]` (or empty for none); table: a TOML inline table such as `{ A = 5, B = 1 }` (or empty). The key's
    own rule (allowed values, range, pattern) is applied too; the cross-key rules are `apply_changes`'s."""
    spec = key_spec(key, text)
    where = f"{key} = {shown(key, text)}"
    value: Any
    if spec.type is str:
        value = text
    elif spec.type is bool:
        low = text.strip().lower()
        if low not in _TRUE + _FALSE:
            raise ConfigError([f"{where}: must be true or false"], key)
        value = low in _TRUE
    elif spec.type is int:
        try:
            value = int(text.strip(), 10)
        except ValueError:
            raise ConfigError([f"{where}: must be an integer"], key) from None
    elif spec.type in (list, dict):
        empty: Any = [] if spec.type is list else {}
        example = '["text", "image.png"]' if spec.type is list else "{ A = 5, B = 3, C = 1 }"
        try:
            value = tomllib.loads(f"v = {text}")["v"] if text.strip() else empty
        except tomllib.TOMLDecodeError:
            value = None
        if not isinstance(value, spec.type):
            raise ConfigError(
                [f"{where}: must be a TOML {'array' if spec.type is list else 'inline table'}, e.g. {example}"], key
            )
    else:  # pragma: no cover - every schema type is one of the above
        raise ConfigError([f"{where}: cannot be set from text"], key)
    if spec.allowed and value not in spec.allowed:
        raise ConfigError([f"{where}: allowed values are {', '.join(repr(a) for a in spec.allowed)}"], key)
    if spec.check is not None and (what := spec.check(tuple(value) if isinstance(value, list) else value)):
        raise ConfigError([f"{where}: must be {what}"], key)
    return value


def format_value(key: str, value: Any, *, reveal: bool = False) -> str:
    """A value as `kiosk config get/show` print it: TOML syntax, a secret masked unless `reveal`."""
    if is_secret(key) and not reveal:
        return '"***"' if value else '""'
    return tomlkit.item(_plain(value)).as_string()


def read_raw(path: Path) -> tuple[bytes | None, tomlkit.TOMLDocument]:
    """The file's bytes (None when missing) and its parsed document; ConfigError when it is not TOML."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, tomlkit.document()
    except OSError as exc:
        raise ConfigError([f"cannot read {path}: {exc.strerror or exc}"], str(path)) from None
    try:
        return data, tomlkit.parse(data.decode("utf-8"))
    except (UnicodeDecodeError, tomlkit.exceptions.TOMLKitError) as exc:
        raise ConfigError([f"not valid TOML: {exc}"], str(path)) from None


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        table = tomlkit.inline_table()
        table.update({k: _plain(v) for k, v in value.items()})
        return table
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _merge(doc: tomlkit.TOMLDocument, changes: Mapping[str, Any]) -> None:
    for name, value in changes.items():
        section, _, key = name.partition(".")
        if section not in SCHEMA or key not in SCHEMA[section]:
            key_spec(name, "***" if is_secret(name) else str(value))  # raises, naming what is allowed
        table = doc.get(section)
        if not isinstance(table, Table | dict):
            if table is not None:
                raise ConfigError([f"[{section}]: must be a table, got {table!r}"], name)
            table = tomlkit.table()
            doc.add(section, table)
        for old, new in RENAMED.items():  # the old name of a key being set goes (else: "given twice")
            old_section, _, old_key = old.partition(".")
            holder = doc.get(old_section)
            if new == name and isinstance(holder, Table | dict) and old_key in holder:
                del holder[old_key]
        if value is None:  # back to the default
            if key in table:
                del table[key]
        else:
            table[key] = _plain(value)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes, owner: os.stat_result | None) -> None:
    """`data` into `path` by temp file + fsync + rename; the temp file is gone whatever fails."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)
            if owner is not None and (owner.st_uid, owner.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(fh.fileno(), owner.st_uid, owner.st_gid)
                except PermissionError:
                    pass  # not root: the file becomes the writer's, still 0640
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _merged(path: Path, changes: Mapping[str, Any], data_dir: str | Path | None):
    """The file's bytes (for the .bak), its values before, the new text and its Config."""
    old, doc = read_raw(path)
    ui = doc.get("ui")
    if isinstance(ui, Table | dict) and "technician_pin" in ui and "ui.technician_pin_hash" in changes:
        del ui["technician_pin"]  # `kiosk pin set` replaces the clear PIN, in the .bak too: it is gone for good
        old = tomlkit.dumps(doc).encode("utf-8")
    before = doc.unwrap()
    _merge(doc, changes)
    text = tomlkit.dumps(doc)
    return old, before, text, check(tomllib.loads(text), str(path), data_dir=data_dir)


def check_changes(path: Path, changes: Mapping[str, Any], *, data_dir: str | Path | None = None) -> Config:
    """What `apply_changes` would give, without writing anything (a wizard page checking its fields)."""
    return _merged(Path(path), changes, data_dir)[3]


def apply_changes(path: Path, changes: Mapping[str, Any], *, data_dir: str | Path | None = None) -> Config:
    """Merge `{"section.key": value}` (typed values; None = back to the default, the key removed) into the file,
    check the result with the schema and, only if it loads, write it atomically (module docstring). Creates the
    file when missing. Returns the new Config; ConfigError (every error at once) leaves the file untouched."""
    path = Path(path)
    if path.is_symlink():  # write where the link points (an image may link /etc/kiosk/kiosk.toml elsewhere)
        path = path.resolve()
    old, before, text, cfg = _merged(path, changes, data_dir)
    new = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        owner = path.stat() if old is not None else None
        if old is not None:
            _write_atomic(path.with_name(path.name + ".bak"), old, owner)
        _write_atomic(path, new, owner)
    except OSError as exc:
        raise ConfigWriteError(
            [f"cannot write {path}: {exc.strerror or exc}; the file is unchanged"], str(path)
        ) from None
    try:
        _fsync_dir(path.parent)  # the rename is done: a failure here only risks it on a power cut
    except OSError as exc:
        log.warning("config %s written, but its directory could not be synced: %s", path, exc)
    for name, value in changes.items():
        section, _, key = name.partition(".")
        olds = [(section, key)] + [tuple(o.split(".", 1)) for o, n in RENAMED.items() if n == name]
        was = next((before[s][k] for s, k in olds if isinstance(before.get(s), dict) and k in before[s]), None)
        if is_secret(name):
            log.info("config %s: %s %s (secret, value not logged)", path, name, "cleared" if not value else "set")
        else:
            log.info("config %s: %s = %s (was %s)", path, name, shown(name, value), shown(name, was))
    return cfg
