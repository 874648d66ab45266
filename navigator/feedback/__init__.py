"""Newcomers' feedback on public pages, and the editors' feedback inbox (issue 10, 5 and 6).

Privacy first: a feedback row holds the page, the answer, the field reported and a comment
with e-mail addresses and phone numbers masked — never an IP address, a session, a plan
token or a questionnaire answer. Searches that found nothing are counted per day, locale and
normalised query, nothing more. Both are purged after `FEEDBACK_RETENTION_DAYS`.

Public pages stay cacheable: they carry plain links to `/<locale>/feedback`, and only that
page holds the form with its CSRF token (and so starts a session).
"""
