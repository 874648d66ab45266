"""The back office: accounts, roles and (issue 9) editing the directory in the browser.

City editors, the editors of partner organisations, authors, translators and observers sign
in at /editor/. What each may do is decided in one place, `permissions.allowed`, for every
route and every object; every sign-in, failed sign-in and change of a user or role is
written to the append-only audit log (`audit.record`).
"""
