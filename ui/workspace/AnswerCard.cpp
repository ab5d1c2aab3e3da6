#include "workspace/AnswerCard.h"

#include "common/Format.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace rd::ui {

using diagnostics::Blocker;
using diagnostics::Check;
using diagnostics::Finding;
using diagnostics::Verdict;

namespace {

// Causes whose way out is new codes or a platform action: verify identity first.
bool needsVerifiedReset(Check cause)
{
    // Not SUSPICIOUS_FLAG: new codes do not lift a risk team's flag.
    return cause == Check::Revoked || cause == Check::GenerationFault || cause == Check::UnseenRegeneration;
}

QString blockerText(Blocker blocker)
{
    switch (blocker) {
    case Blocker::NoCodes:
        return AnswerCard::tr("This account has no backup codes: no code can work. New codes are needed.");
    case Blocker::NoActiveSet:
        return AnswerCard::tr("No active code set: even a correctly typed code will fail. New codes are needed.");
    case Blocker::None:
        break;
    }
    return {};
}

} // namespace

AnswerCard::AnswerCard(QWidget *parent)
    : QFrame(parent), m_headline(new QLabel(this)), m_blocker(new QLabel(this)), m_user(new QLabel(this)), m_also(new QLabel(this)),
      m_next(new QPushButton(this))
{
    setObjectName(QStringLiteral("answerCard"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Answer"));
    m_headline->setObjectName(QStringLiteral("answerHeadline"));
    m_blocker->setObjectName(QStringLiteral("answerBlocker"));
    m_user->setObjectName(QStringLiteral("answerUserLine"));
    m_also->setObjectName(QStringLiteral("answerAlso"));
    m_next->setObjectName(QStringLiteral("answerNextStep"));
    for (QLabel *label : {m_headline, m_blocker, m_user, m_also}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_blocker->setStyleSheet(QStringLiteral("color: #b3261e; font-weight: bold"));
    m_next->hide();
    connect(m_next, &QPushButton::clicked, this, [this] { emit nextStep(m_nextTab); });

    auto *top = new QHBoxLayout;
    top->addWidget(m_headline, 1);
    top->addWidget(m_next, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_blocker);
    layout->addWidget(m_user);
    layout->addWidget(m_also);
    showPrompt(tr("Type the code the user read out, pick the failed sign-in and run the diagnosis."));
}

void AnswerCard::showPrompt(const QString &text)
{
    m_headline->setText(text);
    m_headline->setToolTip({});
    for (QLabel *label : {m_blocker, m_user, m_also})
        label->hide();
    m_next->hide();
    m_userText.clear();
}

void AnswerCard::showStored(const diagnostics::DiagnosisReport &report, bool verified, bool caseDone)
{
    showReport(report, verified);
    m_headline->setText(tr("<i>Latest diagnosis, as of %1 UTC:</i><br>").arg(formatTime(report.at)) + m_headline->text());
    if (caseDone)
        m_next->hide();
}

void AnswerCard::showReport(const diagnostics::DiagnosisReport &report, bool verified)
{
    // With two-step sign-in off, backup codes do not apply at all: new ones are not the way out.
    const bool twoFactorOff = report.primaryCause == Check::TwoFactorOff;
    const Blocker blocking = twoFactorOff ? Blocker::None : report.blocker;
    const QString blocker = blockerText(blocking);
    m_blocker->setText(blocker);
    m_blocker->setVisible(!blocker.isEmpty());

    QStringList also;
    for (const Finding &f : report.findings) {
        if (f.verdict == Verdict::Contributing)
            also << QStringLiteral("<li title=\"%1\">%2</li>").arg(diagnostics::checkId(f.check), f.summary.toHtmlEscaped());
    }
    m_also->setText(tr("<b>Also found</b><ul style='margin-top:0'>%1</ul>").arg(also.join(QString())));
    m_also->setVisible(!also.isEmpty());

    if (!report.primaryCause) {
        m_headline->setText(tr("<span style='font-size:large'><b>No cause found.</b></span> Every check was ruled out; "
                               "see the findings below."));
        m_headline->setToolTip({});
        m_userText = tr("We checked your backup code and found no fault on our side. Please read the code again carefully, "
                        "or ask us for a new set of codes.");
    } else {
        const Finding &cause = report.finding(*report.primaryCause);
        m_headline->setText(tr("<span style='font-size:large'><b>%1</b></span><br>%2")
                                .arg(cause.summary.toHtmlEscaped(), cause.advice.toHtmlEscaped()));
        m_headline->setToolTip(tr("Primary cause: %1").arg(diagnostics::checkId(*report.primaryCause)));
        m_userText = cause.userLine.isEmpty() ? cause.summary : cause.userLine;
    }
    // Whatever the code's own problem, the user must hear that no saved code can work.
    const bool promisesNewCodes = report.primaryCause && needsVerifiedReset(*report.primaryCause);
    if (blocking != Blocker::None && !promisesNewCodes)
        m_userText += tr(" Also, none of your saved backup codes can work any more: once we have confirmed your identity, "
                         "new codes will be sent to you.");
    m_user->setText(tr("<b>Tell the user:</b> “%1”").arg(m_userText.toHtmlEscaped()));
    m_user->show();

    const bool reset = blocking != Blocker::None || promisesNewCodes;
    m_nextTab = !reset ? QString() : verified ? QStringLiteral("resetTab") : QStringLiteral("verificationTab");
    m_next->setText(verified ? tr("Request new codes…") : tr("Verify identity for new codes…"));
    m_next->setToolTip(verified ? tr("Identity is verified (strong): request the reset a supervisor approves.")
                                : tr("Record verification evidence; a reset needs a strong level and a supervisor's approval."));
    m_next->setVisible(reset);
}

} // namespace rd::ui
