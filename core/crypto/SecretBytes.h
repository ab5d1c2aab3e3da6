#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>
#include <vector>

namespace rd::crypto {

// Overwrites memory so that a secret does not linger (OPENSSL_cleanse underneath).
void cleanse(void *data, std::size_t size);
// Wipes the bytes of an array the caller holds the only reference to and empties it, keeping its
// buffer for reuse (a shared array is only released: wiping would touch the other owners' copy).
void cleanseKeepingBuffer(QByteArray &bytes);
// The same, then frees the buffer.
void cleanse(QByteArray &bytes);

// A move-only byte buffer for keys and plaintext codes: wiped when destroyed or reassigned.
class SecretBytes final {
public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size);
    SecretBytes(const unsigned char *data, std::size_t size);
    // Takes the bytes and wipes the source array.
    static SecretBytes takeFrom(QByteArray &source);
    ~SecretBytes();

    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;
    SecretBytes(SecretBytes &&other) noexcept;
    SecretBytes &operator=(SecretBytes &&other) noexcept;

    unsigned char *data() { return m_bytes.data(); }
    const unsigned char *data() const { return m_bytes.data(); }
    std::size_t size() const { return m_bytes.size(); }
    bool isEmpty() const { return m_bytes.empty(); }
    QByteArrayView view() const
    {
        return QByteArrayView(reinterpret_cast<const char *>(m_bytes.data()), qsizetype(m_bytes.size()));
    }
    void clear();

private:
    std::vector<unsigned char> m_bytes;
};

} // namespace rd::crypto
