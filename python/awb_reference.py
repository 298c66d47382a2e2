# SPDX-License-Identifier: GPL-3.0-or-later
"""Anomaly Workbench's exported models in PyTorch: the same layers, the same names, the same scores.

Export a run's weights with the CLI, then load them here:

    anomaly-workbench-cli export --run runs/mine --out runs/mine/model_tensors.pt

    import torch, awb_reference as awb
    run = awb.load_run("runs/mine")                 # reads model_tensors.pt beside the run's files
    scores = run.score(torch.tensor(rows))          # rows: [n, features], raw, as in the data file
    flagged = scores > run.threshold

The tensors file is a plain dict of named tensors (torch.load reads it for any family); this module
builds the network for: dense-ae. Other families raise NotImplementedError (their tensors still
load with torch.load, under the same names as in the program).
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
        if self.config["data"].get("window_length", 0) > 0:
            raise NotImplementedError("windowed series are not written here yet")
        if family == "dense-ae":
            self.model = DenseAutoencoder(size, model["layers"], model["activation"],
                                          model["output_activation"], model.get("dropout", 0.0))
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

    def score(self, rows):
        """Each row's score as the program gives it: the mean absolute (mae) or squared (mse)
        error between the scaled row and its reconstruction."""
        x = self.scale(torch.as_tensor(rows, dtype=torch.float32))
        with torch.no_grad():
            error = self.model(x) - x
            error = error.abs() if self.loss == "mae" else error * error
            return error.reshape(x.shape[0], -1).mean(1)


def load_run(run_dir, tensors_path=None):
    return Run(run_dir, tensors_path)
