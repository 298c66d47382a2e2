// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/common/expected.h"
#include "core/data/dataset.h"

namespace awb::core {

/// True when the bytes start like an IDX file of unsigned bytes (magic 0x0000 08 NN).
bool looksLikeIdx(const std::string& bytes);

/// MNIST-format images (idx3-ubyte: count x rows x columns) and, when labelsPath is not empty,
/// their labels (idx1-ubyte), each plain or gzip. Pixels become floats in [0, 1] (value / 255),
/// samples have shape {1, rows, columns}, classes are the label values. The header is checked
/// (magic, element type, dimensions, and sizes that match the file length) before any sample
/// memory is taken, so a header announcing billions of images is refused by its file's size.
Expected<Dataset> readIdx(const std::string& imagesPath, const std::string& labelsPath);

/// Same, from the images file's content already in memory.
Expected<Dataset> parseIdx(const std::string& imageBytes, const std::string& imagesPath,
                           const std::string& labelsPath);

/// The labels file usually lying beside an images file: "...images-idx3-ubyte[.gz]" ->
/// "...labels-idx1-ubyte[.gz]" (MNIST and Fashion-MNIST naming); empty when none exists.
std::string siblingIdxLabels(const std::string& imagesPath);

}  // namespace awb::core
