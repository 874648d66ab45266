"""Open Referral HSDS 3.0: the read API, the model → HSDS mapping and the navigator profile."""
