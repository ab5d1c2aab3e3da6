#include "crypto/Kdf.h"
