"""Tenders: the model, the lifecycle table, the rule profiles, and the commands on tenders."""
