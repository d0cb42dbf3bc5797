/*
 * c_echo: answers with the arguments it got and the call's uuid. Its settings may carry a
 * "prefix" string (kept in the instance) to show per-instance state; it logs through the host.
 */
#include "c_echo_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct echo_instance {
    const avr_host_services *host;
    char prefix[64];
} echo_instance;

static int32_t echo_init(void *function_context, const char *settings_json,
                         const avr_host_services *host, void **instance, char **error_message) {
    (void)function_context;
    (void)error_message;
    echo_instance *self = calloc(1, sizeof(echo_instance));
    if (self == NULL) return AVR_INIT_FAILED;
    self->host = host;
    strcpy(self->prefix, "echo");
    /* Tiny, deliberate parse: look for "prefix":"..." without a JSON library. */
    const char *found = settings_json ? strstr(settings_json, "\"prefix\":\"") : NULL;
    if (found != NULL) {
        found += strlen("\"prefix\":\"");
        size_t length = strcspn(found, "\"");
        if (length >= sizeof(self->prefix)) length = sizeof(self->prefix) - 1;
        memcpy(self->prefix, found, length);
        self->prefix[length] = '\0';
    }
    *instance = self;
    return AVR_INIT_OK;
}

static void echo_invoke(void *instance, const avr_call_context *context,
                        const char *arguments_json, avr_result *result) {
    echo_instance *self = instance;
    if (self->host != NULL && self->host->log != NULL) {
        self->host->log(self->host->host_context, AVR_LOG_DEBUG, context->uuid, "c_echo invoked");
    }
    size_t size = strlen(arguments_json) + strlen(context->uuid) + 64;
    char *data = malloc(size);
    snprintf(data, size, "{\"arguments\":%s,\"uuid\":\"%s\"}", arguments_json, context->uuid);
    size_t message_size = strlen(self->prefix) + strlen(context->uuid) + 8;
    char *message = malloc(message_size);
    snprintf(message, message_size, "%s %s", self->prefix, context->uuid);
    result->status = AVR_STATUS_SUCCESS;
    result->message = message;
    result->data_json = data;
}

static void echo_shutdown(void *instance) { free(instance); }

static const avr_function functions[] = {{
    .struct_size = sizeof(avr_function),
    .name = "c_echo",
    .description = "Echoes its arguments (a plugin written in C).",
    .parameters_schema_json =
        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[]}",
    .function_context = NULL,
    .init = echo_init,
    .invoke = echo_invoke,
    .shutdown = echo_shutdown,
}};

static const avr_plugin plugin = {
    .abi_version = AVR_FUNCTION_ABI_VERSION,
    .struct_size = sizeof(avr_plugin),
    .function_struct_size = sizeof(avr_function),
    .toolchain_stamp = NULL,
    .plugin_version = "1.0.0",
    .function_count = 1,
    .functions = functions,
};

AVR_PLUGIN_EXPORT const avr_plugin *avr_plugin_entry(void) { return &plugin; }
