/// @file A small CSV reader for the examples that read their data at run time: a header line,
/// then rows of numbers separated by commas. Throws std::runtime_error naming the file and line
/// for a missing file, a ragged row or a field that is not a number.
#pragma once

#include <cstddef>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace example {

/// The rows of a CSV file with a header line, all with the same number of fields.
struct table {
    std::vector<std::string> columns;
    std::vector<std::vector<double>> rows;
};

inline table read_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    table t;
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error(path + ": empty file");
    std::stringstream header(line);
    for (std::string name; std::getline(header, name, ',');) t.columns.push_back(name);
    for (std::size_t number = 2; std::getline(in, line); ++number) {
        if (line.empty()) continue;
        std::vector<double> row;
        std::stringstream fields(line);
        for (std::string field; std::getline(fields, field, ',');) {
            std::size_t used = 0;
            try {
                row.push_back(std::stod(field, &used));
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0) throw std::runtime_error(path + ":" + std::to_string(number) + ": not a number: " + field);
        }
        if (row.size() != t.columns.size())
            throw std::runtime_error(path + ":" + std::to_string(number) + ": " + std::to_string(row.size()) +
                                     " fields, the header has " + std::to_string(t.columns.size()));
        t.rows.push_back(std::move(row));
    }
    return t;
}

}  // namespace example
