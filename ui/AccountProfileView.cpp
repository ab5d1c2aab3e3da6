#include "AccountProfileView.h"

#include "common/Format.h"

#include <QDateTime>

namespace rd::ui {
namespace {

QString esc(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("–") : s.toHtmlEscaped();
}

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString when(const std::optional<qint64> &ms)
{
    return ms ? when(*ms) : QStringLiteral("–");
}

QString row(const QStringList &cells, bool header = false)
{
    QString out = QStringLiteral("<tr>");
    for (const QString &c : cells)
        out += (header ? QStringLiteral("<th align=left nowrap>%1</th>") : QStringLiteral("<td nowrap>%1</td>")).arg(c);
    return out + QStringLiteral("</tr>");
}

} // namespace

AccountProfileView::AccountProfileView(QWidget *parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("accountProfileView"));
    setAccessibleName(tr("Account details"));
    setOpenLinks(false);
    showMessage(tr("Select an account to see its profile, code ledger, devices and recent sign-in attempts."));
}

void AccountProfileView::showMessage(const QString &message)
{
    setHtml(QStringLiteral("<p style='color:palette(mid)'>%1</p>").arg(message.toHtmlEscaped()));
}

void AccountProfileView::showProfile(const accounts::AccountProfile &p)
{
    const auto &s = p.summary;
    const QString title = !s.displayName.isEmpty() ? s.displayName : (!s.handle.isEmpty() ? s.handle : s.id);
    QString html = QStringLiteral("<h2>%1</h2><p>%2</p>").arg(title.toHtmlEscaped(), tr("Account %1").arg(esc(s.id)));
    html += QStringLiteral("<table cellspacing=0 cellpadding=3>");
    html += row({tr("Handle"), esc(s.handle)});
    html += row({tr("Status"), esc(s.status)});
    html += row({tr("Created"), when(s.createdAt)});
    html += row({tr("Email"), esc(p.maskedEmail) + QStringLiteral(" &nbsp; ") + tr("verified %1").arg(when(p.emailVerifiedAt))});
    html += row({tr("Phone"), esc(p.maskedPhone) + QStringLiteral(" &nbsp; ") + tr("verified %1").arg(when(p.phoneVerifiedAt))});
    html += row({tr("Two-factor"), s.twoFactorEnabled ? tr("on (%1) since %2").arg(esc(s.twoFactorMethod), when(p.twoFactorSince))
                                                      : tr("off")});
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h3>%1</h3><table cellspacing=0 cellpadding=3 border=1>").arg(tr("Code ledger (values are never shown)"));
    html += row({tr("Set"), tr("Generated"), tr("Format"), tr("State"), tr("Used"), tr("Remaining"), tr("Notes")}, true);
    for (const auto &c : p.codeSets) {
        QString state = humanize(c.state);
        if (c.revokedAt)
            state += tr(" %1 (%2)").arg(when(c.revokedAt), humanize(c.revokedReason));
        else if (c.supersededAt)
            state += tr(" %1 by %2").arg(when(c.supersededAt), c.supersededBy);
        QStringList notes;
        if (c.malformed)
            notes << tr("%n malformed", nullptr, c.malformed);
        if (c.duplicates)
            notes << tr("%n duplicate", nullptr, c.duplicates);
        if (c.neverConfirmed())
            notes << tr("never confirmed by the user");
        else if (c.acknowledgmentReported)
            notes << tr("confirmed by the user %1").arg(when(c.acknowledgedAt));
        // Remaining means usable: an old or revoked set's unused codes will not work.
        const QString remaining = c.state == QLatin1String("active") ? QString::number(c.codes - c.used) : tr("none (set %1)").arg(humanize(c.state).toLower());
        html += row({esc(c.id), when(c.generatedAt), esc(c.format), esc(state), QString::number(c.used), esc(remaining),
                     esc(notes.join(QStringLiteral(", ")))});
    }
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h3>%1</h3><table cellspacing=0 cellpadding=3 border=1>").arg(tr("Devices"));
    html += row({tr("Device"), tr("Label"), tr("First seen"), tr("Trust"), tr("Since")}, true);
    for (const auto &d : p.devices)
        html += row({esc(d.id), esc(d.label), when(d.firstSeen), esc(d.trust), when(d.trustChangedAt)});
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h3>%1</h3><table cellspacing=0 cellpadding=3 border=1>")
                .arg(tr("Recent sign-in attempts (%1 of %2)").arg(p.recentAttempts.size()).arg(p.totalAttempts));
    html += row({tr("Time (UTC)"), tr("Method"), tr("Outcome"), tr("Reason"), tr("Device"), tr("IP"), tr("Place")}, true);
    for (const auto &a : p.recentAttempts)
        html += row({when(a.at), esc(a.method), esc(a.outcome), esc(a.reason), esc(a.device), esc(a.ip), esc(a.place)});
    html += QStringLiteral("</table>");
    setHtml(html);
}

} // namespace rd::ui
