/*
 * hello_c: a complete avr-host tool plugin in C, using every part of a plugin's life: init reads
 * its settings and keeps the host's services, invoke logs through the host, reads a host
 * setting and answers with escaped JSON, shutdown frees the instance.
 *
 *   make                      # or: cc -shared -fPIC -fvisibility=hidden \
 *                             #       $(pkg-config --cflags avr-function-abi) hello.c -o libhello_c.so
 *   avr-host plugin call ./libhello_c.so hello_c '{"name":"Ada"}' --settings '{"loud":true}'
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "avr_function_abi.h"
#include "avr_json.h"

/* One instance per plugins.json entry: what init read, and the host's services. */
typedef struct hello_instance {
    const avr_host_services *host;
    int loud;
} hello_instance;

static int32_t hello_init(
    void *function_context, const char *settings_json, const avr_host_services *host, void **instance,
    char **error_message) {
    (void)function_context;
    hello_instance *hello = calloc(1, sizeof *hello);
    if (hello == NULL) {
        *error_message = strdup("out of memory");
        return AVR_INIT_FAILED;
    }
    hello->host = host;
    /* A real plugin parses settings_json with a JSON library; this one only looks for a flag. */
    hello->loud = strstr(settings_json, "\"loud\":true") != NULL;
    *instance = hello;
    return AVR_INIT_OK;
}

static void hello_invoke(
    void *instance, const avr_call_context *context, const char *arguments_json, avr_result *result) {
    hello_instance *hello = instance;
    hello->host->log(hello->host->host_context, AVR_LOG_INFO, context->uuid, "hello_c called");

    /* A host setting is host memory: released with host->free. */
    char *ami_url = hello->host->get_setting(hello->host->host_context, "AMI_URL");
    char *ami = avr_json_string(ami_url);
    char *uuid = avr_json_string(context->uuid);
    hello->host->free(ami_url);

    const char *format = "{\"arguments\":%s,\"uuid\":%s,\"ami_url\":%s}";
    int length = snprintf(NULL, 0, format, arguments_json, uuid, ami);
    result->data_json = malloc((size_t)length + 1);
    if (result->data_json != NULL) snprintf(result->data_json, (size_t)length + 1, format, arguments_json, uuid, ami);
    free(ami);
    free(uuid);

    /* What the caller hears; malloc()ed here, free()d by the host. */
    result->message = strdup(hello->loud ? "HELLO FROM C" : "Hello from C");
    result->status = AVR_STATUS_SUCCESS;
}

static void hello_shutdown(void *instance) { free(instance); }

static const avr_function hello_functions[] = {{
    .struct_size = sizeof(avr_function),
    .name = "hello_c",
    .description = "Says hello from C and hands its arguments back.",
    .parameters_schema_json = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}",
    .init = hello_init,
    .invoke = hello_invoke,
    .shutdown = hello_shutdown,
}};

static const avr_plugin hello_plugin = {
    .abi_version = AVR_FUNCTION_ABI_VERSION,
    .struct_size = sizeof(avr_plugin),
    .function_struct_size = sizeof(avr_function),
    .toolchain_stamp = NULL, /* C has a stable ABI: no toolchain stamp */
    .plugin_version = "1.0.0",
    .function_count = 1,
    .functions = hello_functions,
};

AVR_PLUGIN_EXPORT const avr_plugin *avr_plugin_entry(void) { return &hello_plugin; }
