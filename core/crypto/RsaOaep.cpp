#include "crypto/RsaOaep.h"
