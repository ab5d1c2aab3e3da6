#pragma once

#include "model/AccountTypes.h"

#include <QWidget>

class QChartView;
class QComboBox;

namespace rd::ui {

// Attempts per day (the last 30 days that have any) as stacked bars, split by outcome or
// by method. Follows the palette: a dark theme on a dark desktop.
class AttemptsChart final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptsChart)
public:
    static constexpr int kDays = 14;

    explicit AttemptsChart(QWidget *parent = nullptr);

    void setDays(QList<accounts::AttemptDay> days);
    int seriesCount() const;

private:
    void rebuild();

    QComboBox *m_split;
    QChartView *m_view;
    QList<accounts::AttemptDay> m_days;
};

} // namespace rd::ui
