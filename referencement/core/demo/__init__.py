"""The living demo (`referencement demo`): a fictional dataset built through the real
actions, so the audit chain, the notifications and the registry are those of a real run."""
