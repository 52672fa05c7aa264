#!/bin/bash
# run-in-vm.sh - run a host command inside a throwaway qemu VM that has a
# real kernel DRM driver (vgem) at /dev/dri/card0.
#
# Usage:
#   tests/vm/run-in-vm.sh [--timeout SECONDS] [--env NAME=VALUE ...] \
#                         -- COMMAND [ARGS...]
#
# How it works
#   * Boots a Debian kernel (D3DKMT_VM_KERNEL_ROOT/boot/vmlinuz-*, an unpacked kernel package,
#     or the host's own) under qemu TCG
#     (never KVM: KVM hangs on our CI machines) with a tiny busybox
#     initramfs.  The initramfs is built on the fly into the cache dir
#     ${D3DKMT_VM_CACHE:-$HOME/.cache/d3dkmt-vm} and rebuilt whenever the
#     kernel, busybox or this script changes (takes well under a second).
#   * The kernel is booted as ELF vmlinux via PVH when possible (extracted
#     once into the cache; saves ~3.5 s of in-guest decompression per boot).
#   * The init script loads virtio/9p/drm/vgem (dependencies resolved from
#     modules.dep; compressed modules are decompressed at build time), then
#     bochs for the spare display (-device bochs-display, left unbound: see
#     tests/vm/README.md, "The spare display"), mounts
#     the host's "/" over virtio-9p at /host (cache=loose: ~3x faster for
#     Wine; the guest syncs before reporting the exit status, so writes reach
#     the host, but do not change files on the host that the guest is using
#     while it runs), mounts fresh devtmpfs, proc,
#     sysfs, devpts and /dev/shm into it and chroots there, so COMMAND runs
#     the host's own binaries (wine64, test programs) against the guest's
#     /dev/dri/card0 (driver "vgem").
#   * COMMAND runs as root with cwd = the host's current directory
#     (pwd -P), stdin = /dev/null and a clean environment:
#     PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin,
#     HOME=/root, plus the --env variables.  Beware: HOME=/root is the
#     host's /root, so pass --env WINEPREFIX=... for Wine.
#   * COMMAND's stdout/stderr go to files in a per-run directory (a second
#     9p share) and are streamed live to this script's stdout/stderr.  The
#     kernel console goes to $CACHE/console.log (last run), never to the
#     command's output.  The script exits with COMMAND's exit status.
#   * After COMMAND exits, processes it left behind (e.g. wineserver, which
#     lingers briefly and saves the registry on exit) get up to
#     D3DKMT_VM_LINGER seconds (default 10) to finish, then are killed and
#     the guest powers itself off.
#
# /tmp in the guest
#   9p cannot hold unix sockets, so the guest mounts a tmpfs over /tmp
#   (wineserver puts its socket in /tmp/.wine-<uid>, an X server in /tmp/.X11-unix).  Every
#   top-level entry of the host's /tmp (except .wine-*, .X11-unix, .X*-lock) is bind-mounted back into that tmpfs
#   first, so paths under /tmp (build trees, Wine prefixes, cwd) keep working
#   and writes to them reach the host.  Limitations: NEW top-level entries
#   that COMMAND creates directly in /tmp live in the guest tmpfs and vanish
#   with the VM, and unix sockets cannot be created inside the re-bound host
#   directories.  Keep paths that need sockets out of /tmp subdirectories.
#   /proc, /sys and /dev are the guest's; /run and everything else is the
#   host's, over 9p.
#
# Exit status
#   COMMAND's status; 77 (with a line "SKIP: ..." on stderr) when qemu, a
#   kernel image with modules, a static busybox or cpio is missing; 124 on
#   timeout (--timeout, default 900 s wall clock); 125 when the VM could not
#   run the command (e.g. vgem did not create /dev/dri/card0); 2 on usage
#   errors.
#
# Environment
#   D3DKMT_VM_CACHE    cache dir (default $HOME/.cache/d3dkmt-vm)
#   D3DKMT_VM_QEMU     qemu binary (default qemu-system-x86_64)
#   D3DKMT_VM_KERNEL_ROOT  where a kernel package is unpacked, with boot/ and lib/modules/
#                      (default: the host's own /boot and /lib/modules)
#   D3DKMT_VM_KERNEL   kernel image (default: newest $D3DKMT_VM_KERNEL_ROOT/boot/vmlinuz-*
#                      that has lib/modules/<version>/modules.dep)
#   D3DKMT_VM_BUSYBOX  static busybox (default /bin/busybox)
#   D3DKMT_VM_MEM      guest memory in MiB (default 2048)
#   D3DKMT_VM_SMP      guest CPUs (default 2)
#   D3DKMT_VM_LINGER   grace period for leftover processes (default 10)
#   D3DKMT_VM_CPU      qemu -cpu model (default qemu64; "max" crashes Wine
#                      under TCG 7.2 with a bogus page fault on iretq)
#   D3DKMT_VM_9P_CACHE cache= mode of the host 9p mount (default loose;
#                      "none" is ~3x slower for Wine)
#   D3DKMT_VM_KEEP=1   keep the per-run directory ($CACHE/runs/run.*)
#   D3DKMT_VM_VERBOSE=1  print cache/build notes on stderr (they always go
#                      to $CACHE/build.log)
#
# Debugging: the kernel console of the last run is $CACHE/console.log and
# qemu's own messages are in $CACHE/qemu.log; the guest init logs each step
# there with the prefix "d3dkmt-vm:".

set -u

me=${0##*/}
default_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
modules_wanted="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev
virtio_pci netfs fscache 9pnet 9pnet_virtio 9p drm drm_shmem_helper vgem"
# The driver of the spare display (a DRM device a command can unbind through sysfs, which vgem
# cannot be): loaded after vgem, so that vgem stays card0; a kernel without it has no spare.
modules_optional="bochs"

usage() {
    cat <<EOF
usage: $me [--timeout SECONDS] [--env NAME=VALUE ...] -- COMMAND [ARGS...]
Runs COMMAND inside a qemu VM with vgem at /dev/dri/card0 (see the header
of $0 for details).
EOF
}

skip() { echo "SKIP: $*" >&2; exit 77; }
err() { echo "$me: ERROR: $*" >&2; }
# Informational messages go to $cache/build.log (and to stderr with
# D3DKMT_VM_VERBOSE=1) so that they never mix into COMMAND's stderr.
note() {
    echo "$(date '+%F %T') $me: $*" >>"$cache/build.log"
    [ "${D3DKMT_VM_VERBOSE:-0}" = 1 ] && echo "$me: $*" >&2
    return 0
}

# Quote a string for a POSIX shell (the guest command runs under /bin/sh).
shquote() {
    local s=$1 q="'\\''"
    printf "'%s'" "${s//\'/$q}"
}

# ---------------------------------------------------------------- arguments
timeout_s=900
envs=()
while [ $# -gt 0 ]; do
    case $1 in
        --timeout) [ $# -ge 2 ] || { usage >&2; exit 2; }
                   timeout_s=$2; shift 2 ;;
        --timeout=*) timeout_s=${1#--timeout=}; shift ;;
        --env) [ $# -ge 2 ] || { usage >&2; exit 2; }
               envs+=("$2"); shift 2 ;;
        --env=*) envs+=("${1#--env=}"); shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) err "unknown option '$1'"; usage >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || { err "no COMMAND given"; usage >&2; exit 2; }
case $timeout_s in
    ''|*[!0-9]*|0) err "--timeout needs a positive integer"; exit 2 ;;
esac
for e in ${envs[@]+"${envs[@]}"}; do
    n=${e%%=*}
    if [ "$n" = "$e" ] || ! [[ $n =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
        err "--env wants NAME=VALUE, got '$e'"; exit 2
    fi
done

# ---------------------------------------------------------- prerequisites
qemu=${D3DKMT_VM_QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null 2>&1 ||
    skip "qemu not found ('$qemu'; apt-get install qemu-system-x86)"

kernel='' kver=''
kroot=${D3DKMT_VM_KERNEL_ROOT:-}
if [ -n "${D3DKMT_VM_KERNEL:-}" ]; then
    [ -r "$D3DKMT_VM_KERNEL" ] || skip "kernel image $D3DKMT_VM_KERNEL not readable"
    kernel=$D3DKMT_VM_KERNEL
    kver=${kernel##*/vmlinuz-}
    [ -f "$kroot/lib/modules/$kver/modules.dep" ] ||
        skip "no $kroot/lib/modules/$kver/modules.dep for $kernel"
else
    for k in $(ls -1 "$kroot"/boot/vmlinuz-* 2>/dev/null | sort -rV); do
        v=${k##*/vmlinuz-}
        if [ -r "$k" ] && [ -f "$kroot/lib/modules/$v/modules.dep" ]; then
            kernel=$k kver=$v; break
        fi
    done
    [ -n "$kernel" ] ||
        skip "no readable kernel image $kroot/boot/vmlinuz-* with $kroot/lib/modules/<version>/modules.dep (tools/bootstrap.sh test unpacks one)"
fi
moddir=$kroot/lib/modules/$kver

busybox=${D3DKMT_VM_BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || skip "busybox not found ($busybox; apt-get install busybox-static)"
if LC_ALL=C grep -q -a -m1 -e '/ld-linux' -e 'ld-musl' "$busybox"; then
    skip "$busybox is dynamically linked; need a static one (apt-get install busybox-static)"
fi
command -v cpio >/dev/null 2>&1 || skip "cpio not found (apt-get install cpio)"

cache=${D3DKMT_VM_CACHE:-${HOME:-/root}/.cache/d3dkmt-vm}
mkdir -p "$cache/runs" || { err "cannot create cache dir $cache"; exit 125; }
cache=$(cd "$cache" && pwd -P)

cwd=$(pwd -P) || { err "cannot determine the current directory"; exit 125; }

# ------------------------------------------------------------ guest init
# Runs as PID 1 in the initramfs (busybox sh).  Kept in this variable so its
# hash becomes part of the initramfs cache key.
IFS= read -r -d '' init_script <<'INIT_EOF' || true
#!/bin/busybox sh
export PATH=/bin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/null >/dev/console 2>&1

log() { read -r up _ </proc/uptime; echo "d3dkmt-vm: [$up] $*"; }
shutdown_vm() { sync; poweroff -f; sleep 5; echo o >/proc/sysrq-trigger; }
have_run=0
fail() {
    log "FATAL: $*"
    [ $have_run = 1 ] && echo "$*" >/run9p/guest-error
    shutdown_vm
}

log "init started, loading modules"
: >/insmod.err
for m in $(cat /modules.list); do
    insmod "/lib/modules/$m.ko" 2>>/insmod.err || echo "insmod $m failed" >>/insmod.err
done
cat /insmod.err
insmod_errors=$(tr '\n' ' ' </insmod.err)

opts=trans=virtio,version=9p2000.L,msize=262144
mount -t 9p -o $opts run /run9p || fail "cannot mount the run share"
have_run=1
. /run9p/config
mount -t 9p -o $opts${HOST_CACHE:+,cache=$HOST_CACHE} host /host || fail "cannot mount the host share"

i=0
while [ ! -c /dev/dri/card0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if [ ! -c /dev/dri/card0 ]; then
    fail "vgem did not create /dev/dri/card0 in the guest${insmod_errors:+ ($insmod_errors)}"
fi
log "card0 present: $(ls /sys/class/drm | tr '\n' ' ')"
# The spare display stays unbound until a command binds it (tests/vm/README.md).
for d in /sys/bus/pci/drivers/bochs-drm/0000:*; do
    [ -e "$d" ] || continue
    echo "${d##*/}" >/sys/bus/pci/drivers/bochs-drm/unbind && log "spare display ${d##*/} unbound"
done

mount -t devtmpfs devtmpfs /host/dev || fail "mount /host/dev"
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts devpts /host/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /host/dev/shm
mount -t proc proc /host/proc || fail "mount /host/proc"
mount -t sysfs sysfs /host/sys || fail "mount /host/sys"

# /tmp: tmpfs (unix sockets), with the host's top-level entries bound back.
mount --bind /host/tmp /hosttmp || fail "bind host /tmp"
mount -t tmpfs -o mode=1777 tmpfs /host/tmp || fail "tmpfs on /tmp"
for e in /hosttmp/* /hosttmp/.[!.]* /hosttmp/..?*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    b=${e#/hosttmp/}
    t=/host/tmp/$b
    case $b in .wine-*|.X11-unix|.X*-lock) continue ;; esac
    if [ -L "$e" ]; then
        ln -s "$(readlink "$e")" "$t"
    elif [ -d "$e" ]; then
        mkdir "$t" && mount --bind "$e" "$t"
    elif [ -f "$e" ]; then
        : >"$t" && mount --bind "$e" "$t"
    fi
done

cp /run9p/cmd.sh /host/tmp/.d3dkmt-vm-cmd.sh || fail "copy cmd.sh"
log "running command"
# In a subshell so that ash's "Killed" notices go to the console, not stderr.
(exec chroot /host /usr/bin/env -i "PATH=$CMD_PATH" HOME=/root \
    /bin/sh /tmp/.d3dkmt-vm-cmd.sh) </dev/null >/run9p/stdout 2>/run9p/stderr
rc=$?
sync
echo $rc >/run9p/status.tmp && mv /run9p/status.tmp /run9p/status
log "command exited with status $rc"

# Give leftover processes (wineserver...) time to exit on their own.
leftover() {
    n=0
    for d in /proc/[0-9]*; do
        p=${d#/proc/}
        [ "$p" = 1 ] || [ "$p" = 2 ] && continue
        read -r line <"$d/stat" 2>/dev/null || continue
        rest=${line##*)}
        set -- $rest
        [ "$2" = 2 ] || [ "$1" = Z ] && continue
        n=$((n + 1))
    done
    return $((n == 0))
}
i=0
while leftover && [ $i -lt $((LINGER * 10)) ]; do sleep 0.1; i=$((i + 1)); done
if leftover; then
    log "killing leftover processes after ${LINGER}s"
    kill -TERM -1; sleep 1; kill -KILL -1
fi
shutdown_vm
INIT_EOF

# ------------------------------------------------------------- initramfs
# Resolve the wanted modules and their dependencies, in load order.
declare -A mod_path mod_deps mod_builtin mod_done
mod_order=()
while IFS= read -r line; do
    f=${line%%:*}
    n=${f##*/}; n=${n%%.ko*}; n=${n//-/_}
    mod_path[$n]=$f
    mod_deps[$n]=${line#*:}
done <"$moddir/modules.dep"
if [ -f "$moddir/modules.builtin" ]; then
    while IFS= read -r f; do
        n=${f##*/}; n=${n%%.ko*}; n=${n//-/_}
        mod_builtin[$n]=1
    done <"$moddir/modules.builtin"
fi
add_module() {
    local n=${1//-/_} d
    n=${n##*/}; n=${n%%.ko*}
    [ -n "${mod_done[$n]:-}" ] && return 0
    mod_done[$n]=1
    if [ -z "${mod_path[$n]:-}" ]; then
        [ -n "${mod_builtin[$n]:-}" ] && return 0
        err "kernel $kver has no module '$n' (needed for the VM)"
        return 1
    fi
    for d in ${mod_deps[$n]}; do
        add_module "$d" || return 1
    done
    mod_order+=("$n")
}
for m in $modules_wanted; do
    add_module "$m" || exit 125
done
for m in $modules_optional; do
    add_module "$m" 2>/dev/null || note "kernel $kver has no module $m: no spare display"
done

bb_id=$(stat -L -c '%s-%Y' "$busybox")
dep_id=$(stat -L -c '%s-%Y' "$moddir/modules.dep")
key=$(printf '%s\n' "$kver" "$bb_id" "$dep_id" "${mod_order[*]}" "$init_script" |
      md5sum | cut -c1-12)
initramfs=$cache/initramfs-$kver-$key.cpio

if [ ! -f "$initramfs" ]; then
    t0=$(date +%s.%N)
    build=$(mktemp -d "$cache/build.XXXXXX") || exit 125
    root=$build/root
    mkdir -p "$root"/{bin,dev,proc,sys,host,hosttmp,run9p,tmp,lib/modules}
    cp "$busybox" "$root/bin/busybox"
    printf '%s\n' "$init_script" >"$root/init"
    chmod 755 "$root/init"
    : >"$root/modules.list"
    for n in "${mod_order[@]}"; do
        src=$moddir/${mod_path[$n]}
        dst=$root/lib/modules/$n.ko
        case $src in
            *.ko.xz)  xz -dc "$src" >"$dst" ;;
            *.ko.zst) zstd -qdc "$src" >"$dst" ;;
            *.ko.gz)  gzip -dc "$src" >"$dst" ;;
            *)        cp "$src" "$dst" ;;
        esac || { err "cannot unpack $src"; rm -rf "$build"; exit 125; }
        echo "$n" >>"$root/modules.list"
    done
    if ! (cd "$root" && find . | LC_ALL=C sort |
          cpio -o -H newc -R 0:0 --quiet) >"$build/initramfs.cpio"; then
        err "cpio failed"; rm -rf "$build"; exit 125
    fi
    # Publish atomically, then drop stale images (never the current name:
    # a concurrent run may be booting it).
    mv -f "$build/initramfs.cpio" "$initramfs"
    for f in "$cache"/initramfs-*.cpio; do
        [ "$f" = "$initramfs" ] || rm -f "$f"
    done
    rm -rf "$build"
    t1=$(date +%s.%N)
    note "built $initramfs in $(awk "BEGIN{printf \"%.2f\", $t1-$t0}") s"
fi

# ----------------------------------------------------------- boot kernel
# Decompressing a bzImage under TCG costs ~3.5 s per boot.  If the kernel
# supports PVH, extract the ELF vmlinux once into the cache and boot that.
extract_vmlinux() {
    local src=$1 dst=$2 magic tool off tmp
    case $(grep -E '^CONFIG_KERNEL_(XZ|ZSTD|GZIP)=y' "$kroot/boot/config-$kver" 2>/dev/null) in
        CONFIG_KERNEL_XZ=y)   magic='\xfd7zXZ\x00';     tool="xz -dc --single-stream" ;;
        CONFIG_KERNEL_ZSTD=y) magic='\x28\xb5\x2f\xfd'; tool="zstd -qdc" ;;
        CONFIG_KERNEL_GZIP=y) magic='\x1f\x8b\x08';     tool="gzip -dc" ;;
        *) return 1 ;;
    esac
    command -v "${tool%% *}" >/dev/null 2>&1 || return 1
    tmp=$(mktemp "$cache/vmlinux.XXXXXX") || return 1
    for off in $(LC_ALL=C grep -obUaP "$magic" "$src" 2>/dev/null | head -n 5 | cut -d: -f1); do
        tail -c +$((off + 1)) "$src" | $tool >"$tmp" 2>/dev/null
        if [ "$(head -c 4 "$tmp" | od -An -c | tr -d ' ')" = '177ELF' ]; then
            mv -f "$tmp" "$dst"
            return 0
        fi
    done
    rm -f "$tmp"
    return 1
}
boot_kernel=$kernel
if grep -q '^CONFIG_PVH=y' "$kroot/boot/config-$kver" 2>/dev/null; then
    vmlinux=$cache/vmlinux-$kver-$(stat -L -c '%s-%Y' "$kernel")
    if [ ! -f "$vmlinux" ]; then
        if extract_vmlinux "$kernel" "$vmlinux"; then
            note "extracted $vmlinux (PVH boot)"
            for f in "$cache"/vmlinux-*; do
                [ "$f" = "$vmlinux" ] || rm -f "$f"
            done
        else
            note "could not extract vmlinux from $kernel; booting the bzImage (slower)"
        fi
    fi
    [ -f "$vmlinux" ] && boot_kernel=$vmlinux
fi

# ------------------------------------------------------------------ run
run=$(mktemp -d "$cache/runs/run.XXXXXX") || { err "mktemp failed"; exit 125; }
qemu_pid='' tail_pids=()
cleanup() {
    [ -f "$run/console.log" ] && mv -f "$run/console.log" "$cache/console.log"
    [ -f "$run/qemu.log" ] && mv -f "$run/qemu.log" "$cache/qemu.log"
    [ "${D3DKMT_VM_KEEP:-0}" = 1 ] || rm -rf "$run"
}
on_signal() {
    [ -n "$qemu_pid" ] && kill -TERM "$qemu_pid" 2>/dev/null
    for p in ${tail_pids[@]+"${tail_pids[@]}"}; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    cleanup
    exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

{
    printf 'CMD_PATH=%s\n' "$(shquote "$default_path")"
    printf 'LINGER=%d\n' "${D3DKMT_VM_LINGER:-10}"
    printf 'HOST_CACHE=%s\n' "$(shquote "${D3DKMT_VM_9P_CACHE:-loose}")"
} >"$run/config"
{
    printf 'cd -- %s || { echo "%s: cannot cd to the host cwd in the guest" >&2; exit 125; }\n' \
        "$(shquote "$cwd")" "$me"
    for e in ${envs[@]+"${envs[@]}"}; do
        printf 'export %s=%s\n' "${e%%=*}" "$(shquote "${e#*=}")"
    done
    printf 'unset OLDPWD\nexec'
    for a in "$@"; do printf ' %s' "$(shquote "$a")"; done
    printf '\n'
} >"$run/cmd.sh"
: >"$run/stdout"; : >"$run/stderr"

append="console=ttyS0 panic=-1 rdinit=/init mitigations=off random.trust_cpu=on"
timeout -k 10 "$timeout_s" "$qemu" \
    -accel tcg -cpu "${D3DKMT_VM_CPU:-qemu64}" -smp "${D3DKMT_VM_SMP:-2}" -m "${D3DKMT_VM_MEM:-2048}" \
    -nodefaults -no-user-config -display none -no-reboot \
    -kernel "$boot_kernel" -initrd "$initramfs" -append "$append" \
    -serial "file:$run/console.log" \
    -device bochs-display \
    -virtfs local,path=/,mount_tag=host,security_model=none,multidevs=remap \
    -virtfs "local,path=$run,mount_tag=run,security_model=none" \
    </dev/null >"$run/qemu.log" 2>&1 &
qemu_pid=$!

live=0
if tail --pid=$$ -c +1 /dev/null >/dev/null 2>&1; then
    live=1
    tail -s 0.2 --pid=$qemu_pid -c +1 -f "$run/stdout" &
    tail_pids+=($!)
    tail -s 0.2 --pid=$qemu_pid -c +1 -f "$run/stderr" >&2 &
    tail_pids+=($!)
fi

wait "$qemu_pid"
qemu_rc=$?
qemu_pid=
for p in ${tail_pids[@]+"${tail_pids[@]}"}; do wait "$p"; done
tail_pids=()
if [ $live = 0 ]; then
    cat "$run/stdout"; cat "$run/stderr" >&2
fi

# Where the guest got to, for a run that did not end well: its init's steps and the console's end.
console_tail() {
    [ -f "$run/console.log" ] || return 0
    echo "$me: the guest's steps and the last console lines:" >&2
    { grep -a '^d3dkmt-vm:' "$run/console.log"; tail -n 15 "$run/console.log"; } | sed 's/^/console: /' >&2
}

rc=
if [ -f "$run/status" ]; then
    rc=$(cat "$run/status")
elif [ $qemu_rc = 124 ] || [ $qemu_rc = 137 ]; then
    err "timeout: the VM did not finish within $timeout_s s (console log: $cache/console.log)"
    console_tail
    rc=124
elif [ -s "$run/guest-error" ]; then
    err "$(cat "$run/guest-error") (console log: $cache/console.log)"
    console_tail
    rc=125
else
    err "the VM ended without running the command (qemu exit status $qemu_rc; console log: $cache/console.log, qemu log: $cache/qemu.log)"
    [ -s "$run/qemu.log" ] && sed 's/^/qemu: /' "$run/qemu.log" >&2
    console_tail
    rc=125
fi
cleanup
exit "$rc"
