#pragma once

#include "common/Result.h"
#include "reports/CaseReport.h"

#include <QByteArray>

#include <functional>

namespace rd::reports {

// Turns a gathered report into the bytes of one format.
using Renderer = std::function<Result<QByteArray>(const CaseReport &report)>;

// Core renders HTML, CSV and JSON. The PDF needs QtGui (fonts, QPdfWriter), which core never
// links; it comes from the rd_reportpdf library (ui/pdf), so this returns an empty Renderer
// for ReportFormat::Pdf.
Renderer builtinRenderer(ReportFormat format);

// A complete HTML document. Uses only markup QTextDocument understands too, so the PDF renderer
// lays out the very same document.
QByteArray renderHtml(const CaseReport &report);
// The merged timeline, one row per item: case, at, source, event, ref.
QByteArray renderTimelineCsv(const CaseReport &report);
// The whole report as one JSON object (UTF-8, indented).
QByteArray renderJson(const CaseReport &report);

// "2026-11-20 14:03 UTC"
QString displayTime(qint64 msecsUtc);

} // namespace rd::reports
