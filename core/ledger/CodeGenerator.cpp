#include "ledger/CodeGenerator.h"
