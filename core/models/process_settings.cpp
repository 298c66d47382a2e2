// SPDX-License-Identifier: GPL-3.0-or-later
// Process-wide settings of LibTorch and the allocator (threads, OpenBLAS, freed memory, CUDA).
#include <dirent.h>
#include <dlfcn.h>
#include <malloc.h>
#include <sched.h>
#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

#include "awb_version.h"
#include "core/models/model.h"

namespace awb::core {

namespace {
std::atomic<int> gAutoThreads{0};
}  // namespace

void setAutoThreads(int threads) { gAutoThreads.store(std::max(0, threads)); }

namespace {

/// procs_running of /proc/stat: threads running or ready to run on the machine; -1 if unknown.
int runnableThreads() {
    FILE* f = std::fopen("/proc/stat", "r");
    if (!f) return -1;
    char line[256];
    int running = -1;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "procs_running ", 14) == 0) running = std::atoi(line + 14);
    }
    std::fclose(f);
    return running;
}

/// This process's threads in state R (running or runnable): the caller, and torch's own threads
/// still spinning after the last operation.
int ownRunnableThreads() {
    int own = 0;
    DIR* dir = opendir("/proc/self/task");
    if (!dir) return 1;
    while (const dirent* e = readdir(dir)) {
        if (e->d_name[0] == '.') continue;
        char path[300], text[512];
        std::snprintf(path, sizeof path, "/proc/self/task/%s/stat", e->d_name);
        FILE* f = std::fopen(path, "r");
        if (!f) continue;
        const size_t n = std::fread(text, 1, sizeof text - 1, f);
        std::fclose(f);
        text[n] = 0;
        // "tid (name) S ...": the state follows the last ')' (a name may hold one).
        const char* close = std::strrchr(text, ')');
        if (close && close[1] == ' ' && close[2] == 'R') ++own;
    }
    closedir(dir);
    return std::max(1, own);
}

}  // namespace

int busyCores() {
    // Other processes' runnable threads. A sample can catch a neighbour between two steps: the
    // least of three, 2 ms apart.
    int least = -1;
    for (int i = 0; i < 3; ++i) {
        if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        // Own threads counted before and after: one that sleeps in between is still ours.
        const int ownBefore = ownRunnableThreads();
        const int all = runnableThreads();
        if (all < 0) return 0;
        const int others = std::max(0, all - std::max(ownBefore, ownRunnableThreads()));
        least = least < 0 ? others : std::min(least, others);
    }
    return least;
}

int autoThreadsFor(int base, int busy) {
    return std::clamp(base - std::max(0, busy), 1, std::max(1, base));
}

int cpuQuotaCores(const std::string& cpuMax) {
    std::istringstream in(cpuMax);
    std::string quota;
    long long period = 0;
    if (!(in >> quota >> period) || period <= 0 || quota == "max") return 0;
    long long q = 0;
    const auto [end, ec] = std::from_chars(quota.data(), quota.data() + quota.size(), q);
    std::string rest;
    if (ec != std::errc() || end != quota.data() + quota.size() || q <= 0 || (in >> rest)) return 0;
    return int(std::min<long long>(q / period + (q % period != 0), 1 << 20));
}

namespace {

std::string fileText(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return in ? s.str() : std::string();
}

/// This process's cgroup path for `controller` ("" for the v2 line "0::PATH") from
/// /proc/self/cgroup; "/" when not found.
std::string ownCgroup(const std::string& controller) {
    std::ifstream in("/proc/self/cgroup");
    std::string line;
    while (std::getline(in, line)) {
        const size_t a = line.find(':'), b = a == std::string::npos ? a : line.find(':', a + 1);
        if (b == std::string::npos) continue;
        const std::string names = line.substr(a + 1, b - a - 1);
        if (controller.empty()
                ? (line.compare(0, a, "0") == 0 && names.empty())
                : ("," + names + ",").find("," + controller + ",") != std::string::npos)
            return line.substr(b + 1);
    }
    return "/";
}

/// The least positive quota of `quotaAt` over the cgroup `path` and each of its ancestors up to
/// the mount `base` (a limit on a parent, a systemd slice, binds its children); 0 for none.
int leastQuotaUpwards(const std::string& base, std::string path,
                      const std::function<int(const std::string&)>& quotaAt) {
    int least = 0;
    while (true) {
        const int q = quotaAt(base + (path == "/" ? "" : path));
        if (q > 0) least = least > 0 ? std::min(least, q) : q;
        if (path.empty() || path == "/") break;
        const size_t slash = path.find_last_of('/');
        path = slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
    }
    return least;
}

}  // namespace

int cpuQuotaCoresUnder(const std::string& root) {
    // v2: cpu.max in the process's cgroup and its ancestors (a container sees its own as root).
    const int v2 = leastQuotaUpwards(root, ownCgroup(""), [](const std::string& dir) {
        return cpuQuotaCores(fileText(dir + "/cpu.max"));
    });
    if (v2 > 0) return v2;
    // v1: the quota and period files of the cpu controller; a quota of -1 is none.
    for (const char* mount : {"/cpu", "/cpu,cpuacct"}) {
        const int v1 =
            leastQuotaUpwards(root + mount, ownCgroup("cpu"), [](const std::string& dir) {
                const std::string quota = fileText(dir + "/cpu.cfs_quota_us");
                const std::string period = fileText(dir + "/cpu.cfs_period_us");
                return quota.empty() || period.empty() ? 0 : cpuQuotaCores(quota + " " + period);
            });
        if (v1 > 0) return v1;
    }
    return 0;
}

int usableCores() {
    int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    cpu_set_t cpus;  // the CPUs this process may run on (taskset, a container's cpuset)
    if (sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 0)
        cores = CPU_COUNT(&cpus);
    // A quota (docker --cpus, a Slurm or systemd limit) is read once: it rarely changes.
    static const int quota = cpuQuotaCoresUnder();
    return quota > 0 ? std::min(cores, quota) : cores;
}

int autoThreads() {
    const int set = gAutoThreads.load();
    return autoThreadsFor(set > 0 ? set : usableCores(), busyCores());
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

std::string programVersion() { return std::string(AWB_VERSION) + ", git " + AWB_GIT_DESCRIBE; }

std::string libtorchVersion() { return TORCH_VERSION; }

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) != 0) continue;
        const size_t colon = line.find(':');
        if (colon == std::string::npos) break;
        const size_t first = line.find_first_not_of(" \t", colon + 1);
        return first == std::string::npos ? "unknown" : line.substr(first);
    }
    return "unknown";
}

}  // namespace awb::core
