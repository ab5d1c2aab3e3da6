#pragma once

#include "auth/DeskConnection.h"

#include <QObject>
#include <QString>

namespace rd::ui {

// Opening a database no longer reads the whole file (SPEC §13: the same cost on a file of any
// size). What a crash, a kill or a power cut may have damaged is looked for instead: the desktop
// marks (QSettings) which database it has open until it closes cleanly, and a start on a
// database whose mark was left behind reads the file in the background and tells the operator
// when it is damaged.
class RunMarker final {
public:
    // Marks location as open; remembers whether the previous run on it left its mark.
    explicit RunMarker(const QString &location);
    // A clean end: the mark goes.
    ~RunMarker();
    Q_DISABLE_COPY_MOVE(RunMarker)

    bool previousRunWasUnclean() const { return m_unclean; }
    static QString settingsKey();

private:
    bool m_unclean = false;
};

// Reads desk's file on a database thread; on damage opens a warning window of its own (objectName
// "damageWarning": the sign-in dialog it might have sat on may be gone by then). Nothing is
// shown once context is gone.
void checkDeskInBackground(const auth::Desk &desk, QObject *context);

} // namespace rd::ui
