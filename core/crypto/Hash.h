#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace rd::crypto {

// SHA-256 of data (32 raw bytes).
QByteArray sha256(QByteArrayView data);
// The same into out, without an allocation (the audit verifier hashes a million entries).
void sha256(QByteArrayView data, unsigned char out[32]);

// Incremental SHA-256, e.g. over a file that is streamed.
class Sha256Stream final {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream &) = delete;
    Sha256Stream &operator=(const Sha256Stream &) = delete;

    void add(QByteArrayView data);
    QByteArray finish(); // 32 raw bytes; the stream is spent afterwards

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// HMAC-SHA256(key, message) (32 raw bytes).
QByteArray hmacSha256(QByteArrayView key, QByteArrayView message);

// HMAC-SHA256 with a key fixed once, for hashing many messages under the same key
// (the code ledger hashes thousands of candidates per diagnosis).
class HmacSha256 final {
public:
    explicit HmacSha256(QByteArrayView key);
    ~HmacSha256();
    HmacSha256(const HmacSha256 &) = delete;
    HmacSha256 &operator=(const HmacSha256 &) = delete;

    // MAC of the concatenation of the parts; writes 32 bytes to out.
    void mac(QByteArrayView part1, QByteArrayView part2, unsigned char out[32]) const;
    QByteArray mac(QByteArrayView message) const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace rd::crypto

namespace rd::crypto {
// Compares without an early exit, so timing does not reveal where two secrets differ.
bool constantTimeEqual(QByteArrayView a, QByteArrayView b);
} // namespace rd::crypto
