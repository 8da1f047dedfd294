"""rung: turn PM competency data into a dated, living 90-day development plan."""

__version__ = "0.3.0"
