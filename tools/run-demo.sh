#!/bin/sh
# Installs d3dkmt into <build>/_install and runs d3dkmt-demo there under Wine, in the prefix
# <build>/demo-wineprefix (created on first use) unless WINEPREFIX is set.
set -e
builddir=$(cd "${BUILDDIR:-.}" && pwd)
make -s -C "$builddir" install prefix="$builddir/_install" >/dev/null
export WINEPREFIX="${WINEPREFIX:-$builddir/demo-wineprefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
export D3DKMT_BUDGET="${D3DKMT_BUDGET:-256M}"
# --host-pressure: the pressure thread reads MemAvailable against a watermark 256 MiB under
# what is available when it starts, so that the demo needs to take only a few hundred MiB
if [ "$1" = --host-pressure ] && [ -z "$D3DKMT_HOST_PRESSURE" ]; then
    export D3DKMT_HOST_PRESSURE=meminfo
    export D3DKMT_HOST_PRESSURE_WATERMARK="${D3DKMT_HOST_PRESSURE_WATERMARK:--256M}"
fi
exec "$builddir/_install/bin/d3dkmt-demo" "$@"
