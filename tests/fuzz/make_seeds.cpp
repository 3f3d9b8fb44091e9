// Writes the generated seeds of the CSV and accumulator harnesses (small, valid inputs the fuzzer
// mutates from; a checksummed accumulator is not something it finds by itself). Built beside the
// harnesses in the clang build: make_seeds SOURCE_DIR/tests/fuzz/corpus. The files are committed;
// rerun only when the formats change.
#include "suara/analytics/accumulator.h"
#include "suara/analytics/csv.h"
#include "suara/analytics/simulate.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace suara::analytics;

namespace {

void write(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seeds CORPUS_DIR\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    auto registry = loadDefaultInstruments();
    if (!registry) {
        std::fprintf(stderr, "make_seeds: %s\n", registry.error().message.c_str());
        return 1;
    }
    for (const char* id : {"servqual-ektp-18", "skm-9"}) {
        const Instrument& instrument = *registry->find(id);
        for (const uint64_t rows : {1, 5}) {
            Simulator sim(instrument, {.responses = rows, .seed = rows, .fullRecords = true});
            Accumulator acc(instrument);
            std::string csv = responsesCsvHeader(instrument);
            for (uint64_t i = 0; i < rows; ++i) {
                Response r = sim.next();
                if (i == 1) r.comment = "Petugas ramah, \"antrian\" A-012, tgl 12-05-2024\nterima kasih";
                if (i == 2 && instrument.paired) r.expectation[3] = 0; // one unanswered item
                appendResponseCsvRow(csv, instrument, r);
                acc.add(r);
            }
            const std::string stem = std::string(id) + "-" + std::to_string(rows);
            write(dir / "csv" / (stem + ".csv"), csv);
            write(dir / "accumulator" / (stem + ".acc"), acc.serialize());
        }
        write(dir / "accumulator" / (std::string(id) + "-empty.acc"), Accumulator(instrument).serialize());
    }
    return 0;
}
