"""Open Referral HSDS 3.0: the open-data API, and export and import of HSDS publications."""
