/*
 * The native stand-in for ntdll's reservations (tests/native/wine_debug_stub.c): MEM_RESERVE
 * ranges below the limit that zero_bits names, placed by mmap hints that never replace a
 * mapping, and their MEM_RELEASE.
 */

#ifndef D3DKMT_FAKE_NTDLL_H
#define D3DKMT_FAKE_NTDLL_H

/* Not 0: every reservation fails with it, as when ntdll has no room. */
extern NTSTATUS fake_ntdll_reserve_status;
/* Reservations made and not yet released. */
extern LONG fake_ntdll_reservations;
/* Calls made from a thread that Wine did not make (kmt_foreign_thread), which ntdll cannot serve. */
extern LONG fake_ntdll_foreign_calls;

/* Whether size bytes at ptr lie inside one live reservation. */
BOOL fake_ntdll_reserved( const void *ptr, SIZE_T size );

#endif /* D3DKMT_FAKE_NTDLL_H */
