#pragma once

#include "diagnostics/Finding.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace rd::ui {

// The answer on top of the Diagnostics tab: the cause in one plain sentence, what blocks the
// whole account, what to tell the user, the next step as a button, and what else holds. The
// check ids stay in tooltips and the findings below.
class AnswerCard final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnswerCard)
public:
    explicit AnswerCard(QWidget *parent = nullptr);

    void showPrompt(const QString &text);
    // verified: the case's identity verification is strong already, so the next step toward
    // new codes is the reset request rather than more evidence.
    void showReport(const diagnostics::DiagnosisReport &report, bool verified);
    // On the case's Overview: the answer of a diagnosis run earlier, said as of its time, with no
    // next step once the case is past it (reset done, resolved, closed).
    void showStored(const diagnostics::DiagnosisReport &report, bool verified, bool caseDone);
    // What the agent reads to the user ("Copy for the user" copies it).
    QString userText() const { return m_userText; }

signals:
    // The tab (objectName) where the next step is taken.
    void nextStep(const QString &tab);

private:
    QLabel *m_headline;
    QLabel *m_blocker;
    QLabel *m_user;
    QLabel *m_also;
    QPushButton *m_next;
    QString m_nextTab;
    QString m_userText;
};

} // namespace rd::ui
