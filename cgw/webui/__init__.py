"""Streamlit-side helpers shared by every page: view state in the URL, language, cached data
access, layout and charts. Pages import from here and from `metrics`, never from `database`."""
