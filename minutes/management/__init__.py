"""Management commands of the minutes app."""
