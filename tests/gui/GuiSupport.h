#pragma once

// What the GUI tests share: a scratch database with the demo world and operators of every
// role, isolated settings, and helpers to find widgets by objectName.
#include "TestSupport.h"

#include "AppContext.h"
#include "auth/OperatorService.h"
#include "common/Background.h"
#include "common/Dialogs.h"
#include "demo/DemoService.h"
#include "cases/CaseDesk.h"
#include "shell/MainWindow.h"
#include "workspace/CaseWorkspace.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QThread>

#include <future>
#include <type_traits>

namespace rd::test {

inline void isolateSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("RecoveryDeskTests"));
    QCoreApplication::setApplicationName(QCoreApplication::applicationName());
    QSettings().clear();
    ui::MessageBox::setNonInteractive(true);
}

// From here on a database call on this (the GUI) thread aborts the test, with the warning and a
// backtrace naming the caller: the widgets must use ui/common/Background.h. The tests' own reads
// and writes go through onDatabaseThread.
inline void guardGuiThread()
{
    storage::Database::guardThread(QThread::currentThread(), storage::Database::GuardMode::Abort);
}

// Runs fn on a database thread and returns its result: what a test reads or writes to set up or
// check, outside the widgets.
// (Not QFuture::result(): a task that has not started yet would be stolen and run right here.)
template <typename Fn>
auto onDatabaseThread(Fn &&fn)
{
    std::packaged_task<std::invoke_result_t<Fn>()> task(std::forward<Fn>(fn));
    auto result = task.get_future();
    ui::databasePool()->start([&task] { task(); });
    return result.get();
}

class DemoDesk {
public:
    // Reads still running on the database threads end before the database closes.
    ~DemoDesk()
    {
        ui::databasePool()->waitForDone();
        storage::Database::guardThread(nullptr);
    }

    static constexpr const char *kPassword = "correct-horse-1";

    bool open(bool withDemo = true)
    {
        storage::Database::guardThread(nullptr); // setting up reads and writes from this thread
        isolateSettings();
        if (!ws.open())
            return false;
        auth::OperatorService operators(*ws.database, *ws.keys, SystemClock::instance());
        const QString password = QString::fromLatin1(kPassword);
        if (!operators.createFirstAdmin(QStringLiteral("boss"), QStringLiteral("Bo Admin"), password))
            return false;
        const auth::Session admin = sessionAs(auth::Role::Admin, QStringLiteral("boss"));
        const std::pair<const char *, auth::Role> people[] = {{"alice", auth::Role::Agent},
                                                              {"sam", auth::Role::Supervisor},
                                                              {"sue", auth::Role::Supervisor}};
        for (const auto &[name, role] : people) {
            const QString given = QLatin1String(name) + QStringLiteral("-given-by-boss");
            auto added = operators.addOperator(admin, QLatin1String(name), displayName(QLatin1String(name)), role, given);
            if (!added)
                return false;
            // An agent's first password is boss's; a supervisor's is a one-time password: whole
            // for sam (boss was alone), boss's part and sam's (who confirms) for the rest.
            QString first = role == auth::Role::Agent ? given : added->oneTimePassword.text();
            if (added->pending) {
                auto confirmed = auth::GrantService(*ws.database, *ws.keys, SystemClock::instance())
                                     .confirm(sessionAs(auth::Role::Supervisor, QStringLiteral("sam")), added->grantId);
                if (!confirmed)
                    return false;
                first += u' ' + confirmed->oneTimePassword.text();
            }
            // Their first sign-in: a password someone else chose becomes their own.
            if (!operators.signIn(QLatin1String(name), first, password))
                return false;
        }
        if (withDemo && !demo::DemoService(*ws.database, *ws.keys).populate(admin, {}))
            return false;
        guardGuiThread();
        return true;
    }

    static QString displayName(const QString &username)
    {
        static const QHash<QString, QString> names{{QStringLiteral("alice"), QStringLiteral("Alice Agent")},
                                                   {QStringLiteral("sam"), QStringLiteral("Sam Supervisor")},
                                                   {QStringLiteral("sue"), QStringLiteral("Sue Supervisor")},
                                                   {QStringLiteral("boss"), QStringLiteral("Bo Admin")}};
        return names.value(username, username);
    }

    ui::AppContext context(const QString &username, auth::Role role, const Clock *clock = &SystemClock::instance())
    {
        auth::Session session{username, displayName(username), role};
        return ui::AppContext{ws.database.get(), ws.keys.get(), session, clock};
    }

    std::unique_ptr<ui::MainWindow> window(const QString &username, auth::Role role, QSize size = {1600, 1000})
    {
        auto w = std::make_unique<ui::MainWindow>(context(username, role));
        w->resize(size);
        w->show();
        return w;
    }

    Workspace ws;
};

template <typename T>
T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

} // namespace rd::test

namespace rd::test {

// The visible top-level widget of type T (dialogs opened with open(), not exec()).
template <typename T>
T *topLevel()
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *t = qobject_cast<T *>(w); t && t->isVisible())
            return t;
    return nullptr;
}

// Waits until the database threads are idle and every result they delivered was handled (a
// result may start more work, and so may a live-desk change arriving meanwhile: the loop runs
// until two checks in a row find nothing to do).
inline bool settle()
{
    const auto idle = [] { return ui::databasePool()->activeThreadCount() == 0 && ui::backgroundCallsInFlight() == 0; };
    for (int quiet = 0; quiet < 2;) {
        if (!QTest::qWaitFor(idle, 30000))
            return false;
        QCoreApplication::processEvents();
        quiet = idle() ? quiet + 1 : 0;
    }
    return true;
}

// Opens a case in the agent's desk and waits until the workspace and its tabs show it.
inline ui::CaseWorkspace *openCase(ui::MainWindow &window, const QString &caseId)
{
    window.caseDesk()->openCase(caseId);
    auto *workspace = window.caseDesk()->workspace();
    if (!settle())
        return nullptr;
    if (workspace->caseId() == caseId && !workspace->isLoading())
        return workspace;
    qWarning("case %s not shown: the workspace shows \"%s\"%s", qPrintable(caseId), qPrintable(workspace->caseId()),
             workspace->isLoading() ? " and is still loading" : "");
    return nullptr;
}

} // namespace rd::test
