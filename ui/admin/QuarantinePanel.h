#pragma once

#include "AppContext.h"
#include "common/Background.h"
#include "model/FeedTypes.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// The lines the live feed (`import --follow`) kept out: when, from which feed and line, why, and
// the record with its codes, email and phone hidden. On the Import page, for admins; it follows
// the live desk, so a line kept out a moment ago is listed without F5.
class QuarantinePanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuarantinePanel)
public:
    explicit QuarantinePanel(const AppContext &context, QWidget *parent = nullptr);

    RecordTableModel<importer::QuarantinedLine> *model() const { return m_model; }

public slots:
    void reload();
    void followChanges();

protected:
    void showEvent(QShowEvent *event) override;

private:
    const AppContext &m_context;
    QLabel *m_note;
    QPushButton *m_refresh;
    QTableView *m_table;
    RecordTableModel<importer::QuarantinedLine> *m_model;
    AsyncLane m_load{this};
};

} // namespace rd::ui
