// SPDX-License-Identifier: GPL-3.0-or-later
// Toy model families defined outside core, registered by the tests that use them (torch-free
// header: the UI tests include it too).
#pragma once

namespace awb::test {

/// Registers, once per process:
///  - "toy-two-phase" (rows): an encoder (group "A") and a decoder (group "B"); phase "joint" of
///    2 epochs steps A twice and B once per batch, phase "decoder" of 1 epoch steps B alone with
///    A frozen. B trains with RMSprop at lr 0.01, A with the config's optimizer. Score terms
///    "rec" (reconstruction error, weight 1) and "code" (mean |code|, weight 0.01).
///  - "toy-latent-search" (rows): a generator G(z) from a 2-value code; a sample's score is
///    |x − G(z*)|² after 25 gradient steps on z from 0 (scoring needs gradients, as AnoGAN's).
void registerToyFamilies();

}  // namespace awb::test
