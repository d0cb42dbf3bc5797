/*
 * avr_function_abi.h - the versioned C ABI between avr-host and its tool plugins.
 *
 * A plugin is a shared library (.so) that exports one symbol, AVR_PLUGIN_ENTRY_SYMBOL
 * ("avr_plugin_entry"), of type avr_plugin_entry_fn, declared with AVR_PLUGIN_EXPORT so that
 * -fvisibility=hidden cannot hide it. The host loads the library with
 * dlopen(RTLD_NOW | RTLD_LOCAL) from a fresh private copy of the file, calls the entry once,
 * checks the descriptor it returns, then calls each function's optional init, any number of
 * invoke calls (possibly concurrently, from several host worker threads) and finally shutdown.
 * Only the C standard library is used.
 *
 * Trust model: a plugin is trusted code. By default it runs inside the host's process, with the
 * host's privileges, memory and file descriptors; the checks below catch mistakes (a plugin
 * built for another ABI or toolchain), not malice. Install only plugins you would link into the
 * host, or give the entry "isolation": "process" (plugins.json): the same library then runs in
 * a supervised runner process, so a crash or hang costs that tool's calls, not the host.
 * The host hands a plugin only what it needs: its own settings from plugins.json and the host
 * settings it was configured with (AMI_URL), never the host's environment or secrets.
 *
 * Struct sizes, in both directions:
 *   - avr_plugin begins with abi_version, then struct_size: the version is checked first,
 *     then the size. avr_http_header has no size: its two fields are frozen (a header with
 *     more fields would be a new struct). Every other struct begins with struct_size; the
 *     functions array is read with the stride avr_plugin.function_struct_size.
 *   - The host refuses a plugin struct smaller than the version-1 layout and ignores bytes
 *     past the fields it knows (so a newer plugin may append fields).
 *   - The plugin must check the size of what the host hands it (host->struct_size,
 *     context->struct_size) before using a service or field added after version 1
 *     (AVR_HOST_HAS(host, field) for services), as the host checks the plugin's sizes: an
 *     older host hands shorter structs.
 *
 * Evolution: within a major version, fields and services are only appended at the end of a
 * struct, each with a "Since:" note naming the avr-host version that added it; nothing is
 * removed, reordered or retyped. Anything else raises AVR_FUNCTION_ABI_VERSION, and the host
 * refuses plugins built for another major version. Everything in this file is "Since: 1".
 *
 * Deadlines: each call has a deadline (plugins.json timeout_ms). When invoke outlives it, the
 * model is answered with a timeout at once and whatever invoke later writes into its result
 * is freed and discarded; the host thread running it is abandoned to the plugin until invoke
 * returns (it keeps its slot and counts in GET /plugins' abandoned_workers). With
 * "isolation": "process" the entry runs in a runner process of its own instead, which the host
 * kills kill_grace_ms after the deadline and restarts. init has a deadline too (plugins.json
 * init_timeout_ms, default 10000): when it has not returned by then, that function is not
 * loaded (a version already serving keeps serving) and the host thread running init is left to
 * it; if init returns later, the host calls shutdown on what it created and releases the
 * services table. In its own process the host never kills a thread, so a plugin should bound its own work
 * (http_request takes a timeout).
 *
 * Memory: every pointer below carries an OWNERSHIP note (who allocates, who frees, how).
 * In short: descriptors are plugin-owned and static; avr_result strings are malloc()ed by the
 * plugin and free()d by the host; everything the host passes in is host-owned and only lent;
 * buffers the host services return are malloc()ed by the host and released by the plugin with
 * host->free. The host never unloads a plugin library. All strings are NUL-terminated UTF-8;
 * JSON text is UTF-8 JSON.
 */
#ifndef AVR_FUNCTION_ABI_H
#define AVR_FUNCTION_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Major ABI version. The host refuses a plugin built for another version. */
#define AVR_FUNCTION_ABI_VERSION 1

/** Name of the one symbol every plugin exports. */
#define AVR_PLUGIN_ENTRY_SYMBOL "avr_plugin_entry"

/**
 * Put before the entry point's definition: keeps the symbol exported (and unmangled in C++)
 * when the plugin is compiled with -fvisibility=hidden, which would otherwise hide it silently
 * and the host would refuse the file with "missing entry symbol".
 *   AVR_PLUGIN_EXPORT const avr_plugin *avr_plugin_entry(void) { return &plugin; }
 */
#ifdef __cplusplus
#define AVR_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))
#else
#define AVR_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/**
 * True when the host's services table is large enough to hold `field`: check it before using
 * a service added after version 1 (an older host hands a shorter table).
 */
#define AVR_HOST_HAS(host, field) \
    ((host)->struct_size >= offsetof(avr_host_services, field) + sizeof((host)->field))

/** What init returns. Any non-zero value is a failure. */
#define AVR_INIT_OK 0
#define AVR_INIT_FAILED 1

/** What avr_host_services.http_request returns. */
#define AVR_HTTP_OK 0
#define AVR_HTTP_NO_RESPONSE (-1)

/** Outcome of one invocation. */
typedef enum avr_status {
    AVR_STATUS_SUCCESS = 0,
    AVR_STATUS_FAILURE = 1
} avr_status;

/** Log levels for avr_host_services.log. */
typedef enum avr_log_level {
    AVR_LOG_DEBUG = 0,
    AVR_LOG_INFO = 1,
    AVR_LOG_WARNING = 2,
    AVR_LOG_ERROR = 3
} avr_log_level;

/** Which phone call an invocation serves. */
typedef struct avr_call_context {
    uint32_t struct_size;
    /** The call's uuid; "" when the request had none. Never NULL.
     *  OWNERSHIP: host; lent for the duration of invoke (copy it to keep it). */
    const char *uuid;
    /** The model's call_id for this function call. Never NULL.
     *  OWNERSHIP: host; lent for the duration of invoke. */
    const char *call_id;
} avr_call_context;

/**
 * What invoke writes back. The host zero-fills it and sets struct_size before the call.
 * OWNERSHIP: the struct itself is host memory, writable for the duration of invoke.
 */
typedef struct avr_result {
    uint32_t struct_size;
    /** An avr_status value. */
    int32_t status;
    /** Short text the caller hears (e.g. "Transferring you now"). May be NULL.
     *  OWNERSHIP: plugin malloc()s, host free()s (also when the call outlived its deadline). */
    char *message;
    /** JSON value for the model (usually an object). NULL means no data.
     *  OWNERSHIP: plugin malloc()s, host free()s. */
    char *data_json;
} avr_result;

/**
 * One header line, "Name: value" split in two. No struct_size: an array element whose two
 * fields are frozen. OWNERSHIP: plugin; lent to the host for the duration of http_request.
 */
typedef struct avr_http_header {
    const char *name;
    const char *value;
} avr_http_header;

/**
 * An HTTP request made through the host. OWNERSHIP: the struct and every pointer in it are
 * plugin memory, lent to the host for the duration of http_request (the host copies them).
 */
typedef struct avr_http_request {
    uint32_t struct_size;
    /** "GET", "POST", ... */
    const char *method;
    const char *url;
    const avr_http_header *headers;
    size_t header_count;
    /** Request body bytes; may be NULL when body_length is 0. */
    const void *body;
    size_t body_length;
    /** Whole-request deadline in milliseconds; 0 means the host default (5000). */
    uint32_t timeout_ms;
} avr_http_request;

/**
 * An HTTP answer filled in by the host. The plugin zero-fills it and sets struct_size.
 * OWNERSHIP: the struct is plugin memory; the host writes into it during http_request.
 */
typedef struct avr_http_response {
    uint32_t struct_size;
    /** HTTP status code, or 0 when no response arrived (see error). */
    int32_t status_code;
    /** The body, NUL-terminated after body_length bytes. OWNERSHIP: host malloc()s, plugin
     *  releases with host->free. */
    char *body;
    size_t body_length;
    /** Why the request failed before a status arrived (timeout, refused...). NULL on success.
     *  OWNERSHIP: host malloc()s, plugin releases with host->free. */
    char *error;
} avr_http_response;

/**
 * Routines the host offers to a plugin, passed to init. Every routine is thread-safe.
 * OWNERSHIP: host; valid from init until the matching shutdown returns (keep the pointer).
 * Check struct_size (AVR_HOST_HAS) before using anything added after version 1.
 */
typedef struct avr_host_services {
    uint32_t struct_size;
    uint32_t abi_version;
    /** OWNERSHIP: host; opaque, pass it back unchanged to every routine. */
    void *host_context;
    /** Writes a log line tagged with the plugin's function name and the call's uuid (or NULL). */
    void (*log)(void *host_context, int32_t level, const char *uuid, const char *message);
    /**
     * Performs one blocking HTTP request with the host's HTTP client, within
     * request->timeout_ms. Returns AVR_HTTP_OK when a status code arrived, AVR_HTTP_NO_RESPONSE
     * otherwise (response->error says why; nothing is written when a struct_size is too
     * small). Call only from init or invoke (host worker threads).
     */
    int32_t (*http_request)(
        void *host_context, const avr_http_request *request, avr_http_response *response);
    /**
     * Reads a host setting such as "AMI_URL": only settings the host was configured to share,
     * never its environment. Returns NULL when unset.
     * OWNERSHIP: host malloc()s the returned string, plugin releases it with host->free.
     */
    char *(*get_setting)(void *host_context, const char *name);
    /** Releases memory the host allocated for the plugin. */
    void (*free)(void *pointer);
} avr_host_services;

/**
 * Optional. Creates one instance of the function with its settings (a JSON object from
 * plugins.json, "{}" when none). function_context is the descriptor's field, unchanged.
 * Returns AVR_INIT_OK and sets *instance (may be NULL) on success; on failure returns
 * non-zero (AVR_INIT_FAILED) and may set *error_message.
 * OWNERSHIP: settings_json is host memory lent for the call (copy what you keep); host is
 * lent until shutdown returns; *instance is the plugin's, released by its shutdown;
 * *error_message is malloc()ed by the plugin and free()d by the host.
 */
typedef int32_t (*avr_init_fn)(
    void *function_context, const char *settings_json, const avr_host_services *host,
    void **instance, char **error_message);

/**
 * Required. Runs one call. arguments_json is the model's JSON object. May be called from
 * several threads at once with the same instance. Must fill result (see avr_result). When it
 * outlives its deadline the result is discarded (see Deadlines at the top).
 * OWNERSHIP: context and arguments_json are host memory lent for the call; result is host
 * memory the plugin fills with malloc()ed strings.
 */
typedef void (*avr_invoke_fn)(
    void *instance, const avr_call_context *context, const char *arguments_json,
    avr_result *result);

/** Optional. Releases an instance once no call uses it any more (after the last invoke returned,
 *  including calls that outlived their deadline). OWNERSHIP: frees what init allocated. */
typedef void (*avr_shutdown_fn)(void *instance);

/**
 * One function the model may call. The array's stride is avr_plugin.function_struct_size.
 * OWNERSHIP: plugin; every pointer must stay valid while the library is mapped (static data
 * is fine: the host never unloads a plugin).
 */
typedef struct avr_function {
    uint32_t struct_size;
    /** Function name offered to the model: [a-zA-Z0-9_-]{1,64}. */
    const char *name;
    const char *description;
    /** JSON Schema of the parameters object. */
    const char *parameters_schema_json;
    /** Opaque, handed back to init (lets one trampoline serve several functions). */
    void *function_context;
    avr_init_fn init;
    avr_invoke_fn invoke;
    avr_shutdown_fn shutdown;
} avr_function;

/**
 * What avr_plugin_entry returns. Begins with abi_version, then struct_size.
 * OWNERSHIP: plugin; it and every pointer in it stay valid while the library is mapped.
 */
typedef struct avr_plugin {
    /** Must be AVR_FUNCTION_ABI_VERSION. Checked before anything else. */
    uint32_t abi_version;
    /** sizeof(avr_plugin) as the plugin was compiled. */
    uint32_t struct_size;
    /** sizeof(avr_function) as the plugin was compiled (stride of the functions array). */
    uint32_t function_struct_size;
    /** Compiler identity for plugins whose language has no stable ABI (Swift); NULL for C. */
    const char *toolchain_stamp;
    /** Free-form plugin version shown in the admin listing, e.g. "1.2.0". May be NULL. */
    const char *plugin_version;
    uint32_t function_count;
    const avr_function *functions;
} avr_plugin;

/** Type of the exported entry symbol (define it with AVR_PLUGIN_EXPORT). */
typedef const avr_plugin *(*avr_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* AVR_FUNCTION_ABI_H */
