"""Klyngeblik: `streamlit run app.py`. The shell (page config, navigation, cluster
selector) is drawn by ui.shell; see that module for why the script itself is this short."""

from ui import shell

shell.run()
