/*
 * kmtfloor.so: the Unix side of kmtfloor.dll, one call that does nothing.
 */

#if 0
#pragma makedep unix
#endif

typedef int (*unixlib_entry_t)( void *args );

static int floor_call( void *args )
{
    return 0;
}

__attribute__((visibility("default"))) const unixlib_entry_t __wine_unix_call_funcs[] = { floor_call };
