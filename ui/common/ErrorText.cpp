#include "common/ErrorText.h"

#include <QCoreApplication>

namespace rd::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("rd::ui::ErrorText", text);
}

} // namespace

QString fieldLabel(const QString &field)
{
    static const QList<std::pair<const char *, const char *>> labels{
        {"accounts", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Number of accounts")},
        {"channel", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Channel")},
        {"code", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Code")},
        {"contact", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "New contact")},
        {"database", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Database")},
        {"device", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Device")},
        {"display_name", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Display name")},
        {"justification", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Justification")},
        {"key_dir", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Key directory")},
        {"kind", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Kind of reset")},
        {"method", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Verification method")},
        {"new_password", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "New password")},
        {"operator", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Operator")},
        {"out", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "File")},
        {"priority", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Priority")},
        {"reason", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Reason")},
        {"resolution", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Resolution")},
        {"result", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Result")},
        {"state", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "State")},
        {"summary", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Summary")},
        {"text", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Note")},
        {"value", QT_TRANSLATE_NOOP("rd::ui::ErrorText", "Value")},
    };
    for (const auto &[name, label] : labels) {
        if (field == QLatin1String(name))
            return tr(label);
    }
    return {};
}

QString errorText(const Error &error)
{
    const QString label = fieldLabel(error.field);
    if (label.isEmpty())
        return error.message;
    if (error.code == ErrorCode::InvalidValue && !error.choices.isEmpty())
        return tr("%1 must be one of: %2.").arg(label, error.choices.join(QStringLiteral(", ")));
    return tr("%1: %2").arg(label, error.message);
}

} // namespace rd::ui
