#!/bin/sh
# fill-syswow64.sh PREFIX DIR: gives the Wine prefix PREFIX the WoW64 half that wineboot could
# not make, from DIR (Wine's i386 PE modules, e.g. /usr/lib/i386-linux-gnu/wine/i386-windows).
# wineboot fills syswow64 from a 32-bit process; where the kernel runs no i386 program (no IA-32
# emulation) it stays empty.  The VM's kernel runs them, on a prefix made on such a host: copies
# of the builtin modules are what it lacks.  Only files are added (not the import libraries);
# the 32-bit registry view stays as the 64-bit wineboot left it.  Does nothing when syswow64
# already has kernel32.dll or DIR has none; says so in one line when it fills.
set -e
wow=$1/drive_c/windows/syswow64
dir=$2
[ -d "$wow" ] && [ -f "$dir/kernel32.dll" ] && [ ! -f "$wow/kernel32.dll" ] || exit 0
echo "syswow64 filled from $dir (this kernel did not run wineboot's 32-bit part)"
# kernel32.dll last: a copy cut short is done again by the next run
find "$dir" -maxdepth 1 -type f ! -name '*.a' ! -name kernel32.dll -exec cp -n -t "$wow" {} +
cp -n "$dir/kernel32.dll" "$wow/"
