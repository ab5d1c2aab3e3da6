#!/usr/bin/env python3
"""Writes scenarios.jsonl, the platform export behind tst_diagnostics.

Each account is built for one situation of SPEC §6; tst_diagnostics.cpp holds the table of
what each diagnosis must conclude. Regenerate with: python3 make_scenarios.py > scenarios.jsonl
(the test reads only the .jsonl; this script documents how it was made)."""
import json, random

random.seed(2026)
T0 = "2026-11-20T12:00:00Z"
lines = []

def rec(**k):
    lines.append(json.dumps(k, separators=(",", ":"), ensure_ascii=False))

def digits(n):
    return "".join(random.choice("0123456789") for _ in range(n))

CROCK = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def b32(n):
    return "".join(random.choice(CROCK) for _ in range(n))

def codes(gen, n=10):
    out = []
    while len(out) < n:
        c = gen()
        if c not in out:
            out.append(c)
    return out

def account(aid, verified="2026-09-01T00:00:00Z", tf=True, **extra):
    a = dict(type="account", id=aid, created_at="2024-01-01T00:00:00Z", handle=aid, display_name=aid.title(),
             email=f"{aid}@example.test", email_verified_at=verified,
             two_factor={"enabled": tf, "method": "totp", "since": "2024-01-01T00:10:00Z"})
    a.update(extra)
    rec(**a)
    rec(type="device", id=f"{aid}-phone", account=aid, first_seen="2024-01-01T00:00:00Z", label="Phone")
    rec(type="device_event", device=f"{aid}-phone", at="2024-01-01T00:05:00Z", event="trusted", actor="user")

ABSENT = object()

def code_set(sid, aid, at, cs, fmt="digits8", generator="codegen/3.1", acknowledged_at=ABSENT):
    extra = {} if acknowledged_at is ABSENT else {"acknowledged_at": acknowledged_at}
    rec(type="code_set", id=sid, account=aid, generated_at=at, generator=generator, format=fmt,
        codes=[{"index": i + 1, "code": c} for i, c in enumerate(cs)], **extra)

def standard(aid, fmt="digits8", gen=lambda: digits(8)):
    """Set 1 (2024, superseded) and set 2 (2026-06-01, active); code 1 of each used."""
    s1, s2 = codes(gen), codes(gen)
    code_set(f"{aid}-s1", aid, "2024-01-01T00:10:00Z", s1, fmt)
    code_set(f"{aid}-s2", aid, "2026-06-01T00:00:00Z", s2, fmt)
    rec(type="code_used", set=f"{aid}-s1", index=1, at="2025-03-03T10:00:00Z", device=f"{aid}-phone", ip="198.51.100.1")
    rec(type="code_used", set=f"{aid}-s2", index=1, at="2026-10-01T10:00:00Z", device=f"{aid}-phone", ip="198.51.100.1")
    rec(type="login_attempt", id=f"{aid}-use2", account=aid, at="2026-10-01T10:00:00Z", method="backup_code", outcome="success",
        device=f"{aid}-phone", ip="198.51.100.1", country="SE", city="Uppsala", lat=59.86, lon=17.64)
    return s1, s2

def attempt(aid, aid_suffix, at, method="backup_code", outcome="failure", reason="code_invalid", device=None, **kw):
    rec(type="login_attempt", id=f"{aid}-{aid_suffix}", account=aid, at=at, method=method, outcome=outcome, reason=reason,
        device=device or f"{aid}-phone", ip=kw.pop("ip", "198.51.100.1"), **kw)

secret = {}

# Plain ledger situations share one account.
s1, s2 = standard("led")
secret["led"] = (s1, s2)
attempt("led", "a1", "2026-11-20T11:00:00Z", reason="code_revoked")
rec(type="code_used", set="led-s2", index=9, at="2026-11-25T10:00:00Z", device="led-phone", ip="198.51.100.1")

# Revoked sets: compromised active set, and the superseded set revoked too.
s1, s2 = standard("rev")
secret["rev"] = (s1, s2)
rec(type="code_set_revoked", set="rev-s2", at="2026-11-10T00:00:00Z", reason="compromised")
rec(type="code_set_revoked", set="rev-s1", at="2026-11-10T00:00:00Z", reason="compromised")

# Wrong account: "wa" users type codes of "wa-other".
standard("wa")
o1, o2 = standard("wa-other")
secret["wa-other"] = (o1, o2)

# Generation fault: the active set came from a faulty generator, with a duplicate and a short code.
account("gen")
g = codes(lambda: digits(8))
g[6] = g[3]
g[8] = g[8][:7]
code_set("gen-s1", "gen", "2026-08-15T00:00:00Z", g, generator="codegen/3.2-rc1")
rec(type="incident", id="inc-genfault", kind="generation_fault", start="2026-08-01T00:00:00Z", end="2026-08-31T00:00:00Z",
    generators=["codegen/3.2-rc1"], summary="RC generator made duplicates")
secret["gen"] = (g,)

# Outage window on 2026-11-19 10:00-11:00 for backup codes, and a password-only incident.
s1, s2 = standard("out")
secret["out"] = (s1, s2)
rec(type="incident", id="inc-outage", kind="auth_outage", start="2026-11-19T10:00:00Z", end="2026-11-19T11:00:00Z",
    components=["backup_codes", "totp"], summary="Auth cluster down")
rec(type="incident", id="inc-pw", kind="api_failure", start="2026-11-17T10:00:00Z", end="2026-11-17T11:00:00Z",
    components=["password"], summary="Password API")

# Lock by event (locked 11-19 08:00, unlocked 11-19 20:00) and by streak (11-20 09:00..09:08).
s1, s2 = standard("lock")
secret["lock"] = (s1, s2)
rec(type="security_event", account="lock", at="2026-11-19T08:00:00Z", event="locked")
rec(type="security_event", account="lock", at="2026-11-19T20:00:00Z", event="unlocked")
for i in range(5):
    attempt("lock", f"f{i}", f"2026-11-20T09:0{2*i}:00Z", method="password", reason="password_invalid")
attempt("lock", "try", "2026-11-20T09:20:00Z", reason="locked_out")

# A streak broken by a success does not lock.
s1, s2 = standard("nolock")
secret["nolock"] = (s1, s2)
for i in range(3):
    attempt("nolock", f"f{i}", f"2026-11-20T09:0{i}:00Z", method="password", reason="password_invalid")
attempt("nolock", "ok", "2026-11-20T09:04:00Z", method="password", outcome="success", reason=None)
for i in range(3):
    attempt("nolock", f"g{i}", f"2026-11-20T09:0{5+i}:00Z", method="password", reason="password_invalid")

# Two-factor off 11-10, on again 11-15; flagged 11-05, cleared 11-12.
s1, s2 = standard("tf", )
secret["tf"] = (s1, s2)
rec(type="security_event", account="tf", at="2026-11-10T00:00:00Z", event="two_factor_disabled")
rec(type="security_event", account="tf", at="2026-11-15T00:00:00Z", event="two_factor_enabled")
rec(type="security_event", account="tf", at="2026-11-05T00:00:00Z", event="flagged_suspicious", detail={"rule": "velocity"})
rec(type="security_event", account="tf", at="2026-11-12T00:00:00Z", event="flag_cleared")

# Untrusted device and impossible travel.
s1, s2 = standard("dev")
secret["dev"] = (s1, s2)
rec(type="device", id="dev-laptop", account="dev", first_seen="2026-11-19T00:00:00Z", label="Laptop")
rec(type="device_event", device="dev-laptop", at="2026-11-19T00:00:00Z", event="seen", actor="system")
attempt("dev", "new", "2026-11-20T10:00:00Z", reason="device_untrusted", device="dev-laptop")
attempt("dev", "newinv", "2026-11-20T10:05:00Z", reason="code_invalid", device="dev-laptop")
rec(type="device_event", device="dev-phone", at="2026-11-01T00:00:00Z", event="revoked", actor="support", note="lost")
attempt("dev", "revoked", "2026-11-20T10:10:00Z", reason="device_untrusted", device="dev-phone")
s1, s2 = standard("trv")
secret["trv"] = (s1, s2)
attempt("trv", "home", "2026-11-20T09:00:00Z", method="password", outcome="success", reason=None, country="SE", city="Stockholm", lat=59.33, lon=18.07)
attempt("trv", "far", "2026-11-20T09:30:00Z", reason="step_up_required", country="AU", city="Sydney", lat=-33.87, lon=151.21, ip="203.0.113.5")
attempt("trv", "near", "2026-11-20T11:00:00Z", reason="code_invalid", country="SE", city="Uppsala", lat=59.86, lon=17.64)

# Sync lag: set 3 issued 60 s before the attempt; replication lag incident 11-18 10:00-12:00.
s1, s2 = standard("syn")
s3 = codes(lambda: digits(8))
code_set("syn-s3", "syn", "2026-11-20T11:59:00Z", s3)
attempt("syn", "fresh", "2026-11-20T12:00:00Z", reason="code_invalid")
secret["syn"] = (s1, s2, s3)
rec(type="incident", id="inc-repl", kind="replication_lag", start="2026-11-18T10:00:00Z", end="2026-11-18T12:00:00Z",
    components=["backup_codes"], summary="Replica behind")

# Compromise signs: email changed 11-17; a code used 11-15 from an untrusted device and new IP.
s1, s2 = standard("cmp")
secret["cmp"] = (s1, s2)
rec(type="security_event", account="cmp", at="2026-11-17T00:00:00Z", event="email_changed")
rec(type="device", id="cmp-rogue", account="cmp", first_seen="2026-11-15T00:00:00Z", label="Unknown browser")
rec(type="code_used", set="cmp-s2", index=4, at="2026-11-15T03:00:00Z", device="cmp-rogue", ip="203.0.113.66")
s1, s2 = standard("rgn")
secret["rgn"] = (s1, s2)
rec(type="device", id="rgn-rogue", account="rgn", first_seen="2026-11-14T00:00:00Z", label="Unknown")
s3 = codes(lambda: digits(8))
code_set("rgn-s3", "rgn", "2026-11-14T00:00:00Z", s3)
rec(type="security_event", account="rgn", at="2026-11-14T00:00:00Z", event="codes_regenerated", detail={"device": "rgn-rogue"})
secret["rgn"] = (s1, s2, s3)

# Stale contact (verified 2023), clock drift and SMS trouble.
s1, s2 = standard("stale")
secret["stale"] = (s1, s2)
s1, s2 = standard("clk")
secret["clk"] = (s1, s2)
attempt("clk", "totp1", "2026-11-20T08:00:00Z", method="totp", reason="totp_invalid", clock_skew_s=95)
attempt("clk", "totp2", "2026-11-20T08:01:00Z", method="totp", reason="totp_invalid", clock_skew_s=-12)
s1, s2 = standard("sms")
secret["sms"] = (s1, s2)
attempt("sms", "sms1", "2026-11-20T07:00:00Z", method="sms", reason="sms_undelivered")
rec(type="incident", id="inc-sms", kind="sms_outage", start="2026-11-10T00:00:00Z", end="2026-11-10T05:00:00Z", regions=["EU"], summary="Carrier")

# Platform mismatch: "code_used" for an unused code.
s1, s2 = standard("mis")
secret["mis"] = (s1, s2)
attempt("mis", "used", "2026-11-20T10:00:00Z", reason="code_used")

# Every format: base32x16, base32x10, digits10.
b1, b2 = standard("b16", "base32x16", lambda: b32(16))
secret["b16"] = (b1, b2)
c1, c2 = standard("b10", "base32x10", lambda: b32(10))
secret["b10"] = (c1, c2)
d1, d2 = standard("d10", "digits10", lambda: digits(10))
secret["d10"] = (d1, d2)

# Review follow-ups: equal generation times, a revocation for "regenerated", two-factor turned
# off only after T, a code use with no device or IP on record.
t1, t2 = codes(lambda: digits(8)), codes(lambda: digits(8))
code_set("tie-s1", "tie", "2026-06-01T00:00:00Z", t1)
code_set("tie-s2", "tie", "2026-06-01T00:00:00Z", t2)
r1 = codes(lambda: digits(8))
code_set("regen-s1", "regen", "2026-06-01T00:00:00Z", r1)
rec(type="code_set_revoked", set="regen-s1", at="2026-07-01T00:00:00Z", reason="regenerated")
s1, s2 = standard("tk")
rec(type="security_event", account="tk", at="2026-11-01T00:00:00Z", event="two_factor_disabled")
s1, s2 = standard("cmpn")
rec(type="code_used", set="cmpn-s2", index=4, at="2026-11-15T03:00:00Z")

# Round two (issue 18): the four causes the first twenty checks could not name. New random draws
# come after all earlier ones, so the earlier accounts keep their codes.
# FIRST_FACTOR: a wrong password; a code attempt failed for the password; a password that passed;
# a wrong password while the account was locked by an event.
s1, s2 = standard("ff")
attempt("ff", "pw", "2026-11-20T11:00:00Z", method="password", reason="password_invalid")
attempt("ff", "bcpw", "2026-11-20T11:05:00Z", reason="password_invalid")
attempt("ff", "pwok", "2026-11-20T11:10:00Z", method="password", outcome="success", reason=None)
attempt("lock", "pw", "2026-11-19T11:50:00Z", method="password", reason="password_invalid")
# WRONG_FACTOR: codes typed into the authenticator and the text-message prompts.
s1, s2 = standard("wf")
attempt("wf", "totp", "2026-11-20T11:00:00Z", method="totp", reason="totp_invalid")
attempt("wf", "sms", "2026-11-20T11:10:00Z", method="sms", reason=None)
# STEP_UP_AFTER_CODE: code 3 accepted at 11:55, step-up demanded at 11:56; code 5 used at 11:58,
# after the demand; code 7 used at 11:30 with a demand at the same second.
s1, s2 = standard("su")
rec(type="code_used", set="su-s2", index=3, at="2026-11-20T11:55:00Z", device="su-phone", ip="198.51.100.1")
attempt("su", "ok", "2026-11-20T11:55:00Z", outcome="success", reason=None)
attempt("su", "step", "2026-11-20T11:56:00Z", reason="step_up_required")
rec(type="code_used", set="su-s2", index=5, at="2026-11-20T11:58:00Z", device="su-phone", ip="198.51.100.1")
rec(type="code_used", set="su-s2", index=7, at="2026-11-20T11:30:00Z", device="su-phone", ip="198.51.100.1")
attempt("su", "step2", "2026-11-20T11:30:00Z", reason="step_up_required")
# UNSEEN_REGENERATION: set 1 (2024) replaced on 11-18 by set 2, which the user never confirmed;
# set 2 replaced on 11-19 00:00 by set 3, confirmed at 00:05.
account("ur")
u1, u2, u3 = codes(lambda: digits(8)), codes(lambda: digits(8)), codes(lambda: digits(8))
code_set("ur-s1", "ur", "2024-01-01T00:10:00Z", u1)
code_set("ur-s2", "ur", "2026-11-18T00:00:00Z", u2, acknowledged_at=None)
code_set("ur-s3", "ur", "2026-11-19T00:00:00Z", u3, acknowledged_at="2026-11-19T00:05:00Z")
rec(type="code_used", set="ur-s1", index=1, at="2025-03-03T10:00:00Z", device="ur-phone", ip="198.51.100.1")
# Review follow-ups: a revocation for "regenerated" (05-01) earlier than the replacing set (06-01,
# never confirmed): as of T, the replacement happened at the revocation and is named only once the
# set exists. And a code of one repeated digit, typed with look-alikes.
account("urx")
x1, x2 = codes(lambda: digits(8)), codes(lambda: digits(8))
code_set("urx-s1", "urx", "2026-01-01T00:00:00Z", x1)
code_set("urx-s2", "urx", "2026-06-01T00:00:00Z", x2, acknowledged_at=None)
rec(type="code_set_revoked", set="urx-s1", at="2026-05-01T00:00:00Z", reason="regenerated")
account("rep")
r1 = codes(lambda: digits(8))
r1[1] = "88888888"
code_set("rep-s1", "rep", "2026-06-01T00:00:00Z", r1)

for aid in ["tie", "regen", "cmpn"]:
    account(aid)
account("tk", tf=False)

for aid in ["led", "rev", "wa", "wa-other", "out", "lock", "nolock", "tf", "dev", "trv", "syn", "cmp", "rgn", "clk", "sms", "mis", "b16", "b10", "d10",
            "ff", "wf", "su"]:
    account(aid)
account("stale", verified="2023-01-01T00:00:00Z")

random.shuffle(lines)
print("# Diagnostics scenarios for tst_diagnostics, made by make_scenarios.py (records shuffled)")
print("\n".join(lines))
