/*
 * A small test harness in the manner of Wine's tests, for the conformance tests (built with
 * mingw-w64, run on Windows and under Wine) and the native unit tests.
 *
 *   ok(cond, fmt, ...)          a check; ok_(file, line)(cond, fmt, ...) from helpers
 *   todo_wine { ... }           checks expected to fail under Wine (a known gap)
 *   todo_if(c) / todo_wine_if(c)
 *   broken(c)                   true only on Windows: a documented Windows variance
 *   skip(fmt, ...)              a skipped part; win_skip() is a failure under Wine
 *   trace(fmt, ...)             printed when WINETEST_DEBUG > 0 (the default is 1)
 *   winetest_push_context(fmt, ...) / winetest_pop_context()
 *   winetest_platform_is_wine   decided by WINETEST_PLATFORM, else by ntdll!wine_server_call
 *
 * The program ends with one line
 *   <pid>:<name>: N tests executed (T marked as todo, F failures), S skipped.
 * and exits with the number of failures (at most 255).  WINETEST_REPORT_SUCCESS=1 prints
 * every passing check too.
 */

#ifndef WTEST_H
#define WTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#define wtest_getpid() ((unsigned int)GetCurrentProcessId())
#else
#include <unistd.h>
#define wtest_getpid() ((unsigned int)getpid())
#endif

#define WTEST_MAX_CONTEXTS 8

static int winetest_debug = 1;
static int winetest_report_success;
static int winetest_platform_is_wine;
static const char *winetest_test_name = "test";

static volatile long winetest_successes, winetest_failures, winetest_todo_successes,
                     winetest_todo_failures, winetest_skipped;

static __thread const char *winetest_file;
static __thread int winetest_line;
static __thread unsigned int winetest_todo_level;
static __thread unsigned int winetest_context_count;
static __thread char winetest_contexts[WTEST_MAX_CONTEXTS][128];

static const char *winetest_basename( const char *file )
{
    const char *p = file, *slash;

    while ((slash = strpbrk( p, "/\\" ))) p = slash + 1;
    return p;
}

static void winetest_print_location( const char *kind )
{
    unsigned int i;

    printf( "%s:%d: %s", winetest_basename( winetest_file ), winetest_line, kind );
    for (i = 0; i < winetest_context_count && i < WTEST_MAX_CONTEXTS; i++)
        printf( "%s: ", winetest_contexts[i] );
}

static void winetest_set_location( const char *file, int line )
{
    winetest_file = file;
    winetest_line = line;
}

static int winetest_vok( int condition, const char *msg, va_list args )
{
    if (winetest_todo_level)
    {
        if (condition)
        {
            winetest_print_location( "Test succeeded inside todo block: " );
            vprintf( msg, args );
            __sync_fetch_and_add( &winetest_todo_failures, 1 );
            return 0;
        }
        if (winetest_debug > 0)
        {
            winetest_print_location( "Test marked todo: " );
            vprintf( msg, args );
        }
        __sync_fetch_and_add( &winetest_todo_successes, 1 );
        return 1;
    }
    if (!condition)
    {
        winetest_print_location( "Test failed: " );
        vprintf( msg, args );
        __sync_fetch_and_add( &winetest_failures, 1 );
        return 0;
    }
    if (winetest_report_success)
    {
        winetest_print_location( "Test succeeded" );
        printf( "\n" );
    }
    __sync_fetch_and_add( &winetest_successes, 1 );
    return 1;
}

static int winetest_ok( int condition, const char *msg, ... ) __attribute__((format(printf, 2, 3)));
static int winetest_ok( int condition, const char *msg, ... )
{
    va_list args;
    int ret;

    va_start( args, msg );
    ret = winetest_vok( condition, msg, args );
    va_end( args );
    return ret;
}

static void winetest_trace( const char *msg, ... ) __attribute__((format(printf, 1, 2)));
static void winetest_trace( const char *msg, ... )
{
    va_list args;

    if (winetest_debug <= 0) return;
    winetest_print_location( "" );
    va_start( args, msg );
    vprintf( msg, args );
    va_end( args );
}

static void winetest_skip( const char *msg, ... ) __attribute__((format(printf, 1, 2)));
static void winetest_skip( const char *msg, ... )
{
    va_list args;

    winetest_print_location( "Tests skipped: " );
    va_start( args, msg );
    vprintf( msg, args );
    va_end( args );
    __sync_fetch_and_add( &winetest_skipped, 1 );
}

static inline void winetest_win_skip( const char *msg, ... ) __attribute__((format(printf, 1, 2)));
static inline void winetest_win_skip( const char *msg, ... )
{
    va_list args;

    va_start( args, msg );
    if (winetest_platform_is_wine) winetest_vok( 0, msg, args );
    else
    {
        winetest_print_location( "Tests skipped: " );
        vprintf( msg, args );
        __sync_fetch_and_add( &winetest_skipped, 1 );
    }
    va_end( args );
}

static inline void winetest_push_context( const char *fmt, ... ) __attribute__((format(printf, 1, 2)));
static inline void winetest_push_context( const char *fmt, ... )
{
    va_list args;

    if (winetest_context_count < WTEST_MAX_CONTEXTS)
    {
        va_start( args, fmt );
        vsnprintf( winetest_contexts[winetest_context_count], sizeof(winetest_contexts[0]), fmt, args );
        va_end( args );
    }
    winetest_context_count++;
}

static inline void winetest_pop_context( void )
{
    if (winetest_context_count) winetest_context_count--;
}

static inline int winetest_broken( int condition )
{
    return !winetest_platform_is_wine && condition;
}

static inline int winetest_todo_push( int is_todo )
{
    winetest_todo_level = (winetest_todo_level << 1) | !!is_todo;
    return 1;
}

static inline void winetest_todo_pop( void )
{
    winetest_todo_level >>= 1;
}

#define ok_(file, line) (winetest_set_location( file, line ), 0) ? 0 : winetest_ok
#define ok ok_(__FILE__, __LINE__)
#define trace (winetest_set_location( __FILE__, __LINE__ ), 0) ? (void)0 : winetest_trace
#define skip (winetest_set_location( __FILE__, __LINE__ ), 0) ? (void)0 : winetest_skip
#define win_skip (winetest_set_location( __FILE__, __LINE__ ), 0) ? (void)0 : winetest_win_skip
#define broken(c) winetest_broken( c )

#define todo_if(is_todo) \
    for (int winetest_todo_once = winetest_todo_push( is_todo ); winetest_todo_once; \
         winetest_todo_once = 0, winetest_todo_pop())
#define todo_wine todo_if( winetest_platform_is_wine )
#define todo_wine_if(c) todo_if( winetest_platform_is_wine && (c) )

static void winetest_detect_platform( void )
{
    const char *platform = getenv( "WINETEST_PLATFORM" );
    const char *debug = getenv( "WINETEST_DEBUG" );
    const char *success = getenv( "WINETEST_REPORT_SUCCESS" );

    if (debug) winetest_debug = atoi( debug );
    if (success) winetest_report_success = atoi( success );
    if (platform) winetest_platform_is_wine = !strcmp( platform, "wine" );
    else
    {
#ifdef _WIN32
        winetest_platform_is_wine = GetProcAddress( GetModuleHandleA( "ntdll.dll" ), "wine_server_call" ) != NULL;
#else
        winetest_platform_is_wine = 1; /* native builds test our own implementation */
#endif
    }
}

static int winetest_finish( void )
{
    long failures = winetest_failures + winetest_todo_failures;
    long total = winetest_successes + failures + winetest_todo_successes;

    printf( "%04x:%s: %ld tests executed (%ld marked as todo, %ld %s), %ld skipped.\n",
            wtest_getpid(), winetest_test_name, total, (long)winetest_todo_successes, failures,
            failures == 1 ? "failure" : "failures", (long)winetest_skipped );
    return failures > 255 ? 255 : (int)failures;
}

#define START_TEST(name) \
    static void func_##name( void ); \
    int main( int argc, char **argv ) \
    { \
        setvbuf( stdout, NULL, _IONBF, 0 ); \
        winetest_test_name = #name; \
        winetest_detect_platform(); \
        func_##name(); \
        return winetest_finish(); \
    } \
    static void func_##name( void )

#endif /* WTEST_H */
