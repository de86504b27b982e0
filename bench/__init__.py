"""The map benchmark (``make bench``): naive folium baseline, static Leaflet page, the product."""
