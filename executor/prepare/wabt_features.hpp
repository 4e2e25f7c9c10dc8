// The wabt feature switches of the accepted feature set (see validate.hpp). Only for translation
// units that use wabt.
#pragma once

#include <wabt/feature.h>

namespace canary::executor::prepare {

wabt::Features accepted_wabt_features();

}  // namespace canary::executor::prepare
