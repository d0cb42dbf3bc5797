/* The C target carries the ABI headers and the toolchain stamp's ELF section. */
#include "avr_function_abi.h"
#include "avr_toolchain_stamp.h"

/* `used` keeps it from the compiler; `retain` (SHF_GNU_RETAIN) and the exported
 * avr_toolchain_note() that refers to it keep it from the linker's --gc-sections. Static, so
 * host and plugin never share or interpose the variable. */
#if defined(__ELF__)
#define AVR_TOOLCHAIN_NOTE_KEEP used
#ifdef __has_attribute
#if __has_attribute(retain)
#undef AVR_TOOLCHAIN_NOTE_KEEP
#define AVR_TOOLCHAIN_NOTE_KEEP used, retain
#endif
#endif
__attribute__((AVR_TOOLCHAIN_NOTE_KEEP, section(AVR_TOOLCHAIN_SECTION)))
#endif
static const char toolchain_note[] = AVR_TOOLCHAIN_STAMP;

const char *avr_toolchain_note(void) { return toolchain_note; }
