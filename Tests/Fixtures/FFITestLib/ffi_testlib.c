#include "ffi_testlib.h"
