"""Geography, data sources, the store and file input (never imports streamlit or folium)."""
