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
 *
 * WINETEST_LOG=FILE writes one row per check (ok, ok_nt, check_unsettled, skip) to FILE, which
 * is truncated when the program starts, so that a Windows run and a Wine run can be compared
 * row by row (tools/d3dkmt-compare-logs).  The first line names the columns and ends with
 * platform=windows or platform=wine; every other line is one row of ten tab-separated fields:
 *   test  file:line  occurrence  kind  row  call  expected  got  result  message
 * occurrence counts the times this location ran (1, 2, ... in a loop); kind is ok, nt,
 * unsettled or skip; row names the row of choices.md for check_unsettled; call is the status
 * expression of ok_nt and check_unsettled; result is pass, fail, broken (passed through
 * broken()), todo (failed inside todo), todo-pass (passed inside todo: a failure), skip, or
 * trace (check_unsettled on Windows, which asserts nothing); message carries the contexts and
 * the formatted text, with \t, \n, \r and \\ escaped.  An absent field is "-".
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
#define wtest_yield() Sleep( 0 )
#else
#include <sched.h>
#include <unistd.h>
#define wtest_getpid() ((unsigned int)getpid())
#define wtest_yield() sched_yield()
#endif

#define WTEST_MAX_CONTEXTS 8

/* A program of several files keeps one count and one log: its files other than the one with
 * START_TEST define WTEST_OTHER_FILE before including this header. */
#ifdef WTEST_OTHER_FILE
#define WTEST_SHARED extern
#define WTEST_INIT(value)
#else
#define WTEST_SHARED
#define WTEST_INIT(value) = value
#endif

WTEST_SHARED int winetest_debug WTEST_INIT(1);
WTEST_SHARED int winetest_report_success;
WTEST_SHARED int winetest_platform_is_wine;
WTEST_SHARED const char *winetest_test_name WTEST_INIT("test");

WTEST_SHARED volatile long winetest_successes, winetest_failures, winetest_todo_successes,
                           winetest_todo_failures, winetest_skipped;

static __thread const char *winetest_file;
static __thread int winetest_line;
static __thread unsigned int winetest_todo_level;
static __thread unsigned int winetest_context_count;
static __thread char winetest_contexts[WTEST_MAX_CONTEXTS][128];
static __thread int winetest_broken_seen;

/* What a row of WINETEST_LOG says besides the location and the result. */
struct winetest_row
{
    const char *kind;
    const char *name;
    const char *call;
    const char *expected;
    const char *got;
};

#define WTEST_LOG_LOCATIONS 4096

WTEST_SHARED FILE *winetest_log;
WTEST_SHARED volatile long winetest_log_lock;
static struct
{
    const char *file;
    int line;
    unsigned int count;
} winetest_log_seen[WTEST_LOG_LOCATIONS];

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

/* Appends text to buf at pos with tabs, line ends and backslashes escaped, "-" for nothing;
 * returns the new end, which leaves room for the tabs and the newline of a row. */
static size_t winetest_log_field( char *buf, size_t pos, size_t size, const char *text )
{
    if (!text || !*text) text = "-";
    for (; *text && pos + 16 < size; text++)
    {
        char escape = 0;

        switch (*text)
        {
        case '\t': escape = 't'; break;
        case '\n': escape = 'n'; break;
        case '\r': escape = 'r'; break;
        case '\\': escape = '\\'; break;
        }
        if (escape)
        {
            buf[pos++] = '\\';
            buf[pos++] = escape;
        }
        else buf[pos++] = *text;
    }
    return pos;
}

/* How many times the current location has written a row, this one included; the caller holds
 * the lock.  A full table gives 0. */
static unsigned int winetest_log_occurrence( const char *file )
{
    unsigned int hash = (unsigned int)winetest_line * 31, i, n;
    const char *p;

    for (p = file; *p; p++) hash = hash * 33 + (unsigned char)*p;
    for (n = 0; n < WTEST_LOG_LOCATIONS; n++)
    {
        i = (hash + n) % WTEST_LOG_LOCATIONS;
        if (!winetest_log_seen[i].file)
        {
            winetest_log_seen[i].file = file;
            winetest_log_seen[i].line = winetest_line;
        }
        else if (winetest_log_seen[i].line != winetest_line || strcmp( winetest_log_seen[i].file, file ))
            continue;
        return ++winetest_log_seen[i].count;
    }
    return 0;
}

/* One row, written whole with one fwrite under a lock, so that threads do not mix rows. */
static void winetest_log_row( const struct winetest_row *row, const char *result, const char *msg, va_list args )
{
    const char *file = winetest_basename( winetest_file ? winetest_file : "?" );
    char message[1024], location[300], text[16], line[4096];
    unsigned int i;
    size_t len = 0, pos;

    for (i = 0; i < winetest_context_count && i < WTEST_MAX_CONTEXTS && len < sizeof(message) / 2; i++)
        len += snprintf( message + len, sizeof(message) - len, "%s: ", winetest_contexts[i] );
    vsnprintf( message + len, sizeof(message) - len, msg, args );
    len = strlen( message );
    if (len && message[len - 1] == '\n') message[len - 1] = 0;

    while (__sync_lock_test_and_set( &winetest_log_lock, 1 )) wtest_yield();
    pos = winetest_log_field( line, 0, sizeof(line), winetest_test_name );
    line[pos++] = '\t';
    snprintf( location, sizeof(location), "%s:%d", file, winetest_line );
    pos = winetest_log_field( line, pos, sizeof(line), location );
    line[pos++] = '\t';
    snprintf( text, sizeof(text), "%u", winetest_log_occurrence( file ) );
    pos = winetest_log_field( line, pos, sizeof(line), text );
    line[pos++] = '\t';
    pos = winetest_log_field( line, pos, sizeof(line), row->kind );
    line[pos++] = '\t';
    pos = winetest_log_field( line, pos, sizeof(line), row->name );
    line[pos++] = '\t';
    pos = winetest_log_field( line, pos, sizeof(line), row->call );
    line[pos++] = '\t';
    pos = winetest_log_field( line, pos, sizeof(line), row->expected );
    line[pos++] = '\t';
    pos = winetest_log_field( line, pos, sizeof(line), row->got );
    line[pos++] = '\t';
    pos = winetest_log_field( line, pos, sizeof(line), result );
    line[pos++] = '\t';
    pos = winetest_log_field( line, pos, sizeof(line), message );
    line[pos++] = '\n';
    fwrite( line, 1, pos, winetest_log );
    fflush( winetest_log );
    __sync_lock_release( &winetest_log_lock );
}

static int winetest_vok_row( const struct winetest_row *row, int condition, const char *msg, va_list args )
{
    int passed_broken = winetest_broken_seen, ret = 1;
    const char *result = "pass";
    va_list copy;

    winetest_broken_seen = 0;
    va_copy( copy, args );
    if (winetest_todo_level)
    {
        if (condition)
        {
            winetest_print_location( "Test succeeded inside todo block: " );
            vprintf( msg, args );
            __sync_fetch_and_add( &winetest_todo_failures, 1 );
            result = "todo-pass";
            ret = 0;
        }
        else
        {
            if (winetest_debug > 0)
            {
                winetest_print_location( "Test marked todo: " );
                vprintf( msg, args );
            }
            __sync_fetch_and_add( &winetest_todo_successes, 1 );
            result = "todo";
        }
    }
    else if (!condition)
    {
        winetest_print_location( "Test failed: " );
        vprintf( msg, args );
        __sync_fetch_and_add( &winetest_failures, 1 );
        result = "fail";
        ret = 0;
    }
    else
    {
        if (winetest_report_success)
        {
            winetest_print_location( "Test succeeded" );
            printf( "\n" );
        }
        __sync_fetch_and_add( &winetest_successes, 1 );
        if (passed_broken) result = "broken";
    }
    if (winetest_log) winetest_log_row( row, result, msg, copy );
    va_end( copy );
    return ret;
}

static int winetest_vok( int condition, const char *msg, va_list args )
{
    static const struct winetest_row row = { "ok", NULL, NULL, NULL, NULL };

    return winetest_vok_row( &row, condition, msg, args );
}

/* A check with its own row: ok_nt and check_unsettled; the caller sets the location. */
static inline int winetest_ok_row( const struct winetest_row *row, int condition, const char *msg, ... )
    __attribute__((format(printf, 3, 4)));
static inline int winetest_ok_row( const struct winetest_row *row, int condition, const char *msg, ... )
{
    va_list args;
    int ret;

    va_start( args, msg );
    ret = winetest_vok_row( row, condition, msg, args );
    va_end( args );
    return ret;
}

/* A trace that is also a row (result "trace"), even when WINETEST_DEBUG hides the trace. */
static inline void winetest_trace_row( const struct winetest_row *row, const char *msg, ... )
    __attribute__((format(printf, 2, 3)));
static inline void winetest_trace_row( const struct winetest_row *row, const char *msg, ... )
{
    va_list args;

    if (winetest_debug > 0)
    {
        winetest_print_location( "" );
        va_start( args, msg );
        vprintf( msg, args );
        va_end( args );
    }
    if (winetest_log)
    {
        va_start( args, msg );
        winetest_log_row( row, "trace", msg, args );
        va_end( args );
    }
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

static inline void winetest_skip( const char *msg, ... ) __attribute__((format(printf, 1, 2)));
static inline void winetest_skip( const char *msg, ... )
{
    static const struct winetest_row row = { "skip", NULL, NULL, NULL, NULL };
    va_list args;

    winetest_print_location( "Tests skipped: " );
    va_start( args, msg );
    vprintf( msg, args );
    va_end( args );
    __sync_fetch_and_add( &winetest_skipped, 1 );
    if (winetest_log)
    {
        va_start( args, msg );
        winetest_log_row( &row, "skip", msg, args );
        va_end( args );
    }
}

static inline void winetest_win_skip( const char *msg, ... ) __attribute__((format(printf, 1, 2)));
static inline void winetest_win_skip( const char *msg, ... )
{
    static const struct winetest_row row = { "skip", NULL, NULL, NULL, NULL };
    va_list args;

    va_start( args, msg );
    if (winetest_platform_is_wine) winetest_vok_row( &row, 0, msg, args );
    else
    {
        winetest_print_location( "Tests skipped: " );
        vprintf( msg, args );
        __sync_fetch_and_add( &winetest_skipped, 1 );
        if (winetest_log)
        {
            va_end( args );
            va_start( args, msg );
            winetest_log_row( &row, "skip", msg, args );
        }
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
    if (winetest_platform_is_wine || !condition) return 0;
    winetest_broken_seen = 1;
    return 1;
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

#ifndef WTEST_OTHER_FILE

static void winetest_open_log( void )
{
    const char *name = getenv( "WINETEST_LOG" );

    if (!name || !*name) return;
    if (!(winetest_log = fopen( name, "wb" )))
    {
        printf( "%04x:%s: Test failed: cannot write WINETEST_LOG %s\n", wtest_getpid(), winetest_test_name, name );
        __sync_fetch_and_add( &winetest_failures, 1 );
        return;
    }
    fprintf( winetest_log, "#test\tlocation\toccurrence\tkind\trow\tcall\texpected\tgot\tresult\tmessage\tplatform=%s\n",
             winetest_platform_is_wine ? "wine" : "windows" );
    fflush( winetest_log );
}

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
    winetest_open_log();
}

static int winetest_finish( void )
{
    long failures = winetest_failures + winetest_todo_failures;
    long total = winetest_successes + failures + winetest_todo_successes;

    printf( "%04x:%s: %ld tests executed (%ld marked as todo, %ld %s), %ld skipped.\n",
            wtest_getpid(), winetest_test_name, total, (long)winetest_todo_successes, failures,
            failures == 1 ? "failure" : "failures", (long)winetest_skipped );
    if (winetest_log)
    {
        fclose( winetest_log );
        winetest_log = NULL;
    }
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

#endif /* WTEST_OTHER_FILE */

#endif /* WTEST_H */
