"""The journal: one row per state change of any app, written inside the act's transaction."""
