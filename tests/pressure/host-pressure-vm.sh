#!/bin/bash
# Offered memory given back to Linux under real memory pressure, in a VM of tests/vm/run-in-vm.sh
# with little RAM (D3DKMT_VM_MEM=1024), as root.  For each scenario a Wine process
# (host_pressure.exe) offers COUNT x SIZE MiB at each of LOW, NORMAL and HIGH and waits; then
# tests/pressure/hog, outside Wine, takes memory 16 MiB at a time up to a target set from
# MemAvailable: with the pressure thread on, the hog must get it all without the OOM killer
# acting, and the program must find discarded what the scenario allows and every kept allocation
# intact.  Scenarios:
#   low      target MemAvailable + 3/4 of the LOW bytes: LOW discarded, NORMAL and HIGH kept
#   normal   target MemAvailable + LOW + 1/2 of NORMAL: LOW discarded, some NORMAL, HIGH kept
#   control  D3DKMT_HOST_PRESSURE=off, the target of "low": nothing is discarded and the hog
#            cannot get its memory: it stalls and gives up after 10 s (without swap the kernel
#            thrashes the page cache for minutes under TCG before the OOM killer ends the hog,
#            which asks to be its first choice), and the Wine process lives
# on sysmem, then low on vgem (D3DKMT_BACKEND=drm), where the memory is the driver's shmem;
# drm-normal on request (the layer must stay under 5 minutes of TCG).  A hog that stalls for
# 20 s gives up (a failure).  Each step is a check; the last lines are the figures (first stall,
# memory returned) and "N passed, M failed, K skipped".
#
# Usage: tests/pressure/host-pressure-vm.sh WINE EXE HOG WORKDIR [SCENARIO...]
#   SCENARIO: sysmem-low sysmem-normal sysmem-control drm-low drm-normal (default: all but
#   drm-normal)
# Environment: WINEPREFIX (on the shared disk, not under the guest's /tmp), WINEDLLPATH (where
# d3dkmt.dll and d3dkmt.so are), WINEDLLOVERRIDES, WINEDEBUG; D3DKMT_PRESSURE_COUNT (4) and
# D3DKMT_PRESSURE_SIZE (32, MiB); D3DKMT_PRESSURE_STEP_MS (the hog's pause between steps, 0).

set -u
wine=$1 exe=$2 hog=$3 work=$4
shift 4
scenarios=${*:-sysmem-low sysmem-normal sysmem-control drm-low}
count=${D3DKMT_PRESSURE_COUNT:-4}
size=${D3DKMT_PRESSURE_SIZE:-32}
step_ms=${D3DKMT_PRESSURE_STEP_MS:-0}
wait_s=180
passed=0 failed=0 skipped=0
failures=() figures=()
wineserver=$(dirname "$wine")/wineserver

# check STATUS NAME TEXT: one counted check, passed when STATUS is 0
check()
{
    if [ "$1" = 0 ]; then
        passed=$((passed + 1))
        echo "host-pressure: ok: $3"
    else
        failed=$((failed + 1))
        failures+=("$2")
        echo "host-pressure: Test failed: $2: $3"
    fi
}

meminfo_mib() { echo $(($(sed -nE "s/^$1: +([0-9]+) kB/\1/p" /proc/meminfo) / 1024)); }
oom_kills() { dmesg | grep -c 'Out of memory: Killed process'; }

# wait_offered DIR PID: DIR/offered appears while the program PID runs
wait_offered()
{
    local i
    for i in $(seq $((wait_s * 5))); do
        [ -s "$1/offered" ] && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.2
    done
    return 1
}

# the Unix process of host_pressure.exe (by its name: timeout's command line names it too)
program_pid()
{
    local p
    for p in /proc/[0-9]*; do
        [ "$(cat "$p/comm" 2>/dev/null)" = host_pressure.e ] && echo "${p#/proc/}" && return
    done
}

# adds the harness summary line of LOG to the counts
add_program_summary()
{
    local line n f s
    line=$(tr -d '\r' <"$1" | grep -aE '[0-9]+ tests executed \(' | tail -n 1)
    [ -n "$line" ] || return 1
    n=$(sed -E 's/.* ([0-9]+) tests executed.*/\1/' <<<"$line")
    f=$(sed -E 's/.*, ([0-9]+) failures?\).*/\1/' <<<"$line")
    s=$(sed -E 's/.*\), ([0-9]+) skipped.*/\1/' <<<"$line")
    passed=$((passed + n - f)); failed=$((failed + f)); skipped=$((skipped + s))
    [ "$f" = 0 ] || failures+=("$2")
}

# run_scenario NAME: one Wine process, one hog
run_scenario()
{
    local name=$1 backend=${1%%-*} kind=${1#*-} dir=$work/$1 mode=${D3DKMT_HOST_PRESSURE:-}
    local expect=(--expect-low=discarded --expect-normal=kept --expect-high=kept) chip=()
    local program pid avail offered target watch hog_status ooms status start give_up=20

    echo "=== host-pressure: $name"
    rm -rf "$dir" && mkdir -p "$dir" || { check 1 "$name" "cannot make $dir"; return; }
    case $kind in
        normal) expect=(--expect-low=discarded --expect-normal=some --expect-high=kept) ;;
        control) mode=off; expect=(); give_up=10 ;;
    esac
    [ "$backend" = drm ] && chip=(--chip=vgem)
    start=$(date +%s)
    D3DKMT_BACKEND=$backend D3DKMT_HOST_PRESSURE=$mode D3DKMT_BUDGET=1G \
        timeout -k 10 $((wait_s * 2)) "$wine" "$exe" --count="$count" --size="$size" --dir="$dir" \
        "${chip[@]}" "${expect[@]}" >"$dir/program.log" 2>&1 &
    program=$!
    wait_offered "$dir" "$program"
    check $? "$name/offered" "$name: the program offered $count x $size MiB at each priority ($(($(date +%s) - start)) s)"
    pid=$(program_pid)
    if [ ! -s "$dir/offered" ] || [ -z "$pid" ]; then
        check 1 "$name/process" "$name: no host_pressure.exe process"
        kill "$program" 2>/dev/null
        wait "$program"
        cat "$dir/program.log"
        return
    fi

    # the memory stays taken while nothing presses
    sleep 2
    avail=$(meminfo_mib MemAvailable)
    offered=$(($(tr -d '\r\n' <"$dir/offered") >> 20))
    case $kind in
        normal) target=$((avail + offered + offered / 2)) ;;
        *) target=$((avail + offered * 3 / 4)) ;;
    esac
    if [ "$backend" = drm ]; then watch=shmem; else watch=$pid; fi
    echo "host-pressure: $name: MemAvailable $avail MiB, $offered MiB offered at each priority, hog target $target MiB"
    ooms=$(oom_kills)
    # shown as it runs: a VM that thrashes to its timeout still tells how far the hog got
    "$hog" "$target" --step-ms="$step_ms" --give-up="$give_up" --watch="$watch" 2>&1 | tee "$dir/hog.log"
    hog_status=${PIPESTATUS[0]}
    if [ "$kind" = control ]; then
        check $((hog_status != 3 && hog_status != 137)) "$name/hog-stalled" \
            "$name: without the pressure thread the hog stalls and gives up, or is killed (status $hog_status)"
        [ "$(oom_kills)" = "$ooms" ] || dmesg | grep 'Out of memory: Killed process' | tail -n 1
        check $(kill -0 "$pid" 2>/dev/null; echo $?) "$name/wine-lives" "$name: the Wine process lives"
    else
        check "$hog_status" "$name/hog" "$name: the hog got all $target MiB (status $hog_status)"
        check $(($(oom_kills) != ooms)) "$name/no-oom" "$name: no OOM kill"
        figures+=("$name: $(grep -E '^hog: (first|watched)' "$dir/hog.log" | sed 's/^hog: //' | tr '\n' ';')")
    fi

    touch "$dir/go"
    wait "$program"
    status=$?
    tr -d '\r' <"$dir/program.log"
    add_program_summary "$dir/program.log" "$name/program" ||
        check 1 "$name/program" "$name: host_pressure.exe printed no summary (exit status $status)"
    figures+=("$name: $(tr -d '\r' <"$dir/program.log" | grep -E '^discarded: ')")
}

mkdir -p "$work" || exit 1
check $([ -n "${WINEPREFIX:-}" ] && [ -f "$WINEPREFIX/system.reg" ]; echo $?) prefix "a Wine prefix at ${WINEPREFIX:-(unset)}"
install -m 644 "${WINEDLLPATH:-}/x86_64-windows/d3dkmt.dll" "${WINEPREFIX:-}/drive_c/windows/system32/d3dkmt.dll"
check $? install "d3dkmt.dll in the prefix's system32"
echo "host-pressure: MemTotal $(meminfo_mib MemTotal) MiB, MemAvailable $(meminfo_mib MemAvailable) MiB," \
    "/proc/pressure/memory: $([ -r /proc/pressure/memory ] && echo yes || echo no)"
# one wineserver for every run: each Wine start is then seconds, not tens of them
"$wineserver" -p 60
for scenario in $scenarios; do
    case $scenario in
        sysmem-low|sysmem-normal|sysmem-control|drm-low|drm-normal) run_scenario "$scenario" ;;
        *) check 1 "$scenario" "no scenario $scenario" ;;
    esac
done
"$wineserver" -k 2>/dev/null

for line in "${figures[@]}"; do echo "figures: $line"; done
[ ${#failures[@]} -gt 0 ] && echo "failed on $("$wine" --version 2>/dev/null): ${failures[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
