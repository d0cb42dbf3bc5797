/*
 * avr_function_abi.h - the versioned C ABI between avr-host and its tool plugins.
 *
 * A plugin is a shared library (.so) that exports one symbol, AVR_PLUGIN_ENTRY_SYMBOL
 * ("avr_plugin_entry"), of type avr_plugin_entry_fn. The host loads the library with
 * dlopen(RTLD_NOW | RTLD_LOCAL) from a fresh private copy of the file, calls the entry once,
 * checks the descriptor it returns, then calls each function's optional init, any number of
 * invoke calls (possibly concurrently, from several host worker threads) and finally shutdown.
 *
 * Only the C standard library is used. Every struct begins with a struct_size field: the
 * host accepts a struct that is at least as large as the version-1 layout (so a newer plugin
 * may append fields) and refuses a smaller one.
 *
 * Memory rules, in one place:
 *   - Strings the plugin hands the host in descriptors (names, descriptions, schemas,
 *     version, toolchain stamp) are owned by the plugin and must stay valid as long as the
 *     library is mapped. The host never unloads a plugin library, so static strings are fine.
 *   - Strings the plugin returns in an avr_result (message, data_json) are allocated with
 *     malloc() by the plugin; ownership passes to the host, which frees them with free().
 *   - Everything the host passes in (settings_json, arguments_json, call context strings,
 *     the host services table) is owned by the host. Call arguments and context are valid
 *     only for the duration of the call; the services table is valid from init until the
 *     matching shutdown returns.
 *   - Buffers the host services return (HTTP body, error text, settings) are allocated with
 *     malloc() by the host; the plugin releases them with host->free (or free()).
 *   - All strings are NUL-terminated UTF-8. JSON text is UTF-8 JSON.
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

/** Which phone call an invocation serves. Host-owned, valid for the duration of invoke. */
typedef struct avr_call_context {
    uint32_t struct_size;
    /** The call's uuid; "" when the request had none. Never NULL. */
    const char *uuid;
    /** The model's call_id for this function call. Never NULL. */
    const char *call_id;
} avr_call_context;

/**
 * What invoke writes back. The host zero-fills it and sets struct_size before the call.
 * message and data_json are malloc()ed by the plugin (or NULL) and freed by the host.
 */
typedef struct avr_result {
    uint32_t struct_size;
    /** An avr_status value. */
    int32_t status;
    /** Short text the caller hears (e.g. "Transferring you now"). May be NULL. */
    char *message;
    /** JSON value for the model (usually an object). NULL means no data. */
    char *data_json;
} avr_result;

/** One header line, "Name: value" split in two. Plugin-owned for the duration of the call. */
typedef struct avr_http_header {
    const char *name;
    const char *value;
} avr_http_header;

/** An HTTP request made through the host. Plugin-owned for the duration of the call. */
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
 * body and error are malloc()ed by the host (or NULL); the plugin frees them with host->free.
 */
typedef struct avr_http_response {
    uint32_t struct_size;
    /** HTTP status code, or 0 when no response arrived (see error). */
    int32_t status_code;
    char *body;
    size_t body_length;
    /** Why the request failed before a status arrived (timeout, refused...). NULL on success. */
    char *error;
} avr_http_response;

/**
 * Routines the host offers to a plugin, passed to init. Host-owned; valid until shutdown
 * returns. Every routine is thread-safe. host_context must be passed back unchanged.
 */
typedef struct avr_host_services {
    uint32_t struct_size;
    uint32_t abi_version;
    void *host_context;
    /** Writes a log line tagged with the plugin's function name and the call's uuid (or NULL). */
    void (*log)(void *host_context, int32_t level, const char *uuid, const char *message);
    /**
     * Performs one blocking HTTP request with the host's HTTP client, within
     * request->timeout_ms. Returns 0 when a status code arrived, -1 otherwise (response->error
     * says why). Call only from init or invoke (host worker threads).
     */
    int32_t (*http_request)(
        void *host_context, const avr_http_request *request, avr_http_response *response);
    /**
     * Reads a host setting such as "AMI_URL" (from the host's environment). Returns a
     * malloc()ed string the plugin frees with host->free, or NULL when unset.
     */
    char *(*get_setting)(void *host_context, const char *name);
    /** Releases memory the host allocated for the plugin. */
    void (*free)(void *pointer);
} avr_host_services;

/**
 * Optional. Creates one instance of the function with its settings (a JSON object from
 * plugins.json, "{}" when none). function_context is the descriptor's field, unchanged.
 * Returns 0 and sets *instance (may be NULL) on success; on failure returns non-zero and may
 * set *error_message to a malloc()ed explanation that the host frees.
 */
typedef int32_t (*avr_init_fn)(
    void *function_context, const char *settings_json, const avr_host_services *host,
    void **instance, char **error_message);

/**
 * Required. Runs one call. arguments_json is the model's JSON object. May be called from
 * several threads at once with the same instance. Must fill result (see avr_result).
 */
typedef void (*avr_invoke_fn)(
    void *instance, const avr_call_context *context, const char *arguments_json,
    avr_result *result);

/** Optional. Releases an instance once no call uses it any more. */
typedef void (*avr_shutdown_fn)(void *instance);

/** One function the model may call. Plugin-owned, valid while the library is mapped. */
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

/** What avr_plugin_entry returns. Plugin-owned, valid while the library is mapped. */
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

/** Type of the exported entry symbol. */
typedef const avr_plugin *(*avr_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* AVR_FUNCTION_ABI_H */
