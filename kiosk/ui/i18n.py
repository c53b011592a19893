"""The interface language: Qt translations of the Chinese source texts.

The screens are written in Simplified Chinese (the source language); `[ui] language = "en"` installs
`assets/translations/kiosk_en.qm` with a QTranslator before the window is built. Texts that come from the
core (level and reason names, the flow's and the terminal's messages) are translated when shown, in the
"Domain" context: `domain(text)`; kiosk/ui/domain_strings.py lists them for pyside6-lupdate.

Regenerate the translation files after changing a text (see assets/translations/README.md):

    .venv/bin/python -m kiosk.ui.i18n
"""

from __future__ import annotations

import ast
import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import TypeGuard

from kiosk.assets import asset_path
from kiosk.core.levels import LEVELS, level_name
from kiosk.core.questions import DEFAULT_QUESTIONS
from kiosk.core.reasons import NATIONAL_REASONS
from kiosk.ui.qt import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

TRANSLATIONS = asset_path("translations")
SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = (SOURCE_LANGUAGE, "en")
DOMAIN = "Domain"

_installed: dict[int, QTranslator] = {}  # per application: a reference, so the translator is not collected


def domain(text: str) -> str:
    """A text from the core (level, reason, flow or terminal message, built-in question) in the installed
    language."""
    return QCoreApplication.translate(DOMAIN, text) if text else text


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"kiosk_{language}.qm"


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Install the translation for `language` on `app` (replacing one installed before); True when one is
    installed. "zh_CN" (the source language) needs none: any earlier translator is removed, False."""
    remove_translator(app)
    if not language or language == SOURCE_LANGUAGE:
        return False
    translator = QTranslator(app)
    path = qm_path(language)
    if not translator.load(str(path)):
        log.error("no translation for %r (%s): the screens stay in Chinese", language, path)
        return False
    if not app.installTranslator(translator):
        log.error("translation %s could not be installed", path)
        return False
    _installed[id(app)] = translator
    log.info("interface language %s (%s)", language, path.name)
    return True


def remove_translator(app: QCoreApplication) -> None:
    """Back to the Chinese source texts."""
    translator = _installed.pop(id(app), None)
    if translator is not None:
        app.removeTranslator(translator)
        translator.deleteLater()


def installed_language(app: QCoreApplication) -> str:
    return "en" if id(app) in _installed else SOURCE_LANGUAGE


# --- regenerating the files (tooling; not used at run time) ---------------------------------------------------

UI_DIR = Path(__file__).resolve().parent
KIOSK_DIR = UI_DIR.parent
DOMAIN_STRINGS = UI_DIR / "domain_strings.py"


def ui_sources() -> list[Path]:
    """The modules whose texts lupdate extracts: the screens (kiosk/ui) and the demo's (kiosk/demo)."""
    return sorted([*UI_DIR.rglob("*.py"), *(KIOSK_DIR / "demo").rglob("*.py")])


def _chinese_message(value: object) -> TypeGuard[str]:
    """A text for the citizen: Chinese, without Latin letters (those are technical, for the log)."""
    return (
        isinstance(value, str)
        and any("\u4e00" <= ch <= "\u9fff" for ch in value)
        and not any("a" <= ch.lower() <= "z" for ch in value)
    )


def _scan(path: Path, *, constants: bool = False, rule_errors: bool = False, messages: bool = False) -> list[str]:
    """Chinese string literals in `path`: module constants, RuleError(...) first arguments, message=... values."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[object] = []
    if constants:
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                found.append(stmt.value.value)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if rule_errors and name == "RuleError" and node.args and isinstance(node.args[0], ast.Constant):
            found.append(node.args[0].value)
        if messages:
            found += [k.value.value for k in node.keywords if k.arg == "message" and isinstance(k.value, ast.Constant)]
    return [t for t in found if _chinese_message(t)]


def core_texts() -> dict[str, list[str]]:
    """Every text the core hands the screens, by group, in the core's order (no duplicates)."""
    core = KIOSK_DIR / "core"
    messages = _scan(KIOSK_DIR / "app" / "rate_later.py", constants=True, rule_errors=True)
    messages += _scan(core / "late.py", constants=True, rule_errors=True)
    for path in sorted(core.rglob("*.py")):
        messages += _scan(path, rule_errors=True, messages=True)
    groups = {
        "LEVEL_NAMES": [level_name(v) for v in LEVELS],
        "REASON_NAMES": [name for lvl in LEVELS for _, name in NATIONAL_REASONS[lvl]],
        "MESSAGES": messages,
        "QUESTIONS": [t for q in DEFAULT_QUESTIONS for t in (q.text, *q.phrases)],
    }
    seen: set[str] = set()
    for key, texts in groups.items():
        fresh = [t for t in dict.fromkeys(texts) if t not in seen]
        seen.update(fresh)
        groups[key] = fresh
    return groups


def domain_strings_source() -> str:
    """The text of kiosk/ui/domain_strings.py for the core as it is now."""
    out = [
        '"""Texts from the core, listed for pyside6-lupdate (context "Domain"); shown through i18n.domain().',
        "",
        "GENERATED by `python -m kiosk.ui.i18n` from kiosk.core.levels, kiosk.core.reasons, the flow's, the",
        "terminal's and the late-rating messages: do not edit; a unit test checks it is current.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from kiosk.ui.qt import QT_TRANSLATE_NOOP",
    ]
    for key, texts in core_texts().items():
        out += ["", f"{key} = ("]
        out += [f'    QT_TRANSLATE_NOOP("{DOMAIN}", {json.dumps(text, ensure_ascii=False)}),' for text in texts]
        out.append(")")
    out += ["", "ALL = (*LEVEL_NAMES, *REASON_NAMES, *MESSAGES, *QUESTIONS)", ""]
    return "\n".join(out)


def regenerate(languages: tuple[str, ...] = ("en",)) -> None:
    """domain_strings.py from the core, then pyside6-lupdate over kiosk/ui (new texts come in unfinished,
    vanished ones are dropped), then pyside6-lrelease to the .qm the app loads. Fill in the new
    <translation>s in the .ts and run it again."""
    DOMAIN_STRINGS.write_text(domain_strings_source(), encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    sources = [str(p.relative_to(Path.cwd())) for p in ui_sources()]
    for language in languages:
        ts = TRANSLATIONS / f"kiosk_{language}.ts"
        lupdate = [str(bin_dir / "pyside6-lupdate"), "-no-obsolete", "-locations", "none"]
        lupdate += ["-source-language", SOURCE_LANGUAGE, "-target-language", language]
        subprocess.run([*lupdate, *sources, "-ts", str(ts)], check=True)
        subprocess.run([str(bin_dir / "pyside6-lrelease"), str(ts), "-qm", str(qm_path(language))], check=True)


if __name__ == "__main__":
    regenerate()
