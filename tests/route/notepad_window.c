/*
 * Whether notepad starts: runs notepad.exe, waits for its main window (class "Notepad",
 * visible, of that process) and asks it to close.  Exits 0 when the window came and notepad
 * closed with exit code 0, 1 when no window came in time (notepad hung or died before showing
 * one), 2 when notepad did not close, or closed with another exit code.
 *
 * Usage: notepad_window.exe [SECONDS]   how long to wait for the window (default 60)
 */

#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

struct search
{
    DWORD pid;
    HWND hwnd;
};

static BOOL CALLBACK find_main_window( HWND hwnd, LPARAM param )
{
    struct search *search = (struct search *)param;
    char class_name[64];
    DWORD pid = 0;

    GetWindowThreadProcessId( hwnd, &pid );
    if (pid != search->pid || !IsWindowVisible( hwnd )) return TRUE;
    if (!GetClassNameA( hwnd, class_name, sizeof(class_name) ) || strcmp( class_name, "Notepad" )) return TRUE;
    search->hwnd = hwnd;
    return FALSE;
}

/* Waits up to timeout ms for the window; FALSE, said why, when it does not come. */
static BOOL wait_for_window( const PROCESS_INFORMATION *pi, DWORD timeout, struct search *search )
{
    DWORD start = GetTickCount(), code;

    for (;;)
    {
        EnumWindows( find_main_window, (LPARAM)search );
        if (search->hwnd)
        {
            printf( "notepad: window %p after %lu ms\n", search->hwnd, GetTickCount() - start );
            return TRUE;
        }
        if (!WaitForSingleObject( pi->hProcess, 100 ))
        {
            GetExitCodeProcess( pi->hProcess, &code );
            printf( "notepad: exited (code %#lx) before it showed a window\n", code );
            return FALSE;
        }
        if (GetTickCount() - start > timeout)
        {
            printf( "notepad: no window after %lu ms (hung?)\n", timeout );
            return FALSE;
        }
    }
}

int main( int argc, char **argv )
{
    DWORD timeout = (argc > 1 ? strtoul( argv[1], NULL, 10 ) : 60) * 1000, code;
    STARTUPINFOA startup = { sizeof(startup) };
    struct search search = { 0 };
    char command[] = "notepad.exe";
    PROCESS_INFORMATION pi;
    char title[256] = "";
    int ret = 0;

    if (!CreateProcessA( NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &pi ))
    {
        printf( "notepad: CreateProcess failed, error %lu\n", GetLastError() );
        return 1;
    }
    search.pid = pi.dwProcessId;
    if (!wait_for_window( &pi, timeout, &search ))
    {
        TerminateProcess( pi.hProcess, 1 );
        ret = 1;
        goto done;
    }
    GetWindowTextA( search.hwnd, title, sizeof(title) );
    printf( "notepad: title \"%s\"\n", title );

    PostMessageA( search.hwnd, WM_CLOSE, 0, 0 );
    if (WaitForSingleObject( pi.hProcess, 10000 ))
    {
        printf( "notepad: still running 10 s after WM_CLOSE\n" );
        TerminateProcess( pi.hProcess, 1 );
        ret = 2;
        goto done;
    }
    GetExitCodeProcess( pi.hProcess, &code );
    printf( "notepad: closed, exit code %lu\n", code );
    if (code) ret = 2;

done:
    CloseHandle( pi.hThread );
    CloseHandle( pi.hProcess );
    return ret;
}
