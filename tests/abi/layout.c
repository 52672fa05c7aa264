/*
 * Compiles the project's ABI headers for a target: every size and offset in them is a
 * compile-time check, so building this for i686 checks the 32-bit (WoW64) layouts, and that
 * the PE <-> Unix parameter blocks are the same for both.
 */

#include <windows.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_unixlib.h"
#include "d3dkmt_umd_abi.h"
#include "d3dkmt_runtime.h"

int main( void )
{
    return 0;
}
