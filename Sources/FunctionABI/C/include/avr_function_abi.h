/* Placeholder: the versioned C ABI for AVR tool plugins (being written). */
#ifndef AVR_FUNCTION_ABI_H
#define AVR_FUNCTION_ABI_H
#define AVR_FUNCTION_ABI_VERSION 1
#endif
