/*
 * One source for the plugin variants the host tests compile at test time with
 *   cc -shared -fPIC -I SDK/Sources/CAVRFunctionABI/include -D... test_plugin.c -o libX.so
 * Switches:
 *   FUNC_NAME="x"      function name (default "test_fn")
 *   REPLY="text"       message returned (default "ok"); lets a test tell versions apart
 *   ABI_VERSION=n      abi_version reported (default AVR_FUNCTION_ABI_VERSION)
 *   SHRINK_STRUCT      report a struct_size smaller than the v1 layout
 *   SHRINK_FUNCTION    report an avr_function struct_size smaller than the v1 layout
 *   SHRINK_STRIDE      report a function_struct_size smaller than the v1 layout
 *   GROWN_STRUCTS      structs larger than the v1 layout (fields appended, as a later header
 *                      may declare) and two functions, FUNC_NAME and FUNC_NAME "_2"
 *   HOST_SIZES         invoke replies what the sizes of the host's structs allow:
 *                      "host=<struct_size>,log=<AVR_HOST_HAS>,later=<a later service?>,call_id=<0|1>"
 *   STAMP="s"          toolchain stamp (default NULL, as every C plugin)
 *   INIT_FAIL          init returns an error
 *   NO_ENTRY           export no entry symbol
 *   NO_EXPORT          define the entry without AVR_PLUGIN_EXPORT (hidden under -fvisibility=hidden)
 *   HANG_MS=n          invoke sleeps n ms before answering
 *   FAIL               invoke returns AVR_STATUS_FAILURE
 *   DUPLICATE          offer two functions with the same name
 *   TINY_DESCRIPTOR    return an 8-byte descriptor that ends right before an unmapped page
 *   NULL_HEADERS       invoke calls http_request with headers == NULL and header_count 2
 *   SECTION_STAMP="s"  carry an AVR_TOOLCHAIN_SECTION with this stamp, as a Swift plugin does
 *   MARKER="path"      a constructor creates this file when the library is loaded
 *   SETTING="NAME"     invoke replies with host->get_setting(NAME), or "unset"
 *   SCHEMA="json"      parameters schema (default {"type":"object","properties":{}})
 *   COUNT_CALLS        invoke replies "invocation <n>": the plugin's own count of its calls
 *   BAD_DATA           invoke returns data_json that is not JSON
 *   INIT_WAIT="path"   init blocks until a writer opens and closes the FIFO at path (returns at
 *                      once when there is no such file)
 *   SEGFAULT           invoke writes through a NULL pointer (SIGSEGV)
 *   ABORT              invoke calls abort() (SIGABRT)
 *   SPIN               invoke spins on the CPU forever
 *   SLEEP_FOREVER      invoke blocks in sleep forever
 *   ALLOCATE           invoke allocates and touches memory until malloc fails, then aborts
 *   LOG_LINE="text"    invoke logs this line through host->log with the call's uuid
 *   WAIT_FOR="path"    invoke waits until this file exists (a test releases the call at will)
 *   CHATTY=n           invoke writes n lines of 1500 'x' to stderr
 */
#include "avr_function_abi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef INIT_WAIT
#include <fcntl.h>
#endif

#if defined(NULL_HEADERS) || defined(SETTING) || defined(HOST_SIZES) || defined(LOG_LINE)
static const avr_host_services *saved_host;
#endif

#ifdef HOST_SIZES
/* The services table as a later header may declare it: one service appended after version 1. */
typedef struct later_host_services {
    avr_host_services v1;
    void (*later_service)(void);
} later_host_services;
#endif

#ifdef SECTION_STAMP
#include "avr_toolchain_stamp.h"
__attribute__((used, section(AVR_TOOLCHAIN_SECTION))) static const char section_stamp[] =
    SECTION_STAMP;
#endif

#ifdef MARKER
__attribute__((constructor)) static void create_marker(void) {
    FILE *marker = fopen(MARKER, "w");
    if (marker) fclose(marker);
}
#endif

#ifndef FUNC_NAME
#define FUNC_NAME "test_fn"
#endif
#ifndef REPLY
#define REPLY "ok"
#endif
#ifndef ABI_VERSION
#define ABI_VERSION AVR_FUNCTION_ABI_VERSION
#endif
#ifndef STAMP
#define STAMP NULL
#endif
#ifndef SCHEMA
#define SCHEMA "{\"type\":\"object\",\"properties\":{}}"
#endif

static int32_t test_init(void *function_context, const char *settings_json,
                         const avr_host_services *host, void **instance, char **error_message) {
    (void)function_context; (void)settings_json; (void)host;
    *instance = NULL;
#if defined(NULL_HEADERS) || defined(SETTING) || defined(HOST_SIZES) || defined(LOG_LINE)
    saved_host = host;
#endif
#ifdef INIT_WAIT
    int fifo = open(INIT_WAIT, O_RDONLY);
    if (fifo >= 0) {
        char byte;
        while (read(fifo, &byte, 1) > 0) {}
        close(fifo);
    }
#endif
#ifdef INIT_FAIL
    *error_message = strdup("missing required setting");
    return 1;
#else
    (void)error_message;
    return 0;
#endif
}

static void test_invoke(void *instance, const avr_call_context *context,
                        const char *arguments_json, avr_result *result) {
    (void)instance; (void)context; (void)arguments_json;
#ifdef SEGFAULT
    *(volatile int *)(uintptr_t)0 = 1;
#endif
#ifdef ABORT
    abort();
#endif
#ifdef SPIN
    for (volatile unsigned long spins = 0;; spins++) {}
#endif
#ifdef SLEEP_FOREVER
    for (;;) sleep(3600);
#endif
#ifdef ALLOCATE
    for (;;) {
        char *block = malloc(16 << 20);
        if (!block) abort();
        memset(block, 1, 16 << 20);
    }
#endif
#ifdef CHATTY
    char line[1502];
    memset(line, 'x', 1500);
    line[1500] = '\n';
    line[1501] = 0;
    for (int i = 0; i < CHATTY; i++) fputs(line, stderr);
#endif
#ifdef WAIT_FOR
    struct timespec tick = {0, 10000000L};
    while (access(WAIT_FOR, F_OK) != 0) nanosleep(&tick, NULL);
#endif
#ifdef LOG_LINE
    saved_host->log(saved_host->host_context, AVR_LOG_INFO, context->uuid, LOG_LINE);
#endif
#ifdef HANG_MS
    struct timespec pause = {HANG_MS / 1000, (HANG_MS % 1000) * 1000000L};
    nanosleep(&pause, NULL);
#endif
#ifdef NULL_HEADERS
    /* Replies "rc=<NULL headers>,<response too small>,<status left in the small response>". */
    avr_http_request request = {.struct_size = sizeof(avr_http_request), .method = "GET",
                                .url = "", .headers = NULL, .header_count = 2};
    avr_http_response response = {.struct_size = sizeof(avr_http_response)};
    int32_t null_headers = saved_host->http_request(saved_host->host_context, &request, &response);
    request.header_count = 0;
    avr_http_response small = {.struct_size = 0, .status_code = 777};
    int32_t too_small = saved_host->http_request(saved_host->host_context, &request, &small);
    char text[64];
    snprintf(text, sizeof text, "rc=%d,%d,%d", null_headers, too_small, small.status_code);
    if (response.error) saved_host->free(response.error);
    if (small.error) saved_host->free(small.error);
    result->status = AVR_STATUS_SUCCESS;
    result->message = strdup(text);
    result->data_json = strdup("{}");
#elif defined(SETTING)
    char *value = saved_host->get_setting(saved_host->host_context, SETTING);
    result->status = AVR_STATUS_SUCCESS;
    result->message = strdup(value ? value : "unset");
    result->data_json = strdup("{}");
    if (value) saved_host->free(value);
#elif defined(HOST_SIZES)
    /* What a plugin checks before using a service or field added after version 1. */
    int later = saved_host->struct_size >=
                offsetof(later_host_services, later_service) + sizeof(void (*)(void));
    int call_id = context->struct_size >=
                  offsetof(avr_call_context, call_id) + sizeof(context->call_id);
    char text[96];
    snprintf(text, sizeof text, "host=%u,log=%d,later=%d,call_id=%d", saved_host->struct_size,
             AVR_HOST_HAS(saved_host, log) ? 1 : 0, later, call_id);
    result->status = AVR_STATUS_SUCCESS;
    result->message = strdup(text);
    result->data_json = strdup("{}");
#elif defined(COUNT_CALLS)
    static int calls;
    char text[32];
    snprintf(text, sizeof text, "invocation %d", __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED));
    result->status = AVR_STATUS_SUCCESS;
    result->message = strdup(text);
    result->data_json = strdup("{}");
#elif defined(BAD_DATA)
    result->status = AVR_STATUS_SUCCESS;
    result->message = strdup(REPLY);
    result->data_json = strdup("{reply: " REPLY "}");
#elif defined(FAIL)
    result->status = AVR_STATUS_FAILURE;
    result->message = strdup("the test plugin failed");
    result->data_json = strdup("{\"reason\":\"told to fail\"}");
#else
    result->status = AVR_STATUS_SUCCESS;
    result->message = strdup(REPLY);
    result->data_json = strdup("{\"reply\":\"" REPLY "\"}");
#endif
}

#ifdef SHRINK_FUNCTION
#define FUNCTION_SIZE 8
#else
#define FUNCTION_SIZE sizeof(avr_function)
#endif

#define TEST_FUNCTION(func_name, size)                                               \
    {                                                                                \
        .struct_size = (size), .name = (func_name),                                  \
        .description = "A test function.",                                          \
        .parameters_schema_json = SCHEMA,                                            \
        .function_context = NULL, .init = test_init, .invoke = test_invoke,          \
        .shutdown = NULL,                                                            \
    }

#ifdef DUPLICATE
static const avr_function functions[] = {TEST_FUNCTION(FUNC_NAME, FUNCTION_SIZE),
                                         TEST_FUNCTION(FUNC_NAME, FUNCTION_SIZE)};
#else
static const avr_function functions[] = {TEST_FUNCTION(FUNC_NAME, FUNCTION_SIZE)};
#endif

static const avr_plugin plugin = {
    .abi_version = ABI_VERSION,
#ifdef SHRINK_STRUCT
    .struct_size = 8,
#else
    .struct_size = sizeof(avr_plugin),
#endif
#ifdef SHRINK_STRIDE
    .function_struct_size = 8,
#else
    .function_struct_size = sizeof(avr_function),
#endif
    .toolchain_stamp = STAMP,
    .plugin_version = REPLY,
    .function_count = sizeof(functions) / sizeof(functions[0]),
    .functions = functions,
};

#ifdef GROWN_STRUCTS
/* Built against a later version-1 header: every struct has fields appended that this host does
 * not know, filled with bytes that are nothing valid; two functions, so the host must walk the
 * array with function_struct_size. */
typedef struct grown_function {
    avr_function v1;
    uint64_t appended[3];
} grown_function;
typedef struct grown_plugin {
    avr_plugin v1;
    uint64_t appended[5];
} grown_plugin;
#define APPENDED {UINT64_MAX, UINT64_MAX, UINT64_MAX}
static const grown_function grown_functions[] = {
    {TEST_FUNCTION(FUNC_NAME, sizeof(grown_function)), APPENDED},
    {TEST_FUNCTION(FUNC_NAME "_2", sizeof(grown_function)), APPENDED},
};
static const grown_plugin grown = {
    {.abi_version = ABI_VERSION, .struct_size = sizeof(grown_plugin),
     .function_struct_size = sizeof(grown_function), .toolchain_stamp = STAMP,
     .plugin_version = REPLY, .function_count = 2, .functions = &grown_functions[0].v1},
    {UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX},
};
#endif

#if defined(GROWN_STRUCTS)
AVR_PLUGIN_EXPORT const avr_plugin *avr_plugin_entry(void) { return &grown.v1; }
#elif defined(TINY_DESCRIPTOR)
#include <sys/mman.h>
#include <unistd.h>
/* Only abi_version and struct_size exist; reading one byte more faults. */
AVR_PLUGIN_EXPORT const avr_plugin *avr_plugin_entry(void) {
    long page = sysconf(_SC_PAGESIZE);
    char *pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) return NULL;
    mprotect(pages + page, page, PROT_NONE);
    uint32_t *tiny = (uint32_t *)(pages + page - 8);
    tiny[0] = ABI_VERSION;
    tiny[1] = 8;
    return (const avr_plugin *)tiny;
}
#elif defined(NO_EXPORT)
const avr_plugin *avr_plugin_entry(void) { return &plugin; }
#elif !defined(NO_ENTRY)
AVR_PLUGIN_EXPORT const avr_plugin *avr_plugin_entry(void) { return &plugin; }
#else
const avr_plugin *not_the_entry(void) { return &plugin; }
#endif
