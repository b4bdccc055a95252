"""Explore MNIST: MNIST's balance, samples, mean images, pixels, maps and odd ones out."""

import numpy as np
import streamlit as st

from app_pages.components.collection import chosen_collection
from core import charts, config, embedding
from core.cache import dataset_statistics, map_placer, mnist_or_stop
from core.collection import CollectionStore, StoreUnavailableError, export_csv, export_npz
from core.data import sample_indices
from core.explore import collection_means, digit_counts_text
from core.images import data_url, gallery, png_bytes, upscale
from core.wording import counted

SAMPLE_SIZES = [1_000, 2_000, 5_000, 10_000, 20_000]
MAX_SELECTED_SHOWN = 60

st.title("Explore MNIST")
st.caption(
    "The 60,000 training digits before any model sees them: how many of each, what they look like, "
    "where their ink falls, how they cluster, and which ones are odd."
)

dataset = mnist_or_stop()
statistics = dataset_statistics()
# Only the open tab runs (on_change="rerun" with tab.open): a first visit draws one
# chart, not eight, and a t-SNE map is only computed when someone opens the map.
balance_tab, samples_tab, means_tab, pixels_tab, map_tab, outliers_tab, yours_tab = st.tabs(
    [
        "Class balance",
        "Samples",
        "Mean images",
        "Pixel statistics",
        "Embedding map",
        "Outliers",
        "Your digits",
    ],
    key="explorer_tab",
    bind="query-params",
    on_change="rerun",
)

with balance_tab:
    if balance_tab.open:
        balance = statistics.balance
        as_share = st.toggle("Show shares instead of counts", key="balance_shares")
        st.plotly_chart(charts.class_balance_chart(balance, as_share), key="balance_chart")
        largest, smallest, ratio = st.columns(3)
        largest.metric(f"Most common digit ({balance.train_counts.max():,} images)", balance.largest)
        smallest.metric(f"Rarest digit ({balance.train_counts.min():,} images)", balance.smallest)
        ratio.metric("Largest / smallest class", f"{balance.imbalance:.2f}×")
        st.caption(
            "Mildly imbalanced: accuracy is still a fair summary, but the per-digit scores on the "
            "Compare models page show whether the rarer digits pay for it."
        )

with samples_tab:
    if samples_tab.open:
        controls = st.columns([2, 1, 1])
        digit_choice = controls[0].selectbox(
            "Digits",
            ["every digit", *config.CLASS_NAMES],
            key="samples_digit",
            bind="query-params",
            help="Show one digit only.",
        )
        seed = controls[1].number_input(
            "Seed",
            0,
            1_000_000,
            0,
            key="samples_seed",
            bind="query-params",
            help="The same seed shows the same samples.",
        )

        def reshuffle() -> None:
            st.session_state.samples_seed += 1

        controls[2].button("Reshuffle", icon=":material/shuffle:", on_click=reshuffle)
        if digit_choice == "every digit":
            chosen = sample_indices(dataset.train_labels, 12, int(seed)).ravel()  # rows: 0..9, 12 of each
            caption = f"12 random training images of each digit, one row per digit (seed {seed})"
        else:
            candidates = np.flatnonzero(dataset.train_labels == int(digit_choice))
            chosen = np.random.default_rng(int(seed)).choice(candidates, size=60, replace=False)
            caption = f"60 random training images of the digit {digit_choice} (seed {seed})"
        st.image(gallery(dataset.train_images[chosen], columns=12), caption=caption, alt=caption)

with means_tab:
    if means_tab.open:
        st.plotly_chart(charts.mean_image_chart(statistics.means), key="means_chart")
        st.caption(
            "Each digit's 6,000 or so training images averaged pixel by pixel: dark where most "
            "writers put ink, faint where only some do."
        )
        st.plotly_chart(charts.std_image_chart(statistics.stds), key="stds_chart")
        st.caption(
            "How much each pixel varies between images of the same digit: bright rings where "
            "writers place a stroke differently (slant, size, loops)."
        )
        first_column, second_column = st.columns(2)
        first = first_column.selectbox(
            "Compare the digit", range(10), index=4, key="difference_first", bind="query-params"
        )
        second = second_column.selectbox(
            "with the digit", range(10), index=9, key="difference_second", bind="query-params"
        )
        st.plotly_chart(charts.difference_chart(statistics.means, first, second), key="difference_chart")
        st.caption("Red: ink the first digit usually has and the second lacks; blue: the reverse.")

with pixels_tab:
    if pixels_tab.open:
        st.plotly_chart(charts.intensity_histogram_chart(statistics.histogram), key="histogram_chart")
        st.caption(
            "How many of all 47 million pixels have each value. Most are blank paper (0); ink is "
            "mostly full strength (near 255) with a thin grey edge between: the scanner's anti-aliasing."
        )
        st.plotly_chart(charts.ink_by_class_chart(statistics.ink, dataset.train_labels), key="ink_chart")
        st.caption(
            "How much ink each digit takes: the box holds the middle half of the images, the line "
            "is the median. A 1 uses least ink, a 0 the most."
        )
        st.plotly_chart(
            charts.inked_frequency_chart(statistics.inked_frequency, statistics.never_inked_share),
            key="frequency_chart",
        )
        st.caption(
            f"{statistics.never_inked_share:.1%} of the 784 pixel positions hold no ink in any of the "
            "60,000 images: a model can ignore them, which is why PCA and pixel-dropping cost MNIST "
            "models so little."
        )

with map_tab:
    if map_tab.open:
        controls = st.columns([1, 2, 1])
        method = controls[0].radio(
            "Method",
            embedding.METHODS,
            format_func=embedding.METHOD_NAMES.get,
            key="map_method",
            bind="query-params",
            horizontal=True,
        )
        size = controls[1].select_slider(
            "Training images on the map",
            SAMPLE_SIZES,
            value=embedding.DEFAULT_SAMPLE,
            key="map_size",
            bind="query-params",
        )
        map_seed = controls[2].number_input(
            "Seed",
            0,
            1_000,
            0,
            key="map_seed",
            bind="query-params",
            help="Which random images go on the map, and t-SNE's random start: the same seed gives "
            "the same map, another seed a different sample and layout.",
        )
        progress_bar = st.empty()

        def show_progress(fraction: float, message: str) -> None:
            progress_bar.progress(fraction, text=message)

        result = embedding.embed(
            dataset.train_images, dataset.train_labels, method, size, int(map_seed), show_progress
        )
        progress_bar.empty()
        name = embedding.METHOD_NAMES[method]
        event = st.plotly_chart(
            charts.embedding_chart(
                result.coordinates, result.labels, result.indices, f"{name} of {size:,} training images"
            ),
            key="embedding_chart",
            on_select="rerun",
            selection_mode=("lasso", "box", "points"),
        )
        origin = "from the cache" if result.from_cache else "just computed"
        st.caption(
            f"{name} map, {origin} (computing it took {result.seconds:.1f} s). Draw a lasso or a box around "
            "points to see their images; click a digit in the legend to hide it."
        )
        selected = [int(point["customdata"]) for point in event.selection.points if "customdata" in point]
        if selected:
            shown = selected[:MAX_SELECTED_SHOWN]
            st.markdown(
                f"**{len(selected):,} selected:** {digit_counts_text(dataset.train_labels[selected])}."
            )
            st.image(
                gallery(dataset.train_images[shown], columns=min(12, len(shown))),
                caption=f"The first {len(shown)} selected training images.",
                alt=f"{len(shown)} handwritten training digits selected on the map",
            )

with outliers_tab:
    if outliers_tab.open:
        per_class = st.slider("Images per digit", 4, 20, 10, key="outliers_per_class")
        st.caption(
            "The training images farthest from their digit's mean image, farthest first: unusual "
            "styles, thick or faint strokes, and a few that look mislabelled."
        )
        for digit in range(config.NUM_CLASSES):
            indices = statistics.outliers[digit][:per_class]
            st.image(
                gallery(dataset.train_images[indices], columns=per_class),
                alt=f"the {per_class} training images labelled {digit} least like the average {digit}",
                caption=f"Labelled {digit}: training images "
                + ", ".join(f"#{index}" for index in indices[:5])
                + ", …",
            )


def your_gallery(store: CollectionStore, name: str) -> None:
    controls = st.columns([1, 2])
    shown_digit = controls[0].selectbox(
        "Show", ["every digit", *config.CLASS_NAMES], key="your_gallery_digit", help="Show one digit only."
    )
    label = None if shown_digit == "every digit" else int(shown_digit)
    digits = store.digits(name, label)
    rows = [
        {
            "As written": data_url(digit.ink_png) if digit.ink_png else None,
            "Model's view": data_url(png_bytes(upscale(digit.frame, 2))),
            "Digit": digit.label,
            "Read as": digit.read_as,
            "Sure": digit.confidence,
            "Model": digit.model,
            "From": digit.source,
            "Kept": digit.created_at,
        }
        for digit in digits
    ]
    selection = st.dataframe(
        rows,
        key=f"your_gallery_{name}_{shown_digit}",
        on_select="rerun",
        selection_mode="multi-row",
        hide_index=True,
        row_height=64,
        column_config={
            "As written": st.column_config.ImageColumn(width="small"),
            "Model's view": st.column_config.ImageColumn(width="small"),
            "Read as": st.column_config.NumberColumn(help="What the model read, before your correction"),
            "Sure": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent"),
            "Kept": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
        },
    )
    chosen = [digits[row].id for row in selection.selection.rows]
    corrected = sum(digit.corrected for digit in digits)
    controls[1].caption(
        f"{counted(len(digits), 'digit')} shown, {corrected} of them corrected (Read as differs from Digit). "
        "Tick rows to delete them."
    )
    if chosen and st.button(f"Delete {len(chosen)} selected", icon=":material/delete:"):
        store.delete(chosen)
        st.rerun()


def your_map(store: CollectionStore, name: str, frames: np.ndarray, labels: np.ndarray) -> None:
    method = st.radio(
        "Map",
        embedding.METHODS,
        format_func=embedding.METHOD_NAMES.get,
        key="your_map_method",
        horizontal=True,
        help=f"The Embedding map tab's default map: {embedding.DEFAULT_SAMPLE:,} training images, seed 0.",
    )
    placer = map_placer(method, embedding.DEFAULT_SAMPLE, 0)
    placement = placer.place(frames)
    result = placer.embedding
    ids = np.array([digit.id for digit in store.digits(name)])
    figure = charts.embedding_chart(
        result.coordinates,
        result.labels,
        result.indices,
        f"Your {counted(len(labels), 'digit')} among {len(result.labels):,} MNIST training images",
    )
    st.plotly_chart(charts.with_your_digits(figure, placement.coordinates, labels, ids), key="your_map_chart")
    st.caption(
        "Each outlined circle is one of your digits, placed without moving MNIST's points "
        "(openTSNE's transform for t-SNE, the same projection for PCA). A digit of yours inside "
        "another digit's cluster is one the models are likely to misread."
    )
    number = st.selectbox(
        "Your digit",
        range(len(labels)),
        format_func=lambda index: f"#{index + 1}: a {labels[index]}",
        key="your_neighbours_digit",
    )
    neighbours = placement.neighbours[number]
    dataset = mnist_or_stop()
    pictures = np.concatenate([frames[number : number + 1], dataset.train_images[neighbours]])
    st.image(
        gallery(pictures, columns=len(pictures), scale=3),
        caption=f"Your {labels[number]} (left) and the map's MNIST training digits most like it, "
        "pixel by pixel (nearest after PCA to 50 dimensions): "
        + ", ".join(f"a {dataset.train_labels[index]} (#{index})" for index in neighbours)
        + ".",
        alt=f"your digit {labels[number]} and its {len(neighbours)} nearest MNIST training digits",
    )


def collection_files(store: CollectionStore, name: str) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as scratch:
        npz, csv = Path(scratch) / "digits.npz", Path(scratch) / "digits.csv"
        export_npz(store, name, npz)
        export_csv(store, name, csv)
        npz_bytes, csv_bytes = npz.read_bytes(), csv.read_bytes()
    slug = "-".join(name.split()) or "digits"
    downloads = st.columns(3)
    downloads[0].download_button(
        "Download .npz (MNIST's layout)",
        npz_bytes,
        file_name=f"{slug}.npz",
        mime="application/octet-stream",
        icon=":material/download:",
        help="x: uint8 (N, 28, 28), y: labels, as keras.datasets.mnist gives them.",
    )
    downloads[1].download_button(
        "Download .csv",
        csv_bytes,
        file_name=f"{slug}.csv",
        mime="text/csv",
        icon=":material/download:",
        help="One row per digit: what is known about it, then pixel0 … pixel783.",
    )
    with downloads[2].popover("Delete this collection", icon=":material/delete_forever:"):
        held = counted(len(store.digits(name)), "digit")
        st.markdown(f"Delete “{name}” and its {held}? This cannot be undone.")
        if st.button("Delete them", type="primary", key="delete_collection"):
            store.delete_collection(name)
            st.session_state.pop("collection", None)
            st.query_params.pop("collection", None)
            st.rerun()


with yours_tab:
    if yours_tab.open:
        st.caption(
            "The digits you kept on Read a number, with the labels you gave them: how they compare "
            "with MNIST's, and where they fall among MNIST's digits."
        )
        if (chosen := chosen_collection()) is not None:
            store, name = chosen
            try:
                frames, labels = store.arrays(name)
                counts = store.counts(name)
                st.plotly_chart(charts.collection_counts_chart(counts, name), key="your_counts_chart")
                st.plotly_chart(
                    charts.your_means_chart(collection_means(frames, labels), statistics.means, counts),
                    key="your_means_chart",
                )
                st.caption(
                    "Red: where you put ink and MNIST's writers mostly do not; blue: the reverse. "
                    "A strong pattern here (a crossed 7, a 1 with a base) is what the models have not seen."
                )
                your_gallery(store, name)
                if len(labels):
                    your_map(store, name, frames, labels)
                collection_files(store, name)
            except StoreUnavailableError as error:
                st.warning(str(error), icon=":material/database:")
