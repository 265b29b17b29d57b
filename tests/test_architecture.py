"""The shape of the code, checked: features depend on each other one way, nothing imports in a
circle, one transaction helper commits, and every kind of notice is in the registry.

The layers, bottom first (a module may import its own layer and those below, never above):
shared base modules; accounts; tenders (the model and the lifecycle table); search; notices
(the registry, drafting, approval) and the ledger they are appended to; bids (the kinds that
carry bids, evaluation); documents; then what reads them all: the public pages, feeds, API and
the staff workspace; and the app itself.
"""

import ast
from pathlib import Path

import pytest

import tender_board
from tender_board.notices.models import NoticeKind
from tender_board.notices.registry import kind_of, registered

PACKAGE = Path(tender_board.__file__).resolve().parent
ROOT = "tender_board"

LAYERS = [
    ("base", {"config", "extensions", "columns", "errors", "errors_web", "validation", "clock", "times",
              "i18n", "counters", "rendered", "database", "lru", "security", "transaction", "forms",
              "inbound", "urls", "routing", "security_log", "names"}),
    ("auth", {"auth"}),
    ("tenders", {"tenders"}),
    ("search", {"search"}),
    ("notices", {"notices", "ledger"}),  # publication appends to the ledger; its check reads notices
    ("bids", {"bids"}),
    ("documents", {"documents"}),
    ("pages", {"public", "feeds", "alerts", "calendars", "api", "ocds", "oversight", "manage", "templating"}),
    ("app", {"", "models", "demo", "demo_oversight", "demo_pdf", "synthetic", "cli", "backup"}),
]


def module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = (ROOT, *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


MODULES = module_names()


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def imported(name: str) -> set[str]:
    """Every module of the package that `name` imports, at the top or inside a function, and the
    packages whose __init__ Python runs on the way (other than its own and the root's)."""
    here = name if is_package(name) else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
            source = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
            for alias in node.names:
                targets.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source)
    found = {t for t in targets if t in MODULES}
    for target in list(found):
        parts = target.split(".")
        for depth in range(2, len(parts)):
            package = ".".join(parts[:depth])
            if not (name == package or name.startswith(package + ".")):
                found.add(package)
    found.discard(name)
    return found


GRAPH = {name: imported(name) for name in MODULES}


def layer(name: str) -> int:
    feature = name.split(".")[1] if "." in name else ""
    for rank, (_, members) in enumerate(LAYERS):
        if feature in members:
            return rank
    raise AssertionError(f"{name} is in no layer: add {feature!r} to LAYERS in {__file__}")


def test_every_module_is_in_a_layer():
    for name in MODULES:
        layer(name)


def test_no_feature_imports_one_above_it():
    upward = sorted(f"{source} ({LAYERS[layer(source)][0]}) imports {target} ({LAYERS[layer(target)][0]})"
                    for source, targets in GRAPH.items() for target in targets if layer(target) > layer(source))
    assert not upward, "\n".join(upward)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for following in sorted(graph[node]):
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in on_stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_nothing_imports_in_a_circle():
    assert cycles(GRAPH) == []


def test_the_walk_sees_imports_inside_functions_and_finds_circles():
    """The checks above can fail: an import hidden in a function counts, and so does a circle."""
    source = ast.parse("def f():\n    from .models import Tender\n")
    assert any(isinstance(n, ast.ImportFrom) for n in ast.walk(source))
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert cycles({"a": {"a"}}) == [["a"]]
    assert "tender_board.tenders.models" in GRAPH["tender_board.tenders.operations"]
    assert "tender_board.notices" in GRAPH["tender_board.bids.kinds.opening"]  # a package's __init__ runs


# --- one transaction boundary ------------------------------------------------------------------

VIEW_DECORATORS = {"route", "get", "post", "patch", "put", "delete", "command"}


def views() -> list[tuple[str, ast.FunctionDef]]:
    """Every function that answers a request or runs as a CLI command."""
    found = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in VIEW_DECORATORS
                    for d in node.decorator_list):
                found.append((name, node))
    return found


def test_no_view_or_command_commits_rolls_back_or_catches_a_refusal_itself():
    found = views()
    assert len(found) > 50  # the pages, the API, the CLI
    offences = []
    for module, function in found:
        for node in ast.walk(function):
            if isinstance(node, ast.Attribute) and node.attr in ("commit", "rollback"):
                offences.append(f"{module}.{function.name} calls {node.attr}()")
            if isinstance(node, ast.ExceptHandler) and "DomainError" in ast.unparse(node.type or ast.Name("")):
                offences.append(f"{module}.{function.name} catches DomainError")
    assert not offences, "\n".join(offences)


def test_only_the_transaction_helper_and_the_error_handler_commit_or_roll_back():
    allowed = {"tender_board.transaction", "tender_board.errors_web",
               "tender_board.synthetic"}  # the bulk loader, for benchmarks, commits its batches
    calls = sorted(name for name, path in MODULES.items() if name not in allowed
                   for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(node, ast.Attribute) and node.attr in ("commit", "rollback"))
    assert calls == []


def test_the_page_cache_is_told_of_changes_explicitly_not_by_session_listeners():
    listeners = sorted(name for name, path in MODULES.items()
                       if "event.listen(Session" in path.read_text(encoding="utf-8"))
    # The security log alone listens: it writes a change's line when its transaction commits and
    # drops it on a rollback, whoever commits (the transaction helper, a test, a migration).
    assert listeners == ["tender_board.security_log"]


# --- the registry of notice kinds ----------------------------------------------------------------

def test_every_kind_of_notice_is_registered_in_the_order_of_the_enum(app):
    assert [k.kind for k in registered()] == list(NoticeKind)


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_each_kind_has_its_template_with_its_three_renderings(app, kind):
    with app.test_request_context("/?lang=en"):
        module = app.jinja_env.get_template(kind_of(kind).template).module
        assert str(kind_of(kind).draft_label).startswith("Draft ")
    assert {"draft", "published", "review"} <= set(vars(module))
    assert kind_of(kind).api_fields


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_each_kind_gives_its_ocds_release_in_its_own_module(kind):
    assert kind_of(kind).ocds.__module__.endswith(f".kinds.{kind.value}")


def test_nothing_lists_the_kinds_but_the_enum_and_the_registry():
    """No module names every kind: those that must treat each kind do it through the registry."""
    listing = sorted(name for name, path in MODULES.items()
                     if sum(f"NoticeKind.{k.name}" in path.read_text(encoding="utf-8") for k in NoticeKind) >= 4)
    assert listing == ["tender_board.notices.models"]  # the enum and its names, beside it
