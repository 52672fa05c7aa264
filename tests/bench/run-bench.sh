#!/bin/sh
# Runs d3dkmt_bench.exe under Wine, with d3dkmt.dll and kmtfloor.dll (the floor) as builtins
# from the build tree, in the prefix <build>/tests/bench-prefix (created on first use), on the
# sysmem backend with a budget that holds its 10^5 allocations.
#
#   run-bench.sh [--arch x86_64|i686] [ROUNDS]
#       one table: the x86_64 benchmark (the default), or the i686 one (BUILDDIR/i686/...) with
#       the i386 d3dkmt.dll and kmtfloor.dll, its ratios to the i386 floor
#   run-bench.sh --compare [ROUNDS]
#       the i686 table and the x86_64 one measured the same way, one after the other, and a line
#       per row comparing their ratios (goal: within 1.3x); here where this kernel runs i386
#       programs, else both inside the VM (tests/vm/run-in-vm.sh, qemu TCG) with ROUNDS rounds
#       (default 11 there, the benchmark's own elsewhere)
set -e
builddir=$(cd "${BUILDDIR:-.}" && pwd)
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
wine=$(command -v "${WINE:-wine64}" || echo "${WINE:-wine64}")
wine32=${WINE32:-$(dirname "$wine")/wine}
export WINEPREFIX="$builddir/tests/bench-prefix"
export WINEDLLPATH="$builddir"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="mscoree,mshtml=;d3dkmt,kmtfloor=b"
export D3DKMT_BACKEND="${D3DKMT_BACKEND:-sysmem}"
export D3DKMT_BUDGET="${D3DKMT_BUDGET:-2G}"

make_prefix()
{
    [ -d "$WINEPREFIX" ] || "$wine" wineboot -i >/dev/null 2>&1
    # the i686 runs need the WoW64 half, which wineboot leaves out where i386 programs do not run
    "$srcdir/tests/fill-syswow64.sh" "$WINEPREFIX" \
        "$(sed -n 's/^WINE_LIBDIR32 *= *//p' "$builddir/Makefile" 2>/dev/null)/i386-windows"
}

# run_arch ARCH [ROUNDS]: one table
run_arch()
{
    local arch=$1 exe dlls dir
    shift
    case $arch in
        x86_64) exe=$builddir/tests/bench/d3dkmt_bench.exe; dlls=$builddir/x86_64-windows ;;
        i686) exe=$builddir/i686/tests/bench/d3dkmt_bench.exe; dlls=$builddir/i386-windows ;;
        *) echo "run-bench.sh: no architecture $arch (x86_64 or i686)" >&2; return 2 ;;
    esac
    for f in "$exe" "$dlls/d3dkmt.dll" "$dlls/kmtfloor.dll"; do
        [ -f "$f" ] || { echo "run-bench.sh: $f is not built" >&2; return 1; }
    done
    make_prefix
    dir=$WINEPREFIX/drive_c/bench
    [ "$arch" = x86_64 ] || dir=$dir-$arch
    mkdir -p "$dir"
    cp "$exe" "$dlls/d3dkmt.dll" "$dlls/kmtfloor.dll" "$dir/"
    (cd "$dir" && "$wine" d3dkmt_bench.exe "$@")
}

# compare I686_TABLE X86_64_TABLE: a line per row that has a ratio in both
compare()
{
    awk -F'|' '
        function trim(s) { gsub(/^ +| +$/, "", s); return s }
        function ratio(s) { s = trim(s); sub(/x$/, "", s); return s + 0 }
        FNR == 1 { section = "" }
        /^\| *(d3dkmt|the runtime|Offer \+ Reclaim pairs)/ { section = trim($2); next }
        NF >= 5 && $4 ~ /[0-9]x *$/ {
            name = trim($2)
            # "the same, per allocation" follows each batch row: named after it
            if (name ~ /^the same/) { name = last; sub(/per call$/, "per allocation", name) }
            else last = name
            key = section "/" name
            if (FNR == NR) { r32[key] = ratio($4); next }
            if (!(key in r32)) next
            rows[++n] = key; shown[key] = name; r64[key] = ratio($4)
        }
        END {
            printf "| %-44s | %9s | %9s | %11s | %-18s |\n", "i686 vs x86_64, ratios to own floor", "i686", "x86_64", "i686/x86_64", "goal"
            for (i = 1; i <= n; i++) {
                k = rows[i]; a = r32[k]; b = r64[k]
                # the floor and the one-thread row are 1 by definition
                if (a == 1 && b == 1) continue
                q = b > 0 ? a / b : 0
                ok = q > 0 && q <= 1.3 && q >= 1 / 1.3
                goals++; met += ok
                printf "| %-44s | %8.2fx | %8.2fx | %10.2fx | within 1.3x %-6s |\n", shown[k], a, b, q, ok ? "met" : "MISSED"
            }
            printf "i686 ratios within 1.3x of x86_64: %d of %d rows\n", met, goals
        }' "$1" "$2"
}

# compare_here ROUNDS: both architectures here, in turn, then the comparison
compare_here()
{
    local out=$builddir/tests/bench
    echo "=== i686: i686/tests/bench/d3dkmt_bench.exe, i386 d3dkmt.dll, ratios to the i386 floor"
    run_arch i686 "$@" >"$out/bench-i686.txt" || { cat "$out/bench-i686.txt"; return 1; }
    cat "$out/bench-i686.txt"
    "$(dirname "$wine")/wineserver" -w
    echo "=== x86_64: tests/bench/d3dkmt_bench.exe, measured the same way"
    run_arch x86_64 "$@" >"$out/bench-x86_64.txt" || { cat "$out/bench-x86_64.txt"; return 1; }
    cat "$out/bench-x86_64.txt"
    "$(dirname "$wine")/wineserver" -w
    echo "=== i686 against x86_64 (ratios to each one's own floor)"
    compare "$out/bench-i686.txt" "$out/bench-x86_64.txt"
}

case ${1:-} in
    --arch)
        arch=$2
        shift 2
        run_arch "$arch" "$@"
        exit 0
        ;;
    --compare-here)
        shift
        compare_here "$@"
        exit 0
        ;;
    --compare)
        shift
        if [ ! -f "$builddir/i686/tests/bench/d3dkmt_bench.exe" ] || [ ! -f "$builddir/i386-windows/kmtfloor.dll" ]; then
            echo "=== i686 bench: skipped, the build has no i686 half (configure found no i686 compiler or no i386 libdrm)"
            exit 0
        fi
        if "$wine32" --version >/dev/null 2>&1; then
            compare_here "$@"
            exit 0
        fi
        echo "=== i686 bench: this kernel does not run i386 programs; i686 and x86_64 in the VM (qemu TCG), ${1:-11} rounds"
        make_prefix
        "$(dirname "$wine")/wineserver" -w
        # Debian's Wine names the prefix's server directory in /tmp in this file: the guest makes
        # its own (its /tmp holds sockets), and the host again after it
        rm -f "$WINEPREFIX/wineserver"
        kernel=$builddir/tests/vm/kernel
        [ -d "$kernel/boot" ] && export D3DKMT_VM_KERNEL_ROOT=${D3DKMT_VM_KERNEL_ROOT:-$kernel}
        status=0
        (cd "$builddir" && "$srcdir/tests/vm/run-in-vm.sh" --timeout 600 \
            --env BUILDDIR="$builddir" --env WINE="$wine" --env D3DKMT_BACKEND="$D3DKMT_BACKEND" \
            --env D3DKMT_BUDGET="$D3DKMT_BUDGET" -- "$self" --compare-here "${1:-11}") || status=$?
        rm -f "$WINEPREFIX/wineserver"
        [ $status = 77 ] && { echo "=== i686 bench: skipped, no VM (see above)"; exit 0; }
        exit $status
        ;;
esac
run_arch x86_64 "$@"
