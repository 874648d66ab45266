"""Open Referral HSDS 3.0: the read API, the model → HSDS mapping, the navigator profile,
and export and import of HSDS publications."""
