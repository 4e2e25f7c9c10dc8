// sp-npos-elections in C++: everything in runtime/framework/npos/ (README.md).
#pragma once

#include "runtime/framework/npos/balancing.hpp"
#include "runtime/framework/npos/election.hpp"
#include "runtime/framework/npos/helpers.hpp"
#include "runtime/framework/npos/phragmen.hpp"
#include "runtime/framework/npos/phragmms.hpp"
#include "runtime/framework/npos/reduce.hpp"
#include "runtime/framework/npos/types.hpp"
