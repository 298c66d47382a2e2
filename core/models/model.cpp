// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/model.h"

#include <c10/core/InferenceMode.h>
#include <dlfcn.h>
#include <malloc.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/cuda.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/utils.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <optional>
#include <sstream>
#include <thread>

#include "core/data/file_reader.h"
#include "core/models/family.h"
#include "core/models/model_impl.h"

namespace awb::core {

namespace {

constexpr int64_t kScoreBatch = 1024;
constexpr int64_t kSearchBatch = 256;  ///< for modules that search while scoring (AnoGAN)
// Stored beside the weights so that a weights file of another program is refused by name.
constexpr const char* kFormatKey = "awb_format_version";

Expected<torch::Device> parseDevice(const std::string& text) {
    try {
        torch::Device device(text);
        if (device.is_cuda() && !torch::cuda::is_available()) {
            return Error{ErrorCode::InvalidArgument,
                         "device '" + text + "': this LibTorch build has no CUDA support or no GPU "
                                             "is visible; use 'cpu'"};
        }
        if (!device.is_cpu() && !device.is_cuda()) {
            return Error{ErrorCode::InvalidArgument, "device '" + text + "': use cpu or cuda[:N]"};
        }
        if (device.is_cuda() && device.has_index()) {
            const auto count = static_cast<int64_t>(torch::cuda::device_count());
            if (device.index() >= count) {
                return Error{ErrorCode::InvalidArgument,
                             "device '" + text + "': this machine has " + std::to_string(count) +
                                 " CUDA device" + (count == 1 ? "" : "s") + " (cuda:0" +
                                 (count > 1 ? " to cuda:" + std::to_string(count - 1) : std::string()) + ")"};
            }
        }
        return device;
    } catch (const std::exception&) {
        return Error{ErrorCode::InvalidArgument, "device '" + text + "' is not cpu, cuda or cuda:N"};
    }
}

Status checkShape(const Dataset& data, const std::vector<int64_t>& shape) {
    if (data.sampleShape != shape) {
        auto str = [](const std::vector<int64_t>& s) {
            std::string out;
            for (auto d : s) out += (out.empty() ? "" : "x") + std::to_string(d);
            return out;
        };
        return Error{ErrorCode::InvalidArgument, data.source + ": samples of shape " +
                                                     str(data.sampleShape) +
                                                     " do not fit a model built for " + str(shape)};
    }
    return {};
}

}  // namespace

torch::Tensor samplesView(const Dataset& data, size_t first, size_t count) {
    std::vector<int64_t> dims{static_cast<int64_t>(count)};
    dims.insert(dims.end(), data.sampleShape.begin(), data.sampleShape.end());
    return torch::from_blob(const_cast<float*>(data.sample(first)), dims, torch::kFloat32);
}

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

Expected<Model> Model::create(const ModelSpec& spec, const std::vector<int64_t>& sampleShape,
                              uint64_t seed, const std::string& device) {
    if (auto st = validate(spec); !st) return st.error();
    if (sampleShape.empty()) {
        return Error{ErrorCode::InvalidArgument, "the data has no features to model"};
    }
    const Family& family = familyOf(spec);
    if (family.input == InputKind::Images && sampleShape.size() != 3) {
        return Error{ErrorCode::InvalidArgument, "model.family: " + spec.family +
                                                     " needs image samples (channels x height x "
                                                     "width); this data has flat samples of " +
                                                     std::to_string(sampleShape.back()) +
                                                     " values (use a family that reads rows)"};
    }
    if (family.input == InputKind::Windows && sampleShape.size() != 2) {
        return Error{ErrorCode::InvalidArgument,
                     "model.family: " + spec.family + " reads sequences: set data.kind to "
                     "timeseries and data.window_length (--window), or data.kind series"};
    }
    auto dev = parseDevice(device);
    if (!dev) return dev.error();
    try {
        torch::manual_seed(seed);
        auto impl = std::make_unique<Impl>();
        impl->spec = resolvedSpec(spec, sampleShape);  // automatic widths filled in
        impl->sampleShape = sampleShape;
        impl->module = family.build(impl->spec, sampleShape);
        impl->weights = family.weights(spec);
        impl->device = *dev;
        impl->module->to(*dev);
        return Model(std::move(impl));
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal, std::string("building the model failed: ") + e.what()};
    }
}

Expected<Model> Model::load(const std::string& path, const ModelSpec& spec,
                            const std::vector<int64_t>& sampleShape, const std::string& device) {
    auto model = create(spec, sampleShape, 0, device);
    if (!model) return model.error();
    // Read through the bounded reader: a FIFO or a device named model.pt is refused, not waited on.
    auto bytes = readFileContent(path);
    if (!bytes) return Error{bytes.error().code, bytes.error().message + " (weights file)"};
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(bytes->data(), bytes->size(), torch::Device(torch::kCPU));
        torch::Tensor version;
        if (!archive.try_read(kFormatKey, version)) {
            return Error{ErrorCode::Format,
                         path + ": not an Anomaly Workbench weights file (no format marker)"};
        }
        // Module::load replaces tensors whatever their shape, so shapes are checked here.
        auto& module = *model->impl().module;
        std::vector<std::pair<std::string, std::vector<int64_t>>> expected;
        for (const auto& p : module.named_parameters()) {
            expected.emplace_back(p.key(), p.value().sizes().vec());
        }
        module.load(archive);
        const auto loaded = module.named_parameters();
        for (const auto& [name, shape] : expected) {
            if (loaded[name].sizes().vec() != shape) {
                return Error{ErrorCode::Format,
                             path + ": weights do not fit the model (" + name + " has shape " +
                                 c10::str(loaded[name].sizes()) + ", the model needs " +
                                 c10::str(c10::IntArrayRef(shape)) + ")"};
            }
        }
        module.to(model->impl().device);
    } catch (const std::exception& e) {
        std::string why = e.what();
        if (auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
        return Error{ErrorCode::Format,
                     path + ": weights file is corrupt or does not fit the model (" + why + ")"};
    }
    return model;
}

Status Model::save(const std::string& path) const {
    // Serialised in memory first, then written by writeFileAtomic: torch's file writer throws
    // from its destructor when a write fails (a full disk), which terminates the process.
    std::ostringstream bytes;
    try {
        torch::serialize::OutputArchive archive;
        archive.write(kFormatKey, torch::tensor(int64_t{1}));
        impl_->module->save(archive);
        archive.save_to(bytes);
    } catch (const std::exception& e) {
        return Error{ErrorCode::Io, path + ": cannot serialise weights (" + e.what() + ")"};
    }
    return writeFileAtomic(path, std::move(bytes).str());
}

Status Model::exportTensors(const std::string& path) const {
    std::vector<char> bytes;
    try {
        c10::Dict<std::string, at::Tensor> tensors;
        for (const auto& p : impl_->module->named_parameters())
            tensors.insert(p.key(), p.value().detach().to(torch::kCPU).contiguous());
        for (const auto& b : impl_->module->named_buffers())
            tensors.insert(b.key(), b.value().detach().to(torch::kCPU).contiguous());
        bytes = torch::jit::pickle_save(c10::IValue(tensors));
    } catch (const std::exception& e) {
        return Error{ErrorCode::Io, path + ": cannot serialise the tensors (" + e.what() + ")"};
    }
    return writeFileAtomic(path, std::string(bytes.begin(), bytes.end()));
}

namespace {

/// Evaluation mode for the scope, then the module's mode as it was: scoring between epochs (the
/// window's live views) must not leave dropout off for the next epoch.
class EvalMode {
public:
    explicit EvalMode(torch::nn::Module& module)
        : module_(module), wasTraining_(module.is_training()) {
        module_.eval();
    }
    ~EvalMode() {
        if (wasTraining_) module_.train();
    }
    EvalMode(const EvalMode&) = delete;
    EvalMode& operator=(const EvalMode&) = delete;

private:
    torch::nn::Module& module_;
    bool wasTraining_;
};

/// Runs `perBatch(x)` over `data` in scoring batches, in eval mode without autograd, and gathers
/// the values of each tensor it returns (its samples in order, each sample's values in row-major
/// order): one vector per returned tensor.
template <typename PerBatch>
Expected<std::vector<std::vector<double>>> gatherScores(const Model::Impl& impl, const Dataset& data,
                                                        const CancelToken& cancel, PerBatch perBatch) {
    if (auto st = checkShape(data, impl.sampleShape); !st) return st.error();
    std::vector<std::vector<double>> out;
    try {
        // Lighter than NoGradGuard (no version counters), unless scoring itself descends gradients.
        std::optional<c10::InferenceMode> inference;
        std::optional<FrozenParameters> frozen;  // a search's backward() must not reach the weights
        if (impl.module->scoringNeedsGradients())
            frozen.emplace(impl.module->parameters());
        else
            inference.emplace();
        const EvalMode evalMode(*impl.module);
        // A latent search per batch takes its steps' time: smaller batches let Stop and the
        // progress bar act every few seconds rather than every few minutes.
        const size_t batch = impl.module->scoringNeedsGradients() ? kSearchBatch : kScoreBatch;
        for (size_t first = 0; first < data.size(); first += batch) {
            if (cancel.cancelled()) return Error{ErrorCode::Cancelled, "scoring stopped"};
            const size_t count = std::min<size_t>(batch, data.size() - first);
            const std::vector<torch::Tensor> parts = perBatch(samplesView(data, first, count).to(impl.device));
            out.resize(parts.size());
            for (size_t t = 0; t < parts.size(); ++t) {
                const auto v = parts[t].detach().to(torch::kCPU, torch::kFloat64).contiguous();
                out[t].insert(out[t].end(), v.data_ptr<double>(), v.data_ptr<double>() + v.numel());
            }
            if (impl.scoringProgress) impl.scoringProgress(count);
        }
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal, std::string("scoring failed: ") + e.what()};
    }
    return out;
}

}  // namespace

Expected<std::vector<double>> Model::scores(const Dataset& data, LossKind loss,
                                            const CancelToken& cancel) const {
    auto parts = gatherScores(*impl_, data, cancel, [&](const torch::Tensor& x) {
        return std::vector<torch::Tensor>{
            weightedScore(impl_->module->scoreTerms(x, loss), impl_->weights)};
    });
    if (!parts) return parts.error();
    return parts->empty() ? std::vector<double>{} : std::move(parts->front());
}

Expected<Model::Codes> Model::codes(const Dataset& data) const {
    Codes out;
    if (data.size() == 0) return out;
    if (auto st = checkShape(data, impl_->sampleShape); !st) return st.error();
    try {
        c10::InferenceMode inference;
        const EvalMode evalMode(*impl_->module);
        for (size_t first = 0; first < data.size(); first += kScoreBatch) {
            const size_t count = std::min<size_t>(kScoreBatch, data.size() - first);
            const auto z = impl_->module->encode(samplesView(data, first, count).to(impl_->device));
            if (!z.defined()) return Codes{};
            const auto v = z.detach()
                               .reshape({int64_t(count), -1})
                               .to(torch::kCPU, torch::kFloat32)
                               .contiguous();
            out.units = size_t(v.size(1));
            out.values.insert(out.values.end(), v.data_ptr<float>(),
                              v.data_ptr<float>() + v.numel());
        }
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal, std::string("encoding failed: ") + e.what()};
    }
    return out;
}

Expected<std::vector<std::vector<double>>> Model::scoreTerms(const Dataset& data, LossKind loss,
                                                             const CancelToken& cancel) const {
    return gatherScores(*impl_, data, cancel,
                        [&](const torch::Tensor& x) { return impl_->module->scoreTerms(x, loss); });
}

Expected<std::vector<std::vector<double>>> Model::stepTerms(const Dataset& data, LossKind loss,
                                                            const CancelToken& cancel) const {
    return gatherScores(*impl_, data, cancel, [&](const torch::Tensor& x) {
        auto parts = impl_->module->elementTerms(x, loss);
        for (auto& p : parts) p = x.dim() > 2 ? p.flatten(2).mean(2) : p;  // [batch, steps]
        return parts;
    });
}

Expected<std::vector<float>> Model::generatedSamples(size_t count) const {
    try {
        c10::InferenceMode inference;
        const EvalMode evalMode(*impl_->module);
        const auto samples = impl_->module->fixedSamples(static_cast<int64_t>(count));
        if (!samples.defined()) return std::vector<float>{};
        const auto v = samples.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        return std::vector<float>(v.data_ptr<float>(), v.data_ptr<float>() + v.numel());
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal, std::string("generating samples failed: ") + e.what()};
    }
}

bool Model::scoringSearches() const { return impl_->module->scoringNeedsGradients(); }

Expected<std::vector<float>> Model::reconstruct(const Dataset& data,
                                                const std::vector<size_t>& indices) const {
    if (auto st = checkShape(data, impl_->sampleShape); !st) return st.error();
    const size_t n = data.sampleSize();
    std::vector<float> out(indices.size() * n);
    for (size_t i : indices) {
        if (i >= data.size())
            return Error{ErrorCode::InvalidArgument,
                         "sample " + std::to_string(i) + " is out of range"};
    }
    if (indices.empty()) return out;
    try {
        torch::AutoGradMode grad(impl_->module->scoringNeedsGradients());
        std::optional<FrozenParameters> frozen;
        if (impl_->module->scoringNeedsGradients()) frozen.emplace(impl_->module->parameters());
        const EvalMode evalMode(*impl_->module);
        // Batches of scoring size (eval mode: each sample's output is its own): a latent search
        // runs once for the whole image grid, and a whole series' windows never form one batch.
        const size_t batch = impl_->module->scoringNeedsGradients() ? kSearchBatch : kScoreBatch;
        for (size_t first = 0; first < indices.size(); first += batch) {
            const size_t count = std::min(batch, indices.size() - first);
            std::vector<torch::Tensor> rows;
            rows.reserve(count);
            for (size_t k = first; k < first + count; ++k)
                rows.push_back(samplesView(data, indices[k], 1));
            const auto x = torch::cat(rows).to(impl_->device);
            const auto y =
                impl_->module->forward(x).detach().to(torch::kCPU, torch::kFloat32).contiguous();
            std::copy_n(y.data_ptr<float>(), count * n, out.data() + first * n);
        }
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal, std::string("reconstruction failed: ") + e.what()};
    }
    return out;
}

Status Model::setTermWeights(const std::vector<double>& weights) {
    const Family& family = familyOf(impl_->spec);
    if (auto st = validateTermWeights(family, weights); !st) return st;
    impl_->spec.termWeights = weights;
    impl_->weights = family.weights(impl_->spec);
    return {};
}

std::vector<double> Model::termWeights() const { return impl_->weights; }

void Model::setScoringProgress(std::function<void(size_t)> scored) {
    impl_->scoringProgress = std::move(scored);
}

const ModelSpec& Model::spec() const { return impl_->spec; }
const std::vector<int64_t>& Model::sampleShape() const { return impl_->sampleShape; }
std::string Model::device() const { return impl_->device.str(); }

int64_t Model::parameterCount() const {
    int64_t n = 0;
    for (const auto& p : impl_->module->parameters()) n += p.numel();
    return n;
}

}  // namespace awb::core
