/* A tool plugin written in plain C: proves the avr-host ABI needs no Swift. */
#ifndef C_ECHO_PLUGIN_H
#define C_ECHO_PLUGIN_H
#include "avr_function_abi.h"

/** The exported entry (AVR_PLUGIN_ENTRY_SYMBOL). */
AVR_PLUGIN_EXPORT const avr_plugin *avr_plugin_entry(void);

#endif
