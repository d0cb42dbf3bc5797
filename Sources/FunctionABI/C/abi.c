/* The C target only carries the ABI headers; this file keeps the target non-empty. */
#include "avr_function_abi.h"
#include "avr_toolchain_stamp.h"
