#pragma once

#include <QString>

#include <memory>

namespace rd {

// Text that is a secret a person must read once (a one-time password): copies share one
// buffer, which the last of them overwrites before it is freed. A copy a widget made of the
// text is its own; whoever shows the secret clears that widget when it closes.
class SecretText final {
public:
    SecretText() = default;
    explicit SecretText(QString text);

    const QString &text() const;
    bool isEmpty() const { return !m_holder || m_holder->text.isEmpty(); }

private:
    struct Holder {
        QString text;
        ~Holder();
    };
    std::shared_ptr<Holder> m_holder;
};

// Overwrites the characters of a string nobody else shares, then empties it.
void wipe(QString &text);

} // namespace rd
