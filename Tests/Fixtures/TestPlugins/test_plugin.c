/*
 * One source for the plugin variants the host tests compile at test time with
 *   cc -shared -fPIC -I Sources/FunctionABI/C/include -D... test_plugin.c -o libX.so
 * Switches:
 *   FUNC_NAME="x"      function name (default "test_fn")
 *   REPLY="text"       message returned (default "ok"); lets a test tell versions apart
 *   ABI_VERSION=n      abi_version reported (default AVR_FUNCTION_ABI_VERSION)
 *   SHRINK_STRUCT      report a struct_size smaller than the v1 layout
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

#if defined(NULL_HEADERS) || defined(SETTING) || defined(LOG_LINE)
static const avr_host_services *saved_host;
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

static int32_t test_init(void *function_context, const char *settings_json,
                         const avr_host_services *host, void **instance, char **error_message) {
    (void)function_context; (void)settings_json; (void)host;
    *instance = NULL;
#if defined(NULL_HEADERS) || defined(SETTING) || defined(LOG_LINE)
    saved_host = host;
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

#define TEST_FUNCTION                                                                \
    {                                                                                \
        .struct_size = sizeof(avr_function), .name = FUNC_NAME,                      \
        .description = "A test function.",                                          \
        .parameters_schema_json = "{\"type\":\"object\",\"properties\":{}}",         \
        .function_context = NULL, .init = test_init, .invoke = test_invoke,          \
        .shutdown = NULL,                                                            \
    }

#ifdef DUPLICATE
static const avr_function functions[] = {TEST_FUNCTION, TEST_FUNCTION};
#else
static const avr_function functions[] = {TEST_FUNCTION};
#endif

static const avr_plugin plugin = {
    .abi_version = ABI_VERSION,
#ifdef SHRINK_STRUCT
    .struct_size = 8,
#else
    .struct_size = sizeof(avr_plugin),
#endif
    .function_struct_size = sizeof(avr_function),
    .toolchain_stamp = STAMP,
    .plugin_version = REPLY,
    .function_count = sizeof(functions) / sizeof(functions[0]),
    .functions = functions,
};

#if defined(TINY_DESCRIPTOR)
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
