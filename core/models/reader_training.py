"""What training the reader's own networks (the verifier, the sequence reader) shares:
settings, seeding and the output folder, examples made from MNIST's three splits, Adam
with cosine decay, fitting with a line of progress per epoch, and saving the Keras
network, its ONNX export and its training record side by side. Imports Keras when called.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from core.files import write_atomically
from core.models.base import ProgressCallback

# The last training digits check the network while it learns; it never learns from them.
VALIDATION_DIGITS = 5000


def start_training(defaults: dict, overrides: dict, output_directory) -> tuple[dict, Path, float]:
    """The settings (`defaults` with `overrides`), the output folder made before training
    (so a run's work is not lost to a missing folder after it), Keras seeded with
    settings["seed"], and the start time (time.monotonic)."""
    import keras

    settings = {**defaults, **overrides}
    directory = Path(output_directory)
    directory.mkdir(parents=True, exist_ok=True)
    keras.utils.set_random_seed(settings["seed"])
    return settings, directory, time.monotonic()


def example_splits(dataset, make: Callable, counts: tuple[int, int, int]) -> tuple:
    """`make(images, labels, count, seed)` on MNIST's training digits but the last
    VALIDATION_DIGITS (seed 1), on those last ones (seed 2) and on its test digits (seed
    3), `counts` examples each: what the network learns from, is checked on while it
    learns, and is scored on (digits it never saw)."""
    train_count, validation_count, test_count = counts
    images, labels = dataset.train_images, dataset.train_labels
    return (
        make(images[:-VALIDATION_DIGITS], labels[:-VALIDATION_DIGITS], train_count, seed=1),
        make(images[-VALIDATION_DIGITS:], labels[-VALIDATION_DIGITS:], validation_count, seed=2),
        make(dataset.test_images, dataset.test_labels, test_count, seed=3),
    )


def fit_with_cosine_decay(
    model,
    loss,
    settings: dict,
    train: tuple,
    validation: tuple,
    progress: ProgressCallback,
    epoch_message: Callable[[dict], str],
    started: float,
    metrics: list[str] | None = None,
):
    """Compile `model` with Adam at settings["learning_rate"], decayed by a cosine to 1%
    over settings["epochs"], and fit it on `train` (inputs, targets) in
    settings["batch_size"] batches, scoring `validation`; after each epoch, progress
    from 0.1 to 1.0 says `epoch_message(logs)` and the time since `started`. The history."""
    import keras

    steps = settings["epochs"] * -(-len(train[0]) // settings["batch_size"])
    model.compile(
        optimizer=keras.optimizers.Adam(
            keras.optimizers.schedules.CosineDecay(settings["learning_rate"], steps, alpha=0.01)
        ),
        loss=loss,
        metrics=metrics,
    )
    return model.fit(
        *train,
        batch_size=settings["batch_size"],
        epochs=settings["epochs"],
        validation_data=validation,
        callbacks=[
            keras.callbacks.LambdaCallback(
                on_epoch_end=lambda epoch, logs: progress(
                    0.1 + 0.9 * (epoch + 1) / settings["epochs"],
                    f"epoch {epoch + 1}: {epoch_message(logs)}, {time.monotonic() - started:.0f} s",
                )
            )
        ],
        verbose=0,
    )


def save_reader_network(model, directory: Path, name: str, record: dict, started: float) -> dict:
    """Save NAME.keras and NAME.onnx in `directory`, and `record` completed with the fit
    time, parameter count and artefacts as NAME.training.json; the record."""
    from core.models.onnx_serving import export_keras_to_onnx

    model.save(directory / f"{name}.keras")
    export_keras_to_onnx(model, directory / f"{name}.onnx")
    record = {
        **record,
        "fit_seconds": round(time.monotonic() - started, 1),
        "parameter_count": int(model.count_params()),
        "artefacts": [f"{name}.keras", f"{name}.onnx"],
    }
    text = json.dumps(record, indent=2) + "\n"
    write_atomically(directory / f"{name}.training.json", lambda file: file.write(text.encode()))
    return record
