#include "crypto/Aead.h"
