#!/bin/sh
# Runs d3dkmt_bench.exe under Wine, with d3dkmt.dll and kmtfloor.dll (the floor) as builtins
# from the build tree, in the prefix <build>/tests/bench-prefix (created on first use), on the
# sysmem backend with a budget that holds its 10^5 allocations.
set -e
builddir=$(cd "${BUILDDIR:-.}" && pwd)
wine=${WINE:-wine64}
export WINEPREFIX="$builddir/tests/bench-prefix"
export WINEDLLPATH="$builddir"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="mscoree,mshtml=;d3dkmt,kmtfloor=b"
export D3DKMT_BACKEND="${D3DKMT_BACKEND:-sysmem}"
export D3DKMT_BUDGET="${D3DKMT_BUDGET:-2G}"
[ -d "$WINEPREFIX" ] || "$wine" wineboot -i >/dev/null 2>&1
mkdir -p "$WINEPREFIX/drive_c/bench"
cp "$builddir/tests/bench/d3dkmt_bench.exe" "$builddir/x86_64-windows/d3dkmt.dll" \
   "$builddir/x86_64-windows/kmtfloor.dll" "$WINEPREFIX/drive_c/bench/"
cd "$WINEPREFIX/drive_c/bench"
exec "$wine" d3dkmt_bench.exe "$@"
