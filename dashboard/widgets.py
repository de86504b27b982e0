"""Small widgets shared by pages."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from geodata.safe_export import to_csv_bytes, to_excel_bytes
from geodata.upload import UPLOAD_LIMIT_TEXT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_HELP = "Puntkomma als scheidingsteken en een decimale komma: opent zo in Excel (Nederlands)."


def download_buttons(
    frame: pd.DataFrame,
    stem: str,
    sheet: str,
    *,
    labels: tuple[str, str] = ("Als CSV", "Voor Excel"),
    columns: tuple[st.delta_generator.DeltaGenerator, st.delta_generator.DeltaGenerator]
    | None = None,
) -> None:
    """A CSV and an Excel download of ``frame`` (``stem``.csv / ``stem``.xlsx, sheet ``sheet``),
    side by side. The CSV is for people: it opens right in Excel in Dutch (``;``, decimal
    commas, UTF-8 with BOM). The files are built only when clicked, not on every rerun."""
    csv_col, excel_col = columns or st.columns(2)
    csv_col.download_button(
        labels[0],
        partial(to_csv_bytes, frame, excel_nl=True),
        f"{stem}.csv",
        "text/csv",
        on_click="ignore",
        help=CSV_HELP,
    )
    excel_col.download_button(
        labels[1],
        partial(to_excel_bytes, frame, sheet_name=sheet),
        f"{stem}.xlsx",
        XLSX,
        on_click="ignore",
    )


# Streamlit's file uploader has no parameter for its texts ("Drag and drop a file here",
# "Upload", "Limit 50MB per file • CSV, ..."): they are hidden and replaced by Dutch ones.
_DUTCH_CSS = """<style>
[data-testid="stFileUploaderDropzone"] { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
[data-testid="stFileUploaderDropzone"]::before {
  content: "Sleep een bestand hierheen of kies er een (hoogstens LIMIT).";
  font-size: 0.875rem; color: inherit; margin-right: 1rem;
}
[data-testid="stFileUploaderDropzone"] button::after {
  content: "Bestand kiezen"; font-size: 0.875rem;
}
</style>""".replace("LIMIT", UPLOAD_LIMIT_TEXT)


def dutch_widget_texts() -> None:
    """Dutch instead of the English texts Streamlit's widgets show without a parameter for them
    (the file uploader's drop zone); called once per run by ``app.py``."""
    st.html(_DUTCH_CSS)
