#pragma once
#include <QMainWindow>
namespace rd::ui {
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};
} // namespace rd::ui
