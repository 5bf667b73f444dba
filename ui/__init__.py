"""The Streamlit side: the app shell (shell), one module per page (page_<name>, whose
`render` the three-line script pages/<name>.py calls), and helpers shared by the pages: the
cached store, cached reads, the cluster selector. Everything that is not drawing lives in core/."""
