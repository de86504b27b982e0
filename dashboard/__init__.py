"""Verbonden dashboard: the Streamlit UI (the only package that imports streamlit)."""
