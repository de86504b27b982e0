"""Tests of the planning room (layers/planning)."""
