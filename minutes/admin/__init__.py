"""Staff admin for meetings, their source reports, import batches, and directive/task follow-up.

Every record admin keeps history (django-simple-history): who changed what and when, with a
reason, and a revert button. Publishing needs ``minutes.publish_meeting`` (the editors group);
a published meeting cannot be deleted, only withdrawn.

Importing the modules registers their admins with the site.
"""

from minutes.admin import batches, follow_ups, links, meetings, sources  # noqa: F401
