"""Home: what Digit Lab is, the dataset at a glance, and where to go next."""

import streamlit as st

from app_pages import PAGES
from core import config
from core.cache import mnist_or_stop
from core.data import class_counts, sample_indices
from core.images import gallery

SAMPLES_PER_DIGIT = 2
SAMPLE_SCALE = 3

st.title("Digit Lab")
st.markdown(
    "A workbench for handwritten digits, for people who learn, teach and demonstrate "
    "machine learning, and for anyone who wants a handwritten number read back to them. "
    "Explore the MNIST dataset, compare classic models with neural networks trained on it, "
    "and have the numbers you draw or photograph read aloud."
)

# The three tasks first, as cards, the main one (reading a number) leading.
for column, page in zip(st.columns(len(PAGES)), PAGES, strict=True):
    with column.container(border=True):
        st.page_link(page.path, label=f"**{page.title}**", icon=page.icon)
        st.markdown(page.summary)

dataset = mnist_or_stop()
train_counts = class_counts(dataset.train_labels)
height, width = dataset.image_shape

st.subheader("MNIST at a glance")
training_column, test_column, shape_column, classes_column = st.columns(4)
training_column.metric("Training images", f"{dataset.train_size:,}")
test_column.metric("Test images", f"{dataset.test_size:,}")
shape_column.metric("Image size", f"{height} × {width} px")
classes_column.metric("Classes", f"{config.NUM_CLASSES} digits")
st.caption(
    f"Grayscale, 0 = background to 255 = ink. The rarest digit in training is "
    f"{train_counts.argmin()} ({train_counts.min():,} images), the most common "
    f"{train_counts.argmax()} ({train_counts.max():,})."
)

if "home_sample_seed" not in st.session_state:
    st.session_state.home_sample_seed = 0
samples = sample_indices(dataset.train_labels, SAMPLES_PER_DIGIT, st.session_state.home_sample_seed)
# Column-major: the first row shows 0..9, the second row another 0..9.
st.image(
    gallery(dataset.train_images[samples.T.ravel()], columns=config.NUM_CLASSES, scale=SAMPLE_SCALE),
    caption=f"Training digits, {SAMPLES_PER_DIGIT} of each (seed {st.session_state.home_sample_seed})",
    alt="Two rows of handwritten MNIST training digits, 0 to 9 in each row",
)
if st.button("Show other samples", icon=":material/shuffle:"):
    st.session_state.home_sample_seed += 1
    st.rerun()
