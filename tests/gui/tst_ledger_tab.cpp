// The code ledger as an agent reads it: positions are the stored indexes (the numbers the
// diagnosis evidence uses), and a replaced or revoked set's unused codes are never shown as
// usable (issue 15).
#include "GuiSupport.h"

#include "common/RecordTableModel.h"
#include "workspace/LedgerTab.h"

#include <QLabel>
#include <QSqlQuery>
#include <QTableView>

using namespace rd;

class TestLedgerTab : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void positionsAreTheStoredIndexes();
    void codesOfAnOldOrRevokedSetAreNotUsable();
    void anActiveSetsUnusedCodesAre();

private:
    // The code table of the set in row setRow, once its codes have been read.
    QAbstractItemModel *codesOf(int setRow);
    // "index:state" of every code of a set, as stored.
    QStringList storedCodes(const QString &setId);

    test::DemoDesk m_desk;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::LedgerTab *m_tab = nullptr;
};

void TestLedgerTab::initTestCase()
{
    QVERIFY(m_desk.open());
    m_window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    // C-000004: demo-0005, its current set revoked as compromised, the old one superseded.
    auto *workspace = test::openCase(*m_window, QStringLiteral("C-000004"));
    QVERIFY(workspace);
    QVERIFY(workspace->showTab(QStringLiteral("ledgerTab")));
    m_tab = test::child<ui::LedgerTab>(m_window.get(), "ledgerTab");
    QVERIFY(m_tab && m_tab->isVisible());
}

QAbstractItemModel *TestLedgerTab::codesOf(int setRow)
{
    auto *sets = test::child<QTableView>(m_tab, "codeSetTable");
    sets->setCurrentIndex(sets->model()->index(setRow, 0));
    auto *codes = test::child<QTableView>(m_tab, "codeTable");
    const QString setId = sets->model()->index(setRow, 0).data().toString();
    if (!QTest::qWaitFor([&] { return m_tab->codeModel()->rowCount() > 0 && m_tab->codeModel()->recordAt(0)->setId == setId; }, 5000))
        return nullptr;
    return codes->model();
}

QStringList TestLedgerTab::storedCodes(const QString &setId)
{
    return test::onDatabaseThread([&] {
        QStringList out;
        QSqlQuery q(m_desk.ws.connection());
        q.prepare(QStringLiteral("SELECT idx, used_at IS NOT NULL FROM codes WHERE set_id = ? ORDER BY idx"));
        q.addBindValue(setId);
        if (!q.exec())
            return out;
        while (q.next())
            out << QStringLiteral("%1:%2").arg(q.value(0).toInt()).arg(q.value(1).toInt() ? QStringLiteral("used") : QStringLiteral("unused"));
        return out;
    });
}

void TestLedgerTab::positionsAreTheStoredIndexes()
{
    auto *sets = test::child<QTableView>(m_tab, "codeSetTable");
    QTRY_COMPARE(sets->model()->rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        QAbstractItemModel *codes = codesOf(row);
        QVERIFY(codes);
        const QString setId = sets->model()->index(row, 0).data().toString();
        QStringList shown;
        for (int r = 0; r < codes->rowCount(); ++r)
            shown << QStringLiteral("%1:%2").arg(codes->index(r, 0).data().toInt())
                         .arg(codes->index(r, 1).data().toString() == tr("Used") ? QStringLiteral("used") : QStringLiteral("unused"));
        QCOMPARE(shown, storedCodes(setId));
    }
}

void TestLedgerTab::codesOfAnOldOrRevokedSetAreNotUsable()
{
    auto *sets = test::child<QTableView>(m_tab, "codeSetTable");
    QTRY_COMPARE(sets->model()->rowCount(), 2);
    const QStringList expected = {QStringLiteral("Not usable: its set was revoked"), QStringLiteral("Not usable: its set was replaced")};
    for (int row = 0; row < 2; ++row) {
        QAbstractItemModel *codes = codesOf(row);
        QVERIFY(codes);
        int unusable = 0;
        for (int r = 0; r < codes->rowCount(); ++r) {
            const QString state = codes->index(r, 1).data().toString();
            QVERIFY2(state != QLatin1String("Unused"), qPrintable(state));
            unusable += state == expected[row] ? 1 : 0;
        }
        QCOMPARE(unusable, 9); // ten codes, one used
    }
    QVERIFY(test::child<QLabel>(m_tab, "ledgerRemaining")->text().contains(QStringLiteral("No active set")));
}

void TestLedgerTab::anActiveSetsUnusedCodesAre()
{
    QVERIFY(test::openCase(*m_window, QStringLiteral("C-000001"))); // demo-0001: an active set
    QTRY_VERIFY(test::child<QLabel>(m_tab, "ledgerRemaining")->text().contains(QStringLiteral("9 of 10 codes remaining")));
    QAbstractItemModel *codes = codesOf(0);
    QVERIFY(codes);
    QStringList states;
    for (int r = 0; r < codes->rowCount(); ++r)
        states << codes->index(r, 1).data().toString();
    QCOMPARE(states.count(QStringLiteral("Unused")), 9);
    QCOMPARE(states.count(QStringLiteral("Used")), 1);
}

QTEST_MAIN(TestLedgerTab)
#include "tst_ledger_tab.moc"
