/// @file The probe measures the scalar contenders only: the tensor and dynamic ones are left out,
/// so that no other translation unit instantiates the headers of the variant being measured.
#include "contenders.hpp"

namespace tgb {
bool typegrad_tensor_supports(Pid, int) { return false; }
std::unique_ptr<Kernel> make_typegrad_tensor(const Instance&) { return nullptr; }
bool typegrad_dynamic_supports(Pid, int) { return false; }
std::unique_ptr<Kernel> make_typegrad_dynamic(const Instance&) { return nullptr; }
}  // namespace tgb
