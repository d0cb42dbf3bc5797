// A tiny C library the FFI tests call through libffi, one function per type and ownership case.
#ifndef FFI_TESTLIB_H
#define FFI_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>

int8_t ffi_test_add_int8(int8_t a, int8_t b);
int16_t ffi_test_add_int16(int16_t a, int16_t b);
int32_t ffi_test_add_int32(int32_t a, int32_t b);
int64_t ffi_test_add_int64(int64_t a, int64_t b);
uint8_t ffi_test_add_uint8(uint8_t a, uint8_t b);
uint16_t ffi_test_add_uint16(uint16_t a, uint16_t b);
uint32_t ffi_test_add_uint32(uint32_t a, uint32_t b);
uint64_t ffi_test_add_uint64(uint64_t a, uint64_t b);
float ffi_test_add_float(float a, float b);
double ffi_test_add_double(double a, double b);
bool ffi_test_not(bool value);

int8_t ffi_test_echo_int8(int8_t v);
int64_t ffi_test_echo_int64(int64_t v);
uint32_t ffi_test_echo_uint32(uint32_t v);
uint64_t ffi_test_echo_uint64(uint64_t v);

/// A mix of types in one call, to catch argument ordering and widening mistakes.
double ffi_test_mixed(int8_t a, uint16_t b, float c, bool d, int64_t e, double f);

/// Bytes before the NUL; -1 for NULL.
int64_t ffi_test_strlen(const char *s);
/// A static string: the caller must not free it.
const char *ffi_test_greeting(void);
/// A NULL string result.
const char *ffi_test_null_string(void);
/// A malloc'd copy of `name` in "Hello, <name>!" form; the caller frees it with free().
char *ffi_test_hello_malloc(const char *name);
/// A string the caller must release with ffi_test_release (which counts releases).
char *ffi_test_hello_owned(const char *name);
void ffi_test_release(char *s);
/// How many times ffi_test_release has run.
int64_t ffi_test_release_count(void);

/// Does nothing; counts calls, for void results.
void ffi_test_touch(void);
int64_t ffi_test_touch_count(void);

/// Non-finite results.
double ffi_test_nan(void);
float ffi_test_inf_float(void);

/// Blocks in read() on `fd` until a byte arrives or every write end is closed, so a test
/// can hang calls and release them all at once by closing its pipe; returns read()'s result.
int64_t ffi_test_wait_fd(int32_t fd);

#endif
