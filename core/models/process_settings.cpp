// SPDX-License-Identifier: GPL-3.0-or-later
// Process-wide settings of LibTorch and the allocator (threads, OpenBLAS, freed memory, CUDA).
#include <dlfcn.h>
#include <malloc.h>
#include <torch/cuda.h>
#include <torch/utils.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "core/models/model.h"

namespace awb::core {

namespace {
std::atomic<int> gAutoThreads{0};
}  // namespace

void setAutoThreads(int threads) { gAutoThreads.store(std::max(0, threads)); }

int busyCores() {
    // procs_running: the threads running or ready to run now, this one included. A sample can
    // catch a neighbour between two steps: the least of three, 2 ms apart.
    int least = -1;
    for (int i = 0; i < 3; ++i) {
        if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        FILE* f = std::fopen("/proc/stat", "r");
        if (!f) return 0;
        char line[256];
        int running = -1;
        while (std::fgets(line, sizeof line, f)) {
            if (std::strncmp(line, "procs_running ", 14) == 0) running = std::atoi(line + 14);
        }
        std::fclose(f);
        if (running < 0) return 0;
        least = least < 0 ? running : std::min(least, running);
    }
    return std::max(0, least - 1);
}

int autoThreadsFor(int base, int busy) { return std::clamp(base - std::max(0, busy), 1, std::max(1, base)); }

int autoThreads() {
    const int set = gAutoThreads.load();
    const int base = set > 0 ? set : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return autoThreadsFor(base, busyCores());
}

int threadsForWork(double valuesPerBatch, int threads) {
    return valuesPerBatch < kSmallBatchWork ? 1 : threads;
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

int currentThreads() { return torch::get_num_threads(); }

void setCurrentThreads(int threads) { torch::set_num_threads(std::max(1, threads)); }

bool cudaAvailable() { return torch::cuda::is_available(); }

}  // namespace awb::core
