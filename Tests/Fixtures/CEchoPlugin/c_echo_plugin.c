#include "c_echo_plugin.h"
