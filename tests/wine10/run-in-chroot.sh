#!/bin/bash
# run-in-chroot.sh - run a command against Debian 13 (trixie) and its Wine 10, inside a chroot
# that mmdebstrap makes under the build tree from Debian's packages.
#
# Usage:
#   tests/wine10/run-in-chroot.sh [--chroot DIR] [--env NAME=VALUE ...] [--bind DIR ...]
#                                 [--remake] -- COMMAND [ARGS...]
#
#   tests/wine10/run-in-chroot.sh -- wine64 --version
#   tests/wine10/run-in-chroot.sh -- sh -c 'cd "$BUILDDIR"/tests/wine10/build && make'
#
# The chroot
#   * DIR defaults to $BUILDDIR/tests/wine10/chroot (BUILDDIR: default <source tree>/build).
#     It is made once with `mmdebstrap --mode=root --variant=minbase` and the packages below,
#     and reused while its stamp file (DIR/.d3dkmt-chroot) names the same suite, mirror and
#     package list; when the list changes it is made again from nothing.  It is made in
#     DIR.new and renamed, so an interrupted run never leaves a DIR that looks complete.
#     --remake makes it again anyway.  To drop it: rm -rf DIR (nothing stays mounted in it).
#   * Only mmdebstrap's own apt configuration names trixie: the host's /etc/apt is not
#     touched.  The mirror is the host's Debian mirror (http://deb.debian.org/debian when apt
#     names none); D3DKMT_CHROOT_MIRROR changes it.
#
# The command
#   * Runs as root in new mount and PID namespaces (unshare), chrooted into DIR, with a fresh
#     /proc, a read-only /sys, a small /dev (null, zero, full, random, urandom, tty, a new
#     devpts instance, a tmpfs /dev/shm, and the host's /dev/dri when there is one) and a tmpfs
#     /tmp (wineserver's and Xvfb's sockets).  The source tree, the build directory and each
#     --bind DIR are bind-mounted at their own paths.  All of it vanishes with the command:
#     when it exits, whatever it left running (wineserver, Xvfb) is killed with the namespace.
#     Nothing outside DIR is written except through the binds.
#   * cwd is the current directory when it lies in a bound directory, else the build directory.
#   * The environment is clean: PATH, HOME=/root (the chroot's), LANG=C.UTF-8, TERM, SRCDIR and
#     BUILDDIR (the host's paths), every D3DKMT_* variable of the caller, then the --env ones.
#
# Exit status: COMMAND's; 77 with "SKIP: ..." on stderr when mmdebstrap is missing or the
# script is not run as root; 125 when the chroot cannot be made (its log is printed); 2 on
# usage errors.

set -u

me=${0##*/}
self=$(readlink -f "$0")
srcdir=$(cd "$(dirname "$self")/../.." && pwd -P)

# What the project needs to build and test on trixie (tools/bootstrap.sh's build_packages and
# test_packages with trixie's names, less qemu, the kernel and busybox: no VM in the chroot).
build_packages=(
    gcc make autoconf pkg-config libdrm-dev
    clang                                   # the PE side's structured exceptions
    gcc-mingw-w64-x86-64-win32 g++-mingw-w64-x86-64-win32
    wine wine64 libwine-dev wine64-tools    # wine64-tools: winegcc, winebuild
)
test_packages=(
    gcc-mingw-w64-i686-win32                # the i686 ABI checks
    libclang-rt-dev                         # libFuzzer for clang, whatever clang's version
    xvfb                                    # display ownership, DXGI, d3d9, notepad
    # Wine's X11 driver and wined3d (libwine only recommends them), as on the Debian 12 host
    libgl1 libgl1-mesa-dri libxrandr2 libxrender1 libxcursor1 libxi6 libxcomposite1
    libxinerama1 libxxf86vm1
)
suite=trixie
# The host's own Debian mirror (the first of its apt sources that is no -security or -updates
# suite), so that the chroot comes from where the host's packages come from.
host_mirror() {
    apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
        awk '$2 !~ /-/ { sub(/\/$/, "", $1); print $1; exit }'
}
mirror=${D3DKMT_CHROOT_MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
variant=minbase
stamp_name=.d3dkmt-chroot

usage() {
    cat <<EOF
usage: $me [--chroot DIR] [--env NAME=VALUE ...] [--bind DIR ...] [--remake] -- COMMAND [ARGS...]
Runs COMMAND in a Debian 13 (Wine 10) chroot made with mmdebstrap (see the header of $0).
EOF
}
skip() { echo "SKIP: $*" >&2; exit 77; }
err() { echo "$me: ERROR: $*" >&2; }
say() { echo "$me: $*" >&2; }

# ---------------------------------------------------------------- inside the namespaces
# (the script runs itself again under unshare: mounts, then the chroot)
if [ "${1:-}" = --inside ]; then
    root=$2 cwd=$3 nbinds=$4
    shift 4
    binds=("${@:1:$nbinds}")
    shift "$nbinds"
    set -e
    mount --make-rprivate /
    mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
    mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
    mount -t tmpfs -o mode=755,nosuid,size=64k dev "$root/dev"
    for n in null zero full random urandom tty; do
        touch "$root/dev/$n"
        mount --bind "/dev/$n" "$root/dev/$n"
    done
    mkdir "$root/dev/pts" "$root/dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5,nosuid,noexec devpts "$root/dev/pts"
    ln -s pts/ptmx "$root/dev/ptmx"
    mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
    ln -s /proc/self/fd "$root/dev/fd"
    ln -s /proc/self/fd/0 "$root/dev/stdin"
    ln -s /proc/self/fd/1 "$root/dev/stdout"
    ln -s /proc/self/fd/2 "$root/dev/stderr"
    if [ -d /dev/dri ]; then
        mkdir "$root/dev/dri"
        mount --rbind /dev/dri "$root/dev/dri"
    fi
    mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$root/tmp"
    for b in "${binds[@]}"; do
        mkdir -p "$root$b"
        mount --bind "$b" "$root$b"
    done
    set +e
    # Not exec: this shell is the namespace's init; when it exits, the rest is killed.
    # shellcheck disable=SC2016
    chroot "$root" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$cwd" "$@"
    exit $?
fi

# ---------------------------------------------------------------- arguments
chroot_dir=
remake=0
envs=()
binds=()
while [ $# -gt 0 ]; do
    case $1 in
        --chroot) [ $# -ge 2 ] || { usage >&2; exit 2; }; chroot_dir=$2; shift 2 ;;
        --chroot=*) chroot_dir=${1#--chroot=}; shift ;;
        --env) [ $# -ge 2 ] || { usage >&2; exit 2; }; envs+=("$2"); shift 2 ;;
        --env=*) envs+=("${1#--env=}"); shift ;;
        --bind) [ $# -ge 2 ] || { usage >&2; exit 2; }; binds+=("$2"); shift 2 ;;
        --bind=*) binds+=("${1#--bind=}"); shift ;;
        --remake) remake=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        *) err "unknown option '$1'"; usage >&2; exit 2 ;;
    esac
done
[ $# -gt 0 ] || { err "no COMMAND given"; usage >&2; exit 2; }
for b in ${binds[@]+"${binds[@]}"}; do
    [ -d "$b" ] || { err "--bind $b: no such directory"; exit 2; }
done
for e in ${envs[@]+"${envs[@]}"}; do
    n=${e%%=*}
    if [ "$n" = "$e" ] || ! [[ $n =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
        err "--env wants NAME=VALUE, got '$e'"; exit 2
    fi
done

[ "$(id -u)" = 0 ] || skip "$me needs root (mmdebstrap --mode=root, mount namespaces)"
command -v mmdebstrap >/dev/null || skip "no mmdebstrap to make the Debian 13 chroot (Debian: mmdebstrap)"
command -v unshare >/dev/null || skip "no unshare (Debian: util-linux)"

mkdir -p "${BUILDDIR:-$srcdir/build}" || exit 2
builddir=$(cd "${BUILDDIR:-$srcdir/build}" && pwd -P)
[ -n "$chroot_dir" ] || chroot_dir=$builddir/tests/wine10/chroot
mkdir -p "$(dirname "$chroot_dir")" || exit 2
chroot_dir=$(cd "$(dirname "$chroot_dir")" && pwd -P)/$(basename "$chroot_dir")
case $chroot_dir in /|/bin|/boot|/etc|/home|/lib*|/opt|/root|/run|/srv|/usr|/var|/tmp)
    err "refusing --chroot $chroot_dir"; exit 2 ;;
esac

# ---------------------------------------------------------------- the chroot, made once
packages=("${build_packages[@]}" "${test_packages[@]}")
stamp="suite=$suite
mirror=$mirror
variant=$variant
packages=$(printf '%s\n' "${packages[@]}" | sort -u | tr '\n' ' ')"

# Something mounted below DIR (a run that is not in its own namespace) forbids rm -rf.
mounted_below() { findmnt -rn -o TARGET | grep -q -F "$1/"; }

make_chroot() {
    local tmp=$chroot_dir.new log=$chroot_dir.log start end size
    for d in "$chroot_dir" "$tmp"; do
        if mounted_below "$d"; then err "something is mounted below $d; not removing it"; exit 125; fi
    done
    rm -rf "$tmp" "$chroot_dir"
    say "making the Debian 13 ($suite) chroot in $chroot_dir with mmdebstrap (a few minutes; log: $log)"
    start=$(date +%s)
    # No documentation or translations: the chroot only builds and runs tests.
    if ! mmdebstrap --mode=root --variant="$variant" --components=main \
            --include="$(IFS=,; echo "${packages[*]}")" \
            --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
            --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
            "$suite" "$tmp" "$mirror" >"$log" 2>&1; then
        err "mmdebstrap failed; the end of $log:"
        tail -n 30 "$log" >&2
        rm -rf "$tmp"
        exit 125
    fi
    printf '%s\n' "$stamp" >"$tmp/$stamp_name"
    mv "$tmp" "$chroot_dir"
    end=$(date +%s)
    size=$(du -sh "$chroot_dir" | cut -f1)
    # shellcheck disable=SC2016
    say "chroot made in $((end - start)) s ($size): $(chroot "$chroot_dir" dpkg-query -W -f='wine ${Version}' wine64)"
}

# One run at a time checks or makes the chroot; the runs that use it share the lock.
exec 9>"$chroot_dir.lock"
flock -x 9
if [ "$remake" = 1 ] || ! [ -f "$chroot_dir/$stamp_name" ] || [ "$(cat "$chroot_dir/$stamp_name")" != "$stamp" ]; then
    [ -d "$chroot_dir" ] && [ "$remake" = 0 ] && say "$chroot_dir is incomplete or was made from another package list: making it again"
    make_chroot
else
    say "reusing the chroot $chroot_dir"
fi
flock -s 9

# ---------------------------------------------------------------- the command
bind_dirs=("$srcdir")
[ "$builddir" = "$srcdir" ] || bind_dirs+=("$builddir")
for b in ${binds[@]+"${binds[@]}"}; do
    bind_dirs+=("$(cd "$b" && pwd -P)")
done
cwd=$builddir
here=$(pwd -P)
for b in "${bind_dirs[@]}"; do
    case $here/ in "$b"/*) cwd=$here ;; esac
done

env_args=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
          TERM="${TERM:-dumb}" SRCDIR="$srcdir" BUILDDIR="$builddir")
for n in $(compgen -e D3DKMT_); do env_args+=("$n=${!n}"); done
env_args+=(${envs[@]+"${envs[@]}"})

unshare --mount --pid --fork --kill-child -- \
    "$BASH" "$self" --inside "$chroot_dir" "$cwd" "${#bind_dirs[@]}" "${bind_dirs[@]}" \
    env -i "${env_args[@]}" "$@"
