#include "ReportPdf.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

#include <unistd.h>

namespace rd::reports::pdf {
namespace {

constexpr int kDpi = 300;
const QColor kBrand(0x1f, 0x3a, 0x5f);
const QColor kMuted(0x5b, 0x67, 0x76);
const QColor kRule(0xd5, 0xdb, 0xe3);

qreal mm(qreal millimetres)
{
    return millimetres * kDpi / 25.4;
}

void drawBands(QPainter &painter, const QRectF &area, qreal band, const CaseReport &report, int page, int pages)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(7);
    // A hint of letter spacing turns ligatures off, so "fi" stays two letters for pdftotext
    // and for searching in a PDF viewer (the report HTML does the same).
    font.setLetterSpacing(QFont::AbsoluteSpacing, 0.2);
    painter.setFont(font);
    const QRectF header(area.left(), area.top(), area.width(), band * 0.6);
    painter.setPen(kBrand);
    painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter,
                     QStringLiteral("RecoveryDesk · Lockout case report · %1").arg(report.record.id));
    painter.setPen(kMuted);
    painter.drawText(header, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("Generated %1").arg(displayTime(report.generatedAt)));
    painter.setPen(QPen(kRule, mm(0.25)));
    painter.drawLine(header.bottomLeft(), header.bottomRight());

    const QRectF footer(area.left(), area.bottom() - band * 0.6, area.width(), band * 0.6);
    painter.drawLine(footer.topLeft(), footer.topRight());
    painter.setPen(kMuted);
    painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter,
                     QStringLiteral("Confidential · personal data masked · contains no backup codes · audit head #%1").arg(report.headSeq));
    painter.setPen(kBrand);
    painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("Page %1 of %2").arg(page).arg(pages));
}

} // namespace

Result<QByteArray> renderPdf(const CaseReport &report)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return Error::storage(QStringLiteral("A PDF report needs a QGuiApplication (fonts); use html, csv or json here."));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(kDpi);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 12, 15, 12), QPageLayout::Millimeter);
    writer.setTitle(QStringLiteral("Case %1 · RecoveryDesk report").arg(report.record.id));
    writer.setCreator(QStringLiteral("RecoveryDesk %1").arg(QStringLiteral(RD_VERSION)));

    const QRectF area(QPointF(0, 0), QSizeF(writer.pageLayout().paintRectPixels(kDpi).size()));
    const qreal band = mm(9); // header and footer
    const QSizeF body(area.width(), area.height() - 2 * band);

    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(&writer);
    doc.setDocumentMargin(0);
    doc.setHtml(QString::fromUtf8(renderHtml(report)));
    doc.setPageSize(body);
    const int pages = doc.pageCount();

    QPainter painter;
    if (!painter.begin(&writer))
        return Error::storage(QStringLiteral("Cannot start the PDF writer."));
    painter.setRenderHint(QPainter::Antialiasing);
    for (int page = 0; page < pages; ++page) {
        if (page > 0)
            writer.newPage();
        drawBands(painter, area, band, report, page + 1, pages);
        painter.save();
        painter.translate(0, band - page * body.height());
        const QRectF clip(0, page * body.height(), body.width(), body.height());
        painter.setClipRect(clip);
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = clip;
        context.palette.setColor(QPalette::Text, QColor(0x1c, 0x27, 0x33));
        doc.documentLayout()->draw(&painter, context);
        painter.restore();
    }
    if (!painter.end())
        return Error::storage(QStringLiteral("The PDF writer failed."));
    return bytes;
}

Renderer rendererFor(ReportFormat format)
{
    if (format == ReportFormat::Pdf)
        return renderPdf;
    return builtinRenderer(format);
}

std::unique_ptr<QCoreApplication> headlessGuiApplication(int &argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Headless sessions (cron, ssh, CI) often have no XDG_RUNTIME_DIR; Qt would then make
    // /tmp/runtime-$USER itself but warn on stderr, where the CLI promises only errors.
    // So make a private one per uid, the way Qt would.
    if (!qEnvironmentVariableIsSet("XDG_RUNTIME_DIR")) {
        const QString dir = QDir::tempPath() + QStringLiteral("/runtime-uid%1").arg(::getuid());
        // Never through a symlink another user planted, never someone else's directory.
        if (QDir().mkpath(dir) && !QFileInfo(dir).isSymLink() && QFileInfo(dir).ownerId() == ::getuid()
            && QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
            qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir));
    }
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace rd::reports::pdf
