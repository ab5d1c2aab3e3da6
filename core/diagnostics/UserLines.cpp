// What the agent reads to the person on the phone when a check holds: plain words, no check
// ids, no code values. A check that knows more (a time, a prompt) sets its own line.
#include "diagnostics/Evaluation.h"

namespace rd::diagnostics {

QString defaultUserLine(Check check)
{
    switch (check) {
    case Check::FirstFactor:
        return QStringLiteral("Your sign-in stopped at the password, before your backup code was even checked.");
    case Check::WrongFactor:
        return QStringLiteral("Your backup code went into the box for a different kind of code. Choose \"Use a backup code\" "
                              "on the sign-in page and type it there.");
    case Check::StepUpAfterCode:
        return QStringLiteral("Your backup code was accepted, and then the site asked for one more check.");
    case Check::UnseenRegeneration:
        return QStringLiteral("Your saved codes were replaced by new ones that were never shown to you, so this is not your "
                              "mistake. Once we have confirmed your identity, new codes will be sent to you.");
    case Check::Outage:
        return QStringLiteral("Our sign-in service had a problem at that time, so backup codes were failing for everyone. "
                              "Your code is not the problem; please try it again now.");
    case Check::LockedOut:
        return QStringLiteral("Your account was temporarily locked after several failed tries, so no code could work then. "
                              "Please wait until the lock ends before trying again.");
    case Check::TwoFactorOff:
        return QStringLiteral("Two-step sign-in is turned off on your account, so backup codes are not used at the moment.");
    case Check::SuspiciousFlag:
        return QStringLiteral("For your protection, our security team put a hold on sign-ins to your account. I need to "
                              "confirm your identity before we go further.");
    case Check::UntrustedDevice:
        return QStringLiteral("You were signing in from a device or place your account does not recognise yet. Signing in "
                              "from your usual device should work.");
    case Check::SyncLag:
        return QStringLiteral("Your codes are brand new and had not reached all our servers yet. Please wait a few minutes "
                              "and try the same code again.");
    case Check::AlreadyUsed:
        return QStringLiteral("That code has already been used once, and each backup code works only once. Please pick a "
                              "code you have not used yet from your list.");
    case Check::Superseded:
        return QStringLiteral("That code comes from an older list, which stopped working when newer codes were made. Please "
                              "use a code from your newest list.");
    case Check::Revoked:
        return QStringLiteral("That list of codes has been cancelled, so none of its codes work any more. Once we have "
                              "confirmed your identity, new codes will be sent to you.");
    case Check::WrongAccount:
        return QStringLiteral("That code belongs to a different account. Do you perhaps have a second account with us?");
    case Check::GenerationFault:
        return QStringLiteral("The codes you were given were faulty on our side; this is not your mistake. Once we have "
                              "confirmed your identity, new codes will be sent to you.");
    case Check::Transcription:
        return QStringLiteral("The code you typed is one character off from one of your codes. Could you read it to me "
                              "again slowly from your list?");
    case Check::Format:
        return QStringLiteral("The code you typed is not the right length for your backup codes. Could you read it to me "
                              "again from your saved list, one character at a time?");
    case Check::UnknownCode:
        return QStringLiteral("That code is not one of your backup codes. Could it be from another service, or from an "
                              "older list?");
    case Check::ValidUnused:
        return QStringLiteral("Your code is valid and has not been used. Please try it once more, exactly as it is printed.");
    case Check::PossibleCompromise:
    case Check::StaleContact:
    case Check::ClockDrift:
    case Check::SmsDelivery:
    case Check::PlatformMismatch:
        return {}; // never primary: nothing to tell the user on its own
    }
    return {};
}

} // namespace rd::diagnostics
