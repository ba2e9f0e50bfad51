#!/usr/bin/env bash
# Proves that scripts/import-cycles.sh sees every spelling of an import: it builds small
# crates in a temporary directory, one per spelling, each tying two files into a cycle
# only through that spelling, plus one crate whose only ties are the ones that must not
# count (a plain `mod x;`, a re-export nobody imports back, `#[cfg(test)]` code,
# comments and strings). Each cycle must be found, with its files and names, and the
# clean crate must pass.
set -euo pipefail
check="$(cd "$(dirname "$0")" && pwd)/import-cycles.sh"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

# crate NAME: starts a fixture crate; file PATH: writes stdin to NAME/src/PATH.
crate() { current="$dir/$1"; mkdir -p "$current/src"; printf '[package]\nname = "%s"\n' "$1" >"$current/Cargo.toml"; }
file() { mkdir -p "$(dirname "$current/src/$1")"; cat >"$current/src/$1"; }

failures=0
fail() { echo "import-cycles self-test: $*" >&2; failures=$((failures + 1)); }

# expect_cycle CRATE LINE...: the check fails on CRATE and prints every LINE.
expect_cycle() {
  local name="$1" out status=0
  shift
  out="$("$check" -q "$dir/$name" 2>&1)" || status=$?
  [ "$status" -ne 0 ] || fail "$name: exit status 0, expected a cycle; output: $out"
  for line in "$@"; do
    grep -qF -- "$line" <<<"$out" || fail "$name: missing \"$line\" in: $out"
  done
}

# `use super::` from a child, and the parent naming the child's function inline.
crate use_super
file lib.rs <<<'mod shapes;'
file shapes/mod.rs <<'RS'
mod circle;
pub struct Unit;
pub fn area() -> f64 { circle::radius() * 3.0 }
RS
file shapes/circle.rs <<'RS'
use super::Unit;
pub fn radius() -> f64 { let _unit = Unit; 1.0 }
RS
expect_cycle use_super "cycle of 2 files: src/shapes/circle.rs, src/shapes/mod.rs" \
  "src/shapes/circle.rs -> src/shapes/mod.rs: Unit" "src/shapes/mod.rs -> src/shapes/circle.rs: radius"

# Inline `crate::` paths with no `use` at all.
crate inline_path
file lib.rs <<<'mod a; mod b;'
file a.rs <<<'pub fn f() { crate::b::g() }'
file b.rs <<<'pub fn g() {} pub fn h() { crate::a::f() }'
expect_cycle inline_path "cycle of 2 files: src/a.rs, src/b.rs" "src/a.rs -> src/b.rs: g" "src/b.rs -> src/a.rs: f"

# `use self::` in the crate root, and an inline `crate::NAME` back from the child.
crate use_self
file lib.rs <<'RS'
mod store;
use self::store::Row;
pub const NAME: &str = "row";
pub fn first() -> Row { Row }
RS
file store.rs <<<'pub struct Row; pub fn name() -> &'"'"'static str { crate::NAME }'
expect_cycle use_self "cycle of 2 files: src/lib.rs, src/store.rs" "src/lib.rs -> src/store.rs: Row" "src/store.rs -> src/lib.rs: NAME"

# A `pub use` re-export is traced to the file that defines the name: user.rs imports
# `crate::Thing`, which lib.rs re-exports from inner.rs, so the cycle is inner <-> user
# and lib.rs is not in it.
crate reexport
file lib.rs <<<'mod inner; mod user; pub use inner::Thing;'
file inner.rs <<<'use crate::user::Helper; pub struct Thing(pub Helper);'
file user.rs <<<'use crate::Thing; pub struct Helper; pub fn take(_: Thing) {}'
expect_cycle reexport "cycle of 2 files: src/inner.rs, src/user.rs" "src/user.rs -> src/inner.rs: Thing"
"$check" -q "$dir/reexport" | grep -q "src/lib.rs, " && fail "reexport: lib.rs counted in the cycle"

# A parent that re-exports its child is used by it: the child naming the parent's own
# type back is a cycle.
crate reexport_parent
file lib.rs <<<'pub mod query;'
file query/mod.rs <<<'mod okrs; pub use okrs::okrs; pub struct QueryError;'
file query/okrs.rs <<<'use super::QueryError; pub fn okrs() -> Result<(), QueryError> { Ok(()) }'
expect_cycle reexport_parent "cycle of 2 files: src/query/mod.rs, src/query/okrs.rs" \
  "src/query/mod.rs -> src/query/okrs.rs: okrs" "src/query/okrs.rs -> src/query/mod.rs: QueryError"

# A glob import ties the file to the names it then uses.
crate glob
file lib.rs <<<'mod kinds; mod names;'
file kinds.rs <<<'use crate::names::*; pub enum Kind { A } pub fn label(_: Kind) -> &'"'"'static str { NAME_A }'
file names.rs <<<'pub const NAME_A: &str = "a"; pub fn kind() -> crate::kinds::Kind { crate::kinds::Kind::A }'
expect_cycle glob "cycle of 2 files: src/kinds.rs, src/names.rs" "src/kinds.rs -> src/names.rs: NAME_A"

# What must not count: a plain `mod x;` (lib.rs declares child.rs, which uses lib.rs),
# a re-export nobody imports back, `#[cfg(test)]` modules inline and in a file of their
# own, test-only imports, comments and strings.
crate clean
file lib.rs <<'RS'
mod child;
mod parts;
mod user;
pub use parts::Part;
pub const LIMIT: u8 = 3;
// crate::child::twice() is only a comment
/// [`crate::child::twice`] is only a doc link
pub fn label() -> &'static str { "crate::child::twice()" }
#[cfg(test)]
use crate::child::twice;
#[cfg(test)]
mod tests {
    use super::child::twice;
    #[test]
    fn twice_doubles() { assert_eq!(twice(1), 2); crate::child::twice(2); }
}
#[cfg(test)]
mod more;
RS
file child.rs <<<'use super::LIMIT; pub fn twice(x: u8) -> u8 { x * 2 + LIMIT - LIMIT }'
file more.rs <<<'use crate::child::twice;'
file parts/mod.rs <<<'mod piece; pub use piece::Part;'
file parts/piece.rs <<<'pub struct Part;'
file user.rs <<<'use crate::Part; pub fn part() -> Part { Part }'
status=0
out="$("$check" "$dir/clean" 2>&1)" || status=$?
[ "$status" -eq 0 ] || fail "clean: exit status $status; output: $out"
grep -qF "no import cycles" <<<"$out" || fail "clean: expected \"no import cycles\" in: $out"
# ... while it still sees the edges that are there
for line in "src/child.rs -> src/lib.rs: LIMIT" "src/user.rs -> src/parts/piece.rs: Part" \
  "src/parts/mod.rs -> src/parts/piece.rs: Part"; do
  grep -qF -- "$line" <<<"$out" || fail "clean: missing edge \"$line\" in: $out"
done
grep -qF "src/lib.rs -> src/child.rs" <<<"$out" && fail "clean: test-only code, a comment or a string counted as an import: $out"

if [ "$failures" -ne 0 ]; then
  echo "import-cycles self-test: $failures failure(s)" >&2
  exit 1
fi
echo "import-cycles self-test: every spelling seen"
