import streamlit as st

st.title("Gemeente")
