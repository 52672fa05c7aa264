/*
 * d3dkmt-umdhost: what the run (umdhost.c) and the logged callback tables
 * (logged_callbacks.c) share.
 */

#ifndef D3DKMT_UMDHOST_H
#define D3DKMT_UMDHOST_H

/* "S_OK", or the value with its name where it has one; a few calls' texts stay valid at once. */
const char *hr_text( HRESULT hr );
const char *priority_name( UINT priority );

/* The tables given to the driver, made from d3dkmt's by wrap_*_callbacks(). */
extern D3DDDI_ADAPTERCALLBACKS logged_adapter_callbacks;
extern D3DDDI_DEVICECALLBACKS logged_device_callbacks;
void wrap_adapter_callbacks( const D3DDDI_ADAPTERCALLBACKS *callbacks );
void wrap_device_callbacks( const D3DDDI_DEVICECALLBACKS *callbacks );

/* Calls made per member, and the members' names, for the summary. */
extern LONG adapter_call_counts[D3DKMT_UMD_ADAPTERCALLBACKS_COUNT];
extern LONG device_call_counts[D3DKMT_UMD_DEVICECALLBACKS_COUNT];
extern const char * const adapter_callback_names[];
extern const char * const device_callback_names[];

/* The device's pfnAllocateCb reads pAllocationInfo2 (the driver is of WDDM 2.0 or later). */
extern BOOL allocation_info2;

#endif /* D3DKMT_UMDHOST_H */
