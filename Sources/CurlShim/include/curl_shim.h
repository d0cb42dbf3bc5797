#ifndef AVR_CURL_SHIM_H
#define AVR_CURL_SHIM_H
/* Typed wrappers for libcurl's variadic setters and getters, which Swift cannot call. */
#include <curl/curl.h>

typedef size_t (*avr_curl_data_callback)(char *data, size_t size, size_t count, void *user);

static inline CURLcode avr_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode avr_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode avr_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode avr_curl_set_callback(CURL *handle, CURLoption option, avr_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode avr_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode avr_curl_multi_set_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode avr_curl_multi_set_pointer(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}

typedef int (*avr_curl_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *user, void *socket_user);

static inline CURLMcode avr_curl_multi_set_socket_callback(CURLM *multi, avr_curl_socket_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
}

#endif
