#include "shell/ConnectionBanner.h"

#include <QTimer>

namespace rd::ui {

ConnectionBanner::ConnectionBanner(const QString &databaseLabel, QWidget *parent)
    : QLabel(parent), m_database(databaseLabel), m_hide(new QTimer(this))
{
    setObjectName(QStringLiteral("connectionBanner"));
    setAccessibleName(tr("Database connection"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setMargin(8);
    setAutoFillBackground(true);
    hide();
    m_hide->setSingleShot(true);
    m_hide->setInterval(4000);
    connect(m_hide, &QTimer::timeout, this, &QWidget::hide);
}

void ConnectionBanner::showLost(const QString &cause)
{
    m_reconnecting = true;
    m_hide->stop();
    setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; color: #3b2f00; border-bottom: 1px solid #c8a600; }"));
    const QString where = m_database.isEmpty() ? tr("The database") : tr("The database %1").arg(m_database);
    // The cause may carry the server's own words: one line, no control characters, not too long.
    QString shown = cause.section(u'\n', 0, 0).left(240);
    for (QChar &c : shown)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = u'?';
    setText(tr("<b>%1 cannot be reached.</b> RecoveryDesk reconnects by itself; what you have typed stays here. "
               "Until then, changes cannot be saved and what you see is not updated.<br><small>%2</small>")
                .arg(where.toHtmlEscaped(), shown.toHtmlEscaped()));
    setToolTip(shown);
    show();
}

void ConnectionBanner::showRestored()
{
    m_reconnecting = false;
    setStyleSheet(QStringLiteral("QLabel { background: #dff6dd; color: #0b3b0b; border-bottom: 1px solid #6bb36b; }"));
    setText(tr("<b>Connected again.</b> What changed meanwhile is shown; try again what was refused."));
    setToolTip(QString());
    show();
    m_hide->start();
}

} // namespace rd::ui
