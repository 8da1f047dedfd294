"""rung.web: the Django app where a PM and their manager co-create the 90-day plan.

Apps: `accounts` (login, roles, home), `people` (frameworks, people, who manages whom),
`assessments` (ratings, uploads, calibration), `plans` (co-creation, versions, downloads).
Each app keeps writes in `services.py` (keyword-only functions) and reads in `selectors.py`;
every read of a PM's data goes through a `get_<thing>_for_user(user, id)` helper that raises
Http404 for anyone who may not see it.
"""
