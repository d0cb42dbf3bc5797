/*
 * avr_json.h - header-only help for C plugins that put strings into their results' data_json.
 *
 * data_json must be valid JSON, so every string that did not come from the plugin's own source
 * (the call's uuid, a setting, an HTTP answer) goes in quoted and escaped: avr_json_string does
 * both. Only the C standard library is used; include it next to avr_function_abi.h.
 *
 *   char *uuid = avr_json_string(context->uuid);             // "\"call-1\"", malloc()ed
 *   int n = snprintf(NULL, 0, "{\"uuid\":%s}", uuid);        // measure, allocate, write
 *   result->data_json = malloc((size_t)n + 1);
 *   snprintf(result->data_json, (size_t)n + 1, "{\"uuid\":%s}", uuid);
 *   free(uuid);
 */
#ifndef AVR_JSON_H
#define AVR_JSON_H

#include <stdlib.h>

/**
 * Writes `text` (NUL-terminated UTF-8) as a JSON string literal, quotes included, into `out`,
 * which has room for `size` bytes; the output is always NUL-terminated when size > 0 and
 * truncated when too small. Returns the literal's length without the NUL, like snprintf, so
 * avr_json_escape(NULL, 0, text) + 1 is the room needed. A NULL `text` writes null.
 */
static inline size_t avr_json_escape(char *out, size_t size, const char *text) {
    static const char hex[] = "0123456789abcdef";
    size_t length = 0;
#define AVR_JSON_PUT(c)                              \
    do {                                             \
        if (length + 1 < size) out[length] = (c);    \
        length++;                                    \
    } while (0)
    if (text == NULL) {
        for (const char *null = "null"; *null; null++) AVR_JSON_PUT(*null);
    } else {
        AVR_JSON_PUT('"');
        for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
            switch (*p) {
            case '"': AVR_JSON_PUT('\\'); AVR_JSON_PUT('"'); break;
            case '\\': AVR_JSON_PUT('\\'); AVR_JSON_PUT('\\'); break;
            case '\n': AVR_JSON_PUT('\\'); AVR_JSON_PUT('n'); break;
            case '\r': AVR_JSON_PUT('\\'); AVR_JSON_PUT('r'); break;
            case '\t': AVR_JSON_PUT('\\'); AVR_JSON_PUT('t'); break;
            default:
                if (*p < 0x20) { /* other control characters: \u00XX */
                    AVR_JSON_PUT('\\'); AVR_JSON_PUT('u'); AVR_JSON_PUT('0'); AVR_JSON_PUT('0');
                    AVR_JSON_PUT(hex[*p >> 4]); AVR_JSON_PUT(hex[*p & 0xf]);
                } else {
                    AVR_JSON_PUT((char)*p); /* UTF-8 bytes pass through: JSON text is UTF-8 */
                }
            }
        }
        AVR_JSON_PUT('"');
    }
#undef AVR_JSON_PUT
    if (size > 0) out[length < size ? length : size - 1] = '\0';
    return length;
}

/**
 * `text` as a JSON string literal, quotes included (NULL gives null), in a buffer malloc()ed
 * here: free() it, or hand it to the host as an avr_result string. NULL when out of memory.
 */
static inline char *avr_json_string(const char *text) {
    size_t size = avr_json_escape(NULL, 0, text) + 1;
    char *out = (char *)malloc(size);
    if (out != NULL) avr_json_escape(out, size, text);
    return out;
}

#endif /* AVR_JSON_H */
