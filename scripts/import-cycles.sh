#!/usr/bin/env bash
# Exits non-zero when the files of a crate import each other, directly or through
# others. Files that import each other are one concept split badly, or two concepts
# tangled (STYLE.md): move the shared thing to the module that owns it.
#
# Every spelling of an import counts: `use crate::`, `use super::`, `use self::`, a
# child's `use x::`, inline paths (`crate::a::b(…)`, `super::x::Y`), glob imports, and
# paths through `pub use` re-exports, traced to the file that defines the name.
# `#[cfg(test)]` code is left out. scripts/import-cycles.py says how.
#
#   scripts/import-cycles.sh           # every edge of every crate, then the cycles
#   scripts/import-cycles.sh -q        # cycles only
#   scripts/import-cycles.sh [-q] DIR  # the crates below DIR instead of the workspace
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ $# -eq 0 ] || { [ $# -eq 1 ] && [ "$1" = "-q" ]; }; then
  cd "$here/.."
fi
exec python3 "$here/import-cycles.py" "$@"
