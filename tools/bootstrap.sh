#!/bin/sh
# Sets everything up on Debian 12 and runs the main job or the tests:
#   tools/bootstrap.sh demo   install build packages, build, run d3dkmt-demo.exe under Wine
#   tools/bootstrap.sh test   install build and test packages (i686 mingw, qemu, a kernel), build, run every test layer
# Builds in ./build.  Needs root or sudo for apt-get.
set -e
cd "$(dirname "$0")/.."
what=${1:-test}

# winegcc 8.0 compiles C with the mingw-w64 gcc, but refuses to start without its g++ (or clang)
build_packages="gcc g++-mingw-w64-x86-64-win32 make autoconf pkg-config libdrm-dev gcc-mingw-w64-x86-64 wine64 wine64-tools libwine-dev"
test_packages="gcc-mingw-w64-i686-win32 qemu-system-x86 linux-image-amd64 busybox-static cpio kmod xz-utils"
case $what in
    demo) packages=$build_packages ;;
    test|check) packages="$build_packages $test_packages" ;;
    *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
missing=
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "Installing:$missing"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

autoconf
mkdir -p build
cd build
[ -f Makefile ] && [ Makefile -nt ../Makefile.in ] && [ config.status -nt ../configure ] || ../configure -q
make -j"$(nproc)"
case $what in
    demo) make demo ;;
    *) make check ;;
esac
