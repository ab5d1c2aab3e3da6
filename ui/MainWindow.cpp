#include "MainWindow.h"
namespace rd::ui {
MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {}
} // namespace rd::ui
