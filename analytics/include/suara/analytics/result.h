// Result<T> lives in the base target (suara/base/result.h). This header only forwards, for code
// written before the move (branches in flight); include suara/base/result.h in new code.
#pragma once

#include "suara/base/result.h"
