#!/usr/bin/env python3
"""Finds import circles between the Rust modules of each crate; fails on any not allowed.

A module is a file. An import is a path to another module of the same crate: `crate::a::b`
anywhere in the code (in `use` or inline), `super::x` and `self::x` resolved from the
file's place. Comments are left out, and so are a file's `#[cfg(test)]` tests. A module
taking from one of its own descendants is not counted: a parent owns and re-exports its
children (`mod.rs` with `pub use child::X`), and a child using its parent's types is the
ordinary shape. Circles are the strongly connected components of what is left.

Run from anywhere: python3 scripts/import-circles.py
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each crate, and the circles it may have: a set of modules, with why.
CRATES = {
    "crates/kassa": [
        (
            {"storage", "journal", "cart", "catalogue"},
            "the journal lives in the till's one SQLite file: `Db::open` checks the journal's "
            "chain and seals what it writes (storage -> journal), and the journal's tables "
            "hang off `Db` (journal -> storage), as every table-backed module does; the "
            "journal sums VAT per rate with the cart's rule (journal -> cart), and the cart "
            "reads products from the catalogue (cart -> catalogue -> storage)",
        )
    ],
    "crates/kronor": [],
    "crates/kronor-sandbox": [],
    "crates/control-unit-sim": [],
    "crates/kassa-admin": [],
    "src-tauri": [],
}

LINE_COMMENT = re.compile(r"//.*$", re.MULTILINE)
BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
STRING = re.compile(r'"(?:\\.|[^"\\])*"')
TESTS = re.compile(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{")
# `use` items with braces are expanded; inline `crate::a::b` paths are read as they stand.
USE = re.compile(r"\buse\s+([^;]+);")
PATH = re.compile(r"\b(crate|super|self)((?:::\w+)+)")


def module_of(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts and parts[-1] == "mod":
        parts.pop()
    if parts in (["lib"], ["main"]):
        return ()
    return tuple(parts)


def is_dir_module(file: Path) -> bool:
    return file.name in ("mod.rs", "lib.rs", "main.rs")


def expand(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> ['a::b', 'a::c::d', 'a::c::e']."""
    tree = re.sub(r"\s+", "", tree)
    out = []

    def walk(prefix: str, text: str):
        depth, start, items = 0, 0, []
        for i, ch in enumerate(text):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                items.append(text[start:i])
                start = i + 1
        items.append(text[start:])
        for item in filter(None, items):
            if "{" in item:
                head, rest = item.split("{", 1)
                walk(prefix + head, rest[: rest.rfind("}")])
            else:
                out.append(prefix + item.split(" as ")[0])

    walk("", tree)
    return out


def code_of(text: str) -> str:
    text = BLOCK_COMMENT.sub("", text)
    text = LINE_COMMENT.sub("", text)
    text = STRING.sub('""', text)
    tests = TESTS.search(text)
    return text[: tests.start()] if tests else text


def resolve(path: str, here: tuple, dir_module: bool, modules: set):
    """The longest module that `path` (crate::/super::/self:: ...) names, or None."""
    parts = path.split("::")
    base = list(here) if dir_module else list(here[:-1])
    if parts[0] == "crate":
        base, parts = [], parts[1:]
    elif parts[0] == "self":
        base, parts = list(here), parts[1:]
    while parts and parts[0] == "super":
        if dir_module:
            base = base[:-1]
        else:
            # A file module's `super` is the folder it sits in; the next one goes up.
            dir_module = True
        parts = parts[1:]
    full = base + [p for p in parts if p]
    for n in range(len(full), -1, -1):
        if tuple(full[:n]) in modules:
            return tuple(full[:n])
    return None


def graph(src: Path) -> dict:
    files = {module_of(src, f): f for f in src.rglob("*.rs")}
    modules = set(files)
    edges = {m: set() for m in modules}
    for here, file in files.items():
        code = code_of(file.read_text(encoding="utf-8"))
        paths = []
        for use in USE.findall(code):
            paths += [p for p in expand(use) if p.split("::")[0] in ("crate", "super", "self")]
        paths += [m.group(1) + m.group(2) for m in PATH.finditer(USE.sub("", code))]
        for path in paths:
            to = resolve(path, here, is_dir_module(file), modules)
            if to is None or to == here or to[: len(here)] == here:
                continue
            edges[here].add(to)
    return edges


def circles(edges: dict) -> list:
    """Tarjan's strongly connected components with more than one module."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def name(module: tuple) -> str:
    return "::".join(module) or "(crate root)"


def main() -> int:
    bad = 0
    for crate, allowed in CRATES.items():
        edges = graph(ROOT / crate / "src")
        for component in circles(edges):
            names = {name(m) for m in component}
            members = ", ".join(name(m) for m in component)
            ties = sorted(
                f"{name(a)} -> {name(b)}" for a in component for b in edges[a] if b in component
            )
            why = next((why for mods, why in allowed if names == mods), None)
            if why:
                print(f"{crate}: allowed circle: {members}\n  why: {why}")
            else:
                bad += 1
                print(f"{crate}: IMPORT CIRCLE: {members}")
                for tie in ties:
                    print(f"  {tie}")
        count = sum(1 for _ in circles(edges))
        print(f"{crate}: {len(edges)} modules, {count} circle(s)")
    if bad:
        print(f"import circles: {bad} not allowed; open each with a small move (see ARCHITECTURE.md)")
        return 1
    print("import circles: none beyond the one allowed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
