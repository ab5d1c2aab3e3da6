// AsyncLane (ui/common/Background.h): what a superseded read and a superseded change do, and
// that nothing reaches a widget that is gone. The database threads are held busy so the lane's
// calls wait in the queue, as they do when a case opens and several reads are ahead of them.
#include "common/Background.h"

#include <QApplication>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace rd;

class TestAsyncLane : public QObject {
    Q_OBJECT
private slots:
    void aSupersededReadThatHasNotStartedNeverRuns();
    void aSupersededChangeStillRunsAndReportsToDropped();
    void cancelDropsTheAnswer();
    void nothingReachesAnOwnerThatIsGone();
    void afterPendingWaitsForTheCallOnItsWay();
    void aCallIsInFlightUntilItsAnswerWasHandled();

private:
    // Occupies every database thread until release() (so what the lane starts waits in the queue).
    void holdThePool()
    {
        m_held = std::make_shared<QSemaphore>();
        for (int i = 0; i < ui::databasePool()->maxThreadCount(); ++i)
            ui::databasePool()->start([held = m_held] { held->acquire(); });
    }
    void release() { m_held->release(ui::databasePool()->maxThreadCount()); }
    static bool idle()
    {
        return QTest::qWaitFor([] {
            QCoreApplication::processEvents();
            return ui::databasePool()->activeThreadCount() == 0;
        });
    }
    std::shared_ptr<QSemaphore> m_held;
};

void TestAsyncLane::aSupersededReadThatHasNotStartedNeverRuns()
{
    QObject owner;
    ui::AsyncLane lane(&owner);
    auto ranFirst = std::make_shared<std::atomic_bool>(false);
    int answered = 0;
    holdThePool();
    lane.read<int>([ranFirst] { *ranFirst = true; return 1; }, [&answered](const int &) { answered += 1; });
    lane.read<int>([] { return 2; }, [&answered](const int &v) { answered += v * 10; });
    QVERIFY(lane.busy());
    release();
    QVERIFY(idle());
    QTRY_COMPARE(answered, 20);
    QVERIFY(!*ranFirst); // passed on the way: not read, not audited
    QVERIFY(!lane.busy());
}

void TestAsyncLane::aSupersededChangeStillRunsAndReportsToDropped()
{
    QObject owner;
    ui::AsyncLane lane(&owner);
    auto madeFirst = std::make_shared<std::atomic_bool>(false);
    int done = 0, dropped = 0;
    holdThePool();
    lane.run<int>([madeFirst] { *madeFirst = true; return 1; }, [&done](const int &) { done += 1; },
                  [&dropped](const int &v) { dropped += v; });
    lane.run<int>([] { return 2; }, [&done](const int &v) { done += v * 10; });
    release();
    QVERIFY(idle());
    QTRY_COMPARE(done, 20);
    QTRY_VERIFY(*madeFirst); // the operator asked for it: it is made
    QTRY_COMPARE(dropped, 1); // and its answer can still be reported
}

// The live desk's refresh: it neither supersedes a read on its way (an opening, whose view must
// be shown and recorded) nor is lost; with nothing on its way it runs at once.
void TestAsyncLane::afterPendingWaitsForTheCallOnItsWay()
{
    QObject owner;
    ui::AsyncLane lane(&owner);
    QStringList order;
    lane.afterPending([&order] { order << QStringLiteral("at once"); });
    QCOMPARE(order, QStringList{QStringLiteral("at once")});
    holdThePool();
    lane.read<int>([] { return 1; }, [&order](const int &) { order << QStringLiteral("opening shown"); });
    lane.afterPending([&order] { order << QStringLiteral("refresh"); });
    QCOMPARE(order.size(), 1); // waits: the opening is still on its way
    release();
    QVERIFY(idle());
    QTRY_COMPARE(order, (QStringList{QStringLiteral("at once"), QStringLiteral("opening shown"), QStringLiteral("refresh")}));
    // A newer call forgets it (the newer call reads after the change anyway).
    holdThePool();
    lane.read<int>([] { return 2; }, [](const int &) {});
    lane.afterPending([&order] { order << QStringLiteral("forgotten"); });
    lane.read<int>([] { return 3; }, [&order](const int &) { order << QStringLiteral("newer shown"); });
    release();
    QVERIFY(idle());
    QTRY_COMPARE(order.size(), 4);
    QCoreApplication::processEvents();
    QCOMPARE(order.last(), QStringLiteral("newer shown"));
}

void TestAsyncLane::cancelDropsTheAnswer()
{
    QObject owner;
    ui::AsyncLane lane(&owner);
    auto made = std::make_shared<std::atomic_bool>(false);
    bool answered = false;
    holdThePool();
    lane.run<int>([made] { *made = true; return 1; }, [&answered](const int &) { answered = true; });
    lane.cancel();
    QVERIFY(!lane.busy());
    release();
    QVERIFY(idle());
    QTRY_VERIFY(*made);
    QCoreApplication::processEvents();
    QVERIFY(!answered);
}

void TestAsyncLane::nothingReachesAnOwnerThatIsGone()
{
    bool answered = false;
    auto made = std::make_shared<std::atomic_bool>(false);
    holdThePool();
    {
        auto owner = std::make_unique<QObject>();
        ui::AsyncLane lane(owner.get());
        lane.run<int>([made] { *made = true; return 1; }, [&answered](const int &) { answered = true; });
        owner.reset();
    }
    release();
    QVERIFY(idle());
    QTRY_VERIFY(*made);
    QCoreApplication::processEvents();
    QVERIFY(!answered);
}

// What the GUI tests wait on: an idle pool is not enough. A call that finished between two looks
// at the pool still has its answer (and whatever that answer starts) in the event queue.
void TestAsyncLane::aCallIsInFlightUntilItsAnswerWasHandled()
{
    QVERIFY(idle());
    QCOMPARE(ui::backgroundCallsInFlight(), 0);
    QObject owner;
    ui::AsyncLane lane(&owner);
    QStringList order;
    lane.read<int>([] { return 1; }, [&](const int &) {
        order << QStringLiteral("answer");
        // An answer that starts another call: the count never drops to zero in between.
        lane.read<int>([] { return 2; }, [&order](const int &) { order << QStringLiteral("second"); });
        QCOMPARE(ui::backgroundCallsInFlight(), 2);
    });
    QCOMPARE(ui::backgroundCallsInFlight(), 1);
    // The pool goes idle without the GUI thread handling anything: still in flight.
    while (ui::databasePool()->activeThreadCount() != 0)
        QThread::msleep(1);
    QCOMPARE(ui::backgroundCallsInFlight(), 1);
    QVERIFY(order.isEmpty());
    QTRY_COMPARE(ui::backgroundCallsInFlight(), 0);
    QCOMPARE(order, (QStringList{QStringLiteral("answer"), QStringLiteral("second")}));
    // A call whose owner is gone counts as handled.
    {
        auto gone = std::make_unique<QObject>();
        ui::AsyncLane goneLane(gone.get());
        holdThePool();
        goneLane.read<int>([] { return 3; }, [](const int &) {});
        QCOMPARE(ui::backgroundCallsInFlight(), 1);
        gone.reset();
        QCOMPARE(ui::backgroundCallsInFlight(), 0);
        release();
    }
    QVERIFY(idle());
}

QTEST_MAIN(TestAsyncLane)
#include "tst_async_lane.moc"
