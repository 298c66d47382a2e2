# SPDX-License-Identifier: GPL-3.0-or-later
"""Anomaly Workbench's exported models in PyTorch: the same layers, the same names, the same scores.

Export a run's weights with the CLI, then load them here:

    anomaly-workbench-cli export --run runs/mine --out runs/mine/model_tensors.pt

    import torch, awb_reference as awb
    run = awb.load_run("runs/mine")                 # reads model_tensors.pt beside the run's files
    scores = run.score(torch.tensor(rows))          # rows: [n, features], raw, as in the data file
    flagged = scores > run.threshold

`rows` are the samples as the program reads them from the data file, before its scaling: table
rows [n, features]; images [n, channels, height, width] (or flattened), pixels / 255 as the
program loads IDX files and image folders; a time series [points, features], whole and in order,
whose windowed runs score every point from the stride-1 windows covering it (point_score max, mean
or local, as the run did).

The tensors file is a plain dict of named tensors (torch.load reads it for any family); this module
builds the network for: dense-ae, conv-ae, stacked-conv-ae, lstm-ae and usad (rows or windows).
The GAN families (anogan, f-anogan, mad-gan) raise NotImplementedError: their tensors still load
with torch.load, under the same names as in the program.
"""

import json
import os

import torch
from torch import nn


def _activation(name):
    """The activation the program appends for `name` ("none" appends nothing)."""
    table = {
        "relu": nn.ReLU,
        "leaky-relu": nn.LeakyReLU,
        "elu": nn.ELU,
        "tanh": nn.Tanh,
        "sigmoid": nn.Sigmoid,
        "gelu": nn.GELU,
    }
    if name == "none":
        return None
    if name not in table:
        raise ValueError("unknown activation " + name)
    return table[name]()


class DenseAutoencoder(nn.Module):
    """core/models/dense_autoencoder.cpp: Linear, activation (and dropout) per encoder width, the
    decoder mirroring them, a last Linear back to the input and the output activation."""

    def __init__(self, input_size, layers, activation, output_activation, dropout):
        super().__init__()

        def block(parts, width, nxt, act):
            parts.append(nn.Linear(width, nxt))
            a = _activation(act)
            if a is not None:
                parts.append(a)

        encoder, decoder, width = [], [], input_size
        for nxt in layers:
            block(encoder, width, nxt, activation)
            if dropout > 0:
                encoder.append(nn.Dropout(dropout))
            width = nxt
        for nxt in list(reversed(layers))[1:]:
            block(decoder, width, nxt, activation)
            if dropout > 0:
                decoder.append(nn.Dropout(dropout))
            width = nxt
        block(decoder, width, input_size, output_activation)
        self.encoder = nn.Sequential(*encoder)
        self.decoder = nn.Sequential(*decoder)

    def forward(self, x):
        flat = x.reshape(x.shape[0], -1)
        return self.decoder(self.encoder(flat)).reshape(x.shape)


def _conv_out(size, kernel, stride, padding):
    return (size + 2 * padding - kernel) // stride + 1


class ConvAutoencoder(nn.Module):
    """core/models/conv_autoencoder.cpp: per level a strided convolution (stacked: a stride-1 one
    before it), an optional dense code, and the mirror image with transposed convolutions whose
    output padding restores each level's size exactly."""

    def __init__(self, shape, model, stacked):
        super().__init__()
        k, s = model["kernel_size"], model["stride"]
        p = k // 2
        act = model["activation"]
        encoder, decoder, sizes = [], [], []
        c, h, w = shape

        def add(parts, name):
            a = _activation(name)
            if a is not None:
                parts.append(a)

        for nxt in model["conv_channels"]:
            if stacked:
                encoder.append(nn.Conv2d(c, nxt, k, padding=p))
                add(encoder, act)
                c = nxt
            sizes.append((h, w))
            encoder.append(nn.Conv2d(c, nxt, k, stride=s, padding=p))
            add(encoder, act)
            c = nxt
            h, w = _conv_out(h, k, s, p), _conv_out(w, k, s, p)
        bottleneck = []
        self.code_modules = 0
        latent = model.get("latent", 0)
        if latent > 0:
            flat = c * h * w
            bottleneck += [nn.Flatten(), nn.Linear(flat, latent)]
            add(bottleneck, act)
            self.code_modules = len(bottleneck)
            if model.get("dropout", 0.0) > 0:
                bottleneck.append(nn.Dropout(model["dropout"]))
            bottleneck.append(nn.Linear(latent, flat))
            add(bottleneck, act)
            bottleneck.append(nn.Unflatten(1, (c, h, w)))
        else:
            bottleneck.append(nn.Identity())
        channels = model["conv_channels"]
        for level in reversed(range(len(channels))):
            out = shape[0] if level == 0 else channels[level - 1]
            th, tw = sizes[level]
            oph, opw = th - ((h - 1) * s - 2 * p + k), tw - ((w - 1) * s - 2 * p + k)
            up = c if stacked else out
            decoder.append(nn.ConvTranspose2d(c, up, k, stride=s, padding=p, output_padding=(oph, opw)))
            if stacked:
                add(decoder, act)
                decoder.append(nn.Conv2d(up, out, k, padding=p))
            if level != 0:
                add(decoder, act)
            c, h, w = out, th, tw
        add(decoder, model["output_activation"])
        self.encoder = nn.Sequential(*encoder)
        self.bottleneck = nn.Sequential(*bottleneck)
        self.decoder = nn.Sequential(*decoder)

    def forward(self, x):
        return self.decoder(self.bottleneck(self.encoder(x)))

    def encode(self, x):
        """The code, as the program's latent view takes it: the dense code's activations, or
        the last convolution's output flattened when there is no dense code."""
        code = self.encoder(x)
        if self.code_modules == 0:
            return code.flatten(1)
        return self.bottleneck[:self.code_modules](code)


class LstmAutoencoder(nn.Module):
    """core/models/sequence_models.cpp: stacked LSTMs encode a window [batch, length, features];
    the last step's output, repeated at every step, is decoded by the mirrored LSTMs and a Linear."""

    def __init__(self, features, layers, output_activation):
        super().__init__()
        width = features
        for i, h in enumerate(layers):
            setattr(self, "encoder%d" % i, nn.LSTM(width, h, batch_first=True))
            width = h
        for i, h in enumerate(reversed(layers)):
            setattr(self, "decoder%d" % i, nn.LSTM(width, h, batch_first=True))
            width = h
        self.layers = len(layers)
        self.output = nn.Linear(width, features)
        act = _activation(output_activation)
        self.output_activation = nn.Sequential(*([act] if act is not None else []))

    def forward(self, x):
        h = x
        for i in range(self.layers):
            h = getattr(self, "encoder%d" % i)(h)[0]
        code = h[:, -1, :]
        y = code.unsqueeze(1).expand(x.shape[0], x.shape[1], code.shape[1]).contiguous()
        for i in range(self.layers):
            y = getattr(self, "decoder%d" % i)(y)[0]
        return self.output_activation(self.output(y))


class Usad(nn.Module):
    """core/models/sequence_models.cpp: one encoder (Linear + ReLU per width), two decoders. Its
    score terms are e1 = error of AE1(W) and e3 = error of AE2(AE1(W))."""

    def __init__(self, input_size, layers, output_activation):
        super().__init__()
        encoder, width = [], input_size
        for nxt in layers:
            encoder += [nn.Linear(width, nxt), nn.ReLU()]
            width = nxt

        def decoder():
            parts, w = [], width
            for nxt in list(reversed(layers))[1:]:
                parts += [nn.Linear(w, nxt), nn.ReLU()]
                w = nxt
            parts.append(nn.Linear(w, input_size))
            act = _activation(output_activation)
            if act is not None:
                parts.append(act)
            return nn.Sequential(*parts)

        self.encoder = nn.Sequential(*encoder)
        self.decoder1 = decoder()
        self.decoder2 = decoder()

    def forward(self, x):
        flat = x.reshape(x.shape[0], -1)
        return self.decoder1(self.encoder(flat)).reshape(x.shape)

    def reconstructions(self, x):
        """AE1(W) and AE2(AE1(W)), shaped as x: what the terms e1 and e3 measure."""
        flat = x.reshape(x.shape[0], -1)
        w1 = self.decoder1(self.encoder(flat))
        w3 = self.decoder2(self.encoder(w1))
        return [w1.reshape(x.shape), w3.reshape(x.shape)]


# The score terms' default weights (core/models: Family::terms), used when model.term_weights is
# empty in the run's config.
_DEFAULT_TERM_WEIGHTS = {"usad": [0.5, 0.5]}


def _point_scores(window_scores, points, length, how):
    """core/data/windows.cpp pointScores: each point the max or mean of the stride-1 windows
    covering it (window k covers points k .. k + length - 1)."""
    pad = length - 1
    fill = float("-inf") if how == "max" else 0.0
    padded = torch.cat([window_scores.new_full((pad,), fill), window_scores,
                        window_scores.new_full((pad,), fill)])
    covering = padded.unfold(0, length, 1)[:points]  # point i: windows i - length + 1 .. i
    if how == "max":
        return covering.max(1).values
    ones = torch.cat([window_scores.new_zeros(pad), torch.ones_like(window_scores),
                      window_scores.new_zeros(pad)])
    return covering.sum(1) / ones.unfold(0, length, 1)[:points].sum(1)


def _step_means(steps, points):
    """core/data/windows.cpp StepMeans: point i the mean of its own error over the windows
    covering it; steps is [windows, length]."""
    windows, length = steps.shape
    index = (torch.arange(windows).unsqueeze(1) + torch.arange(length).unsqueeze(0)).reshape(-1)
    sums = steps.new_zeros(points).index_add_(0, index, steps.reshape(-1))
    counts = steps.new_zeros(points).index_add_(0, index, torch.ones_like(steps).reshape(-1))
    return sums / counts


class Run:
    """A run directory's model, scaler, loss and threshold."""

    def __init__(self, run_dir, tensors_path=None):
        with open(os.path.join(run_dir, "config.json"), encoding="utf-8") as f:
            self.config = json.load(f)
        with open(os.path.join(run_dir, "scaler.json"), encoding="utf-8") as f:
            self.scaler = json.load(f)
        with open(os.path.join(run_dir, "metrics.json"), encoding="utf-8") as f:
            metrics = json.load(f)
        self.threshold = metrics.get("threshold")
        self.loss = self.config["training"]["loss"]
        model = self.config["model"]
        family = model["family"]
        shape = self.scaler["sample_shape"]
        size = 1
        for d in shape:
            size *= d
        data = self.config["data"]
        self.window = data.get("window_length", 0)
        self.point_score = data.get("point_score", "max")
        self.sample_shape = list(shape)
        if self.window > 0:  # a model's sample is a window of points: [length, features]
            self.sample_shape = [self.window] + list(shape)
            size *= self.window
        self.family = family
        defaults = _DEFAULT_TERM_WEIGHTS.get(family, [1.0])
        self.weights = model.get("term_weights") or []
        if not self.weights and "usad_alpha" in model and len(defaults) == 2:
            # runs written before term weights existed: {alpha, 1 - alpha} (config_fields.cpp)
            self.weights = [model["usad_alpha"], 1 - model["usad_alpha"]]
        if len(self.weights) != len(defaults):  # as Family::weights: the defaults otherwise
            self.weights = defaults
        if family == "dense-ae":
            self.model = DenseAutoencoder(size, model["layers"], model["activation"],
                                          model["output_activation"], model.get("dropout", 0.0))
        elif family in ("conv-ae", "stacked-conv-ae"):
            self.model = ConvAutoencoder(self.sample_shape, model, family == "stacked-conv-ae")
        elif family == "lstm-ae":
            self.model = LstmAutoencoder(self.sample_shape[-1], model["layers"],
                                         model["output_activation"])
        elif family == "usad":
            self.model = Usad(size, model["layers"], model["output_activation"])
        else:
            raise NotImplementedError("family " + family + ": not written in this module yet "
                                      "(its tensors load with torch.load)")
        path = tensors_path or os.path.join(run_dir, "model_tensors.pt")
        self.model.load_state_dict(torch.load(path), strict=True)
        self.model.eval()
        self.offset = torch.tensor(self.scaler["offset"], dtype=torch.float32)
        self.scale_by = torch.tensor(self.scaler["scale"], dtype=torch.float32)

    def scale(self, rows):
        """The run's scaling: (x - offset) / scale per feature (or one offset and scale)."""
        if self.scaler["method"] == "none":
            return rows
        return (rows - self.offset) / self.scale_by

    def element_terms(self, x):
        """The score terms' element-wise errors, each shaped as x: one for the autoencoders,
        USAD's e1 and e3."""
        outputs = self.model.reconstructions(x) if self.family == "usad" else [self.model(x)]
        terms = []
        for y in outputs:
            error = y - x
            terms.append(error.abs() if self.loss == "mae" else error * error)
        return terms

    def score(self, rows):
        """Each sample's score as the program gives it (rows as the module's docstring says):
        the mean absolute (mae) or squared (mse) reconstruction error of the scaled sample, the
        terms weighted where the family has several; for a windowed series, each point's score."""
        x = torch.as_tensor(rows, dtype=torch.float32)
        if self.window > 0:
            return self._score_series(x)
        x = self.scale(x.reshape(x.shape[0], -1)).reshape([x.shape[0]] + self.sample_shape)
        with torch.no_grad():
            terms = [t.reshape(x.shape[0], -1).mean(1) for t in self.element_terms(x)]
        return sum(w * t for w, t in zip(self.weights, terms)) if len(terms) > 1 else terms[0]

    def _score_series(self, series):
        """core/experiment/series_scoring.cpp: every stride-1 window scored, each point from the
        windows covering it."""
        points, length = series.shape[0], self.window
        if points < length:
            raise ValueError("the series has %d points, fewer than a window (%d)" % (points, length))
        x = self.scale(series.reshape(points, -1))
        windows = x.unfold(0, length, 1).transpose(1, 2).contiguous()  # [windows, length, features]
        parts = []
        with torch.no_grad():
            for first in range(0, windows.shape[0], 4096):
                chunk = windows[first:first + 4096]
                terms = self.element_terms(chunk)
                if self.point_score == "local":  # per step: the mean over the features
                    parts.append([t.flatten(2).mean(2) for t in terms])
                else:
                    parts.append([t.reshape(t.shape[0], -1).mean(1) for t in terms])
        terms = [torch.cat([p[t] for p in parts]).double() for t in range(len(parts[0]))]
        if self.point_score == "local":
            means = [_step_means(t, points) for t in terms]
            return sum(w * m for w, m in zip(self.weights, means)) if len(means) > 1 else means[0]
        window_scores = sum(w * t for w, t in zip(self.weights, terms)) if len(terms) > 1 else terms[0]
        return _point_scores(window_scores, points, length, self.point_score)


def load_run(run_dir, tensors_path=None):
    return Run(run_dir, tensors_path)
