#!/bin/bash
# Runs every test layer and ends with one line: "N passed, M failed, K skipped".
#
#   abi-i686     the ABI headers' layout checks, compiled for i686 (WoW64 layouts)
#   unit         native unit tests of the Unix side (ASan/UBSan), no Wine
#   conformance  d3dkmt_test.exe under wine64 in a throwaway prefix, with d3dkmt.dll
#                installed there from a staged `make install`
#   demo         d3dkmt-demo.exe under wine64 (must exit 0: no kept allocation lost content)
#   vm           the same layers inside a qemu VM with a real DRM driver (vgem), through
#                tests/vm/run-in-vm.sh; skipped with a message when qemu or a kernel is missing
#
# Usage: tests/run-tests.sh [--no-vm] [--guest]
#   --guest  what the VM runs: the layers above on the drm backend, no nested VM.
# Environment: BUILDDIR (default: the current directory), WINE (default: wine64),
# D3DKMT_TEST_WINEDEBUG (default: -all), D3DKMT_VM=0 to skip the VM layer.

set -u
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${BUILDDIR:-.}" && pwd)
wine=${WINE:-}
[ -n "$wine" ] || wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
guest=0
vm=${D3DKMT_VM:-1}
for arg in "$@"; do
    case $arg in
        --guest) guest=1; vm=0 ;;
        --no-vm) vm=0 ;;
        *) echo "unknown option $arg" >&2; exit 2 ;;
    esac
done

logdir=$builddir/tests/logs
mkdir -p "$logdir"
passed=0 failed=0 skipped=0 todo=0

# Adds up a harness summary line: "<pid>:<name>: N tests executed (T marked as todo, F failures), S skipped."
count_summary()
{
    local line=$1 n t f s
    n=$(sed -E 's/.* ([0-9]+) tests executed.*/\1/' <<<"$line")
    t=$(sed -E 's/.*\(([0-9]+) marked as todo.*/\1/' <<<"$line")
    f=$(sed -E 's/.*, ([0-9]+) failures?\).*/\1/' <<<"$line")
    s=$(sed -E 's/.*\), ([0-9]+) skipped.*/\1/' <<<"$line")
    passed=$((passed + n - t - f)); failed=$((failed + f)); skipped=$((skipped + s)); todo=$((todo + t))
}

# run_layer NAME COMMAND...: runs a harness program, shows its output, counts its summary.
run_layer()
{
    local name=$1 log=$logdir/$1.log status summary
    shift
    echo "=== $name: $*"
    "$@" >"$log" 2>&1
    status=$?
    grep -v '^\(fixme\|err\|warn\|trace\):' "$log" | grep -E 'Test failed|Tests skipped|Test succeeded inside todo|tests executed' || true
    summary=$(grep -E '[0-9]+ tests executed \(' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        echo "$name: no summary line (exit status $status); last lines of $log:"
        tail -n 20 "$log"
        failed=$((failed + 1))
        return
    fi
    count_summary "$summary"
    if [ "$status" -gt 255 ] || { [ "$status" -ne 0 ] && ! grep -qE "[1-9][0-9]* failures?\)" <<<"$summary"; }; then
        echo "$name: exit status $status does not match its summary (crash?); see $log"
        failed=$((failed + 1))
    fi
}

# run_check NAME COMMAND...: one pass/fail check from a command's exit status.
run_check()
{
    local name=$1 log=$logdir/$1.log
    shift
    echo "=== $name: $*"
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
    else
        echo "$name failed (exit status $?); output:"
        cat "$log"
        failed=$((failed + 1))
    fi
}

# ---- the ABI headers on the 32-bit target --------------------------------------------------
if [ "$guest" = 0 ]; then
    if command -v i686-w64-mingw32-gcc >/dev/null; then
        run_check abi-i686 i686-w64-mingw32-gcc -Wall -I"$srcdir/include" -c "$srcdir/tests/abi/layout.c" -o /dev/null
    else
        echo "=== abi-i686: skipped, no i686-w64-mingw32-gcc (Debian: gcc-mingw-w64-i686-win32)"
        skipped=$((skipped + 1))
    fi
fi

# ---- native unit tests ---------------------------------------------------------------------
unit_env=(ASAN_OPTIONS=detect_leaks=1)
[ "$guest" = 1 ] && unit_env+=(D3DKMT_TEST_DRM=1)
run_layer unit env "${unit_env[@]}" "$builddir/tests/unit/unit_tests"

# ---- Wine: a throwaway prefix with d3dkmt installed ----------------------------------------
if [ ! -x "$wine" ]; then
    echo "=== wine: $wine not found"
    failed=$((failed + 1))
else
    stage=$builddir/tests/stage
    prefix=${D3DKMT_TEST_PREFIX:-$builddir/tests/wineprefix}
    rm -rf "$stage"
    make -s -C "$builddir" install DESTDIR="$stage" prefix=/usr/local libdir=/usr/local/lib >"$logdir/install.log" 2>&1 ||
        { echo "make install failed:"; cat "$logdir/install.log"; }
    export WINEPREFIX=$prefix
    export WINEDLLPATH=$stage/usr/local/lib/wine
    export WINEDLLOVERRIDES="mscoree,mshtml=;d3dkmt=b"
    export WINEDEBUG=${D3DKMT_TEST_WINEDEBUG:--all}
    export D3DKMT_BUDGET=${D3DKMT_BUDGET:-256M}
    if [ "$guest" = 1 ]; then export D3DKMT_BACKEND=drm; fi
    if [ -z "${D3DKMT_TEST_PREFIX:-}" ]; then rm -rf "$prefix"; fi
    echo "=== wine prefix: $prefix"
    if "$wine" wineboot -i >"$logdir/wineboot.log" 2>&1; then
        "$(dirname "$wine")/wineserver" -w 2>/dev/null || wineserver -w 2>/dev/null
        install -m 644 "$WINEDLLPATH/x86_64-windows/d3dkmt.dll" "$prefix/drive_c/windows/system32/d3dkmt.dll"
        cp "$builddir/tests/conformance/d3dkmt_test.exe" "$builddir/tools/demo/d3dkmt-demo.exe" "$prefix/drive_c/"
        run_layer conformance "$wine" "$prefix/drive_c/d3dkmt_test.exe"
        run_check demo "$wine" "$prefix/drive_c/d3dkmt-demo.exe"
        if [ "$guest" = 1 ]; then
            run_check conformance-on-drm grep -q "dac drm, chip vgem" "$logdir/conformance.log"
            run_check demo-names-vgem grep -q "driver: *vgem" "$logdir/demo.log"
            cat "$logdir/demo.log"
        fi
    else
        echo "wineboot failed:"; tail -n 20 "$logdir/wineboot.log"
        failed=$((failed + 1))
    fi
    unset WINEPREFIX WINEDLLPATH WINEDLLOVERRIDES WINEDEBUG D3DKMT_BACKEND
fi

# ---- a real DRM driver, in a VM ------------------------------------------------------------
if [ "$vm" = 1 ]; then
    echo "=== vm: tests/vm/run-in-vm.sh (qemu TCG, vgem)"
    vmlog=$logdir/vm.log
    [ -d "$builddir/tests/vm/kernel/boot" ] && export D3DKMT_VM_KERNEL_ROOT=${D3DKMT_VM_KERNEL_ROOT:-$builddir/tests/vm/kernel}
    (cd "$builddir" && "$srcdir/tests/vm/run-in-vm.sh" --timeout 1500 \
        --env BUILDDIR="$builddir" --env WINE="$wine" \
        --env D3DKMT_TEST_PREFIX="$builddir/tests/vm-wineprefix" \
        -- "$srcdir/tests/run-tests.sh" --guest) >"$vmlog" 2>&1
    status=$?
    cat "$vmlog"
    if [ "$status" = 77 ]; then
        echo "vm: skipped: $(grep -m1 '^SKIP:' "$vmlog")"
        skipped=$((skipped + 1))
    else
        line=$(grep -E '^vm: [0-9]+ passed, [0-9]+ failed' "$vmlog" | tail -n 1 | sed 's/^vm: //')
        if [ -z "$line" ]; then
            echo "vm: no result (exit status $status)"
            failed=$((failed + 1))
        else
            passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
            failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
            skipped=$((skipped + $(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$line")))
        fi
    fi
fi

[ "$todo" -gt 0 ] && echo "($todo checks marked todo: known gaps)"
[ "$guest" = 1 ] && echo -n "vm: "
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
