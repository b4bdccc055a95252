"""The two Keras networks: a dense network and a convolutional one.

Training only: this module imports TensorFlow (5 to 15 s). The app serves the
trained networks through onnxruntime (core/models/onnx_serving.py) instead.
Architectures read like keras-io's mnist_convnet example.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import keras
import numpy as np
from keras import layers

from core import config
from core.models.base import (
    DigitClassifier,
    ModelNotFittedError,
    ModelSpec,
    ProgressCallback,
    as_labels,
    as_model_input,
)

INPUT_SHAPE = (config.IMAGE_SIDE, config.IMAGE_SIDE, 1)
# Keras's default (0.99) needs hundreds of steps before the running statistics are
# usable; 0.9 serves the full 30-epoch training and a 1,000-image run alike.
BATCH_NORM_MOMENTUM = 0.9
PEN_LIFT_BANDS = 3


def build_dense_network(hidden_units: int, dropout_rate: float) -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            layers.Flatten(),
            layers.Dense(hidden_units, activation="relu"),
            layers.Dropout(dropout_rate),
            layers.Dense(hidden_units, activation="relu"),
            layers.Dropout(dropout_rate),
            layers.Dense(config.NUM_CLASSES, activation="softmax"),
        ],
        name="dense",
    )


def _conv_block(filters: int) -> list[layers.Layer]:
    # Conv without bias: the batch norm that follows has its own shift.
    return [
        layers.Conv2D(filters, 3, use_bias=False),
        layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM),
        layers.Activation("relu"),
    ]


def build_convolutional_network(dense_units: int, dropout_rate: float) -> keras.Model:
    # Valid padding: 28 -> 26 -> 24 -> pool 12 -> 10 -> 8 -> pool 4 (about 10 M
    # multiply-adds per image, half of what same padding costs on 2 CPU cores).
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            *_conv_block(32),
            *_conv_block(32),
            layers.MaxPooling2D(),
            layers.Dropout(dropout_rate / 2),
            *_conv_block(64),
            *_conv_block(64),
            layers.MaxPooling2D(),
            layers.Dropout(dropout_rate / 2),
            layers.Flatten(),
            layers.Dense(dense_units, use_bias=False),
            layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM),
            layers.Activation("relu"),
            layers.Dropout(dropout_rate),
            layers.Dense(config.NUM_CLASSES, activation="softmax"),
        ],
        name="cnn",
    )


class RandomPenLifts(layers.Layer):
    """Training only: cut thin bands of missing ink across the strokes, as where a pen
    skipped or was lifted. Up to PEN_LIFT_BANDS bands per image, each present with
    probability `rate`, 0.5 to 2 pixels wide and 4 to 14 long at any angle: a 3 to 6
    pixel gap in a digit drawn 80 to 150 pixels tall, once brought to MNIST's 20-pixel
    box. MNIST's writers rarely lifted the pen; the reader's users often do."""

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, images, training: bool = True):
        if not training or self.rate <= 0:
            return images
        shape = (keras.ops.shape(images)[0], PEN_LIFT_BANDS, 1, 1)

        def uniform(low: float, high: float):
            return keras.random.uniform(shape, low, high, seed=self.seed_generator)

        centre_x, centre_y = uniform(4.0, 24.0), uniform(4.0, 24.0)
        angle = uniform(0.0, np.pi)
        half_width, half_length = uniform(0.25, 1.0), uniform(2.0, 7.0)
        present = keras.ops.cast(uniform(0.0, 1.0) < self.rate, "float32")
        grid = keras.ops.arange(config.IMAGE_SIDE, dtype="float32")
        dx = grid[None, None, None, :] - centre_x
        dy = grid[None, None, :, None] - centre_y
        along = dx * keras.ops.cos(angle) + dy * keras.ops.sin(angle)
        across = dy * keras.ops.cos(angle) - dx * keras.ops.sin(angle)
        # Anti-aliased edges across the band, as a gap drawn at full size and shrunk.
        depth = keras.ops.clip(half_width + 0.5 - keras.ops.abs(across), 0.0, 1.0)
        within = keras.ops.cast(keras.ops.abs(along) < half_length, "float32")
        missing = keras.ops.max(depth * within * present, axis=1)
        return images * (1.0 - missing)[..., None]

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


def build_augmentation(
    rotation_degrees: float, shift_fraction: float, zoom_fraction: float, pen_lift_rate: float = 0.0
) -> keras.Model:
    """Small random rotations, shifts and zooms (handwriting varies this much, labels do
    not), after pen lifts cut into the strokes."""
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            RandomPenLifts(pen_lift_rate),
            layers.RandomRotation(rotation_degrees / 360.0, fill_mode="constant"),
            layers.RandomTranslation(shift_fraction, shift_fraction, fill_mode="constant"),
            layers.RandomZoom(zoom_fraction, fill_mode="constant"),
        ],
        name="augmentation",
    )


class EpochReport(keras.callbacks.Callback):
    """One line per epoch with the validation accuracy and the time so far."""

    def __init__(self, total_epochs: int, progress: ProgressCallback):
        super().__init__()
        self.total_epochs = total_epochs
        self.progress = progress
        self.started = time.monotonic()

    def on_epoch_end(self, epoch: int, logs: dict[str, float] | None = None) -> None:
        logs = logs or {}
        elapsed = time.monotonic() - self.started
        self.progress(
            (epoch + 1) / self.total_epochs,
            f"epoch {epoch + 1}/{self.total_epochs}: loss {logs.get('loss', float('nan')):.4f}, "
            f"train accuracy {logs.get('accuracy', float('nan')):.4f}, "
            f"validation accuracy {logs.get('val_accuracy', float('nan')):.4f}, "
            f"elapsed {elapsed / 60:.1f} min",
        )


def _with_reader_view(
    frames: np.ndarray,
    labels: np.ndarray,
    images: np.ndarray,
    share: float,
    seed: int,
    progress: ProgressCallback | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """`frames` and `labels`, then `share` times as many reader-view frames of `images`."""
    from core.models.handwriting import reader_view_frames

    started = time.monotonic()
    extra, extra_labels = reader_view_frames(images, labels, int(round(share * len(labels))), seed)
    if progress is not None:
        progress(0.0, f"{len(extra):,} reader-view frames drawn in {time.monotonic() - started:.0f} s")
    return np.concatenate([frames, extra[..., None]]), np.concatenate(
        [labels, extra_labels.astype(labels.dtype)]
    )


def _with_european_digits(
    frames: np.ndarray, targets: np.ndarray, images: np.ndarray, labels: np.ndarray, share: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """`frames` and `targets`, then slashed zeros and crossed sevens made from `share` of
    the 0s and 7s of `images`, scaled as the frames are."""
    from core.models.handwriting import european_variants

    extra, extra_labels = european_variants(np.asarray(images), np.asarray(labels), share, seed)
    return np.concatenate([frames, as_model_input(extra)[..., None]]), np.concatenate(
        [targets, extra_labels.astype(targets.dtype)]
    )


class KerasClassifier(DigitClassifier):
    """A Keras network trained with Adam, a cosine learning-rate decay and early stopping.

    The epoch kept is the one with the best validation accuracy (the weights are
    restored to it), so the test set never takes part in choosing.
    """

    def __init__(self, spec: ModelSpec, model: keras.Model | None = None, **overrides: Any):
        self.spec = spec
        self.hyperparameters = {**spec.hyperparameters, **overrides}
        self.model = model
        self.chosen_hyperparameters = dict(self.hyperparameters)
        self.validation_accuracy = None
        self.epochs_trained: int | None = None

    def _build(self) -> keras.Model:
        settings = self.hyperparameters
        if self.spec.name == "cnn":
            return build_convolutional_network(settings["dense_units"], settings["dropout_rate"])
        return build_dense_network(settings["hidden_units"], settings["dropout_rate"])

    def fit(self, images, labels, validation_images, validation_labels, progress=None):
        settings = self.hyperparameters
        train_x = as_model_input(images)[..., None]
        train_y = as_labels(labels, len(train_x))
        validation_x = as_model_input(validation_images)[..., None]
        validation_y = as_labels(validation_labels, len(validation_x))
        if settings.get("european_share"):
            # Slashed zeros and crossed sevens drawn on some of the training digits
            # (core/models/handwriting.py); validation gets its own digits' too.
            train_x, train_y = _with_european_digits(
                train_x, train_y, images, labels, settings["european_share"], settings["seed"]
            )
            validation_x, validation_y = _with_european_digits(
                validation_x,
                validation_y,
                validation_images,
                validation_labels,
                settings["european_share"],
                settings["seed"] + 1,
            )
        if settings.get("reader_view_share"):
            # Beside MNIST's frames, the same digits drawn as people write them and framed
            # by the reader (core/models/handwriting.py); validation gets its own digits'.
            train_x, train_y = _with_reader_view(
                train_x, train_y, images, settings["reader_view_share"], settings["seed"], progress
            )
            validation_x, validation_y = _with_reader_view(
                validation_x,
                validation_y,
                validation_images,
                settings["reader_view_share"],
                settings["seed"] + 1,
            )
        keras.utils.set_random_seed(settings["seed"])

        self.model = self._build()
        epochs, batch_size = settings["epochs"], settings["batch_size"]
        steps_per_epoch = -(-len(train_x) // batch_size)
        learning_rate = keras.optimizers.schedules.CosineDecay(
            settings["learning_rate"], decay_steps=epochs * steps_per_epoch, alpha=0.01
        )
        trainable = self.model
        if settings.get("augment"):
            # Augment in front of the network while training; the saved model stays plain.
            augmentation = build_augmentation(
                settings["rotation_degrees"],
                settings["shift_fraction"],
                settings["zoom_fraction"],
                settings.get("pen_lift_rate", 0.0),
            )
            trainable = keras.Sequential([keras.Input(shape=INPUT_SHAPE), augmentation, self.model])
        trainable.compile(
            optimizer=keras.optimizers.Adam(learning_rate),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
        callbacks: list[keras.callbacks.Callback] = [
            keras.callbacks.EarlyStopping(
                monitor="val_accuracy",
                patience=settings["patience"],
                restore_best_weights=True,
                start_from_epoch=0,
            )
        ]
        if progress is not None:
            callbacks.append(EpochReport(epochs, progress))
        history = trainable.fit(
            train_x,
            train_y,
            batch_size=batch_size,
            epochs=epochs,
            validation_data=(validation_x, validation_y),
            callbacks=callbacks,
            verbose=0,
        )
        validation_curve = history.history["val_accuracy"]
        self.validation_accuracy = float(max(validation_curve))
        self.epochs_trained = len(validation_curve)
        self.chosen_hyperparameters = {
            **settings,
            "best_epoch": int(np.argmax(validation_curve)) + 1,
            "epochs_run": self.epochs_trained,
        }
        return self

    def predict_proba(self, images: np.ndarray) -> np.ndarray:
        if self.model is None:
            raise ModelNotFittedError(self.spec)
        inputs = as_model_input(images)[..., None]
        # Calling the model beats predict() for small batches; chunk big ones to bound memory.
        outputs = [
            keras.ops.convert_to_numpy(self.model(inputs[start : start + 1024], training=False))
            for start in range(0, len(inputs), 1024)
        ]
        return np.concatenate(outputs).astype(np.float32) if outputs else np.zeros((0, 10), np.float32)

    def save(self, directory: Path) -> list[Path]:
        from core.models.onnx_serving import export_features_to_onnx, export_keras_to_onnx, features_path

        keras_path = directory / f"{self.spec.name}.keras"
        self.model.save(keras_path)
        onnx_path = export_keras_to_onnx(self.model, directory / f"{self.spec.name}.onnx")
        # The explanations' "most like these" compares digits in this layer's features.
        return [keras_path, onnx_path, export_features_to_onnx(self.model, features_path(onnx_path))]

    @classmethod
    def load(cls, spec: ModelSpec, path: Path) -> KerasClassifier:
        return cls(spec, model=keras.models.load_model(path))

    @property
    def parameter_count(self) -> int | None:
        return None if self.model is None else int(self.model.count_params())
