// Helpers shared by the readers in src/ingest (not public).
#ifndef DYAD_INGEST_READERS_INTERNAL_H_
#define DYAD_INGEST_READERS_INTERNAL_H_

#include <string>

#include "dyad/reader.h"

namespace dyad {

// Streams a JSONL file (or stdin for "-") line by line.
void ReadJsonlFile(const std::string& path, const ReadOptions& options, DocSink& sink);
// Reads all of stdin, refusing more than max_bytes.
Result<std::string> ReadStdin(size_t max_bytes);
// Reads stdin, sniffing its format (or using `forced`) from the first bytes.
void ReadStdinInput(const ReadOptions& options, InputFormat forced, DocSink& sink);

// Reads an in-memory input of a known format (stdin, tests).
void ReadBuffer(std::string bytes, const std::string& origin, InputFormat format,
                const ReadOptions& options, DocSink& sink);

// Checks that bytes are valid UTF-8; otherwise returns an error naming line and column.
Status CheckUtf8(std::string_view bytes, const std::string& origin, size_t first_line = 1);

}  // namespace dyad

#endif  // DYAD_INGEST_READERS_INTERNAL_H_
