#include "shell/ConnectDialog.h"

#include "common/ErrorText.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace rd::ui {
namespace {

QLineEdit *field(QWidget *parent, const char *name, const QString &accessible)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setAccessibleName(accessible);
    return edit;
}

QWidget *withBrowse(QWidget *parent, QLineEdit *edit, const char *name, const std::function<void()> &browse)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *button = new QPushButton(ConnectDialog::tr("Browse…"), row);
    button->setObjectName(QLatin1String(name));
    button->setAutoDefault(false);
    QObject::connect(button, &QPushButton::clicked, row, browse);
    layout->addWidget(button);
    return row;
}

} // namespace

ConnectDialog::ConnectDialog(const QString &url, const QString &keyDir, QWidget *parent)
    : QDialog(parent), m_host(field(this, "connectHost", tr("Server"))), m_port(new QSpinBox(this)),
      m_database(field(this, "connectDatabase", tr("Database"))), m_user(field(this, "connectUser", tr("Role"))),
      m_tls(new QComboBox(this)), m_caFile(field(this, "connectCaFile", tr("CA certificate"))),
      m_password(field(this, "connectPassword", tr("Password"))), m_keyDir(field(this, "connectKeyDir", tr("Key directory"))),
      m_problem(new QLabel(this)), m_connect(nullptr), m_cancel(nullptr)
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to team database — RecoveryDesk"));
    m_port->setObjectName(QStringLiteral("connectPort"));
    m_port->setAccessibleName(tr("Port"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_user->setText(QStringLiteral("recoverydesk_app"));
    m_host->setPlaceholderText(tr("db.example.org"));
    m_database->setPlaceholderText(tr("desk"));
    m_tls->setObjectName(QStringLiteral("connectTls"));
    m_tls->setAccessibleName(tr("Encryption"));
    // Verifying is the default; anything weaker is a choice made here, in words that say what it risks.
    m_tls->addItem(tr("Verify the server's certificate and name (verify-full)"), QStringLiteral("verify-full"));
    m_tls->addItem(tr("Verify the certificate, not the name (verify-ca)"), QStringLiteral("verify-ca"));
    m_tls->addItem(tr("Encrypt without verifying: open to impostors (require)"), QStringLiteral("require"));
    m_tls->addItem(tr("Encrypt only if the server offers it: open to eavesdroppers (prefer)"), QStringLiteral("prefer"));
    m_tls->addItem(tr("Never encrypt (disable)"), QStringLiteral("disable"));
    m_caFile->setPlaceholderText(tr("the team's CA certificate (PEM)"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("empty: PGPASSWORD or ~/.pgpass"));
    m_keyDir->setText(keyDir);
    m_problem->setObjectName(QStringLiteral("connectProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText); // a server's words are never markup
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_problem->hide();
    connect(m_tls, &QComboBox::currentIndexChanged, this, [this] { m_caFile->setEnabled(verifies()); });

    auto *form = new QFormLayout;
    form->addRow(tr("&Server"), m_host);
    form->addRow(tr("P&ort"), m_port);
    form->addRow(tr("&Database"), m_database);
    form->addRow(tr("&Role"), m_user);
    form->addRow(tr("&Encryption"), m_tls);
    form->addRow(tr("&CA certificate"), withBrowse(this, m_caFile, "connectBrowseCa", [this] { browseCa(); }));
    form->addRow(tr("Pass&word"), m_password);
    form->addRow(tr("&Key directory"), withBrowse(this, m_keyDir, "connectBrowseKeys", [this] { browseKeys(); }));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_connect = buttons->button(QDialogButtonBox::Ok);
    m_connect->setText(tr("Connect"));
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_cancel = buttons->button(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::connectNow);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("A team works one database on a PostgreSQL server. Every desk of the team needs the "
                                "same key directory (an admin gives it as a key bundle: recoverydesk-cli keys "
                                "export / keys import)."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setMinimumWidth(520);
    fillFrom(url);
}

void ConnectDialog::fillFrom(const QString &text)
{
    const QUrl url(text);
    if (!url.isValid() || (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres")))
        return;
    m_host->setText(url.host());
    m_port->setValue(url.port(5432));
    m_database->setText(url.path().mid(1));
    if (!url.userName().isEmpty())
        m_user->setText(url.userName());
    const QUrlQuery query(url);
    // The URL's meaning is kept: without sslmode, libpq prefers encryption without verifying.
    const QString mode = query.hasQueryItem(QStringLiteral("sslmode")) ? query.queryItemValue(QStringLiteral("sslmode"))
                                                                        : QStringLiteral("prefer");
    const int index = m_tls->findData(mode);
    if (index < 0) // allow: offered here only as what it is closest to, never silently weaker
        m_tls->setCurrentIndex(m_tls->findData(QStringLiteral("prefer")));
    else
        m_tls->setCurrentIndex(index);
    m_caFile->setText(query.queryItemValue(QStringLiteral("sslrootcert"), QUrl::FullyDecoded));
    m_otherParameters.clear();
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        if (key != QLatin1String("sslmode") && key != QLatin1String("sslrootcert"))
            m_otherParameters.append({key, value});
}

bool ConnectDialog::verifies() const
{
    const QString mode = m_tls->currentData().toString();
    return mode == QLatin1String("verify-full") || mode == QLatin1String("verify-ca");
}

QString ConnectDialog::url() const
{
    const QString host = m_host->text().trimmed();
    const QString database = m_database->text().trimmed();
    const QString user = m_user->text().trimmed();
    if (host.isEmpty() || database.isEmpty() || user.isEmpty())
        return {};
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    QString url = QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, shownHost).arg(m_port->value()).arg(database);
    url += QStringLiteral("?sslmode=") + m_tls->currentData().toString();
    auto add = [&url](const QString &key, const QString &value) {
        url += u'&' + key + u'=' + QString::fromUtf8(QUrl::toPercentEncoding(value, "/~+"));
    };
    if (verifies() && !m_caFile->text().trimmed().isEmpty())
        add(QStringLiteral("sslrootcert"), m_caFile->text().trimmed());
    for (const auto &[key, value] : m_otherParameters)
        add(key, value);
    return url;
}

void ConnectDialog::showProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void ConnectDialog::connectNow()
{
    if (!m_connect->isEnabled())
        return; // already connecting
    const QString target = url();
    if (target.isEmpty()) {
        showProblem(tr("Give the server, the database and the role to connect as."));
        (m_host->text().trimmed().isEmpty() ? m_host : m_database->text().trimmed().isEmpty() ? m_database : m_user)->setFocus();
        return;
    }
    if (verifies() && m_caFile->text().trimmed().isEmpty()) {
        showProblem(tr("Verifying the server needs the team's CA certificate; choose its file."));
        m_caFile->setFocus();
        return;
    }
    QByteArray password = m_password->text().toUtf8();
    const QString keyDir = m_keyDir->text().trimmed();
    setBusy(true);
    showProblem(tr("Connecting to %1…").arg(m_host->text().trimmed()));
    m_opening.run<Result<auth::Desk>>(
        [target, keyDir, password]() mutable {
            auto desk = auth::openDesk(target, keyDir, password);
            password.fill('\0');
            return desk;
        },
        [this, target, keyDir](const Result<auth::Desk> &desk) {
            setBusy(false);
            if (!desk) {
                showProblem(errorText(desk.error()));
                m_password->setFocus();
                return;
            }
            m_password->clear();
            m_desk = desk.value();
            QSettings settings;
            settings.setValue(settingsKey(), target);
            settings.setValue(keyDirSettingsKey(), keyDir);
            accept();
        });
}

void ConnectDialog::setBusy(bool busy)
{
    for (QWidget *w : std::initializer_list<QWidget *>{m_host, m_port, m_database, m_user, m_tls, m_caFile, m_password, m_keyDir, m_connect, m_cancel})
        w->setEnabled(!busy);
    if (!busy)
        m_caFile->setEnabled(verifies());
}

void ConnectDialog::browseCa()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("The team's CA certificate"), m_caFile->text(),
                                                      tr("Certificates (*.crt *.pem);;All files (*)"));
    if (!file.isEmpty())
        m_caFile->setText(file);
}

void ConnectDialog::browseKeys()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("The team's key directory"), m_keyDir->text());
    if (!dir.isEmpty())
        m_keyDir->setText(dir);
}

} // namespace rd::ui
