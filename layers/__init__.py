"""Verbonden's analysis: indicators, initiatives, need and gap, views, reports, uploads, maps.

Rooms, lowest first (a room imports only rooms below it, and ``geodata``; never Streamlit):

====================  =====================================================================
``maps``              folium builders, palettes, legends, escaping (a leaf)
``indicators``        IndicatorSpec, the catalogue of every indicator, builders, wide table
``initiatives``       vocabulary, inventory reading and checks, places, checklist, hints
``editing``           municipalities' saved inventories: save, history, restore, edit rights
``analysis``          need index, provision, action gap, reference values, unit table, cache
``views``             view models of dashboard pages (map overlay, unit panel, summary)
``reports``           the municipality PDF and exports
``uploads``           checking, reviewing, previewing and using uploaded files
``cli``               the ``verbonden`` command
====================  =====================================================================

Other code imports a room's facade (``from layers.analysis import need_index``), not its modules.
"""
