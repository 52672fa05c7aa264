/*
 * Stand-ins for the debug functions that ntdll.so provides to a Unix library under Wine, so
 * that the Unix side core runs natively in the unit tests and benchmarks.
 * WINEDEBUG containing "+d3dkmt" enables every class; otherwise only ERR is printed.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unix_private.h"

/* like ntdll, decide once and cache the answer in the channel */
unsigned char __cdecl __wine_dbg_get_channel_flags( struct __wine_debug_channel *channel )
{
    const char *env = getenv( "WINEDEBUG" );

    channel->flags = (env && strstr( env, "+d3dkmt" )) ? 0x0f : 1 << __WINE_DBCL_ERR;
    return channel->flags;
}

const char * __cdecl __wine_dbg_strdup( const char *str )
{
    static __thread char ring[4][1024];
    static __thread unsigned int next;
    char *ret = ring[next++ % 4];

    snprintf( ret, sizeof(ring[0]), "%s", str );
    return ret;
}

int __cdecl __wine_dbg_output( const char *str )
{
    return fputs( str, stderr );
}

int __cdecl __wine_dbg_header( enum __wine_debug_class cls, struct __wine_debug_channel *channel,
                               const char *function )
{
    static const char * const classes[] = { "fixme", "err", "warn", "trace" };

    if (!(__wine_dbg_get_channel_flags( channel ) & (1 << cls))) return -1;
    return fprintf( stderr, "%s:%s:%s ", cls < 4 ? classes[cls] : "?", channel->name, function );
}
