#!/usr/bin/env bash
# Lists the `use crate::` edges between the files of each crate of the workspace and
# exits non-zero when they form a cycle (file A imports B and B, directly or through
# others, imports A). Files that import each other are one concept split badly, or two
# concepts tangled (STYLE.md): move the shared type to the module that owns it.
#
#   scripts/import-cycles.sh           # edges and cycles of every crate
#   scripts/import-cycles.sh -q        # cycles only
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PY'
import pathlib, re, sys

quiet = "-q" in sys.argv[1:]

def module_of(src, path):
    """`a::b` for src/a/b.rs and src/a/b/mod.rs; `crate` for the crate root."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    if parts in (["lib"], ["main"]) or not parts:
        return "crate"
    return "::".join(parts)

def expand(tree):
    """Paths of a use tree: `a::{b, c::{d, e}}` gives a::b, a::c::d, a::c::e."""
    tree = tree.strip()
    if not tree.endswith("}"):
        return [tree]
    head, _, body = tree.partition("{")
    items, depth, item = [], 0, ""
    for ch in body[:-1]:
        depth += (ch == "{") - (ch == "}")
        if ch == "," and depth == 0:
            items.append(item)
            item = ""
        else:
            item += ch
    items.append(item)
    return [head + p for i in items if i.strip() for p in expand(i)]

def edges_of(src):
    files = {module_of(src, f): f for f in sorted(src.rglob("*.rs"))}
    edges = set()
    for module, f in files.items():
        text = re.sub(r"//[^\n]*", "", f.read_text())
        for stmt in re.findall(r"\buse\s+crate::([^;]*);", text, re.S):
            for path in expand(" ".join(stmt.split())):
                parts = path.split(" as ")[0].split("::")
                # The longest prefix that is a file of the crate.
                target = next(("::".join(parts[:n]) for n in range(len(parts), 0, -1)
                               if "::".join(parts[:n]) in files), "crate")
                if target != module:
                    edges.add((module, target))
    return files, sorted(edges)

def cycles(edges):
    graph = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
    found, state, stack = [], {}, []
    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"
    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found

failed = False
for manifest in sorted(pathlib.Path(".").glob("**/Cargo.toml")):
    src = manifest.parent / "src"
    if "target" in manifest.parts or not src.is_dir() or manifest.parent == pathlib.Path("."):
        continue
    _, edges = edges_of(src)
    loops = cycles(edges)
    if not quiet:
        print(f"{manifest.parent}: {len(edges)} edges")
        for a, b in edges:
            print(f"  {a} -> {b}")
    for loop in loops:
        failed = True
        print(f"{manifest.parent}: cycle: {' -> '.join(loop)}")
print("import cycles found" if failed else "no import cycles")
sys.exit(1 if failed else 0)
PY
