/*
 * Internal to avr-host and its Swift plugins: the toolchain stamp. Swift has no stable ABI on
 * Linux, so a Swift plugin must come from the very toolchain that built the host. The clang
 * inside swiftc expands __clang_version__ to its exact build (version and commit), so host and
 * plugin compute the stamp the same way and compare strings. C plugins do not use this.
 */
#ifndef AVR_TOOLCHAIN_STAMP_H
#define AVR_TOOLCHAIN_STAMP_H

#ifdef __clang_version__
#define AVR_TOOLCHAIN_STAMP "swift/clang " __clang_version__
#else
#define AVR_TOOLCHAIN_STAMP "unknown"
#endif

static inline const char *avr_toolchain_stamp(void) { return AVR_TOOLCHAIN_STAMP; }

/*
 * The same stamp, as the NUL-terminated content of the ELF section AVR_TOOLCHAIN_SECTION in
 * every binary that links the FunctionABI C target (abi.c): the host and each Swift plugin.
 * The host reads a plugin's section from the file before dlopen, so a plugin from another
 * toolchain is refused before its constructors run against the host's Swift runtime.
 */
#define AVR_TOOLCHAIN_SECTION ".avr_toolchain"

/* This binary's own copy of the section's content (compiled by the C compiler, in abi.c). */
const char *avr_toolchain_note(void);

#endif /* AVR_TOOLCHAIN_STAMP_H */
