"""API operations, one router per area; every read goes through the pages' privacy helpers."""
