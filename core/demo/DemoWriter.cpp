#include "demo/DemoWriter.h"

#include "common/Time.h"

#include <QJsonDocument>
#include <QSet>

namespace rd::demo {

void DemoWriter::record(const QJsonObject &object)
{
    m_out += QJsonDocument(object).toJson(QJsonDocument::Compact);
    m_out += '\n';
}

int DemoWriter::uniform(int lo, int hi)
{
    return std::uniform_int_distribution<int>(lo, hi)(m_rng);
}

double DemoWriter::real(double lo, double hi)
{
    return std::uniform_real_distribution<double>(lo, hi)(m_rng);
}

bool DemoWriter::chance(double p)
{
    return real(0, 1) < p;
}

QString DemoWriter::time(qint64 ms)
{
    return time::formatRfc3339(ms - ms % 1000);
}

QString DemoWriter::code(const QString &format)
{
    static const QString digits = QStringLiteral("0123456789");
    static const QString crockford = QStringLiteral("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    const bool isDigits = format.startsWith(QLatin1String("digits"));
    const int length = format.endsWith(QLatin1String("16")) ? 16 : (format.endsWith(QLatin1String("10")) ? 10 : 8);
    const QString &alphabet = isDigits ? digits : crockford;
    QString out;
    for (int i = 0; i < length; ++i)
        out.append(alphabet.at(uniform(0, int(alphabet.size()) - 1)));
    return out;
}

QStringList DemoWriter::codes(const QString &format, int count)
{
    QStringList out;
    QSet<QString> seen;
    while (out.size() < count) {
        const QString c = code(format);
        if (!seen.contains(c)) {
            seen.insert(c);
            out.append(c);
        }
    }
    return out;
}

} // namespace rd::demo
