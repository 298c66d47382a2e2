// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark (not a test): training throughput of the core training loop, in samples per second,
// on random data of the ECG (140 values) or image (1x28x28) shape. bench/throughput.sh runs it
// beside bench/peer_throughput.py (Debian's python3-torch, same network, data size, batch, loss,
// optimizer and thread count) and prints the ratio.
// With kind "score" it measures reconstruction scoring instead (the conv AE over SAMPLES random
// 28x28 images, per-sample MSE, no gradients, core's scoring batch of 1024; BATCH is ignored and
// EPOCHS is the number of timed passes after a warm-up one; the median pass is printed).
// DEVICE (optional, default cpu) is cpu or cuda; the data is put on it once, as the trainer does.
// Kind "wgan" trains f-AnoGAN's WGAN-GP phase (critic and generator, 28x28 images): samples
// per second through that phase.
// AWB_PACK=0 in the environment trains with each parameter on its own instead of packed blocks
// (TrainingConfig::packParameters), to measure what packing gives.
// Usage: bench_train_throughput dense|conv|score|wgan BATCH SAMPLES EPOCHS THREADS [DEVICE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>
#include <cstdlib>
#include <random>
#include <string>

#include "core/models/model.h"
#include "core/training/trainer.h"

int main(int argc, char** argv) {
    using namespace awb::core;
    if (argc != 6 && argc != 7) {
        std::fprintf(stderr,
                     "usage: %s dense|conv|score|wgan BATCH SAMPLES EPOCHS THREADS [DEVICE]\n",
                     argv[0]);
        return 2;
    }
    const std::string kind = argv[1];
    const int batch = std::atoi(argv[2]);
    const size_t samples = std::strtoul(argv[3], nullptr, 10);
    const int epochs = std::atoi(argv[4]);
    const int threads = std::atoi(argv[5]);
    const std::string device = argc == 7 ? argv[6] : "cpu";
    configureThreads(threads);
    tuneAllocator();

    Dataset data;
    ModelSpec spec;
    TrainingConfig config;
    config.batchSize = batch;
    config.epochs = epochs;
    config.optimizer = OptimizerKind::Adam;
    config.learningRate = 1e-3;
    if (const char* pack = std::getenv("AWB_PACK"); pack && std::string(pack) == "0")
        config.packParameters = false;
    if (kind == "dense") {
        data.sampleShape = {140};
        spec.layers = {32, 16, 8};
        config.loss = LossKind::Mae;
    } else if (kind == "wgan") {
        // f-AnoGAN's WGAN-GP phase on 28x28 images: per batch 5 critic steps (gradient penalty
        // 10) and one generator step, Adam 1e-4 betas (0, 0.9) (the images-f-anogan preset).
        data.sampleShape = {1, 28, 28};
        spec.family = "f-anogan";
        spec.convChannels = {32, 64};
        spec.latent = 64;
        spec.activation = "relu";
        spec.outputActivation = "sigmoid";
        spec.criticSteps = 5;
        config.learningRate = 1e-4;
        config.loss = LossKind::Mse;
    } else {
        data.sampleShape = {1, 28, 28};
        spec.family = "conv-ae";
        spec.convChannels = {32, 64};
        spec.latent = 32;
        config.loss = LossKind::Mse;
        config.noiseStd = 0.1;
    }
    data.values.resize(samples * data.sampleSize());
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    for (float& v : data.values) v = u(rng);

    auto model = Model::create(spec, data.sampleShape, 1, device);
    if (!model) {
        std::fprintf(stderr, "%s\n", model.error().message.c_str());
        return 1;
    }
    if (kind == "score") {
        std::vector<double> rates;
        for (int pass = 0; pass <= epochs; ++pass) {
            const auto start = std::chrono::steady_clock::now();
            auto scores = model->scores(data, LossKind::Mse);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (!scores || scores->size() != samples) {
                std::fprintf(stderr, "scoring failed\n");
                return 1;
            }
            if (pass > 0) rates.push_back(samples / seconds);  // pass 0 warms up
        }
        std::sort(rates.begin(), rates.end());
        std::printf("%.1f\n", rates[rates.size() / 2]);
        return 0;
    }
    auto summary = train(*model, data, Dataset{}, config);
    if (!summary || summary->history.size() < 2) {
        std::fprintf(stderr, "training failed\n");
        return 1;
    }
    // The first epoch warms up allocators and caches; it is left out (wgan: the WGAN-GP phase's
    // epochs only, not the encoder's after them).
    double seconds = 0;
    size_t timed = 0;
    for (size_t e = 1; e < summary->history.size(); ++e) {
        if (kind == "wgan" && summary->history[e].phase != "WGAN-GP") continue;
        seconds += summary->history[e].seconds;
        ++timed;
    }
    std::printf("%.1f\n", samples * timed / seconds);
    return 0;
}
