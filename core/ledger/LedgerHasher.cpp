#include "ledger/LedgerHasher.h"
