"""Shared building blocks every app may use; imports no app (see docs/architecture.md)."""
