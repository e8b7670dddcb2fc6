"""Code outside a pure core reaches it only through its public faces.

A core's faces are its package (``credentials``) and each direct sub-package, its rooms
(``credentials.keys``, ``credentials.proofs`` ...). Importing deeper than a room
(``credentials.keys.multikey``), a top-level module that is not a face
(``credentials.verification``), or a module through a face (``from credentials.presentation
import linkedin``) couples the shell to how the core is laid out inside, which is what the
rooms are free to change. The core's own unit tests (``tests/unit/<core>*``) may import
internals; every other caller may not.

Written generically over `CORES_WITH_FACES`, like the purity check in ``test_architecture.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORES_WITH_FACES = ["credentials"]
OUTSIDE_CALLERS = [
    "service",
    "migrations",
    "tests/api",
    "tests/integration",
    "tests/e2e",
    "tests/interop",
    "tests/benchmarks",
    "tests/support",
]


def faces(core: Path) -> set[str]:
    """The dotted names a caller may import: the core package and its rooms.

    A room is a direct sub-package with modules of its own; a package that only holds data
    files next to its ``__init__.py`` (``credentials/schemas``) is not a face.
    """
    names = {core.name}
    names |= {
        f"{core.name}.{child.name}"
        for child in core.iterdir()
        if (child / "__init__.py").exists()
        and any(module.name != "__init__.py" for module in child.glob("*.py"))
    }
    return names


def _is_module_of(core: Path, dotted: str) -> bool:
    path = core.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def face_violations_in(path: Path, core: Path) -> list[str]:
    """Every import in ``path`` of ``core`` that does not go through one of its faces."""
    allowed = faces(core)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    problems: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module]
            if node.module in allowed:
                targets += [
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if f"{node.module}.{alias.name}" not in allowed
                    and _is_module_of(core, f"{node.module}.{alias.name}")
                ]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == core.name and target not in allowed:
                problems.append(f"{path}:{node.lineno} imports {target}")
    return problems


def face_violations(core_name: str, root: Path = ROOT) -> list[str]:
    core = root / core_name
    problems: list[str] = []
    for caller in OUTSIDE_CALLERS:
        for path in sorted((root / caller).rglob("*.py")):
            problems += [
                problem.replace(f"{root}/", "") for problem in face_violations_in(path, core)
            ]
    return problems


@pytest.mark.parametrize("core", CORES_WITH_FACES)
def test_outside_code_imports_the_core_only_through_its_faces(core: str) -> None:
    assert face_violations(core) == []


@pytest.mark.parametrize("core", CORES_WITH_FACES)
def test_every_face_declares_its_public_names(core: str) -> None:
    for face in sorted(faces(ROOT / core)):
        init = ROOT.joinpath(*face.split(".")) / "__init__.py"
        tree = ast.parse(init.read_text(encoding="utf-8"))
        declared = [
            node
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(
                isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
            )
        ]
        assert declared, f"{face} has no __all__"


def test_the_checker_catches_deep_non_face_and_through_face_imports(tmp_path: Path) -> None:
    core = tmp_path / "core"
    (core / "room").mkdir(parents=True)
    (core / "data").mkdir()
    for name in ["__init__.py", "flat.py", "room/__init__.py", "room/inner.py", "data/__init__.py"]:
        (core / name).write_text("")
    (tmp_path / "service").mkdir()
    caller = tmp_path / "service" / "caller.py"
    caller.write_text(
        "from core import thing\n"
        "from core.room import name\n"
        "from core.room.inner import deep\n"
        "from core.flat import hidden\n"
        "from core.room import inner\n"
        "import core.room.inner\n"
        "import core.room\n"
        "from core import data\n"
        "from corelike.x import y\n"
    )
    found = face_violations("core", tmp_path)
    assert found == [
        "service/caller.py:3 imports core.room.inner",
        "service/caller.py:4 imports core.flat",
        "service/caller.py:5 imports core.room.inner",
        "service/caller.py:6 imports core.room.inner",
        "service/caller.py:8 imports core.data",
    ]
