"""The seams of the design, read from the source: what may import what.

- An activity app (a kind) never imports ``classroom.views`` nor another activity app; outside
  its tests it uses only the kind interface (``classroom.kinds``) and the core's models.
- ``classroom`` (the core) never imports an activity app.
- The NumPy checker and the typed-number parser are pure: no Django.
- Selectors only read: no selectors module imports a services module.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ACTIVITY_APPS = ("discussions", "quizzes", "debates", "exercises", "feedback")
PURE_PACKAGES = ("exercises/checker", "typed_numbers")
# What a kind's own (non-test) code may use of the core.
KIND_MAY_USE = ("classroom.kinds", "classroom.models")


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line} imports {self.module}"


def _python_files(folder: Path) -> Iterator[Path]:
    yield from (p for p in folder.rglob("*.py") if "migrations" not in p.parts)


def _package_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imports_of(path: Path) -> Iterator[Import]:
    """Every module ``path`` imports, relative imports resolved to absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _package_of(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # "from classroom import views" imports classroom.views.
            names = [f"{module}.{alias.name}" for alias in node.names]
            yield Import(path, node.lineno, module)
            for name in names:
                yield Import(path, node.lineno, name)


def _is_test(path: Path) -> bool:
    return "tests" in path.relative_to(ROOT).parts or path.name == "conftest.py"


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def seam_breaches() -> list[str]:
    """One line per import statement and rule it breaks."""
    found: dict[tuple[Path, int, str], str] = {}

    def breach(imp: Import, rule: str) -> None:
        found.setdefault((imp.path, imp.line, rule), f"{imp}: {rule}")

    for app in ACTIVITY_APPS:
        for path in _python_files(ROOT / app):
            for imp in imports_of(path):
                if _under(imp.module, "classroom.views"):
                    breach(imp, "a kind never imports the core's views")
                for other in ACTIVITY_APPS:
                    if other != app and _under(imp.module, other):
                        breach(imp, "one activity app never imports another")
                if (
                    not _is_test(path)
                    and _under(imp.module, "classroom")
                    and imp.module != "classroom"
                    and not any(_under(imp.module, allowed) for allowed in KIND_MAY_USE)
                ):
                    breach(imp, "a kind uses classroom.kinds and classroom.models only")
    for path in _python_files(ROOT / "classroom"):
        for imp in imports_of(path):
            if any(_under(imp.module, app) for app in ACTIVITY_APPS):
                breach(imp, "the core never imports an activity app")
    for package in PURE_PACKAGES:
        for path in _python_files(ROOT / package):
            if _is_test(path):
                continue
            for imp in imports_of(path):
                if _under(imp.module, "django") or _under(imp.module, "classroom"):
                    breach(imp, f"{package} is pure Python")
    for path in ROOT.glob("*/selectors*"):
        files = _python_files(path) if path.is_dir() else [path]
        for file in files:
            for imp in imports_of(file):
                if imp.module.split(".")[-1] == "services" or ".services." in imp.module:
                    breach(imp, "selectors only read")
    return sorted(found.values())


def test_every_seam_holds():
    assert seam_breaches() == []


# The guard itself must catch each kind of breach: each case plants one in a scratch copy.


@pytest.fixture
def planted(monkeypatch, tmp_path):
    """Plant ``source`` at ``relative`` in a scratch tree holding copies of the real apps."""

    def plant(relative: str, source: str) -> list[str]:
        for folder in (*ACTIVITY_APPS, "classroom", "typed_numbers"):
            target = tmp_path / folder
            target.mkdir(parents=True, exist_ok=True)
            (target / "__init__.py").write_text("")
        (tmp_path / "exercises" / "checker").mkdir(exist_ok=True)
        file = tmp_path / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(source)
        monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
        return seam_breaches()

    return plant


@pytest.mark.parametrize(
    ("relative", "source", "said"),
    [
        ("quizzes/views.py", "from classroom.views.live import phone_context\n", "core's views"),
        ("debates/views.py", "from classroom.views import teach\n", "core's views"),
        ("quizzes/marking.py", "from exercises.checker import parse_number\n", "another"),
        ("exercises/tasks.py", "from ..quizzes import models\n", "another"),
        ("classroom/services.py", "import quizzes.services\n", "core never imports"),
        ("classroom/kinds.py", "from debates import models\n", "core never imports"),
        ("exercises/checker/key.py", "from django.db import models\n", "pure Python"),
        ("typed_numbers/__init__.py", "import django\n", "pure Python"),
        ("debates/selectors.py", "from .services.timers import timer_state\n", "only read"),
        ("quizzes/screens.py", "from classroom import identity\n", "classroom.kinds"),
    ],
)
def test_a_planted_breach_is_caught(planted, relative, source, said):
    breaches = planted(relative, source)
    assert breaches and all(b.startswith(relative) for b in breaches), breaches
    assert any(said in b for b in breaches), breaches


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("quizzes/views.py", "from classroom.kinds import phone_view\n"),
        ("debates/models.py", "from classroom.models import LiveSession\n"),
        ("quizzes/tests/test_x.py", "from classroom import services\n"),
        ("classroom/views.py", "from .kinds import registry\n"),
        ("exercises/checker/key.py", "import numpy\nfrom typed_numbers import parse_number\n"),
    ],
)
def test_what_the_design_allows_passes(planted, relative, source):
    assert planted(relative, source) == []
