// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/common/cancel_token.h"
#include "core/common/expected.h"
#include "core/data/dataset.h"
#include "core/models/model_spec.h"

namespace awb::core {

enum class LossKind { Mse, Mae };
const char* toString(LossKind loss);
Expected<LossKind> parseLossKind(const std::string& text);

/// A network with its weights and the device it lives on. Torch stays behind the pointer, so
/// this header is safe for the UI. Moves are cheap; copies are not allowed.
class Model {
public:
    /// Builds a freshly initialised network (initialisation seeded with `seed`).
    /// `device` is "cpu", "cuda" or "cuda:N".
    static Expected<Model> create(const ModelSpec& spec, const std::vector<int64_t>& sampleShape,
                                  uint64_t seed, const std::string& device = "cpu");

    /// Builds the network for spec and shape and reads its weights from a file written by save().
    /// A foreign, corrupt or mismatching file is refused with a message naming it.
    static Expected<Model> load(const std::string& path, const ModelSpec& spec,
                                const std::vector<int64_t>& sampleShape,
                                const std::string& device = "cpu");

    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;
    ~Model();

    /// Writes the weights atomically (temporary file, then rename).
    Status save(const std::string& path) const;
    /// The weights for Python: a file `torch.load` reads (LibTorch's pickle_save) holding a dict
    /// of the module's named parameters and buffers ("encoder.0.weight" -> tensor, on the CPU),
    /// the names those of the same layers built in PyTorch (python/awb_reference.py). Written
    /// atomically.
    Status exportTensors(const std::string& path) const;

    /// Each sample's code (ReconstructionModule::encode): values row after row, `units` per
    /// sample; units 0 when the family has no code.
    struct Codes {
        size_t units = 0;
        std::vector<float> values;
    };
    Expected<Codes> codes(const Dataset& data) const;

    /// Per-sample anomaly score: the sum of weight x term over the family's score terms (for a
    /// plain autoencoder the mean over the sample of (x - x')^2 or |x - x'|). Cancellation is
    /// checked between batches.
    Expected<std::vector<double>> scores(const Dataset& data, LossKind loss,
                                         const CancelToken& cancel = CancelToken()) const;

    /// The terms each sample's score is made of, one vector per term over all samples (USAD's
    /// {e1, e3}; the reconstruction error alone for plain autoencoders).
    Expected<std::vector<std::vector<double>>> scoreTerms(const Dataset& data, LossKind loss,
                                                          const CancelToken& cancel = CancelToken()) const;

    /// The same parts per step of each sample, for samples of shape {steps, features...} (time
    /// series windows): the error at each step, averaged over its features. One vector per part,
    /// holding samples × steps values (sample-major).
    Expected<std::vector<std::vector<double>>> stepTerms(const Dataset& data, LossKind loss,
                                                         const CancelToken& cancel = CancelToken()) const;

    /// Reconstructions of the given samples, flattened in the dataset's layout.
    Expected<std::vector<float>> reconstruct(const Dataset& data,
                                             const std::vector<size_t>& indices) const;

    /// The weights of the score terms, changeable after training (the next scores() uses them):
    /// one per term of the family, each in [0, 1e6], not all 0.
    Status setTermWeights(const std::vector<double>& weights);
    std::vector<double> termWeights() const;

    /// Called after each scoring batch of scores(), scoreTerms() and stepTerms() with the
    /// number of samples it scored (on the scoring thread): progress for slow scoring (a latent
    /// search per sample). Unset with an empty function.
    void setScoringProgress(std::function<void(size_t)> scored);

    /// Generative families: the generator's samples from `count` fixed codes (the same every
    /// call), flattened in the data's layout; empty for the others.
    Expected<std::vector<float>> generatedSamples(size_t count) const;

    /// Whether scoring searches (a latent search per sample: AnoGAN, MAD-GAN), so costs far more
    /// than a forward pass: a run then scores only the samples its evaluation reads.
    bool scoringSearches() const;

    const ModelSpec& spec() const;
    const std::vector<int64_t>& sampleShape() const;
    std::string device() const;
    int64_t parameterCount() const;

    struct Impl;
    Impl& impl() { return *impl_; }
    const Impl& impl() const { return *impl_; }

private:
    explicit Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Sets LibTorch's intra-op thread count (0: autoThreads()) and keeps OpenBLAS, when torch uses
/// it, at one thread, since its own threads fight torch's.
void configureThreads(int threads);
/// What a thread count of 0 ("auto") starts from in this process: one thread per usable core
/// unless set. The workbench sets one fewer than the cores, so that its window and the display
/// server keep a core: torch's threads wait for each other at every operation, and one of them
/// losing its core to painting slowed training in the GUI by up to 1.5x on 2 cores
/// (bench_gui_latency).
void setAutoThreads(int threads);
/// The automatic thread count now: that base less the cores other work keeps busy at this moment
/// (busyCores), at least one. Torch's OpenMP threads spin while they wait for each other at every
/// operation, so a thread that has lost its core to another program stalls the rest: beside two
/// other trainings on 2 cores, two threads ran the conv AE 12x slower than quiet, one thread about
/// 3x (its fair share; README, Benchmarks: under load).
int autoThreads();
/// autoThreads' rule: `base` less `busy`, within [1, base].
int autoThreadsFor(int base, int busy);
/// The CPUs this process may run on (its affinity: taskset, a container's cpuset), else the
/// machine's, and no more than its CPU quota allows (cpuQuotaCores); the base of autoThreads
/// unless the program set one. Busy threads on CPUs outside the affinity are still counted.
int usableCores();
/// Cores a cgroup CPU quota allows, rounded up (a container given 1.5 CPUs: 2), from the text of
/// cgroup v2's cpu.max ("QUOTA PERIOD" in microseconds; "max PERIOD": no quota); 0 for no quota
/// or text that is not one.
int cpuQuotaCores(const std::string& cpuMax);
/// This process's CPU quota in cores (cgroup v2 cpu.max, else v1 cpu/cpu.cfs_quota_us and
/// cpu.cfs_period_us, of its own cgroup or the mount's root) under the cgroup mount `root`; 0
/// when there is none.
int cpuQuotaCoresUnder(const std::string& root = "/sys/fs/cgroup");
/// Threads of other processes running or ready to run now (Linux: /proc/stat procs_running less
/// this process's threads in state R, the least of three samples 2 ms apart); 0 when unknown.
int busyCores();
/// Work of one training batch, in values (batch x (parameters + activation values per sample)),
/// under which one thread is as fast as several or faster: the ECG5000 preset's dense net (about
/// 6e6) and the LSTM AE on 32-point windows (about 2e6) train no slower on one thread of 2 cores,
/// dense batch 32 1.6x faster; the conv AE preset (about 5e7) keeps its threads (figures printed
/// by Threads.AutomaticThreadsLeaveBusyCoresAndSmallNetworksTrainOnOne).
constexpr double kSmallBatchWork = 2e7;
/// The threads to train with for an automatic count: 1 for a batch under kSmallBatchWork, else
/// `threads`.
int threadsForWork(double valuesPerBatch, int threads);
/// Torch's intra-op thread count now, and setting it.
int currentThreads();
void setCurrentThreads(int threads);
/// Keeps freed tensor memory in the process instead of handing it back to the system after every
/// batch. With glibc's defaults each large tensor is mmapped and unmapped again, and every batch
/// pays the page faults: 2.4x slower conv training here than with the memory kept.
void tuneAllocator();
/// Whether this LibTorch build can use a CUDA device here.
bool cudaAvailable();
/// What a run records of where it ran: the program ("0.1.0, git d4260b9"), LibTorch's version
/// ("1.13.0") and the CPU's model name from /proc/cpuinfo ("unknown" where there is none).
std::string programVersion();
std::string libtorchVersion();
std::string cpuModel();

}  // namespace awb::core
