#!/bin/bash
# Runs every test layer and ends with one line: "N passed, M failed, K skipped".
#
#   abi-i686     the ABI headers' layout checks, compiled for i686 (WoW64 layouts)
#   citations    tests/docs/check-citations.sh: every section and row cited from
#                dlls/d3dkmt/windows.md exists there; nothing cites a document outside the tree
#   unit         native unit tests of the Unix side (ASan/UBSan), no Wine
#   unit-wow64   tests/unit/wow64_tests (UBSan): the WoW64 entries as a 32-bit PE side calls them
#   fuzz         tests/fuzz/fuzz_unix (libFuzzer, ASan/UBSan) for D3DKMT_FUZZ_SECONDS (30): call
#                sequences through the Unix side's entry table; after each nothing may be left
#   storm-*      tests/stress/storm_tsan and storm_asan (ThreadSanitizer; ASan/UBSan) with 4 and
#                16 worker threads for D3DKMT_STORM_SECONDS (12) each: random calls on private and
#                shared allocations under a small budget while devices are destroyed and adapters
#                closed under them; kept content must be intact, statuses must agree with what
#                each thread knows, and teardown must leave no handle, mapping, memfd or GEM handle
#   conformance  d3dkmt_test.exe under wine64 in a throwaway prefix, with d3dkmt.dll
#                installed there from a staged `make install`
#   demo         d3dkmt-demo.exe under wine64 (must exit 0: no kept allocation lost content)
#   verifier-*   verifier_test.exe once per D3DKMT_VERIFIER setting: each fault switch forces its
#                outcome (discard, no discard, decommit, failed commit on reclaim)
#   umd-*        the runtime side for user-mode drivers: runtime_test.exe calls the callback
#                tables directly (every documented HRESULT, a forced TDR for DEVICEREMOVED);
#                d3dkmt-umdhost.exe runs the test driver (tests/umd/test_umd.c) through offer
#                and reclaim: budget pressure, each fault switch, a TDR, a driver with entry
#                points left NULL, a DLL that is no driver; each run's log must show its outcome
#   lost-device  lost_device_test.exe: a device lost under locked, offered and resident allocations
#                through d3dkmt's unplug escape; in the VM also the spare display's driver
#                unbound through sysfs (tests/lost/unplug-vm.sh)
#   conformance-display  display_test.exe: opens from displays, HDCs and device paths, display
#                ownership, occlusion, the calls Wine serves (needs the Xvfb below)
#   wine-stubs   display_test.exe beside a gdi32_wine.dll (made with winegcc) whose every function
#                d3dkmt takes from Wine is an `@ stub`: d3dkmt must say each is a stub and answer
#                STATUS_NOT_IMPLEMENTED, never call one (a stub ends the process)
#   *-i686       32-bit programs (BUILDDIR/i686/..., the i386 d3dkmt.dll in syswow64) under Wine's
#                32-bit loader (Debian's wine32, old WoW64): conformance-i686 (whose rows must
#                not differ from the x86_64 run's), conformance-display-i686, demo-i686 (which
#                must load an i386 d3dkmt.dll), wine-stubs-i686, umd-host-i686, lost-device-i686,
#                and in the route conformance-gdi32-i686 and gdi32-flow-i686 through syswow64's
#                gdi32.dll.  One counted skip line when the build has no i686 half and no wine32
#                is installed (the Wine 10 chroot: Debian 13 without i386), or when the kernel
#                cannot run i386 programs (they run in the VM then); a failure (i686-built)
#                when wine32 is installed, as tools/bootstrap.sh does, but the i686 half is not
#                built
#   dxgi-offer   dxgi_offer_test.exe: offer and reclaim through D3D11/DXGI, the route a plain
#                Windows program has to the kernel's offer; under Wine it skips (Wine's DXGI
#                does not offer)
#   route        the same prefix after `d3dkmt-setup install` (the gdi32 route), with a private
#                Xvfb when there is one: the conformance program through gdi32.dll, a program
#                that imports every name from gdi32 (gdi32_flow.exe, DXGI's LUID among them),
#                DXGI and d3d9 as without the route (d3d_report.exe), cmd, and notepad (its
#                window shown, then closed: notepad_window.exe), then
#                `d3dkmt-setup uninstall` leaves the prefix (system32 and syswow64) as it was
#   vm           the same layers inside a qemu VM with a real DRM driver (vgem), through
#                tests/vm/run-in-vm.sh; skipped with a message when qemu or a kernel is missing
#   host-pressure-vm  tests/pressure/host-pressure-vm.sh in a VM of its own with 1 GiB of RAM: a
#                Wine process offers at LOW, NORMAL and HIGH, a Linux program outside Wine takes
#                memory until only discarding LOW (then NORMAL) lets it finish; on sysmem and vgem,
#                and a control run with D3DKMT_HOST_PRESSURE=off in which the hog cannot get its
#                memory; skipped as the vm layer is (lines "pressure-vm: ")
#   wine10       every layer above but the VM once more on Debian 13's Wine 10.0: a second
#                build (configure --prefix=/usr as a distribution's package does, make) in
#                BUILDDIR/tests/wine10/build and this script run
#                there, inside the Debian 13 chroot of tests/wine10/run-in-chroot.sh (made
#                once with mmdebstrap under BUILDDIR, then reused)
#
# The last lines give the totals of each Wine, the names of the steps that failed with the Wine
# they failed on, and the sum: "N passed, M failed, K skipped".
#
# Usage: tests/run-tests.sh [--no-vm] [--no-wine10] [--guest]
#   --guest  what the VM runs: the layers above on the drm backend, no nested VM.
# Environment: BUILDDIR (default: the current directory), WINE (default: wine64),
# D3DKMT_TEST_WINEDEBUG (default: -all), D3DKMT_VM=0 to skip the VM layers (vm and
# host-pressure-vm), D3DKMT_WINE10=0 to skip the Wine 10 run, D3DKMT_TEST_STEP_TIMEOUT (default:
# 600 seconds for any one step).

set -u
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${BUILDDIR:-.}" && pwd)
wine=${WINE:-}
[ -n "$wine" ] || wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
guest=0
vm=${D3DKMT_VM:-1}
wine10=${D3DKMT_WINE10:-1}
for arg in "$@"; do
    case $arg in
        --guest) guest=1; vm=0; wine10=0 ;;
        --no-vm) vm=0 ;;
        --no-wine10) wine10=0 ;;
        *) echo "unknown option $arg" >&2; exit 2 ;;
    esac
done

logdir=$builddir/tests/logs
mkdir -p "$logdir"
vm_prefix=$builddir/tests/vm-wineprefix
pressure_prefix=$builddir/tests/pressure-wineprefix
# A step that hangs fails alone instead of taking the whole run (and the VM) with it.
step_timeout=${D3DKMT_TEST_STEP_TIMEOUT:-600}
passed=0 failed=0 skipped=0 todo=0
failures=()
# the Wine a failure happened on, as its loader names itself ("wine-8.0 (Debian 8.0~repack-4)")
wine_label=$("${wine}" --version 2>/dev/null | head -n 1)
[ -n "$wine_label" ] || wine_label=$wine

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

# run_bounded COMMAND...: COMMAND, killed after $step_timeout seconds (status 124); shell
# functions run as they are.
run_bounded()
{
    if [ "$(type -t "$1")" = function ]; then
        "$@"
    else
        timeout -k 10 "$step_timeout" "$@"
    fi
}

# run_layer NAME COMMAND...: runs a harness program, shows its output, counts its summary.
run_layer()
{
    local name=$1 log=$logdir/$1.log status summary
    shift
    echo "=== $name: $*"
    run_bounded "$@" >"$log" 2>&1
    status=$?
    grep -v '^\(fixme\|err\|warn\|trace\):' "$log" | grep -E 'Test failed|Tests skipped|Test succeeded inside todo|tests executed' || true
    summary=$(grep -E '[0-9]+ tests executed \(' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        echo "$name: no summary line (exit status $status) on $wine_label; last lines of $log:"
        tail -n 20 "$log"
        failed=$((failed + 1))
        failures+=("$name")
        return
    fi
    count_summary "$summary"
    grep -qE "[1-9][0-9]* failures?\)" <<<"$summary" && failures+=("$name")
    if [ "$status" -gt 255 ] || { [ "$status" -ne 0 ] && ! grep -qE "[1-9][0-9]* failures?\)" <<<"$summary"; }; then
        echo "$name: exit status $status does not match its summary (crash?) on $wine_label; see $log"
        failed=$((failed + 1))
        failures+=("$name")
    fi
}

# run_check NAME COMMAND...: one pass/fail check from a command's exit status.
run_check()
{
    local name=$1 log=$logdir/$1.log
    shift
    echo "=== $name: $*"
    if run_bounded "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
    else
        echo "$name failed (exit status $?) on $wine_label; output:"
        cat "$log"
        failed=$((failed + 1))
        failures+=("$name")
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

# ---- every citation of the tree resolves inside it ------------------------------------------
if [ "$guest" = 0 ]; then
    run_check citations "$srcdir/tests/docs/check-citations.sh" "$srcdir"
fi

# ---- native unit tests ---------------------------------------------------------------------
unit_env=(ASAN_OPTIONS=detect_leaks=1)
[ "$guest" = 1 ] && unit_env+=(D3DKMT_TEST_DRM=1)
run_layer unit env "${unit_env[@]}" "$builddir/tests/unit/unit_tests"
run_layer unit-wow64 env "${unit_env[@]}" "$builddir/tests/unit/wow64_tests"

# ---- the fuzzer, for a short while (make fuzz runs it longer) --------------------------------
if [ "$guest" = 0 ]; then
    if [ -x "$builddir/tests/fuzz/fuzz_unix" ]; then
        mkdir -p "$builddir/tests/fuzz/corpus"
        run_check fuzz "$builddir/tests/fuzz/fuzz_unix" -max_total_time="${D3DKMT_FUZZ_SECONDS:-30}" \
            -rss_limit_mb=4096 -artifact_prefix="$logdir/fuzz-" "$builddir/tests/fuzz/corpus"
    else
        echo "=== fuzz: skipped, no clang with libFuzzer (Debian: clang libclang-rt-dev)"
        skipped=$((skipped + 1))
    fi
fi

# ---- the thread storm, 4 and 16 workers under each sanitizer ---------------------------------
if [ "$guest" = 0 ]; then
    storm_env=(TSAN_OPTIONS=halt_on_error=1:exitcode=66 ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
               UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1)
    for storm in tsan-4 tsan-16 asan-4 asan-16; do
        if [ -x "$builddir/tests/stress/storm_${storm%-*}" ]; then
            run_layer "storm-$storm" env "${storm_env[@]}" D3DKMT_STORM_THREADS="${storm#*-}" \
                "$builddir/tests/stress/storm_${storm%-*}"
        else
            echo "=== storm-$storm: skipped, no compiler with ThreadSanitizer (Debian: gcc's libtsan2)"
            skipped=$((skipped + 1))
        fi
    done
fi

# ---- the gdi32 route ------------------------------------------------------------------------
xvfb_pid=""

# A private X server on a free display, for DXGI, d3d9 and notepad; none without Xvfb.
start_xvfb()
{
    local n
    command -v Xvfb >/dev/null || return 1
    for n in $(seq 91 140); do
        [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || break
    done
    Xvfb :$n -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 100); do [ -e /tmp/.X11-unix/X$n ] && break; sleep 0.1; done
    [ -e /tmp/.X11-unix/X$n ] || { stop_xvfb; return 1; }
    export DISPLAY=:$n
}

stop_xvfb()
{
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    xvfb_pid=""
    unset DISPLAY
}

# What d3dkmt-setup may change in a prefix: system32's and syswow64's files and the gdi32
# overrides.
prefix_snapshot()
{
    (cd "$prefix/drive_c/windows/system32" && ls | sort && sha256sum gdi32.dll d3dkmt.dll 2>&1)
    if [ -d "$prefix/drive_c/windows/syswow64" ]; then
        (cd "$prefix/drive_c/windows/syswow64" && ls | sort && sha256sum gdi32.dll d3dkmt.dll 2>&1)
    fi
    ls -a "$prefix"
    "$wine" reg query 'HKCU\Software\Wine\DllOverrides' </dev/null 2>&1 | tr -d '\r'
    "$wine" reg query 'HKCU\Software\Wine\AppDefaults' /s </dev/null 2>&1 | tr -d '\r'
}

# same_d3d_report [ENV ARGS...]: d3d_report.exe, run through env ARGS, succeeds as it did
# unrouted (DXGI and d3d9 created), and its output matches the unrouted one
same_d3d_report()
{
    local status
    if [ "$d3d_unrouted_status" != 0 ]; then
        echo "d3d_report.exe failed without the route (exit status $d3d_unrouted_status)"
        cat "$logdir/d3d-unrouted.txt"
        return 1
    fi
    run_bounded env "$@" "$wine" "$prefix/drive_c/d3d_report.exe" >"$logdir/d3d-routed.txt" 2>/dev/null
    status=$?
    if [ "$status" != 0 ]; then
        echo "d3d_report.exe failed with the route (exit status $status)"
        cat "$logdir/d3d-routed.txt"
        return 1
    fi
    diff -u "$logdir/d3d-unrouted.txt" "$logdir/d3d-routed.txt"
}

route_layers()
{
    local setup=$stage_bin/d3dkmt-setup

    "$(dirname "$wine")/wineserver" -w 2>/dev/null
    prefix_snapshot >"$logdir/prefix-before.txt"
    run_bounded "$wine" "$prefix/drive_c/d3d_report.exe" >"$logdir/d3d-unrouted.txt" 2>/dev/null
    d3d_unrouted_status=$?

    run_check route-install "$setup" install
    run_check route-status "$setup" status
    run_check route-status-names-wine sh -c 'grep -F "of $1)" "$2" | grep -q "gdi32 route: current (made from .*gdi32.dll of "' \
        sh "$wine_label" "$logdir/route-status.log"
    run_layer conformance-gdi32 env D3DKMT_MODULE=gdi32.dll WINETEST_LOG="$logdir/conformance-gdi32.rows" \
        "$wine" "$prefix/drive_c/d3dkmt_test.exe"
    # two Wine logs, d3dkmt.dll's functions directly and through gdi32: no row differs
    run_check compare-logs-routed "$stage_bin/d3dkmt-compare-logs" "$logdir/conformance.rows" \
        "$logdir/conformance-gdi32.rows"
    run_check conformance-gdi32-is-d3dkmt grep -q "testing gdi32.dll (d3dkmt.dll through it)" "$logdir/conformance-gdi32.log"
    run_layer conformance-display-gdi32 env D3DKMT_MODULE=gdi32.dll "$wine" "$prefix/drive_c/display_test.exe"
    run_layer gdi32-flow "$wine" "$prefix/drive_c/gdi32_flow.exe"
    # syswow64 routed too when the prefix has one and the i386 d3dkmt.dll is installed (even where
    # no i386 program can run): an i386 route and d3dkmt.dll
    if [ -d "$prefix/drive_c/windows/syswow64" ] && [ -f "$WINEDLLPATH/i386-windows/d3dkmt.dll" ]; then
        run_check route-syswow64 grep -q "syswow64: gdi32 route (from .*i386-windows/gdi32.dll)" "$logdir/route-install.log"
        run_check route-status-syswow64 grep -q "syswow64: gdi32 route: current" "$logdir/route-status.log"
        run_check route-syswow64-is-i386 all_pe_i386 "$prefix/drive_c/windows/syswow64/gdi32.dll" \
            "$prefix/drive_c/windows/syswow64/gdi32_wine.dll" "$prefix/drive_c/windows/syswow64/d3dkmt.dll"
    fi
    if [ "$i686" = 1 ]; then
        # 32-bit programs through syswow64's route, to the i386 d3dkmt.dll
        run_layer conformance-gdi32-i686 env D3DKMT_MODULE=gdi32.dll WINETEST_LOG="$logdir/conformance-gdi32-i686.rows" \
            "$wine" "$i686_drive/d3dkmt_test.exe"
        run_check conformance-gdi32-i686-is-d3dkmt grep -q "testing gdi32.dll (d3dkmt.dll through it)" \
            "$logdir/conformance-gdi32-i686.log"
        run_layer gdi32-flow-i686 "$wine" "$i686_drive/gdi32_flow.exe"
    fi
    if [ -n "$xvfb_pid" ]; then
        run_check gdi32-flow-dxgi-luid grep -q "DXGI's adapter" "$logdir/gdi32-flow.log"
        run_check d3d-as-unrouted same_d3d_report
        # a routed prefix run without WINEDLLPATH: d3dkmt.dll from system32, no d3dkmt.so
        run_check d3d-as-unrouted-without-d3dkmt-so same_d3d_report -u WINEDLLPATH WINEDLLOVERRIDES="mscoree,mshtml="
        # notepad shows its main window, then closes when asked (notepad_window.exe)
        run_check notepad-starts "$wine" "$prefix/drive_c/notepad_window.exe"
    fi
    run_check cmd-starts sh -c '"$1" cmd /c echo d3dkmt-route </dev/null | grep -q d3dkmt-route' sh "$wine"
    if [ "$guest" = 1 ]; then
        run_check gdi32-flow-on-drm grep -q "first adapter .*dac drm, chip vgem" "$logdir/gdi32-flow.log"
    fi
    run_check route-uninstall "$setup" uninstall
    "$(dirname "$wine")/wineserver" -w 2>/dev/null
    prefix_snapshot >"$logdir/prefix-after.txt"
    run_check route-uninstall-restores diff -u "$logdir/prefix-before.txt" "$logdir/prefix-after.txt"
}

# d3dkmt-compare-logs on the conformance rows: the log against itself differs nowhere; a copy
# made to look like a Windows log, with the status got of one check_unsettled row and of one
# ok_nt row changed, differs in exactly those two rows, and the tool names them
compare_logs_layers()
{
    local tool=$stage_bin/d3dkmt-compare-logs rows=$logdir/conformance.rows
    local doctored=$logdir/conformance-doctored.rows expect=$logdir/compare-logs-expected.txt

    run_check compare-logs-same "$tool" "$rows" "$rows"
    run_check compare-logs-same-0-differ grep -qx "0 rows differ" "$logdir/compare-logs-same.log"
    rm -f "$expect"
    awk -v expect="$expect" '
        BEGIN { FS = OFS = "\t" }
        function doctor() { $8 = ($8 == "0xc0000001") ? "0xc0000002" : "0xc0000001" }
        FNR == 1 { sub(/platform=wine$/, "platform=windows") }
        !u && $4 == "unsettled" && $5 ~ /^[A-Z][0-9]+ / && $7 == $8 {
            doctor(); u = 1; print $5 ": Windows returns " $8 ", d3dkmt chose " $7 >expect
        }
        !n && $4 == "nt" { old = $8; doctor(); n = 1; print $2 " #" $3 " " $6 ": Windows " $8 " (" $9 "), Wine " old >expect }
        { print }' "$rows" >"$doctored"
    run_check compare-logs-doctored sh -c '"$1" "$2" "$3"; [ $? = 1 ]' sh "$tool" "$doctored" "$rows"
    run_check compare-logs-doctored-names-rows sh -c '
        [ "$(wc -l <"$1")" = 2 ] && grep -qx "2 rows differ" "$2" || exit 1
        while IFS= read -r line; do grep -qF -- "$line" "$2" || { echo "not named: $line"; exit 1; }; done <"$1"' \
        sh "$expect" "$logdir/compare-logs-doctored.log"
}

# Each D3DKMT_VERIFIER switch forces its outcome (verifier_test.exe checks the ones it is given);
# none, and a name that is no switch, leave the plain outcome.
verifier_layers()
{
    local setting

    for setting in none AlwaysDiscardOffer NeverDiscardOffer AlwaysDecommitOffer AlwaysFailCommitOnReclaim \
                   AlwaysDiscardOffer,AlwaysFailCommitOnReclaim NoSuchSwitch; do
        run_layer "verifier-${setting//,/-}" env D3DKMT_VERIFIER="${setting#none}" "$wine" "$prefix/drive_c/verifier_test.exe"
    done
}

# log_has LOG PATTERN...: each extended regular expression PATTERN matches a line of LOG (whose
# Windows line ends do not count).
log_has()
{
    local log=$1 pattern
    shift
    for pattern in "$@"; do
        tr -d '\r' <"$log" | grep -qE -- "$pattern" || { echo "no line of $log matches: $pattern"; return 1; }
    done
}

# exits_with STATUS COMMAND...: COMMAND exits with STATUS.
exits_with()
{
    local expected=$1
    shift
    run_bounded "$@"
    [ $? = "$expected" ]
}

# The runtime side for user-mode drivers: the callback tables and every HRESULT they document
# (runtime_test.exe); on sysmem also E_OUTOFMEMORY, with a budget the address space cannot hold.
# Then the driver host with the project's test driver: each run must exit as expected, and its
# table must show, resource by resource, what the memory manager was made to do.
umd_layers()
{
    local host=$prefix/drive_c/d3dkmt-umdhost.exe driver='C:\d3dkmt_test_umd.dll'
    local kept=' kept +intact$' discarded=' discarded +-$' ok='^result: ok$'

    run_layer umd-runtime "$wine" "$prefix/drive_c/runtime_test.exe"
    if [ "$guest" = 0 ]; then
        run_layer umd-runtime-nomem env D3DKMT_BUDGET=262144G D3DKMT_RUNTIME_TEST=nomem \
            "$wine" "$prefix/drive_c/runtime_test.exe"
    fi

    run_check umd-copy cp "$builddir/tools/umdhost/d3dkmt-umdhost.exe" "$builddir/tests/umd/d3dkmt_test_umd.dll" "$prefix/drive_c/"
    # budget pressure takes the LOW resource; the caller's memory is kept even at LOW
    run_check umd-host "$wine" "$host" "$driver"
    run_check umd-host-outcome log_has "$logdir/umd-host.log" "^low +video +LOW .*$discarded" \
        "^normal +video +NORMAL .*$kept" "^high +video +HIGH .*$kept" "^sysmem +system +LOW .*$kept" \
        "^content: +9 surface check\(s\) passed, 0 lie" "$ok"
    if [ "$guest" = 1 ]; then
        run_check umd-host-on-drm log_has "$logdir/umd-host.log" "^test_umd: OpenAdapter: backend drm"
    fi
    # WDDM 2.0: pAllocationInfo2, AllowDecommit at LOW, Reclaim3 on a paging queue
    run_check umd-host-v2 env D3DKMT_TEST_UMD_VERSION=2 "$wine" "$host" "$driver"
    run_check umd-host-v2-outcome log_has "$logdir/umd-host-v2.log" "pAllocationInfo2$" \
        "pfnOfferAllocations2Cb\(pResources .*Priority LOW, AllowDecommit\) = S_OK" \
        "pfnReclaimAllocations3Cb\(.*; pResults" "^low .*$discarded" "^normal .*$kept" "^high .*$kept" \
        "^sysmem .*$kept" "$ok"

    # each fault switch, with no pressure unless the switch is about pressure
    run_check umd-host-always-discard env D3DKMT_VERIFIER=AlwaysDiscardOffer "$wine" "$host" --no-pressure "$driver"
    run_check umd-host-always-discard-outcome log_has "$logdir/umd-host-always-discard.log" "^pressure: +none" \
        "^low .*$discarded" "^normal .*$discarded" "^high .*$discarded" "^sysmem .*$kept" "$ok"
    run_check umd-host-never-discard env D3DKMT_VERIFIER=NeverDiscardOffer "$wine" "$host" "$driver"
    run_check umd-host-never-discard-outcome log_has "$logdir/umd-host-never-discard.log" \
        "^pressure: +filler 1 .* failed: 0xc01e0100" "^low .*$kept" "^normal .*$kept" "^high .*$kept" \
        "^sysmem .*$kept" "$ok"
    run_check umd-host-always-decommit env D3DKMT_VERIFIER=AlwaysDecommitOffer D3DKMT_TEST_UMD_VERSION=2 \
        "$wine" "$host" --no-pressure "$driver"
    run_check umd-host-always-decommit-outcome log_has "$logdir/umd-host-always-decommit.log" \
        "pfnReclaimAllocations3Cb\(.*pResources .*; pResults NOT_COMMITTED," "^low .*$discarded" \
        "^normal .*$kept" "^high .*$kept" "^sysmem .*$kept" "$ok"
    run_check umd-host-fail-commit env D3DKMT_VERIFIER=AlwaysFailCommitOnReclaim "$wine" "$host" "$driver"
    run_check umd-host-fail-commit-outcome log_has "$logdir/umd-host-fail-commit.log" "^pressure: +1 filler" \
        "^low .*$discarded" "^normal .*$kept" "^high .*$kept" "^sysmem .*$kept" "$ok"

    # a TDR between offer and reclaim: the reclaim and later locks say the device is gone
    run_check umd-host-tdr "$wine" "$host" --tdr "$driver"
    run_check umd-host-tdr-outcome log_has "$logdir/umd-host-tdr.log" "^tdr: +forced .*status 0x00000000" \
        "^reclaim: .*: 0x88760870 \(D3DDDIERR_DEVICEREMOVED\), expected after the TDR" \
        "^lock: +low .*0x88760870" "^destroy: +low +S_OK" "$ok"
    # entry points the driver leaves NULL are skipped, not called
    run_check umd-host-minimal env D3DKMT_TEST_UMD_MINIMAL=1 "$wine" "$host" "$driver"
    run_check umd-host-minimal-outcome log_has "$logdir/umd-host-minimal.log" \
        "^skipped: pfnOfferResources is NULL" "^skipped: pfnReclaimResources is NULL" "^low .*-  +intact$" "$ok"
    # a DLL that is no driver is a load error
    run_check umd-host-no-driver exits_with 2 "$wine" "$host" version.dll
    run_check umd-host-no-driver-outcome log_has "$logdir/umd-host-no-driver.log" "version.dll has no OpenAdapter export"
}

# wine_stubs TARGET DIR PROGRAM: PROGRAM run from DIR beside a gdi32_wine.dll, made by winegcc
# for TARGET, in which every function d3dkmt takes from Wine (WINE_D3DKMT_FUNCS) is an
# `@ stub`.  d3dkmt loads gdi32_wine.dll first (the route's name for Wine's gdi32), so it must
# find each to be a stub and say so; had it called one, the process would have ended before
# the program's summary line.
wine_stubs()
{
    local target=$1 dir=$2 program=$3 log=$logdir/${2##*/}-program.log names name
    names=$(sed -n '/^#define WINE_D3DKMT_FUNCS/,/^$/s/^ *X(\([A-Za-z0-9]*\),.*/\1/p' "$srcdir/dlls/d3dkmt/d3dkmt_private.h")
    [ -n "$names" ] || { echo "no WINE_D3DKMT_FUNCS in d3dkmt_private.h"; return 1; }
    mkdir -p "$dir" || return 1
    for name in $names; do echo "@ stub D3DKMT$name"; done >"$dir/gdi32_wine.spec"
    "$winegcc" -b "$target" -shared -o "$dir/gdi32_wine.dll" "$dir/gdi32_wine.spec" || return 1
    cp "$program" "$dir/" || return 1
    run_bounded env WINEDEBUG=trace+d3dkmt "$wine" "$dir/${program##*/}" >"$log" 2>&1
    if ! grep -qE '[0-9]+ tests executed \(' "$log"; then
        echo "${program##*/} ended before its summary (a stub was called?); last lines of $log:"
        tail -n 20 "$log"
        return 1
    fi
    for name in $names; do
        grep -qF "Wine's D3DKMT$name is a stub." "$log" || { echo "D3DKMT$name was not found to be a stub ($log)"; return 1; }
    done
}

# ---- 32-bit programs ------------------------------------------------------------------------
# The i686 half of the build: BUILDDIR/i386-windows/d3dkmt.dll and the i686 programs at the
# x86_64 ones' paths under BUILDDIR/i686.  They run under Wine's 32-bit loader (Debian's wine32,
# old WoW64), with the i386 d3dkmt.dll in syswow64 as the x86_64 one is in system32.
i686=0
i686_dir=$builddir/i686
wine32=${WINE32:-$(dirname "$wine")/wine}
winegcc=$(sed -n 's/^WINEGCC *= *//p' "$builddir/Makefile" 2>/dev/null)
[ -n "$winegcc" ] || winegcc=$(command -v winegcc)

# is_i386_elf FILE: FILE is a 32-bit x86 ELF program (Debian's wine32 loader, not a 64-bit wine).
is_i386_elf()
{
    [ "$(od -An -tx1 -N5 "$1" 2>/dev/null | tr -d ' \n')" = 7f454c4601 ] &&
        [ "$(od -An -tx1 -j18 -N2 "$1" 2>/dev/null | tr -d ' \n')" = 0300 ]
}

# is_pe_i386 FILE: FILE is a PE file for i386 (machine 0x14c).
is_pe_i386()
{
    local nt
    nt=$(od -An -tu4 -j60 -N4 "$1" 2>/dev/null | tr -d ' ')
    [ -n "$nt" ] && [ "$(od -An -tx1 -j$((nt + 4)) -N2 "$1" 2>/dev/null | tr -d ' \n')" = 4c01 ]
}

all_pe_i386()
{
    local file
    for file in "$@"; do
        is_pe_i386 "$file" || { echo "$file is no i386 PE file"; return 1; }
    done
}

# Sets i686=1 when the 32-bit layers can run; otherwise says why in one line, a counted skip,
# or a failure when wine32 is installed (tools/bootstrap.sh installs it) but the build has no
# i686 half.
check_i686()
{
    if [ ! -f "$builddir/i386-windows/d3dkmt.dll" ]; then
        if is_i386_elf "$wine32"; then
            echo "=== i686-built: $wine32 (wine32) is installed, as tools/bootstrap.sh installs it, but the build has" \
                 "no i686 half ($builddir/i386-windows/d3dkmt.dll); configure found no i686 compiler?"
            failed=$((failed + 1))
            failures+=("i686-built")
        else
            echo "=== i686: skipped, the build has no i686 half (no $builddir/i386-windows/d3dkmt.dll) and there is no" \
                 "wine32 loader $wine32; expected where Wine has no i386 part (the Wine 10 chroot: Debian 13 without i386)"
            skipped=$((skipped + 1))
        fi
        return
    fi
    echo "=== i686-built: $builddir/i386-windows/d3dkmt.dll"
    passed=$((passed + 1))
    if ! is_i386_elf "$wine32"; then
        echo "=== i686: skipped, the i686 half is built but there is no wine32 loader $wine32 (Debian: wine32; or set WINE32)"
        skipped=$((skipped + 1))
        return
    fi
    if ! "$wine32" --version >"$logdir/wine32-version.log" 2>&1; then
        echo "=== i686: skipped, this kernel does not run i386 programs ($wine32: $(tail -n 1 "$logdir/wine32-version.log" | sed 's/.*: //'));" \
             "the VM layer runs the i686 layers"
        skipped=$((skipped + 1))
        return
    fi
    # The guest's prefix is the host's: its WoW64 half exists only if the host could run wineboot's
    # 32-bit part.
    if [ ! -f "$prefix/drive_c/windows/syswow64/kernel32.dll" ]; then
        echo "=== i686: skipped, the prefix has no WoW64 half (no syswow64/kernel32.dll): it was made where i386" \
             "programs do not run (see $logdir/wineboot.log)"
        skipped=$((skipped + 1))
        return
    fi
    i686=1
}

# The 32-bit programs in the same prefix, on the backend of the x86_64 layers (lost-device-i686
# on sysmem).  The x86_64 conformance rows are the reference: a 32-bit caller gets the same.
i686_layers()
{
    local host=$i686_drive/d3dkmt-umdhost.exe driver='C:\i686\d3dkmt_test_umd.dll'
    local kept=' kept +intact$' discarded=' discarded +-$'

    run_check install-syswow64 install -m 644 "$WINEDLLPATH/i386-windows/d3dkmt.dll" \
        "$prefix/drive_c/windows/syswow64/d3dkmt.dll"
    run_check copy-programs-i686 sh -c 'mkdir -p "$1" && cd "$2" && cp tests/conformance/d3dkmt_test.exe \
        tests/conformance/display_test.exe tools/demo/d3dkmt-demo.exe tests/route/gdi32_flow.exe "$1/"' \
        sh "$i686_drive" "$i686_dir"
    run_check programs-are-i686 all_pe_i386 "$i686_drive/d3dkmt_test.exe" "$WINEDLLPATH/i386-windows/d3dkmt.dll"
    run_layer conformance-i686 env WINETEST_LOG="$logdir/conformance-i686.rows" "$wine" "$i686_drive/d3dkmt_test.exe"
    # the same checks, from a 32-bit caller: no row differs from the x86_64 run's
    run_check compare-logs-i686 "$stage_bin/d3dkmt-compare-logs" "$logdir/conformance.rows" "$logdir/conformance-i686.rows"
    run_layer conformance-display-i686 "$wine" "$i686_drive/display_test.exe"
    if [ "$guest" = 1 ]; then
        # the host cannot run these when its kernel runs no i386 program: sysmem here too
        run_layer conformance-i686-sysmem env D3DKMT_BACKEND=sysmem "$wine" "$i686_drive/d3dkmt_test.exe"
        run_check conformance-i686-sysmem-is-sysmem grep -q "dac sysmem" "$logdir/conformance-i686-sysmem.log"
        run_check demo-i686-sysmem env D3DKMT_BACKEND=sysmem "$wine" "$i686_drive/d3dkmt-demo.exe"
    fi
    run_check demo-i686 env WINEDEBUG=+loaddll "$wine" "$i686_drive/d3dkmt-demo.exe"
    # a 32-bit process (its loader prints 8-digit addresses) loaded d3dkmt.dll, and its Unix side answered
    run_check demo-i686-is-i386-d3dkmt log_has "$logdir/demo-i686.log" \
        'trace:loaddll:.*Loaded L".*\\d3dkmt\.dll" at [0-9A-Fa-f]{8}: builtin' '^backend: +(sysmem|drm)' '^result: +ok'
    if [ -n "$winegcc" ]; then
        run_check wine-stubs-i686 wine_stubs i686-w64-mingw32 "$prefix/drive_c/stubs-i686" \
            "$i686_dir/tests/conformance/display_test.exe"
    fi
    if [ -f "$i686_dir/tools/umdhost/d3dkmt-umdhost.exe" ] && [ -f "$i686_dir/tests/umd/d3dkmt_test_umd.dll" ]; then
        run_check umd-copy-i686 cp "$i686_dir/tools/umdhost/d3dkmt-umdhost.exe" "$i686_dir/tests/umd/d3dkmt_test_umd.dll" \
            "$i686_drive/"
        run_check umd-host-i686 "$wine" "$host" "$driver"
        run_check umd-host-i686-outcome log_has "$logdir/umd-host-i686.log" "^low +video +LOW .*$discarded" \
            "^normal +video +NORMAL .*$kept" "^high +video +HIGH .*$kept" "^sysmem +system +LOW .*$kept" \
            "^content: +9 surface check\(s\) passed, 0 lie" '^result: ok$'
    fi
    if [ -f "$i686_dir/tests/lost/lost_device_test.exe" ]; then
        run_layer lost-device-i686 env D3DKMT_BACKEND=sysmem "$wine" "$i686_dir/tests/lost/lost_device_test.exe"
    fi
}

# wineboot fills syswow64 from a 32-bit process; where this kernel runs no i386 program (a host
# without IA-32 emulation) syswow64 stays empty and the prefix has no WoW64 half.  The guest's
# kernel runs them, and its prefix is a copy of this one: give it Wine's i386 modules as wineboot
# would have (copies of the builtin PE files).  Only files are added; the 32-bit registry view
# stays as the 64-bit wineboot left it.
fill_syswow64()
{
    local dir
    dir=$(sed -n 's/^WINE_LIBDIR32 *= *//p' "$builddir/Makefile" 2>/dev/null)/i386-windows
    "$srcdir/tests/fill-syswow64.sh" "$prefix" "$dir" | sed 's/^/=== prefix: /'
}

# wineboot -i without a display (with one, a fresh prefix in the TCG guest never finished),
# once more from scratch when it fails or takes over 10 minutes.
make_prefix()
{
    timeout -k 10 600 env -u DISPLAY "$wine" wineboot -i >"$logdir/wineboot.log" 2>&1 &&
        "$(dirname "$wine")/wineserver" -w && return 0
    echo "=== wineboot failed (see $logdir/wineboot-1.log); once more"
    mv "$logdir/wineboot.log" "$logdir/wineboot-1.log"
    "$(dirname "$wine")/wineserver" -k 2>/dev/null
    rm -rf "$prefix"
    timeout -k 10 600 env -u DISPLAY "$wine" wineboot -i >"$logdir/wineboot.log" 2>&1 &&
        "$(dirname "$wine")/wineserver" -w
}

# ---- Wine: a throwaway prefix with d3dkmt installed ----------------------------------------
if [ ! -x "$wine" ]; then
    echo "=== wine: $wine not found"
    failed=$((failed + 1))
    failures+=("wine")
else
    stage=$builddir/tests/stage
    prefix=${D3DKMT_TEST_PREFIX:-$builddir/tests/wineprefix}
    rm -rf "$stage"
    # installed as configured (a packager's --prefix=/usr too), below a DESTDIR
    run_check install make -s -C "$builddir" install DESTDIR="$stage"
    eval "$(make -s --no-print-directory -C "$builddir" print-install-dirs)"
    stage_bin=$stage$bindir
    export WINEPREFIX=$prefix
    export WINEDLLPATH=$stage$moduledir
    export WINEDLLOVERRIDES="mscoree,mshtml=;d3dkmt=b"
    export WINEDEBUG=${D3DKMT_TEST_WINEDEBUG:--all}
    export D3DKMT_BUDGET=${D3DKMT_BUDGET:-256M}
    if [ "$guest" = 1 ]; then export D3DKMT_BACKEND=drm; fi
    [ "$guest" = 1 ] || rm -rf "$vm_prefix" "$pressure_prefix"
    if [ -z "${D3DKMT_TEST_PREFIX:-}" ]; then rm -rf "$prefix"; fi
    echo "=== wine version: $wine_label"
    echo "=== wine prefix: $prefix"
    # The guest is given a copy of the host's fresh prefix: Wine's own setup is not what the VM
    # tests, and under TCG it takes minutes.
    if [ "$guest" = 1 ] && [ -f "$prefix/system.reg" ]; then
        prefix_ok=0
    else
        make_prefix
        prefix_ok=$?
        [ $prefix_ok = 0 ] && fill_syswow64
        if [ $prefix_ok = 0 ] && [ "$vm" = 1 ]; then
            # Debian's Wine names the prefix's server directory (in /tmp) in a file "wineserver":
            # the guest makes its own.
            rm -rf "$vm_prefix" && cp -a "$prefix" "$vm_prefix" && rm -f "$vm_prefix/wineserver"
            rm -rf "$pressure_prefix" && cp -a "$vm_prefix" "$pressure_prefix"
        fi
    fi
    if ! start_xvfb; then
        echo "=== wine: no Xvfb (Debian: xvfb): display ownership, DXGI, d3d9 and notepad go untested"
        skipped=$((skipped + 1))
    fi
    if [ $prefix_ok = 0 ]; then
        run_check install-system32 install -m 644 "$WINEDLLPATH/x86_64-windows/d3dkmt.dll" \
            "$prefix/drive_c/windows/system32/d3dkmt.dll"
        run_check copy-programs cp "$builddir/tests/conformance/d3dkmt_test.exe" "$builddir/tools/demo/d3dkmt-demo.exe" \
           "$builddir/tests/route/gdi32_flow.exe" "$builddir/tests/route/d3d_report.exe" \
           "$builddir/tests/route/notepad_window.exe" \
           "$builddir/tests/conformance/display_test.exe" "$builddir/tests/verifier/verifier_test.exe" \
           "$builddir/tests/conformance/dxgi_offer_test.exe" "$builddir/tests/umd/runtime_test.exe" "$prefix/drive_c/"
        run_layer conformance env WINETEST_LOG="$logdir/conformance.rows" "$wine" "$prefix/drive_c/d3dkmt_test.exe"
        compare_logs_layers
        run_layer conformance-display "$wine" "$prefix/drive_c/display_test.exe"
        run_layer dxgi-offer "$wine" "$prefix/drive_c/dxgi_offer_test.exe"
        run_check demo "$wine" "$prefix/drive_c/d3dkmt-demo.exe"
        verifier_layers
        umd_layers
        # a device that goes away under the program: d3dkmt's unplug escape (sysmem here, vgem in
        # the VM), and in the VM a driver unbound through sysfs (tests/lost/unplug-vm.sh)
        if [ "$guest" = 0 ]; then
            run_layer lost-device env D3DKMT_BACKEND=sysmem "$wine" "$builddir/tests/lost/lost_device_test.exe"
        else
            run_layer lost-device-escape-drm "$wine" "$builddir/tests/lost/lost_device_test.exe"
            run_check lost-device-escape-on-vgem log_has "$logdir/lost-device-escape-drm.log" "chip vgem$"
            run_layer lost-device-unplug "$srcdir/tests/lost/unplug-vm.sh" "$wine" \
                "$builddir/tests/lost/lost_device_test.exe" "$logdir/lost-device-unplug"
        fi
        if [ "$guest" = 0 ] && [ -n "$winegcc" ]; then
            run_check wine-stubs wine_stubs x86_64-w64-mingw32 "$prefix/drive_c/stubs" \
                "$builddir/tests/conformance/display_test.exe"
        fi
        i686_drive=$prefix/drive_c/i686
        check_i686
        [ "$i686" = 0 ] || i686_layers
        if [ "$guest" = 1 ]; then
            run_check conformance-on-drm grep -q "dac drm, chip vgem" "$logdir/conformance.log"
            run_check demo-names-vgem grep -q "driver: *vgem" "$logdir/demo.log"
            cat "$logdir/demo.log"
        fi
        route_layers
    else
        echo "wineboot failed on $wine_label:"; tail -n 20 "$logdir/wineboot.log"
        failed=$((failed + 1))
        failures+=("wineboot")
    fi
    "$(dirname "$wine")/wineserver" -k 2>/dev/null
    stop_xvfb
    unset WINEPREFIX WINEDLLPATH WINEDLLOVERRIDES WINEDEBUG D3DKMT_BACKEND
fi

# ---- a real DRM driver, in a VM ------------------------------------------------------------
# "N passed, M failed[, K skipped]" of a nested run's last summary line (after PREFIX) is added
# to the totals; the names of the steps it failed join those of this run.
add_nested_summary()
{
    local log=$1 prefix=$2 line names
    line=$(grep -E "^$prefix[0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1 | sed "s/^$prefix//")
    [ -n "$line" ] || return 1
    passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
    skipped=$((skipped + $(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$line")))
    names=$(grep -E "^${prefix}failed on " "$log" | tail -n 1 | sed -E "s/^${prefix}failed on [^:]*: //")
    for name in $names; do failures+=("$3$name"); done
    return 0
}

if [ "$vm" = 1 ]; then
    echo "=== vm: tests/vm/run-in-vm.sh (qemu TCG, vgem)"
    vmlog=$logdir/vm.log
    [ -d "$builddir/tests/vm/kernel/boot" ] && export D3DKMT_VM_KERNEL_ROOT=${D3DKMT_VM_KERNEL_ROOT:-$builddir/tests/vm/kernel}
    (cd "$builddir" && "$srcdir/tests/vm/run-in-vm.sh" --timeout 2400 \
        --env BUILDDIR="$builddir" --env WINE="$wine" \
        --env D3DKMT_TEST_PREFIX="$vm_prefix" \
        -- "$srcdir/tests/run-tests.sh" --guest) >"$vmlog" 2>&1
    status=$?
    cat "$vmlog"
    if [ "$status" = 77 ]; then
        echo "vm: skipped: $(grep -m1 '^SKIP:' "$vmlog")"
        skipped=$((skipped + 1))
    elif ! add_nested_summary "$vmlog" "vm: " "vm/"; then
        echo "vm: no result (exit status $status)"
        failed=$((failed + 1))
        failures+=("vm")
    fi
fi

# ---- offered memory given back under the host's memory pressure, in a VM of 1 GiB -----------
if [ "$vm" = 1 ]; then
    echo "=== host-pressure-vm: tests/pressure/host-pressure-vm.sh (qemu TCG, 1 GiB, sysmem and vgem)"
    pvmlog=$logdir/host-pressure-vm.log
    if [ ! -f "$pressure_prefix/system.reg" ] || [ -z "${stage:-}" ]; then
        echo "pressure-vm: no Wine prefix for the VM (wine or wineboot failed above)"
        failed=$((failed + 1))
        failures+=("host-pressure-vm")
    else
        [ -d "$builddir/tests/vm/kernel/boot" ] && export D3DKMT_VM_KERNEL_ROOT=${D3DKMT_VM_KERNEL_ROOT:-$builddir/tests/vm/kernel}
        (cd "$builddir" && D3DKMT_VM_MEM=1024 "$srcdir/tests/vm/run-in-vm.sh" --timeout 290 \
            --env WINEPREFIX="$pressure_prefix" --env WINEDLLPATH="$stage$moduledir" \
            --env WINEDLLOVERRIDES="mscoree,mshtml=;d3dkmt=b" --env WINEDEBUG="${D3DKMT_TEST_WINEDEBUG:--all}" \
            -- "$srcdir/tests/pressure/host-pressure-vm.sh" "$wine" "$builddir/tests/pressure/host_pressure.exe" \
            "$builddir/tests/pressure/hog" "$builddir/tests/pressure/vm") 2>&1 | sed -u 's/^/pressure-vm: /' >"$pvmlog"
        status=${PIPESTATUS[0]}
        cat "$pvmlog"
        if [ "$status" = 77 ]; then
            echo "pressure-vm: skipped: $(grep -m1 'SKIP:' "$pvmlog" | sed 's/^pressure-vm: //')"
            skipped=$((skipped + 1))
        elif ! add_nested_summary "$pvmlog" "pressure-vm: " "pressure-vm/"; then
            echo "pressure-vm: no result (exit status $status)"
            failed=$((failed + 1))
            failures+=("host-pressure-vm")
        fi
    fi
fi

# "failed on WINE: STEP..." (in the VM, after "vm: " as the totals)
print_failures()
{
    [ $# -gt 0 ] || return 0
    [ "$guest" = 1 ] && echo -n "vm: "
    echo "failed on $wine_label: $*"
}

# ---- Debian 13's Wine 10.0, in a chroot ------------------------------------------------------
# The same layers, less the VM, from a second build made in the chroot; its lines are shown
# with "wine10: " before them.
host_totals="$passed passed, $failed failed, $skipped skipped"
host_failures=("${failures[@]}")
wine10_totals=""
if [ "$wine10" = 1 ]; then
    echo "=== wine10: tests/wine10/run-in-chroot.sh (Debian 13, Wine 10.0)"
    w10log=$logdir/wine10.log
    w10build=$builddir/tests/wine10/build
    mkdir -p "$w10build"
    # shellcheck disable=SC2016
    BUILDDIR=$builddir "$srcdir/tests/wine10/run-in-chroot.sh" --env D3DKMT_VM=0 -- sh -c '
        cd "$1" || exit 1
        { [ -f Makefile ] && [ config.status -nt "$SRCDIR/configure" ]; } || "$SRCDIR/configure" -q --prefix=/usr || exit 1
        [ Makefile -nt "$SRCDIR/Makefile.in" ] || ./config.status -q || exit 1
        make -s -j"$(nproc)" >make.log 2>&1 || { tail -n 40 make.log; exit 1; }
        BUILDDIR=$1 "$SRCDIR/tests/run-tests.sh" --no-vm --no-wine10' sh "$w10build" 2>&1 |
        sed -u 's/^/wine10: /' >"$w10log"
    status=${PIPESTATUS[0]}
    cat "$w10log"
    before=("$passed" "$failed" "$skipped")
    failures=()
    if [ "$status" = 77 ]; then
        echo "wine10: skipped: $(grep -m1 'SKIP:' "$w10log" | sed 's/^wine10: //')"
        skipped=$((skipped + 1))
    elif ! add_nested_summary "$w10log" "wine10: " ""; then
        echo "wine10: no result (exit status $status): the chroot, its build or its Wine failed; see $w10log"
        failed=$((failed + 1))
        failures+=("wine10")
    fi
    wine10_label=$(grep -E "^wine10: === wine version: " "$w10log" | head -n 1 | sed -E 's/^wine10: === wine version: //')
    [ -n "$wine10_label" ] || wine10_label="Debian 13's Wine 10.0"
    wine10_failures=("${failures[@]}")
    wine10_totals="$((passed - before[0])) passed, $((failed - before[1])) failed, $((skipped - before[2])) skipped"
    failures=("${host_failures[@]}")
fi

[ "$todo" -gt 0 ] && echo "($todo checks marked todo: known gaps)"
if [ -n "$wine10_totals" ]; then
    echo "$wine_label: $host_totals"
    echo "$wine10_label: $wine10_totals"
    [ ${#wine10_failures[@]} -gt 0 ] && echo "failed on $wine10_label: ${wine10_failures[*]}"
fi
print_failures "${failures[@]}"
[ "$guest" = 1 ] && echo -n "vm: "
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
