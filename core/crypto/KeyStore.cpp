#include "crypto/KeyStore.h"
