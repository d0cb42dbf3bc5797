#include "avr_function_abi.h"
