#include "ledger/CodeFormat.h"
