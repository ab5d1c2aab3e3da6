#include "crypto/SelfTest.h"
