"""Klyngeblik's core: domain rules, the store, import/export and the CLI. No Streamlit here."""
