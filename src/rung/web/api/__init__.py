"""The REST API (django-ninja): push assessments, read plans and their status, by token."""
