#include "crypto/Random.h"

#include <openssl/rand.h>

#include <climits>

namespace rd::crypto {
namespace {

class OpenSslRandom final : public RandomSource {
public:
    bool fill(std::span<unsigned char> out) override
    {
        if (out.empty())
            return true;
        if (out.size() > std::size_t(INT_MAX))
            return false;
        return RAND_bytes(out.data(), int(out.size())) == 1;
    }
};

} // namespace

RandomSource &systemRandom()
{
    static OpenSslRandom source;
    return source;
}

QByteArray randomBytes(int n)
{
    QByteArray out(n, Qt::Uninitialized);
    if (!systemRandom().fill(std::span(reinterpret_cast<unsigned char *>(out.data()), std::size_t(n))))
        return {};
    return out;
}

} // namespace rd::crypto
