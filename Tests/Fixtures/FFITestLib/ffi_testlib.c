#include "ffi_testlib.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int8_t ffi_test_add_int8(int8_t a, int8_t b) { return (int8_t)(a + b); }
int16_t ffi_test_add_int16(int16_t a, int16_t b) { return (int16_t)(a + b); }
int32_t ffi_test_add_int32(int32_t a, int32_t b) { return a + b; }
int64_t ffi_test_add_int64(int64_t a, int64_t b) { return a + b; }
uint8_t ffi_test_add_uint8(uint8_t a, uint8_t b) { return (uint8_t)(a + b); }
uint16_t ffi_test_add_uint16(uint16_t a, uint16_t b) { return (uint16_t)(a + b); }
uint32_t ffi_test_add_uint32(uint32_t a, uint32_t b) { return a + b; }
uint64_t ffi_test_add_uint64(uint64_t a, uint64_t b) { return a + b; }
float ffi_test_add_float(float a, float b) { return a + b; }
double ffi_test_add_double(double a, double b) { return a + b; }
bool ffi_test_not(bool value) { return !value; }

int8_t ffi_test_echo_int8(int8_t v) { return v; }
int64_t ffi_test_echo_int64(int64_t v) { return v; }
uint32_t ffi_test_echo_uint32(uint32_t v) { return v; }
uint64_t ffi_test_echo_uint64(uint64_t v) { return v; }

double ffi_test_mixed(int8_t a, uint16_t b, float c, bool d, int64_t e, double f) {
    return (double)a + (double)b + (double)c + (d ? 1000.0 : 0.0) + (double)e + f;
}

int64_t ffi_test_strlen(const char *s) { return s ? (int64_t)strlen(s) : -1; }

const char *ffi_test_greeting(void) { return "static greeting"; }
const char *ffi_test_null_string(void) { return NULL; }

static char *hello(const char *name) {
    size_t size = strlen(name) + sizeof("Hello, !");
    char *out = malloc(size);
    if (out) snprintf(out, size, "Hello, %s!", name);
    return out;
}

char *ffi_test_hello_malloc(const char *name) { return hello(name); }
char *ffi_test_hello_owned(const char *name) { return hello(name); }

static atomic_llong release_count;
void ffi_test_release(char *s) {
    free(s);
    atomic_fetch_add(&release_count, 1);
}
int64_t ffi_test_release_count(void) { return atomic_load(&release_count); }

static atomic_llong touch_count;
void ffi_test_touch(void) { atomic_fetch_add(&touch_count, 1); }
int64_t ffi_test_touch_count(void) { return atomic_load(&touch_count); }

double ffi_test_nan(void) { return NAN; }
float ffi_test_inf_float(void) { return INFINITY; }

int64_t ffi_test_wait_fd(int32_t fd) {
    char byte;
    return (int64_t)read(fd, &byte, 1);
}
