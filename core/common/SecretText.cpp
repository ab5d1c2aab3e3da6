#include "common/SecretText.h"

#include <cstring>

namespace rd {

void wipe(QString &text)
{
    // A shared buffer belongs to other strings too: wiping it would change their text.
    if (text.isDetached() && !text.isEmpty())
        ::explicit_bzero(text.data(), std::size_t(text.size()) * sizeof(QChar));
    text.clear();
}

SecretText::SecretText(QString text) : m_holder(std::make_shared<Holder>())
{
    m_holder->text = std::move(text);
}

const QString &SecretText::text() const
{
    static const QString none;
    return m_holder ? m_holder->text : none;
}

SecretText::Holder::~Holder()
{
    wipe(text);
}

} // namespace rd
