#pragma once

#include "common/Result.h"
#include "reports/CaseReport.h"
#include "reports/ReportRenderers.h"

#include <QByteArray>
#include <QCoreApplication>

#include <memory>

namespace rd::reports::pdf {

// Lays the report's HTML out on A4 pages (QTextDocument) and writes it with QPdfWriter, with a
// running header and "Page n of N" on every page. Needs a QGuiApplication (fonts).
Result<QByteArray> renderPdf(const CaseReport &report);

// The renderer for a format: the PDF one here, core's own for HTML, CSV and JSON.
Renderer rendererFor(ReportFormat format);

// For command-line programs that need a PDF: a QGuiApplication, on the offscreen platform
// unless QT_QPA_PLATFORM says otherwise, so no display is needed.
std::unique_ptr<QCoreApplication> headlessGuiApplication(int &argc, char **argv);

} // namespace rd::reports::pdf
