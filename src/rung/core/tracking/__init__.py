"""Keeping a plan alive: launch health, check-ins, reminders and the day-90 review (pure)."""
