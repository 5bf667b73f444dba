"""Streamlit-side helpers shared by the pages: the cached store, cached reads, the cluster
selector. Everything that is not drawing lives in core/."""
