"""Members' shortlists of projects and saved searches with e-mail alerts (issue 16).

``services`` (lists: star, entries, notes, share links, merges), ``searches`` (saved searches,
their facets checked), ``alerts`` (the daily and weekly digest, one e-mail per member and
period), ``tasks`` (thin Django-Q2 tasks), ``views`` (the member's space, shared pages).
"""
