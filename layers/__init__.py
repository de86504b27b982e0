"""Indicators, initiatives, need index, action gap and map layers (no streamlit)."""
