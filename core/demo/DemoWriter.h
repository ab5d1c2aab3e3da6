#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <random>

namespace rd::demo {

// Emits JSON Lines records and hands out deterministic random choices.
class DemoWriter final {
public:
    DemoWriter(quint64 seed, qint64 anchorMs) : m_rng(seed), m_anchor(anchorMs) {}

    void record(const QJsonObject &object);
    QByteArray take() { return std::move(m_out); }

    int uniform(int lo, int hi); // inclusive
    double real(double lo, double hi);
    bool chance(double p);
    template<typename T>
    const T &pick(const QList<T> &list) { return list.at(uniform(0, int(list.size()) - 1)); }

    qint64 anchor() const { return m_anchor; }
    static QString time(qint64 ms);
    QString code(const QString &format);
    QStringList codes(const QString &format, int count);

private:
    std::mt19937_64 m_rng;
    qint64 m_anchor;
    QByteArray m_out;
};

} // namespace rd::demo
