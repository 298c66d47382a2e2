// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <map>
#include <string_view>

#include "core/common/text.h"
#include "core/data/file_reader.h"

namespace awb::core {

namespace {

struct Line {
    size_t number;  // 1-based, as an editor shows it
    std::string_view text;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

/// Lines ending in "\n", "\r\n" or a lone "\r" (old Mac files, some exports).
std::vector<Line> splitLines(std::string_view text) {
    std::vector<Line> lines;
    size_t number = 0;
    size_t pos = 0;
    size_t nextCr = text.find('\r');  // memchr-fast searches; find_first_of goes byte by byte
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        if (nextCr < pos) nextCr = text.find('\r', pos);
        if (nextCr < end) end = nextCr;
        ++number;
        std::string_view line = text.substr(pos, end - pos);
        if (!trim(line).empty()) lines.push_back({number, line});
        pos = end + 1;
        if (end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n') ++pos;
    }
    return lines;
}

char detectSeparator(std::string_view line) {
    const size_t commas = std::count(line.begin(), line.end(), ',');
    const size_t semis = std::count(line.begin(), line.end(), ';');
    const size_t tabs = std::count(line.begin(), line.end(), '\t');
    if (commas == 0 && semis == 0 && tabs == 0) {
        return trim(line).find(' ') != std::string_view::npos ? ' ' : ',';
    }
    if (semis > commas && semis >= tabs) return ';';
    if (tabs > commas && tabs > semis) return '\t';
    return ',';
}

/// The fields of one line. With a separator other than blanks, a field in double quotes may hold
/// the separator, and "" inside it stands for one quote (RFC 4180; a quoted field does not span
/// lines). Plain fields are views into the line; unescaped quoted ones are kept in `store`, which
/// must outlive the result.
std::vector<std::string_view> splitFields(std::string_view line, char sep, std::deque<std::string>& store) {
    std::vector<std::string_view> fields;
    if (sep == ' ') {  // runs of blanks separate fields
        size_t pos = 0;
        while (pos < line.size()) {
            while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
            if (pos >= line.size()) break;
            size_t end = pos;
            while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
            fields.push_back(line.substr(pos, end - pos));
            pos = end;
        }
        return fields;
    }
    size_t pos = 0;
    while (true) {
        size_t start = pos;
        while (start < line.size() && (line[start] == ' ' || line[start] == '\t') && line[start] != sep) ++start;
        if (start < line.size() && line[start] == '"') {
            // Find the closing quote (a doubled quote is an escaped one).
            std::string value;
            size_t k = start + 1;
            bool closed = false;
            for (; k < line.size(); ++k) {
                if (line[k] != '"') {
                    value += line[k];
                } else if (k + 1 < line.size() && line[k + 1] == '"') {
                    value += '"';
                    ++k;
                } else {
                    closed = true;
                    ++k;
                    break;
                }
            }
            size_t end = line.find(sep, k);
            if (end == std::string_view::npos) end = line.size();
            if (closed && trim(line.substr(k, end - k)).empty()) {
                store.push_back(std::move(value));
                fields.push_back(store.back());
                if (end == line.size()) break;
                pos = end + 1;
                continue;
            }
            // Not a well-formed quoted field (no closing quote, or text after it): read as it is.
        }
        size_t end = line.find(sep, pos);
        if (end == std::string_view::npos) end = line.size();
        fields.push_back(trim(line.substr(pos, end - pos)));
        if (end == line.size()) break;
        pos = end + 1;
    }
    return fields;
}

enum class NumberResult { Ok, NotANumber, NotFinite };

NumberResult parseFloat(std::string_view field, float& out) {
    if (field.empty()) return NumberResult::NotANumber;
    if (field.front() == '+') field.remove_prefix(1);
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
    if (ptr != field.data() + field.size()) return NumberResult::NotANumber;
    if (ec == std::errc::result_out_of_range) return NumberResult::NotFinite;
    if (ec != std::errc()) return NumberResult::NotANumber;
    return std::isfinite(out) ? NumberResult::Ok : NumberResult::NotFinite;
}

bool isNumeric(std::string_view field) {
    float v;
    return parseFloat(field, v) != NumberResult::NotANumber;
}

std::string where(const std::string& source, size_t line, size_t column) {
    return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string columnName(const std::vector<std::string>& header, size_t index) {
    if (index < header.size() && !header[index].empty()) return "'" + clipForMessage(header[index], 40) + "'";
    return std::to_string(index + 1);
}

Expected<int> resolveLabelColumn(const std::string& spec, const std::vector<std::string>& header,
                                 bool hasHeader, size_t columns, const std::string& source) {
    if (spec.empty() || spec == "none") return -1;
    if (spec == "first") return 0;
    if (spec == "last") return static_cast<int>(columns) - 1;
    int index = 0;
    const auto [ptr, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), index);
    if (ec == std::errc() && ptr == spec.data() + spec.size()) {
        if (index < 0 || static_cast<size_t>(index) >= columns) {
            return Error{ErrorCode::InvalidArgument,
                         source + ": label column index " + spec + " is out of range (the file has " +
                             std::to_string(columns) + " columns, indexed from 0)"};
        }
        return index;
    }
    if (!hasHeader) {
        return Error{ErrorCode::InvalidArgument, source + ": label column '" + spec +
                                                     "' given by name, but the file has no header"};
    }
    std::vector<size_t> named;
    const std::string asRead = toValidUtf8(spec);  // as the header's names were converted
    for (size_t c = 0; c < header.size(); ++c) {
        if (header[c] == spec || header[c] == asRead) named.push_back(c);
    }
    if (named.size() > 1) {
        return Error{ErrorCode::InvalidArgument,
                     source + ": " + std::to_string(named.size()) + " columns are named '" + clipForMessage(spec) +
                         "' (indexes " + std::to_string(named[0]) + " and " + std::to_string(named[1]) +
                         ", counted from 0); give the column by its index"};
    }
    if (named.size() == 1) return static_cast<int>(named[0]);
    std::vector<std::string> shown;
    for (size_t c = 0; c < header.size() && c < 12; ++c) shown.push_back(clipForMessage(header[c], 24));
    if (header.size() > 12) shown.push_back("… " + std::to_string(header.size() - 12) + " more");
    return Error{ErrorCode::InvalidArgument,
                 source + ": no column named '" + clipForMessage(spec) + "' (columns: " + joinComma(shown) + ")"};
}

std::vector<std::string> sortedClassNames(const std::map<std::string, int>& seen) {
    std::vector<std::string> names;
    for (const auto& [name, unused] : seen) names.push_back(name);
    const bool numeric = std::all_of(names.begin(), names.end(),
                                     [](const std::string& n) { return isNumeric(n); });
    if (numeric) {
        std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
            double x = 0, y = 0;
            parseFiniteDouble(a, x);
            parseFiniteDouble(b, y);
            return x < y;
        });
    }
    return names;
}

/// The text without a UTF-8 BOM; binary data refused, naming `source`.
Expected<std::string_view> csvBody(const std::string& text, const std::string& source) {
    std::string_view body(text);
    if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    if (body.find('\0') != std::string_view::npos) {
        return Error{ErrorCode::Format, source + ": binary data, not a CSV text file"};
    }
    return body;
}

}  // namespace

Expected<Dataset> parseCsv(const std::string& text, const std::string& source,
                           const CsvOptions& options) {
    auto body = csvBody(text, source);
    if (!body) return body.error();
    const std::vector<Line> lines = splitLines(*body);
    if (lines.empty()) return Error{ErrorCode::Format, source + ": the file is empty"};

    const char sep = options.separator ? options.separator : detectSeparator(lines[0].text);
    std::deque<std::string> headStore;  // quoted fields of the first two lines
    const auto first = splitFields(lines[0].text, sep, headStore);
    bool hasHeader = options.header == HeaderMode::Present;
    if (options.header == HeaderMode::Auto) {
        // A header has text where the data has numbers; a text label column alone is no header.
        const auto second = lines.size() > 1 ? splitFields(lines[1].text, sep, headStore) : first;
        for (size_t c = 0; c < first.size(); ++c) {
            const bool secondNumeric = lines.size() == 1 || (c < second.size() && isNumeric(second[c]));
            if (!isNumeric(first[c]) && secondNumeric) hasHeader = true;
        }
    }
    std::vector<std::string> header;
    if (hasHeader) {
        for (auto f : first) header.push_back(toValidUtf8(f));  // a Latin-1 "données" too
    }
    const size_t columns = first.size();
    const size_t dataStart = hasHeader ? 1 : 0;
    if (lines.size() <= dataStart) {
        return Error{ErrorCode::Format, source + ": no data rows after the header"};
    }
    auto label = resolveLabelColumn(options.labelColumn, header, hasHeader, columns, source);
    if (!label) return label.error();
    const int labelCol = *label;
    int timeCol = -1;
    if (options.timestampColumn == "auto") {
        // A numeric "Time" column of tabular data (seconds, say) stays a feature.
        const auto firstData = splitFields(lines[dataStart].text, sep, headStore);
        for (size_t c = 0; c < header.size() && timeCol < 0; ++c) {
            const bool text = c < firstData.size() && !isNumeric(firstData[c]);
            if (options.kind != DataKind::TimeSeries && !text) continue;
            std::string name(header[c]);
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
            if (static_cast<int>(c) != labelCol &&
                (name == "timestamp" || name == "time" || name == "date" || name == "datetime")) {
                timeCol = static_cast<int>(c);
            }
        }
        if (timeCol < 0 && options.kind == DataKind::TimeSeries && labelCol != 0) {
            if (!firstData.empty() && !isNumeric(firstData[0])) timeCol = 0;
        }
    } else if (options.timestampColumn != "none" && !options.timestampColumn.empty()) {
        auto t = resolveLabelColumn(options.timestampColumn, header, hasHeader, columns, source);
        if (!t) return Error{t.error().code, "timestamp column: " + t.error().message};
        timeCol = *t;
        if (timeCol == labelCol) {
            return Error{ErrorCode::InvalidArgument, source + ": the timestamp column is the label column"};
        }
    }
    const size_t features = columns - (labelCol >= 0 ? 1 : 0) - (timeCol >= 0 ? 1 : 0);
    if (features == 0) {
        return Error{ErrorCode::Format, source + ": no feature columns besides the label and timestamp columns"};
    }

    Dataset data;
    data.kind = options.kind;
    data.source = source;
    data.sampleShape = {static_cast<int64_t>(features)};
    for (size_t c = 0; c < columns; ++c) {
        if (static_cast<int>(c) == labelCol || static_cast<int>(c) == timeCol) continue;
        data.featureNames.push_back(hasHeader ? header[c] : "x" + std::to_string(c));
    }
    if (labelCol >= 0) data.labelName = hasHeader ? header[labelCol] : "column " + std::to_string(labelCol);
    data.values.reserve((lines.size() - dataStart) * features);
    adviseHugePages(data.values.data(), data.values.capacity() * sizeof(float));

    std::vector<std::string> rawLabels;
    std::deque<std::string> rowStore;
    for (size_t r = dataStart; r < lines.size(); ++r) {
        rowStore.clear();
        const auto fields = splitFields(lines[r].text, sep, rowStore);
        if (fields.size() != columns) {
            return Error{ErrorCode::Format,
                         source + ":" + std::to_string(lines[r].number) + ": " +
                             std::to_string(fields.size()) + " fields where the " +
                             (hasHeader ? "header" : "first row") + " has " +
                             std::to_string(columns)};
        }
        for (size_t c = 0; c < columns; ++c) {
            if (static_cast<int>(c) == labelCol) {
                if (fields[c].empty()) {
                    return Error{ErrorCode::Format, where(source, lines[r].number, c + 1) +
                                                        ": empty label"};
                }
                rawLabels.push_back(canonicalLabel(toValidUtf8(fields[c])));
                continue;
            }
            if (static_cast<int>(c) == timeCol) {
                data.timestamps.push_back(toValidUtf8(fields[c]));
                continue;
            }
            float v = 0;
            switch (parseFloat(fields[c], v)) {
                case NumberResult::Ok: data.values.push_back(v); break;
                case NumberResult::NotFinite:
                    if (options.allowNonFinite) {
                        data.values.push_back(v);
                        break;
                    }
                    return Error{ErrorCode::Format,
                                 where(source, lines[r].number, c + 1) + ": value '" +
                                     clipForMessage(fields[c]) + "' in column " +
                                     columnName(header, c) +
                                     " is not finite (NaN and infinity cannot be learnt from)"};
                case NumberResult::NotANumber:
                    return Error{ErrorCode::Format,
                                 where(source, lines[r].number, c + 1) + ": '" +
                                     clipForMessage(fields[c]) + "' in column " +
                                     columnName(header, c) + " is not a number" +
                                     (fields[c].empty() ? " (empty field)" : "")};
            }
        }
    }
    if (labelCol >= 0) {
        std::map<std::string, int> seen;
        for (const auto& l : rawLabels) seen.emplace(l, 0);
        data.classNames = sortedClassNames(seen);
        for (size_t c = 0; c < data.classNames.size(); ++c) seen[data.classNames[c]] = static_cast<int>(c);
        data.labels.reserve(rawLabels.size());
        for (const auto& l : rawLabels) data.labels.push_back(seen[l]);
    }
    return data;
}

Expected<Dataset> readCsv(const std::string& path, const CsvOptions& options) {
    auto text = readFileContent(path);
    if (!text) return text.error();
    return parseCsv(*text, path, options);
}

Expected<std::vector<CsvTextRow>> parseCsvRows(const std::string& text, const std::string& source,
                                               char separator) {
    auto body = csvBody(text, source);
    if (!body) return body.error();
    std::vector<CsvTextRow> rows;
    std::deque<std::string> store;
    for (const Line& l : splitLines(*body)) {
        CsvTextRow row;
        row.line = l.number;
        for (std::string_view f : splitFields(l.text, separator, store)) row.fields.emplace_back(f);
        store.clear();
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace awb::core
