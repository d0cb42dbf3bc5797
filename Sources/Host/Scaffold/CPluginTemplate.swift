/// The files of a new C plugin: one source file and a Makefile that compiles it against the
/// SDK's header the way docs/plugins.md says (hidden visibility, the entry exported by
/// AVR_PLUGIN_EXPORT). C plugins have no toolchain stamp: any C compiler will do.
enum CPluginTemplate {
    static func files(_ name: PluginName, sdk: String) -> [ScaffoldFile] {
        let id = name.cIdentifier
        let library = "lib\(name.tool).so"
        return [
            ScaffoldFile(
                path: "\(id).c",
                contents: #"""
                    /*
                     * The avr-host tool "\#(name.tool)". Build it with `make`, try it with `make check`
                     * (or avr-host plugin call ./\#(library) \#(name.tool) '{"name":"Ada"}').
                     * It says hello and hands the model its arguments back: replace invoke and the schema
                     * with your own. avr_function_abi.h documents every field and who frees what.
                     */
                    #include <stdio.h>
                    #include <stdlib.h>
                    #include <string.h>

                    #include "avr_function_abi.h"
                    #include "avr_json.h"

                    /* Parse arguments_json with the JSON library of your choice; strings the plugin puts
                     * into data_json go through avr_json_string (quoted and escaped). */
                    static void \#(id)_invoke(
                        void *instance, const avr_call_context *context, const char *arguments_json,
                        avr_result *result) {
                        (void)instance;
                        char *uuid = avr_json_string(context->uuid);
                        const char *format = "{\"arguments\":%s,\"uuid\":%s}";
                        int length = snprintf(NULL, 0, format, arguments_json, uuid ? uuid : "null");
                        result->data_json = malloc((size_t)length + 1);
                        if (result->data_json) {
                            snprintf(result->data_json, (size_t)length + 1, format, arguments_json, uuid ? uuid : "null");
                        }
                        free(uuid);
                        /* Both strings are malloc()ed here and free()d by the host. */
                        result->message = strdup("Hello from \#(name.tool)");
                        result->status = AVR_STATUS_SUCCESS;
                    }

                    static const avr_function \#(id)_functions[] = {{
                        .struct_size = sizeof(avr_function),
                        .name = "\#(name.tool)",
                        .description = "Says hello and hands its arguments back.",
                        .parameters_schema_json =
                            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}",
                        .invoke = \#(id)_invoke,
                    }};

                    static const avr_plugin \#(id)_plugin = {
                        .abi_version = AVR_FUNCTION_ABI_VERSION,
                        .struct_size = sizeof(avr_plugin),
                        .function_struct_size = sizeof(avr_function),
                        .toolchain_stamp = NULL,
                        .plugin_version = "0.1.0",
                        .function_count = 1,
                        .functions = \#(id)_functions,
                    };

                    AVR_PLUGIN_EXPORT const avr_plugin *avr_plugin_entry(void) { return &\#(id)_plugin; }

                    """#),
            ScaffoldFile(
                path: "Makefile",
                contents: """
                    # Builds \(library), the avr-host plugin "\(name.tool)", against the plugin SDK's C header.
                    # `make check` calls it once through avr-host (AVR_HOST=/path/to/avr-host when not on PATH).
                    AVR_SDK ?= \(sdk)
                    AVR_HOST ?= avr-host
                    CFLAGS ?= -O2 -g -Wall -Wextra
                    # Hidden visibility keeps every symbol private but the entry, which AVR_PLUGIN_EXPORT exports.
                    PLUGIN_FLAGS := -shared -fPIC -fvisibility=hidden -I$(AVR_SDK)/Sources/CAVRFunctionABI/include

                    \(library): \(id).c
                    \t$(CC) $(CFLAGS) $(PLUGIN_FLAGS) $< -o $@

                    check: \(library)
                    \t$(AVR_HOST) plugin call ./\(library) \(name.tool) '{"name":"Ada"}'

                    clean:
                    \trm -f \(library)

                    .PHONY: check clean

                    """),
        ]
    }
}
