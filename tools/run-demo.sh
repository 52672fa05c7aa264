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
exec "$builddir/_install/bin/d3dkmt-demo" "$@"
