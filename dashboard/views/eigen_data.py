import streamlit as st

st.title("Eigen data")
