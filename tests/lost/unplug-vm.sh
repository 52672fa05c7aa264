#!/bin/bash
# A DRM device unplugged under a Wine process that holds allocations on it, in the VM of
# tests/vm/run-in-vm.sh, as root.  vgem cannot be unbound (it has no driver in sysfs), so this
# uses the VM's spare display (bochs-display, driver bochs-drm, a TTM driver), which the guest
# leaves unbound at boot: bound here, it is the device of lost_device_test.exe; when the program
# holds locked, offered and resident allocations, the driver is unbound through sysfs
# (drm_dev_unplug).  Then the program checks what d3dkmt returns, and this script that the
# process no longer has the device open or mapped, once the loss is seen and again once the
# program freed everything, and that it ends by itself.  The device is left unbound.
#
# Usage: tests/lost/unplug-vm.sh WINE EXE WORKDIR
# Prints the program's output and ends with one harness line counting its checks and these.

set -u
wine=$1 exe=$2 work=$3
driver=/sys/bus/pci/drivers/bochs-drm
wait_s=600
checks=0 failures=0 skips=0 addr='' node='' pid='' program=''

check()
{
    checks=$((checks + 1))
    if [ "$1" = 0 ]; then
        echo "unplug-vm.sh: ok: $2"
    else
        failures=$((failures + 1))
        echo "unplug-vm.sh: Test failed: $2"
    fi
}

summary()
{
    local line n=0 f=0 s=0
    [ -n "$program" ] && [ -f "$work/program.log" ] && cat "$work/program.log"
    line=$(grep -aE '[0-9]+ tests executed \(' "$work/program.log" 2>/dev/null | tail -n 1)
    if [ -n "$line" ]; then
        n=$(sed -E 's/.* ([0-9]+) tests executed.*/\1/' <<<"$line")
        f=$(sed -E 's/.*, ([0-9]+) failures?\).*/\1/' <<<"$line")
        s=$(sed -E 's/.*\), ([0-9]+) skipped.*/\1/' <<<"$line")
    fi
    echo "$$:lost_device_vm: $((n + checks)) tests executed (0 marked as todo, $((f + failures)) failures), $((s + skips)) skipped."
    [ $((f + failures)) = 0 ]
    exit
}

# wait_file NAME: DIR/NAME appears while the program runs
wait_file()
{
    local i
    for i in $(seq $((wait_s * 5))); do
        [ -e "$work/$1" ] && return 0
        kill -0 "$program" 2>/dev/null || { [ -e "$work/$1" ]; return; }
        sleep 0.2
    done
    return 1
}

device_fds() { ls -l "/proc/$pid/fd" 2>/dev/null | grep -c -- "-> $node"; }
device_maps() { grep -c -- " $node" "/proc/$pid/maps" 2>/dev/null; }

# What is left of the device in the process, which must be nothing.
check_released()
{
    local fds maps
    fds=$(device_fds) maps=$(device_maps)
    check $((fds != 0)) "$1: $fds fd(s) on $node"
    check $((maps != 0)) "$1: $maps mapping(s) of $node"
}

unbind()
{
    [ -n "$addr" ] && [ -e "$driver/$addr" ] && echo "$addr" >"$driver/unbind"
}

rm -rf "$work" && mkdir -p "$work" || exit 1
for d in /sys/bus/pci/devices/*; do
    [ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x1111 ] && addr=${d##*/}
done
if [ -z "$addr" ] || [ ! -d "$driver" ]; then
    echo "unplug-vm.sh: Tests skipped: no spare display (bochs-display with bochs-drm) in the VM"
    skips=1
    summary
fi
[ -e "$driver/$addr" ] || echo "$addr" >"$driver/bind"
for _ in $(seq 50); do
    node=$(ls "$driver/$addr/drm" 2>/dev/null | grep '^card' | head -n 1)
    [ -n "$node" ] && break
    sleep 0.1
done
check $([ -n "$node" ]; echo $?) "bochs-drm bound to $addr: ${node:-no card}"
[ -n "$node" ] || summary
node=/dev/dri/$node

D3DKMT_BACKEND=drm D3DKMT_DRM_DEVICE=$node D3DKMT_LOST_TEST_DIR=$work D3DKMT_LOST_TEST_CHIP=bochs-drm \
    timeout -k 10 $((wait_s * 2)) "$wine" "$exe" >"$work/program.log" 2>&1 &
program=$!

wait_file ready
check $? "the program holds its allocations"
# the process that has the device open (Wine's files are opened by wineserver, so the program
# cannot tell its own Unix pid)
for p in /proc/[0-9]*; do
    ls -l "$p/fd" 2>/dev/null | grep -q -- "-> $node" && pid=${p#/proc/} && break
done
check $([ -n "$pid" ] && grep -q lost_device_test "/proc/$pid/cmdline"; echo $?) \
    "the program's process has $node open: ${pid:-none}"
if [ -n "$pid" ]; then
    fds=$(device_fds) maps=$(device_maps)
    check $((fds == 0 || maps == 0)) "before the unplug: $fds fd(s) on $node, $maps mapping(s) of it"
    unbind
    check $? "unbind $addr from bochs-drm"
    check $([ ! -e "$node" ]; echo $?) "$node is gone"
    touch "$work/go"
    wait_file checked
    check $? "the program checked the calls after the loss"
    check_released "after the loss"
    touch "$work/go2"
    wait_file freed
    check $? "the program freed everything"
    check_released "after the destroy and close calls"
    touch "$work/exit"
else
    kill "$program" 2>/dev/null
fi
wait "$program"
status=$?
check $((status != 0)) "the program exits by itself with status 0 (got $status)"
unbind
summary
