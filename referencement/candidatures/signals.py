"""What a candidature's actions ask of the apps above it (issue 12 « Shape »: the evidence
app sits above candidatures). Receivers run inside the action's transaction and answer
with what they did, which the action writes in its audit row."""

from __future__ import annotations

from django.dispatch import Signal

# open_next_version (issue 14 item 5): `previous`, `new`, `redeposit_reason(chapter, codes)`
# (empty when an item is inherited as is), `label`, `at`. A receiver carries its items of
# `previous` into `new` and answers with a dict of lists of codes for the audit row.
next_version_opened = Signal()

# migrate_to_catalogue_version (issue 14 item 4): `candidature`, `version`, `changed` (the
# requirement codes changed in it). A receiver reopens its items of those requirements and
# answers with their codes.
catalogue_version_changed = Signal()
