// SPDX-License-Identifier: GPL-3.0-or-later
// Process-wide settings of LibTorch and the allocator (threads, OpenBLAS, freed memory, CUDA).
#include <dlfcn.h>
#include <malloc.h>
#include <torch/cuda.h>
#include <torch/utils.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "core/models/model.h"

namespace awb::core {

namespace {
std::atomic<int> gAutoThreads{0};
}  // namespace

void setAutoThreads(int threads) { gAutoThreads.store(std::max(0, threads)); }

int autoThreads() {
    const int set = gAutoThreads.load();
    return set > 0 ? set : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void configureThreads(int threads) {
    if (threads <= 0) threads = autoThreads();
    torch::set_num_threads(threads);
    // Looked up at run time: torch reaches OpenBLAS through libblas.so.3 only when Debian's
    // alternatives point there, and the project must not link it directly.
    using SetThreads = void (*)(int);
    if (auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        fn(1);
}

void tuneAllocator() {
    // Blocks up to 256 MiB come from the heap, and up to 512 MiB of free heap stay mapped.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

bool cudaAvailable() { return torch::cuda::is_available(); }

}  // namespace awb::core
