"""Old links to /vue-ensemble (the home page's address until pages/ came): forwarded home."""

import streamlit as st

# Every parameter kept, repeated ones too (get_all). The Back button lands here again and is
# forwarded again: the price of keeping shared links alive.
st.switch_page(
    "dashboard.py", query_params={k: st.query_params.get_all(k) for k in st.query_params}
)
