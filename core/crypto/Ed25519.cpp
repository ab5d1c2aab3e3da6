#include "crypto/Ed25519.h"
