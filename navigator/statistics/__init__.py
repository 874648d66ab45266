"""Statistics without people (issue 11): anonymous counts of plans and desk visits, and
the report of needs the city's offer leaves unmet.

Nothing here identifies a person: a desk visit is a day, a welcome centre, two locales,
the needs chosen, a coarse status group and counts; a public plan is only added to the
day's counters. Every count shown is suppressed below `suppression.THRESHOLD`.
"""
