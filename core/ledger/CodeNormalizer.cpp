#include "ledger/CodeNormalizer.h"
