#pragma once

namespace rd {

// Keys, passwords and decrypted personal data live in this process: no core file, and no
// ptrace or /proc/<pid>/mem by other processes of the same user. Both executables call it first.
void disableCoreDumps();

} // namespace rd
