"""Tests of layers.editing: saved inventories and edit rights."""
