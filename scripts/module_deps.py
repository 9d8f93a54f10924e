#!/usr/bin/env python3
"""Which modules of a crate use which, and the import circles among them.

Reads every `crate::…` and `super::…` path in core/src (or, with `--app`, in the app's src/) (comments left out, test modules
included), resolves it to the module (file) it names, and prints:

  - each module's uses, for the modules given as arguments (prefixes: `team`, `sync`, …),
  - the top-level modules' uses (`team` stands for every file under core/src/team/),
  - every circle: a set of modules that reach each other, per file and per top-level module.

Usage: scripts/module_deps.py [--app] [module-prefix …]      (exit status 1 when there is a circle)
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = "--app" in sys.argv[1:]
SRC = ROOT / "src" if APP else ROOT / "core" / "src"
PATH = re.compile(r"\b(crate|super)((?:::\w+)+)")


def module_of(file: Path) -> str:
    parts = list(file.relative_to(SRC).with_suffix("").parts)
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return "::".join(parts)


def code_lines(text: str):
    """Lines without `//` comments, each with whether it is inside `mod tests`."""
    in_tests = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if re.match(r"(pub(\(crate\))? )?mod tests\b", stripped):
            in_tests = True
        yield line, in_tests


modules = {module_of(f): f for f in SRC.rglob("*.rs")}
is_dir_module = {m: f.name in ("mod.rs", "lib.rs") for m, f in modules.items()}

# Names a directory module re-exports from its children (`pub use outbox::{Outbox, …}`).
reexports: dict[tuple[str, str], str] = {}
for m, f in modules.items():
    if not is_dir_module[m]:
        continue
    for line, _ in code_lines(f.read_text()):
        found = re.match(r"\s*pub use (\w+)::(?:\{([^}]*)\}|(\w+));", line)
        if found and (f"{m}::{found[1]}" if m else found[1]) in modules:
            child = f"{m}::{found[1]}" if m else found[1]
            for name in (found[2] or found[3]).split(","):
                name = name.strip().split(" as ")[-1].strip()
                if name:
                    reexports[(m, name)] = child


def resolve(segments: list[str]) -> str | None:
    """The module a path names: its longest prefix that is a module, through re-exports."""
    best = None
    for i in range(len(segments), 0, -1):
        candidate = "::".join(segments[:i])
        if candidate in modules:
            best = candidate
            if i < len(segments) and (candidate, segments[i]) in reexports:
                best = reexports[(candidate, segments[i])]
            break
    return best


uses: dict[str, set[str]] = {m: set() for m in modules}
for m, f in modules.items():
    parent = m.rsplit("::", 1)[0] if "::" in m else ""
    for line, in_tests in code_lines(f.read_text()):
        for root, rest in PATH.findall(line):
            segments = [s for s in rest.split("::") if s]
            if root == "crate":
                base = []
            else:
                # `super` is the parent module; inside `mod tests` it is this file's module.
                base = (m if in_tests else parent).split("::") if (m if in_tests else parent) else []
                while segments and segments[0] == "super":
                    segments.pop(0)
                    base = base[:-1]
            target = resolve(base + segments) if base + segments else None
            if target is not None and target != m and target != "":
                uses[m].add(target)


def top(m: str) -> str:
    return m.split("::")[0]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


# A directory module's own file (mod.rs) re-exports its children: not a use of theirs.
file_graph = {m: {t for t in ts if not (is_dir_module[m] and t.startswith(m + "::"))} for m, ts in uses.items()}
top_graph: dict[str, set[str]] = {}
for m, ts in file_graph.items():
    top_graph.setdefault(top(m), set()).update(top(t) for t in ts if top(t) != top(m))

prefixes = [a for a in sys.argv[1:] if a != "--app"]
if prefixes:
    print("# uses, per module")
    for m in sorted(modules):
        if any(m == p or m.startswith(p + "::") for p in prefixes):
            print(f"{m:28} -> {', '.join(sorted(file_graph[m])) or '-'}")
    print()
print("# uses, per top-level module")
for m in sorted(top_graph):
    if m:
        print(f"{m:28} -> {', '.join(sorted(top_graph[m])) or '-'}")
print()
found = False
for name, graph in (("module", file_graph), ("top-level module", top_graph)):
    cs = circles(graph)
    found |= bool(cs)
    print(f"# circles between {name}s: {len(cs)}")
    for c in cs:
        print("  " + " <-> ".join(c))
sys.exit(1 if found else 0)
