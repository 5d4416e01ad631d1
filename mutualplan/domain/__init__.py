"""Plain Python: the plan's entities, its rules, the change vocabulary. No Qt, no storage."""
