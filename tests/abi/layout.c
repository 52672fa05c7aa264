/*
 * Compiles the project's ABI headers for a target: every size and offset in them is a
 * compile-time check, so building this for i686 checks the 32-bit (WoW64) layouts.
 */

#include <windows.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"

int main( void )
{
    return 0;
}
