"""Serve the trained Keras networks with onnxruntime, without importing TensorFlow.

`import tensorflow` costs 5 to 15 s and hundreds of MB; onnxruntime answers a
batch of digits in well under a millisecond. Export happens once, after training.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

from core.models.base import DigitClassifier, ModelSpec, as_model_input

T = TypeVar("T")
logger = logging.getLogger(__name__)


def export_keras_to_onnx(model, path: Path) -> Path:
    """Convert a Keras model to ONNX with a dynamic batch size (training side only)."""
    import tensorflow as tf
    import tf2onnx

    signature = (tf.TensorSpec((None, *model.input_shape[1:]), tf.float32, name="images"),)

    @tf.function(input_signature=signature)
    def serve(images):
        return {"probabilities": model(images, training=False)}

    tf2onnx.convert.from_function(serve, input_signature=signature, opset=17, output_path=str(path))
    return path


def penultimate_layer(model):
    """The layer whose output a network's last Dense layer reads (skipping a dropout): the
    learned features the explanations compare digits by (core/explain.py)."""
    from keras import layers

    hidden = [layer for layer in model.layers[:-1] if not isinstance(layer, layers.Dropout)]
    return hidden[-1]


def export_features_to_onnx(model, path: Path) -> Path:
    """Export the network up to its penultimate layer: (N, 28, 28, 1) -> (N, features)."""
    import keras
    import tensorflow as tf
    import tf2onnx

    features = keras.Model(model.inputs, penultimate_layer(model).output)
    signature = (tf.TensorSpec((None, *model.input_shape[1:]), tf.float32, name="images"),)

    @tf.function(input_signature=signature)
    def serve(images):
        return {"features": features(images, training=False)}

    tf2onnx.convert.from_function(serve, input_signature=signature, opset=17, output_path=str(path))
    return path


def features_path(classifier_path: Path) -> Path:
    """cnn.onnx -> cnn.features.onnx, beside it."""
    return classifier_path.with_suffix(".features.onnx")


class OnnxFeatures:
    """A network's penultimate-layer features, served by onnxruntime."""

    def __init__(self, path: Path):
        self.path = path
        self.session = serving_session(path)
        self.input_name = self.session.get_inputs()[0].name

    def __call__(self, images: np.ndarray) -> np.ndarray:
        inputs = as_model_input(images)[..., None]
        (features,) = self.session.run(None, {self.input_name: inputs})
        return features.reshape(len(inputs), -1).astype(np.float32, copy=False)


def serving_session(path: Path):
    """An onnxruntime session on the CPU for a served network, with `serving_options`."""
    import onnxruntime

    return onnxruntime.InferenceSession(
        str(path), sess_options=serving_options(), providers=["CPUExecutionProvider"]
    )


def optional_network(load: Callable[[Path], T], path: Path, role: str, command: str) -> T | None:
    """`load(path)`, or None when the file is missing or damaged: the reader then works
    without that network (its `role`), as before it existed; a damaged file is logged
    with the `command` that rebuilds it and the one that restores it."""
    if not Path(path).is_file():
        return None
    try:
        return load(path)
    except Exception as error:  # noqa: BLE001 - onnxruntime fails in many ways on a bad file; all mean "rebuild"
        logger.warning(
            "The reader works without its %s: %s is damaged (%s). Rebuild it with `%s` or "
            "restore it with `git checkout -- models/%s`.",
            role,
            Path(path).name,
            str(error).splitlines()[0][:160] if str(error) else type(error).__name__,
            command,
            Path(path).name,
        )
        return None


def serving_options():
    """onnxruntime's options for a served network (the classifiers, the verifier, the sequence reader)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3  # warnings about unused initialisers are noise here
    # Its worker threads otherwise spin for a while after each call, waiting for the next:
    # on a small server with several people reading at once, that spinning took the cores
    # the other sessions needed (the reader calls a network on a few dozen frames at a time).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # As many threads as the process has cores, set explicitly: left at 0, onnxruntime
    # also pins its threads to cores, and the reader's small batches (a few to a few dozen
    # frames) ran a third slower (4 frames 0.9 -> 0.7 ms, 30 frames 6.4 -> 4.9 ms on 2 cores).
    options.intra_op_num_threads = available_cores()
    return options


def available_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class OnnxClassifier(DigitClassifier):
    """A trained network, loaded once, answering whole batches in one call."""

    def __init__(self, spec: ModelSpec, path: Path):
        self.spec = spec
        self.path = path
        self.session = serving_session(path)
        self.input_name = self.session.get_inputs()[0].name
        self.chosen_hyperparameters = dict(spec.hyperparameters)
        self.validation_accuracy = None

    def fit(self, *args, **kwargs):
        raise NotImplementedError(
            f"ONNX models are only served; train {self.spec.display_name} with `{self.spec.train_command}`"
        )

    def predict_proba(self, images: np.ndarray) -> np.ndarray:
        inputs = as_model_input(images)[..., None]
        if len(inputs) == 0:
            return np.zeros((0, 10), np.float32)
        (probabilities,) = self.session.run(None, {self.input_name: inputs})
        return probabilities.astype(np.float32, copy=False)

    def save(self, directory: Path) -> list[Path]:
        raise NotImplementedError("the ONNX file is written when the Keras model is saved")

    @property
    def parameter_count(self) -> int | None:
        import onnx

        graph = onnx.load(str(self.path)).graph
        return int(sum(np.prod(tensor.dims) for tensor in graph.initializer))
