#include "crypto/SecretBytes.h"

#include <openssl/crypto.h>

#include <utility>

namespace rd::crypto {

void cleanse(void *data, std::size_t size)
{
    if (data && size)
        OPENSSL_cleanse(data, size);
}

void cleanseKeepingBuffer(QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    if (!bytes.isDetached()) {
        // Shared: wiping would touch other owners' copies, so only drop our reference.
        bytes.clear();
        return;
    }
    cleanse(bytes.data(), std::size_t(bytes.size()));
    bytes.resize(0);
}

void cleanse(QByteArray &bytes)
{
    cleanseKeepingBuffer(bytes);
    bytes.clear();
}

SecretBytes::SecretBytes(std::size_t size) : m_bytes(size, 0) {}

SecretBytes::SecretBytes(const unsigned char *data, std::size_t size) : m_bytes(data, data + size) {}

SecretBytes SecretBytes::takeFrom(QByteArray &source)
{
    SecretBytes out(reinterpret_cast<const unsigned char *>(source.constData()), std::size_t(source.size()));
    cleanse(source);
    return out;
}

SecretBytes::~SecretBytes() { clear(); }

SecretBytes::SecretBytes(SecretBytes &&other) noexcept : m_bytes(std::move(other.m_bytes))
{
    other.m_bytes.clear();
}

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept
{
    if (this != &other) {
        clear();
        m_bytes = std::move(other.m_bytes);
        other.m_bytes.clear();
    }
    return *this;
}

void SecretBytes::clear()
{
    cleanse(m_bytes.data(), m_bytes.size());
    m_bytes.clear();
}

} // namespace rd::crypto
