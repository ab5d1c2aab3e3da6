// One libFuzzer executable per target: RD_FUZZ_ENTRY names the entry point of FuzzTargets.h.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    rd::fuzz::RD_FUZZ_ENTRY(data, size);
    return 0;
}
