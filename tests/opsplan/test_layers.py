"""The apps depend one way (pyproject.toml [tool.importlinter], checked by `make lint`). An import placed inside a
function is invisible to a reader of the module's head and is how a cycle hides: every such import of another app
is either the Django idiom of ``AppConfig.ready`` or one of the contract's listed, known edges."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
APPS = set(CONFIG["root_packages"])
KNOWN = {
    tuple(part.strip() for part in edge.split("->"))
    for contract in CONFIG["contracts"]
    for edge in contract.get("ignore_imports", [])
}


def _modules():
    for app in sorted(APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.name == "settings.py":
                continue
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"), path


def _function_imports(tree):
    """(line, imported module) of each import inside a function, except in an AppConfig's ready()."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name == "ready":
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.level == 0 and inner.module:
                yield inner.lineno, inner.module
            elif isinstance(inner, ast.Import):
                yield from ((inner.lineno, alias.name) for alias in inner.names)


def test_no_import_of_another_app_hides_in_a_function():
    hidden = []
    for module, path in _modules():
        app = module.split(".")[0]
        for line, imported in _function_imports(ast.parse(path.read_text())):
            target = imported.split(".")[0]
            if target in APPS and target != app and (module, imported) not in KNOWN:
                hidden.append(f"{path.relative_to(ROOT)}:{line}: {imported}")
    assert hidden == [], "imports of another app inside functions (move them to the top, or fix the layering)"


def test_the_contract_covers_every_app():
    on_disk = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"core"}
    assert on_disk <= APPS
    layered = {
        name.strip()
        for contract in CONFIG["contracts"]
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for name in layer.split("|")
    }
    assert layered == APPS
