// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/common/expected.h"
#include "core/data/dataset.h"

namespace awb::core {

enum class HeaderMode { Auto, Present, Absent };

struct CsvOptions {
    char separator = 0;              ///< 0: detect among ',', ';', tab and blanks
    HeaderMode header = HeaderMode::Auto;
    /// "" for none, "first", "last", a 0-based column index, or a header name.
    std::string labelColumn;
    /// A column of time stamps, kept as text and not a feature: "auto" (a header named timestamp,
    /// time, date, datetime; or, for time series, a first column whose first value is not a
    /// number), "none", a 0-based index or a header name.
    std::string timestampColumn = "auto";
    DataKind kind = DataKind::Tabular;
    /// Our own files (a run's history.csv, where an epoch without validation has val_loss nan):
    /// nan and inf are read as such instead of refused.
    bool allowNonFinite = false;
};

/// Reads a numeric CSV file (plain or gzip) into a Dataset: every column but the label column is
/// a feature and must hold finite numbers. Errors name the file, line and column.
Expected<Dataset> readCsv(const std::string& path, const CsvOptions& options);

/// Same, from text already in memory; `source` names it in messages.
Expected<Dataset> parseCsv(const std::string& text, const std::string& source,
                           const CsvOptions& options);

/// One line of a CSV file as text fields (quotes removed), with its 1-based line number.
struct CsvTextRow {
    size_t line = 0;
    std::vector<std::string> fields;
};

/// The lines of a CSV text as text fields, for files whose columns are not all numbers (a run's
/// scores.csv). Same line endings, BOM, quoting and separator as parseCsv; blank lines skipped;
/// no header detection (the first row is the first line). `source` names the text in messages.
Expected<std::vector<CsvTextRow>> parseCsvRows(const std::string& text, const std::string& source,
                                               char separator = ',');

}  // namespace awb::core
