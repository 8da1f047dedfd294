"""Bulk import of a whole organisation (people, managers, levels, ratings) into the database."""
