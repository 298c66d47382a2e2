// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/data/dataset.h"

namespace awb::core {

struct ImageFolderOptions {
    int width = 0;     ///< every image is resized to width x height; 0 = the first image's size
    int height = 0;
    int channels = 1;  ///< 1 (grayscale) or 3 (RGB); images are converted as they are decoded
};

/// Channels 1 or 3; width and height both 0 or both between 1 and 4096. Errors name the config
/// fields (data.image_width/image_height, data.image_channels).
Status validateImageOptions(const ImageFolderOptions& options);

/// True when the path is a directory (the image-folder reader applies to it).
bool isDirectory(const std::string& path);

/// A folder of images (PNG with libpng, JPEG with libjpeg-turbo, binary PNM; BMP, GIF and TGA
/// files are named and refused with a hint to convert them) as a dataset.
/// With sub-folders, each sub-folder is a class named after it (images found anywhere beneath
/// it); with none, the folder's own images form one unlabelled set. Files and folders starting
/// with '.' and files of other extensions are skipped; an image file that does not decode is an
/// error naming it. Pixels become floats in [0, 1], samples have shape {channels, height, width}
/// (planar), resized with stb's filtered resampler when their size differs. Classes and files are
/// in name order, so the dataset is the same on every machine.
Expected<Dataset> readImageFolder(const std::string& path, const ImageFolderOptions& options);

/// Largest width or height of a chosen target size, and of an image read at its own size.
constexpr int kMaxImageSide = 4096;

/// One image decoded: `channels` planes of height x width floats in [0, 1].
struct DecodedImage {
    int width = 0, height = 0;
    std::vector<float> planar;  ///< channels x height x width
};

/// One image file's bytes (PNG, JPEG or binary PNM, recognised from its first bytes, not its
/// name) decoded in its own channels and converted to `channels` (colour to grey with weights
/// 77/150/29 of 256, grey to colour by copying, alpha dropped), then resized to width x height
/// (0: its own size). The size is checked from the header before a pixel is decoded: more than
/// 2^28 pixels, or a side over 4096 with no size to resize to, is refused; so is a PNM shorter
/// than its header says and a JPEG with a warning (truncated or corrupt). Errors name `name`.
/// `maxDecodeBytes` bounds the decoded copy (the file's own channels; 16-bit samples count
/// double): 768 MiB by default, enough for 2^28 RGB pixels.
Expected<DecodedImage> decodeImage(const std::string& bytes, const std::string& name, int channels, int width,
                                   int height, int64_t maxDecodeBytes = int64_t(768) << 20);

}  // namespace awb::core
