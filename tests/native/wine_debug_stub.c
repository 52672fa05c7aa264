/*
 * Stand-ins for the functions that ntdll.so provides to a Unix library under Wine, so that the
 * Unix side core runs natively in the unit tests and benchmarks: the debug functions, and the
 * reservation of address space for 32-bit callers (fake_ntdll.h).
 * WINEDEBUG containing "+d3dkmt" enables every class; otherwise only ERR is printed.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "unix_private.h"
#include "fake_ntdll.h"

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

/* ---- ntdll's virtual memory, as far as wow64_reserve() uses it (fake_ntdll.h) ------------- */

#define RESERVATION_GRANULARITY 0x10000

NTSTATUS fake_ntdll_reserve_status;
LONG fake_ntdll_reservations;
LONG fake_ntdll_foreign_calls;

static pthread_mutex_t reservations_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct
{
    void *base;
    SIZE_T size;
} reservations[1024];

/* Wine's reading of zero_bits: up to 31 a count of high zero bits of 64, else a mask. */
static UINT64 zero_bits_limit( ULONG_PTR zero_bits )
{
    UINT64 limit = zero_bits;
    unsigned int shift;

    if (!zero_bits) return ~(UINT64)0;
    if (zero_bits < 32) return ~(UINT64)0 >> (32 + zero_bits);
    for (shift = 1; shift < 64; shift *= 2) limit |= limit >> shift;
    return limit;
}

/* Reserves the highest free range below the limit, by hints that may not replace a mapping. */
static void *reserve_below( UINT64 limit, SIZE_T size )
{
    UINT64 addr;
    void *ptr;

    if (size > limit) return NULL;
    for (addr = (limit + 1 - size) & ~(UINT64)(RESERVATION_GRANULARITY - 1); addr >= RESERVATION_GRANULARITY;
         addr -= RESERVATION_GRANULARITY)
    {
        ptr = mmap( (void *)(ULONG_PTR)addr, size, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0 );
        if (ptr == (void *)(ULONG_PTR)addr) return ptr;
        if (ptr != MAP_FAILED) munmap( ptr, size );   /* a kernel that took the flag for a hint */
        else if (errno != EEXIST) return NULL;
    }
    return NULL;
}

NTSTATUS WINAPI NtAllocateVirtualMemory( HANDLE process, PVOID *base, ULONG_PTR zero_bits, SIZE_T *size,
                                         ULONG type, ULONG protect )
{
    NTSTATUS status = STATUS_NO_MEMORY;
    SIZE_T length;
    void *ptr;
    UINT i;

    if (kmt_foreign_thread) __atomic_add_fetch( &fake_ntdll_foreign_calls, 1, __ATOMIC_RELAXED );
    if (process != NtCurrentProcess() || *base || type != MEM_RESERVE || protect != PAGE_NOACCESS || !*size)
        return STATUS_NOT_IMPLEMENTED;
    if (fake_ntdll_reserve_status) return fake_ntdll_reserve_status;
    length = (*size + 0xfff) & ~(SIZE_T)0xfff;
    pthread_mutex_lock( &reservations_mutex );
    for (i = 0; i < ARRAY_SIZE(reservations); i++) if (!reservations[i].base) break;
    if (i < ARRAY_SIZE(reservations) && (ptr = reserve_below( zero_bits_limit( zero_bits ), length )))
    {
        reservations[i].base = ptr;
        reservations[i].size = length;
        fake_ntdll_reservations++;
        *base = ptr;
        *size = length;
        status = STATUS_SUCCESS;
    }
    pthread_mutex_unlock( &reservations_mutex );
    return status;
}

NTSTATUS WINAPI NtFreeVirtualMemory( HANDLE process, PVOID *base, SIZE_T *size, ULONG type )
{
    NTSTATUS status = STATUS_MEMORY_NOT_ALLOCATED;
    UINT i;

    if (kmt_foreign_thread) __atomic_add_fetch( &fake_ntdll_foreign_calls, 1, __ATOMIC_RELAXED );
    if (process != NtCurrentProcess() || type != MEM_RELEASE || *size) return STATUS_NOT_IMPLEMENTED;
    pthread_mutex_lock( &reservations_mutex );
    for (i = 0; i < ARRAY_SIZE(reservations); i++)
    {
        if (reservations[i].base != *base) continue;
        munmap( reservations[i].base, reservations[i].size );
        *size = reservations[i].size;
        reservations[i].base = NULL;
        fake_ntdll_reservations--;
        status = STATUS_SUCCESS;
        break;
    }
    pthread_mutex_unlock( &reservations_mutex );
    return status;
}

BOOL fake_ntdll_reserved( const void *ptr, SIZE_T size )
{
    BOOL ret = FALSE;
    UINT i;

    pthread_mutex_lock( &reservations_mutex );
    for (i = 0; i < ARRAY_SIZE(reservations) && !ret; i++)
        ret = reservations[i].base && (const char *)ptr >= (const char *)reservations[i].base &&
              size <= reservations[i].size - (SIZE_T)((const char *)ptr - (const char *)reservations[i].base);
    pthread_mutex_unlock( &reservations_mutex );
    return ret;
}
