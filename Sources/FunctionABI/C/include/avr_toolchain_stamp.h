/*
 * Internal to avr-host and its Swift plugins: the toolchain stamp. Swift has no stable ABI on
 * Linux, so a Swift plugin must come from the very toolchain that built the host. The clang
 * inside swiftc expands __clang_version__ to its exact build (version and commit), so host and
 * plugin compute the stamp the same way and compare strings. C plugins do not use this.
 */
#ifndef AVR_TOOLCHAIN_STAMP_H
#define AVR_TOOLCHAIN_STAMP_H

static inline const char *avr_toolchain_stamp(void) {
#ifdef __clang_version__
    return "swift/clang " __clang_version__;
#else
    return "unknown";
#endif
}

#endif /* AVR_TOOLCHAIN_STAMP_H */
