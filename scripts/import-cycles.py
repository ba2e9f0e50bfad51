"""Import cycles between the files of each crate (run through scripts/import-cycles.sh).

An import is an import however it is spelled. For every file of a crate's `src/` this
reads the paths it names:
  - `use crate::…`, `use super::…`, `use self::…` and `use child::…` trees;
  - inline paths anywhere in the code: `crate::a::b(…)`, `super::x::Y`, `child::f()`,
    and paths through a name a `use` brought in (`use super::okrs;` then `okrs::list`);
  - names a glob (`use crate::data::*`) brings in and the file then uses.
Each path is resolved through the module tree (`mod x;` files, inline `mod x { … }`,
`#[path]`) and through `use`/`pub use` re-exports to the file that DEFINES the name, so
`use crate::Thing` where lib.rs has `pub use inner::Thing` ties the file to inner.rs,
not to lib.rs. A re-export is itself a use of the child: `mod x; pub use x::Y;` ties
the parent to x.rs, so x.rs naming something defined in the parent is a cycle. A plain
`mod x;` ties nothing. `#[cfg(test)]` items (inline `mod tests { … }`, `#[cfg(test)]
mod x;` files, test-only uses) are left out, and so are comments and string literals.

A cycle is a set of files that reach each other (a strongly connected component of the
file graph); each is printed with the names that tie its files. Exit status 1 when a
crate has one.

  import-cycles.py [-q] [ROOT]   ROOT: a workspace (every Cargo.toml below it) or a crate
"""

import os
import pathlib
import re
import sys

# ---------------------------------------------------------------------------------------
# Tokens: identifiers, `::`, one-character punctuation, attributes kept whole. Comments
# and literals are dropped (a `crate::x` in a doc comment or a string is not an import).

IDENT = re.compile(r"(?:r#)?[A-Za-z_][A-Za-z0-9_]*")
CHAR = re.compile(r"b?'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^\\'\n])'")
RAW_STR = re.compile(r'b?r(#*)"')
NUMBER = re.compile(r"[0-9][0-9A-Za-z_]*")


def tokens(text):
    """The code of a Rust file as (kind, text) pairs; kinds: ident, path (`::`), punct, attr."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif (m := RAW_STR.match(text, i)):
            end = text.find('"' + m.group(1), m.end())
            end = n if end < 0 else end
            out.append(("str", '"' + text[m.end() : end] + '"'))
            i = end + 1 + len(m.group(1))
        elif c == '"' or text.startswith('b"', i):
            i += 1 if c == '"' else 2
            start = i
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            out.append(("str", '"' + text[start:i] + '"'))
            i += 1
        elif (m := CHAR.match(text, i)):
            i = m.end()
            out.append(("str", ""))
        elif c == "'":  # a lifetime or a label
            m = IDENT.match(text, i + 1)
            i = m.end() if m else i + 1
        elif (m := IDENT.match(text, i)):
            out.append(("ident", m.group().removeprefix("r#")))
            i = m.end()
        elif (m := NUMBER.match(text, i)):
            i = m.end()
        elif text.startswith("::", i):
            out.append(("path", "::"))
            i += 2
        else:
            out.append(("punct", c))
            i += 1
    return group_attributes(out)


def group_attributes(toks):
    """`#[…]` and `#![…]` become one ("attr", text) token."""
    out, i = [], 0
    while i < len(toks):
        inner = i + 2 < len(toks) and toks[i + 1] == ("punct", "!") and toks[i + 2] == ("punct", "[")
        if toks[i] == ("punct", "#") and (inner or (i + 1 < len(toks) and toks[i + 1] == ("punct", "["))):
            j = i + (3 if inner else 2)
            depth, start = 1, j
            while j < len(toks) and depth:
                depth += (toks[j] == ("punct", "[")) - (toks[j] == ("punct", "]"))
                j += 1
            text = " ".join(t for _, t in toks[start : j - 1])
            out.append(("attr!" if inner else "attr", text))
            i = j
        else:
            out.append(toks[i])
            i += 1
    return out


def test_only(attr):
    """`cfg(test)` or `cfg(all(test, …))`: the item exists only in test builds."""
    return re.fullmatch(r"cfg \( (test|all \( test\b.*) \)", attr) is not None


ITEM_KEYWORDS = {"fn", "struct", "enum", "trait", "type", "const", "static", "union"}
ITEM_STARTS = ITEM_KEYWORDS | {"use", "mod", "impl", "pub", "unsafe", "async", "extern", "let", "macro_rules"}


def skip_item(toks, i):
    """The index after the item (or statement) starting at `toks[i]`."""
    item = toks[i][1] in ITEM_STARTS
    depth = 0
    while i < len(toks):
        kind, t = toks[i]
        if kind == "punct" and t in "([{":
            depth += 1
        elif kind == "punct" and t in ")]}":
            if depth == 0:
                return i  # the item was the last thing of an enclosing block
            depth -= 1
            if t == "}" and depth == 0:
                return i + 1
        elif kind == "punct" and depth == 0 and (t == ";" or (t == "," and not item)):
            return i + 1
        i += 1
    return i


# ---------------------------------------------------------------------------------------
# Modules: what each defines, what it imports, which paths it names.


class Module:
    def __init__(self, crate, name, file, parent, child_dir):
        self.crate, self.name, self.file, self.parent = crate, name, file, parent
        self.child_dir = child_dir  # where `mod x;` inside this module looks for x.rs
        self.children = {}  # name -> Module
        self.items = {}  # name -> "type" | "value" (defined here)
        self.imports = {}  # name -> [path segments] (module-level `use`)
        self.local_imports = {}  # name -> [path segments] (`use` inside a function)
        self.globs = []  # [path segments] of `use …::*`
        self.refs = []  # [path segments] named in the code
        self.idents = set()  # every identifier of the code (for glob imports)

    def __repr__(self):
        return f"Module({self.file})"


def expand_use(toks):
    """Leaves of a use tree as (segments, bound name or None, is_glob)."""
    pos = 0

    def tree(prefix):
        nonlocal pos
        segs = list(prefix)
        while pos < len(toks):
            kind, t = toks[pos]
            if kind == "punct" and t == "{":
                pos += 1
                leaves = []
                while pos < len(toks) and toks[pos] != ("punct", "}"):
                    before = pos
                    leaves += tree(segs)
                    if pos < len(toks) and toks[pos] == ("punct", ","):
                        pos += 1
                    if pos == before:  # something a use tree does not hold: skip it
                        pos += 1
                pos += 1
                return leaves
            if kind == "punct" and t == "*":
                pos += 1
                return [(segs, None, True)]
            if kind == "ident" and t == "as":
                alias = toks[pos + 1][1]
                pos += 2
                return [(segs, None if alias == "_" else alias, False)]
            if kind == "ident":
                if t != "self" or not segs:
                    segs.append(t)
                pos += 1
            elif kind == "path":
                pos += 1
            else:  # `,` or `}` ends this leaf
                break
        return [(segs, segs[-1] if segs else None, False)] if segs else []

    leaves = []
    while pos < len(toks):
        before = pos
        leaves += tree([])
        if pos < len(toks) and toks[pos] == ("punct", ","):
            pos += 1
        if pos == before:
            pos += 1
    return leaves


class CrateReader:
    def __init__(self, crate_dir):
        self.crate_dir = crate_dir
        self.modules = []  # every Module of every root
        self.unresolved = []  # (file, path) of crate-local paths that led nowhere

    def read_root(self, root_file):
        root = Module(self, "crate", root_file, None, root_file.parent)
        self.read_file(root, root_file)
        return root

    def add(self, module):
        self.modules.append(module)
        return module

    def read_file(self, module, path):
        self.add(module)
        toks = tokens(path.read_text())
        if any(kind == "attr!" and test_only(t) for kind, t in toks[:20]):
            return  # `#![cfg(test)]`: the whole file is a test module
        self.read_block(module, toks, 0, len(toks), module_level=True)

    def read_block(self, module, toks, i, end, module_level):
        """Reads toks[i:end] as the body of `module` (module level) or of a function."""
        attrs = []
        while i < end:
            kind, t = toks[i]
            if kind in ("attr", "attr!"):
                attrs.append(t)
                i += 1
                continue
            pending, attrs = attrs, []
            if any(test_only(a) for a in pending):
                i = skip_item(toks, i)
                continue
            if kind == "ident":
                module.idents.add(t)
            if kind == "ident" and t == "mod" and i + 1 < end and toks[i + 1][0] == "ident":
                i = self.read_mod(module, toks, i, end, pending)
                continue
            if kind == "ident" and t == "use":
                j = i + 1
                while j < end and toks[j] != ("punct", ";"):
                    j += 1
                self.read_use(module, toks[i + 1 : j], module_level)
                i = j + 1
                continue
            if kind == "ident" and t in ITEM_KEYWORDS and i + 1 < end and toks[i + 1][0] == "ident":
                name = toks[i + 1][1]
                if name == "mut" and i + 2 < end:  # `static mut NAME`
                    name = toks[i + 2][1]
                # `const fn f`, `unsafe fn f`: the name follows the last keyword
                if t == "const" and name in ("fn", "unsafe", "async", "extern"):
                    i += 1
                    continue
                if module_level and name != "_":
                    module.items.setdefault(name, "type" if t in ("struct", "enum", "trait", "type", "union") else "value")
                i += 1
                continue
            if kind == "ident" and t == "macro_rules" and i + 2 < end and toks[i + 1] == ("punct", "!"):
                if module_level:
                    module.items.setdefault(toks[i + 2][1], "macro")
                i += 3
                continue
            if kind == "punct" and t == "{" and module_level:
                # the body of a fn, impl or trait: items there are not the module's
                j = matching(toks, i)
                self.read_block(module, toks, i + 1, j, module_level=False)
                i = j + 1
                continue
            if kind == "ident":
                i = self.read_path(module, toks, i)
                continue
            i += 1

    def read_mod(self, module, toks, i, end, attrs):
        name = toks[i + 1][1]
        after = toks[i + 2] if i + 2 < end else ("punct", ";")
        path_attr = next((m.group(1) for a in attrs if (m := re.fullmatch(r'path = "(.*)"', a))), None)
        if after == ("punct", "{"):
            j = matching(toks, i + 2)
            child = Module(self, name, module.file, module, module.child_dir / name)
            module.children[name] = self.add(child)
            self.read_block(child, toks, i + 3, j, module_level=True)
            return j + 1
        if path_attr is not None:  # relative to the directory of the file that declares it
            candidates = [module.file.parent / path_attr]
        else:
            candidates = [module.child_dir / f"{name}.rs", module.child_dir / name / "mod.rs"]
        file = next((c for c in candidates if c.is_file()), None)
        if file is None:
            self.unresolved.append((module.file, f"mod {name};"))
            return i + 3
        child_dir = file.parent if file.name == "mod.rs" else file.parent / name
        child = Module(self, name, file, module, child_dir)
        module.children[name] = child
        self.read_file(child, file)
        return i + 3

    def read_use(self, module, toks, module_level):
        if toks and toks[0] == ("path", "::"):
            return  # `use ::extern_crate::…`
        for segs, bound, glob in expand_use(toks):
            if not segs:
                continue
            if glob:
                module.globs.append(segs)
            else:
                module.refs.append(segs)
                if bound:
                    table = module.imports if module_level else module.local_imports
                    table.setdefault(bound, []).append(segs)

    def read_path(self, module, toks, i):
        """An inline path starting at toks[i] (`a::b::c`); records it, returns the next index."""
        prev = toks[i - 1] if i else ("punct", ";")
        if prev in (("path", "::"), ("punct", "$")):
            return i + 1  # the middle of a path, or `$crate`
        if prev == ("ident", "in") and i >= 2 and toks[i - 2] == ("punct", "("):
            j = i
            while j + 2 < len(toks) and toks[j + 1] == ("path", "::") and toks[j + 2][0] == "ident":
                j += 2
            return j + 1  # `pub(in crate::a)`: a visibility, not a use
        segs, j = [toks[i][1]], i
        while j + 2 < len(toks) and toks[j + 1] == ("path", "::") and toks[j + 2][0] == "ident":
            segs.append(toks[j + 2][1])
            module.idents.add(toks[j + 2][1])
            j += 2
        if len(segs) > 1:
            module.refs.append(segs)
        return j + 1


def matching(toks, i):
    """The index of the bracket closing the one at toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j][0] == "punct" and toks[j][1] in "([{":
            depth += 1
        elif toks[j][0] == "punct" and toks[j][1] in ")]}":
            depth -= 1
            if depth == 0:
                return j
    return len(toks)


# ---------------------------------------------------------------------------------------
# Resolution: a path, from the module that names it, to the module that defines the name.


def root_of(module):
    while module.parent is not None:
        module = module.parent
    return module


def resolve(segs, ctx, seen=frozenset(), local=False):
    """("item", module, name) | ("module", module) | ("unknown", module, name) | None (outside the crate)."""
    first = segs[0]
    rest = list(segs[1:])
    if first == "crate":
        cur = root_of(ctx)
    elif first == "self":
        cur = ctx
    elif first == "super":
        cur = ctx.parent
        while cur is not None and rest and rest[0] == "super":
            cur, rest = cur.parent, rest[1:]
        if cur is None:
            return None
    else:
        cur, rest = ctx, list(segs)
    if not rest:
        return ("module", cur)
    for n, name in enumerate(rest):
        found = lookup(cur, name, n == len(rest) - 1, seen, local=local and n == 0 and first not in ("crate", "self", "super"))
        if found == ("outside",):
            return None
        if found is None:
            if n == 0 and first not in ("crate", "self", "super"):
                return None  # a path of another crate (`std::…`, `serde::…`) or a generic
            return ("unknown", cur, name)
        if found[0] != "module":
            return found
        cur = found[1]
    return ("module", cur)


def lookup(module, name, last, seen, local=False):
    """What `name` means inside `module`: a child module, an item defined here, an import."""
    key = (id(module), name, last)
    if key in seen:
        return None
    seen = seen | {key}
    child = module.children.get(name)
    item = module.items.get(name)
    if child is not None and not last:
        return ("module", child)
    if item is not None and (last or item == "type"):
        return ("item", module, name)
    paths = module.imports.get(name, []) + (module.local_imports.get(name, []) if local else [])
    guess = None
    for segs in paths:
        found = resolve(segs, module, seen)
        if found is not None and found[0] != "unknown":
            return found
        # `use serde::Serialize`: the name comes from another crate
        guess = guess or found or ("outside",)
    if child is not None:
        return ("module", child)
    if item is not None:
        return ("item", module, name)
    if guess is not None:
        # imported from a module of the crate that does not spell the name out: a
        # macro made it there (`slug_newtype! { EntityId }`)
        return guess
    for segs in module.globs:
        target = resolve(segs, module, seen)
        if target is not None and target[0] == "module":
            found = lookup(target[1], name, last, seen)
            if found is not None and found != ("outside",):
                return found
    return None


def edges_of(reader):
    """{(file, file): {names}} of one crate, and the paths that led nowhere."""
    edges = {}

    def tie(a, b, name):
        if a != b:
            edges.setdefault((a, b), set()).add(name)

    for module in reader.modules:
        for segs in module.refs:
            found = resolve(segs, module, local=True)
            if found is None or found[0] == "module":
                continue
            if found[0] == "unknown":
                reader.unresolved.append((module.file, "::".join(segs)))
            tie(module.file, found[1].file, found[2])
        for segs in module.globs:
            target = resolve(segs, module, local=True)
            if target is None:
                continue
            if target[0] in ("item", "unknown"):  # `use Enum::*`
                tie(module.file, target[1].file, target[2] + "::*")
                continue
            mine = set(module.items) | set(module.children) | set(module.imports)
            for name in sorted(module.idents - mine):
                found = lookup(target[1], name, True, frozenset())
                if found is not None and found[0] in ("item", "unknown"):
                    tie(module.file, found[1].file, found[2])
    return edges


def components(nodes, edges):
    """Strongly connected components (Tarjan) with more than one file."""
    graph = {n: [] for n in nodes}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def crate_dirs(root):
    """Every directory below root with a Cargo.toml and a src/ (build output left out)."""
    dirs = []
    for here, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "target" and not d.startswith("."))
        here = pathlib.Path(here)
        if "Cargo.toml" in files and (here / "src").is_dir():
            dirs.append(here)
    return sorted(dirs)


def crate_roots(crate_dir):
    src = crate_dir / "src"
    roots = [src / "lib.rs", src / "main.rs"] + sorted((src / "bin").glob("*.rs"))
    return [r for r in roots if r.is_file()]


def main(argv):
    quiet = "-q" in argv
    args = [a for a in argv if a != "-q"]
    root = pathlib.Path(args[0]) if args else pathlib.Path(".")
    cycles = 0
    for crate in crate_dirs(root):
        reader = CrateReader(crate)
        for file in crate_roots(crate):
            reader.read_root(file)
        edges = edges_of(reader)
        rel = lambda f: str(f.relative_to(crate))
        name = crate.relative_to(root) if crate != root else crate
        if not quiet:
            print(f"{name}: {len(edges)} edges")
            for (a, b), names in sorted(edges.items()):
                print(f"  {rel(a)} -> {rel(b)}: {', '.join(sorted(names))}")
            for file, path in reader.unresolved:
                print(f"  (unresolved in {rel(file)}: {path})")
        for comp in components({m.file for m in reader.modules}, edges):
            cycles += 1
            print(f"{name}: cycle of {len(comp)} files: {', '.join(rel(f) for f in comp)}")
            for (a, b), names in sorted(edges.items()):
                if a in comp and b in comp:
                    print(f"    {rel(a)} -> {rel(b)}: {', '.join(sorted(names))}")
    print(f"{cycles} import cycle(s) found" if cycles else "no import cycles")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
