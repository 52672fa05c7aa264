#!/bin/sh
# Sets everything up on Debian 12 and runs the main job or the tests:
#   tools/bootstrap.sh demo   install build packages, build, run d3dkmt-demo.exe under Wine
#   tools/bootstrap.sh test   install build and test packages (the i386 half, qemu, a kernel, mmdebstrap), build,
#                             run every test layer on Wine 8.0 and, in a Debian 13 chroot under build/, on Wine 10.0
# Builds in ./build.  Needs root or sudo for apt-get.
set -e
cd "$(dirname "$0")/.."
what=${1:-test}

# winegcc 8.0 links with the mingw-w64 gcc, but refuses to start without its g++; clang compiles
# the PE side with its own structured exceptions (configure falls back to gcc without it)
build_packages="gcc g++-mingw-w64-x86-64-win32 make autoconf pkg-config libdrm-dev gcc-mingw-w64-x86-64 clang wine64 wine64-tools libwine-dev"
# mmdebstrap makes the Debian 13 chroot (Wine 10.0) that the tests build and run in once more
test_packages="gcc-mingw-w64-i686-win32 qemu-system-x86 busybox-static cpio kmod xz-utils xvfb libclang-rt-dev mmdebstrap"
# the 32-bit half: Wine's i386 loader and modules, and what builds d3dkmt for them
test_packages="$test_packages wine32:i386 libwine-dev:i386 libdrm-dev:i386 gcc-multilib"
case $what in
    demo) packages=$build_packages ;;
    test|check) packages="$build_packages $test_packages" ;;
    *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
# A name without an architecture is the host's (or "all"): libdrm-dev:i386 alone is not libdrm-dev.
native=$(dpkg --print-architecture)
installed()
{
    case $1 in
        *:*) dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q "ok installed$" ;;
        *) dpkg-query -W -f='${Status} ${Architecture}\n' "$1" 2>/dev/null | grep -Eq "ok installed ($native|all)$" ;;
    esac
}
missing=
for p in $packages; do
    installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "Installing:$missing"
    case $missing in
        *:i386*) dpkg --print-foreign-architectures | grep -qx i386 || $sudo dpkg --add-architecture i386 ;;
    esac
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

# The VM tests boot Debian's kernel, unpacked into the build tree rather than installed on the host.
unpack_vm_kernel()
{
    kdir=build/tests/vm/kernel
    ls "$kdir"/boot/vmlinuz-* >/dev/null 2>&1 && return 0
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
    if [ -z "$pkg" ]; then
        $sudo apt-get update -q
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
    fi
    [ -n "$pkg" ] || { echo "No linux-image-amd64 in the apt lists: the VM tests will skip."; return 0; }
    echo "Unpacking $pkg into $kdir for the VM tests"
    tmp=$(mktemp -d)
    chmod 755 "$tmp"
    if (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1); then
        mkdir -p "$kdir"
        dpkg-deb -x "$tmp"/*.deb "$kdir"
        /sbin/depmod -b "$kdir" "${pkg#linux-image-}"
    else
        echo "Cannot download $pkg: the VM tests will skip."
    fi
    rm -rf "$tmp"
}

autoconf
[ "$what" = demo ] || unpack_vm_kernel
mkdir -p build
cd build
[ -f Makefile ] && [ Makefile -nt ../Makefile.in ] && [ config.status -nt ../configure ] || ../configure -q
make -j"$(nproc)"
case $what in
    demo) make demo ;;
    *) make check ;;
esac
