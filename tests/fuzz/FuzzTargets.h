#pragma once

// Entry points shared by the libFuzzer executables (clang, -fsanitize=fuzzer) and the corpus
// replay test of the normal suite (g++): the same code sees the same bytes in both.
// Each returns normally for any input; a broken invariant prints what broke and aborts.

#include <cstddef>
#include <cstdint>

namespace rd::fuzz {

// One import line through RecordParser/FieldReader (SPEC §4).
void importLine(const std::uint8_t *data, std::size_t size);
// The typed code through CodeNormalizer for both alphabets (SPEC §5).
void codeNormalizer(const std::uint8_t *data, std::size_t size);
// Diagnose input as the CLI takes it: code, --at, --device, --ip, one per line (SPEC §6, §9).
void diagnoseInput(const std::uint8_t *data, std::size_t size);
// A --db value through DatabaseLocation::parse (SPEC §9).
void databaseUrl(const std::uint8_t *data, std::size_t size);

// Prints "fuzz invariant broken: <what>" and aborts when ok is false.
void require(bool ok, const char *what);

} // namespace rd::fuzz
