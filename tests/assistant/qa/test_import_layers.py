"""assistant/qa/ imports one way: no import circles, and each layer only imports those below.

Every import statement counts, also one under `if TYPE_CHECKING:` or inside a function:
such a circle still ties the modules together, it only hides from the interpreter. The
layers, lowest first: the shared types (`query`, `plan`), `knowledge/` (what the catalog
says), `reading/` (what the message means), `answering/` (the reply), then `engine` and
the package's `__init__`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import assistant.qa

PACKAGE = Path(assistant.qa.__file__).parent
ROOT = "assistant.qa"
LAYERS = {  # module or subpackage -> layer; a module may import its own layer or lower ones
    "assistant.qa.query": 0,
    "assistant.qa.plan": 0,
    "assistant.qa.need": 0,
    "assistant.qa.knowledge": 1,
    "assistant.qa.reading": 2,
    "assistant.qa.answering": 3,
    "assistant.qa.engine": 4,
    "assistant.qa": 5,
}


def package_modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Dotted name -> file of every module under the package (a package is its __init__)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        out[".".join((ROOT, *(p for p in parts if p != "__init__")))] = path
    return out


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules this module imports, wherever the import statement stands."""
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            for a in node.names:  # `from pkg import submodule` imports the submodule
                out.add(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base)
    return {m for m in out if m in known and m != name}


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    known = package_modules(package)
    return {name: imported(name, path, known) for name, path in known.items()}


def layer(module: str) -> int:
    best = max((k for k in LAYERS if module == k or module.startswith(k + ".")), key=len)
    return LAYERS[best]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others."""
    reach = {m: _reachable(graph, m) for m in graph}
    groups = {tuple(sorted(n for n in reach[m] if m in reach[n])) for m in graph if m in reach[m]}
    return sorted(list(g) for g in groups)


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph[m])
    return seen


def test_no_import_circle() -> None:
    found = circles(import_graph())
    assert not found, ("import circles in assistant/qa (move what both sides need into a "
                       "module of a lower layer, such as query.py or plan.py):\n"
                       + "\n".join(" <-> ".join(c) for c in found))


def test_layers_import_downwards() -> None:
    upward = [f"{m} (layer {layer(m)}) imports {d} (layer {layer(d)})"
              for m, deps in sorted(import_graph().items()) for d in sorted(deps)
              if layer(d) > layer(m)]
    assert not upward, "imports against the layers (see LAYERS):\n" + "\n".join(upward)


def test_old_flat_module_paths_still_import() -> None:
    import importlib

    for old, new in assistant.qa.MOVED_MODULES.items():
        module = importlib.import_module(f"assistant.qa.{old}")
        assert module is importlib.import_module(f"assistant.qa.{new}"), old
        assert getattr(assistant.qa, old) is module, old  # `import assistant.qa.facts` works
