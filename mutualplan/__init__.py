"""MutualPlan: one committed course of action, co-authored by a seller and a buyer."""

__version__ = "0.1.0"
