"""Referrals that close the loop (issue 11, point 3).

A welcome centre's desk sends a visitor to a partner organisation's service, with the
visitor's explicit, recorded consent: what is shared (only the fields they agreed to are
stored at all), with which organisation, for how long. The organisation's editors see it in
their inbox and set its status; the desk sees the status; the visitor follows it through a
private link and may withdraw their consent there.

Personal fields (name or pseudonym, contact, language, note, a decline reason) are
encrypted at rest (`crypto.py`) and purged when the retention period ends or the visitor
withdraws; the anonymous outcome (organisation, service, need, status, days, welcome
centre) stays. Every read of personal fields is written to the audit log.
"""
