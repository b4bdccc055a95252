"""The eight models: one spec each, and the functions that build and load them.

The hyper-parameters below are the defaults; `candidates` are the alternatives
tried on the validation split (5,000 images carved from the 60,000 training
images) when the model is trained, and the best is kept. The test set is used
once, afterwards, by core/evaluate.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core import config
from core.models.base import DigitClassifier, ModelFileError, ModelNotTrainedError, ModelSpec, Setting

SEED = 0
# What the two Keras networks share: Adam on batches of 128, early stopping after
# 8 epochs without a better validation accuracy.
NETWORK_TRAINING = {"batch_size": 128, "patience": 8, "seed": SEED}

SPECS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in [
        ModelSpec(
            name="logistic",
            short_name="Logistic",
            display_name="Logistic regression",
            description=(
                "One weighted sum of the pixels per digit, turned into probabilities. A straight "
                "line between classes: fast and easy to read, but it cannot combine strokes."
            ),
            family="classic",
            hyperparameters={"C": 0.1, "max_iter": 300, "seed": SEED},
            candidates=({"C": 0.01}, {"C": 0.1}),
            settings=(
                Setting(
                    "C",
                    "Regularisation C",
                    (0.01, 0.1, 1.0),
                    0.1,
                    "How freely the weights may grow: small C keeps them small and smooth (less "
                    "overfitting), large C fits the training images more closely.",
                ),
            ),
        ),
        ModelSpec(
            name="knn",
            short_name="k-NN",
            published_accuracy=(96.81, 96.81),
            display_name="k-nearest neighbours",
            description=(
                "Finds the training digits most like the new one and lets them vote. Nothing is "
                "learned: it remembers all 55,000 examples, so it is big and slow to ask."
            ),
            family="classic",
            hyperparameters={"n_neighbors": 4, "pca_components": 40, "seed": SEED},
            candidates=({"n_neighbors": 1}, {"n_neighbors": 3}, {"n_neighbors": 4}, {"n_neighbors": 6}),
            settings=(
                Setting(
                    "n_neighbors",
                    "Neighbours k",
                    (1, 3, 4, 6, 10),
                    4,
                    "How many of the most similar training digits vote. One neighbour copies "
                    "every quirk; more neighbours smooth the vote but blur the boundaries.",
                ),
            ),
        ),
        ModelSpec(
            name="svm",
            short_name="SVM",
            published_accuracy=(98.32, 98.32),
            display_name="Support vector machine (RBF)",
            description=(
                "Draws curved boundaries between digits, held up by the hardest training examples "
                "(the support vectors). Among the best classic methods on MNIST."
            ),
            family="classic",
            hyperparameters={"C": 10.0, "gamma": "scale", "pca_components": 50, "seed": SEED},
            settings=(
                Setting(
                    "C",
                    "Penalty C",
                    (1.0, 10.0, 100.0),
                    10.0,
                    "How much each training digit on the wrong side of the boundary costs: large C "
                    "bends the boundary around every example, small C keeps it smooth.",
                ),
            ),
        ),
        ModelSpec(
            name="tree",
            short_name="Tree",
            published_accuracy=(82.84, 82.84),
            display_name="Decision tree",
            description=(
                "A flowchart of yes/no questions about single pixels. Readable, but one tree "
                "memorises quirks of its training data."
            ),
            family="classic",
            hyperparameters={"criterion": "entropy", "max_depth": None, "min_samples_leaf": 1, "seed": SEED},
            candidates=(
                {"criterion": "gini", "min_samples_leaf": 1},
                {"criterion": "entropy", "min_samples_leaf": 1},
                {"criterion": "entropy", "min_samples_leaf": 3},
            ),
            settings=(
                Setting(
                    "max_depth",
                    "Deepest question chain",
                    (None, 8, 16, 32),
                    None,
                    "How many yes/no questions in a row the tree may ask about pixels. A shallow "
                    "tree is too simple; an unlimited one memorises its training images.",
                ),
                Setting(
                    "min_samples_leaf",
                    "Fewest images per answer",
                    (1, 3, 10),
                    1,
                    "Each final answer of the tree must cover at least this many training images: "
                    "larger values stop it answering for single odd digits.",
                ),
            ),
        ),
        ModelSpec(
            name="forest",
            short_name="Forest",
            published_accuracy=(94.79, 94.79),
            display_name="Random forest",
            description=(
                "Hundreds of decision trees, each grown on a random sample of images and pixels, "
                "voting together. Their mistakes differ, so the vote is far better than one tree."
            ),
            family="classic",
            hyperparameters={"n_estimators": 300, "max_features": "sqrt", "seed": SEED},
            settings=(
                Setting(
                    "n_estimators",
                    "Trees",
                    (25, 100, 300),
                    100,  # the saved model has 300; 100 trains in a third of the time
                    "How many trees vote. More trees make a steadier vote, and take longer to "
                    "train and to ask.",
                ),
            ),
        ),
        ModelSpec(
            name="mlp",
            short_name="MLP",
            published_accuracy=(97.73, 97.73),
            display_name="Multi-layer perceptron (scikit-learn)",
            description=(
                "A small neural network: one hidden layer of 512 units learns stroke detectors, "
                "the output layer combines them."
            ),
            family="classic",
            hyperparameters={
                "hidden_layer_sizes": [512],
                "alpha": 1e-4,
                "batch_size": 128,
                "learning_rate": 1e-3,
                "max_iter": 60,
                "patience": 6,
                "seed": SEED,
            },
            settings=(
                Setting(
                    "hidden_layer_sizes",
                    "Hidden layers",
                    ([128], [512], [512, 256]),
                    [512],
                    "How many units each hidden layer has. More units can learn more stroke "
                    "shapes, and need more images and time.",
                ),
                Setting(
                    "max_iter",
                    "Passes over the images (epochs)",
                    (10, 30, 60),
                    30,
                    "The most times training goes through all its images; it stops sooner when "
                    "the validation accuracy stops improving.",
                ),
            ),
        ),
        ModelSpec(
            name="dense",
            short_name="Dense",
            published_accuracy=(97.64, 97.64),
            display_name="Dense network (Keras)",
            description=(
                "Two fully connected layers of 512 units with dropout. It sees the image as a "
                "list of 784 numbers and knows nothing about neighbouring pixels."
            ),
            family="neural",
            hyperparameters={
                "hidden_units": 512,
                "dropout_rate": 0.3,
                "epochs": 40,
                "learning_rate": 1e-3,
                "augment": False,
                **NETWORK_TRAINING,
            },
            settings=(
                Setting(
                    "epochs",
                    "Passes over the images (epochs)",
                    (2, 5, 10, 40),
                    5,
                    "How many times training goes through all its images. Early stopping keeps "
                    "the epoch with the best validation accuracy.",
                ),
            ),
        ),
        ModelSpec(
            name="cnn",
            short_name="CNN",
            published_accuracy=(99.02, 99.37),
            display_name="Convolutional network (Keras)",
            description=(
                "Small filters slide over the image and learn strokes, then shapes. Batch "
                "normalisation, dropout and randomly shifted, rotated and zoomed copies of the "
                "training digits, some with gaps cut into their strokes where a pen might lift, "
                "make it the most accurate model here."
            ),
            family="neural",
            hyperparameters={
                "dense_units": 128,
                "dropout_rate": 0.4,
                "epochs": 30,
                "learning_rate": 2e-3,
                "augment": True,
                "rotation_degrees": 10.0,
                "shift_fraction": 0.1,
                "zoom_fraction": 0.1,
                # Pen lifts cut into training digits (core/models/networks.py): chosen
                # on the reader's development set, where 0.3 and 0.6 both lifted broken
                # strokes from 89% to 92-93% without costing clean digits.
                "pen_lift_rate": 0.6,
                **NETWORK_TRAINING,
            },
            settings=(
                Setting(
                    "epochs",
                    "Passes over the images (epochs)",
                    (1, 2, 5, 10),
                    2,
                    "How many times training goes through all its images (about 50 s each for "
                    "55,000 images here). Early stopping keeps the best epoch on validation.",
                ),
            ),
        ),
    ]
}

MODEL_NAMES: tuple[str, ...] = tuple(SPECS)
# Too large for git (see models/README.md); `python -m core train --model NAME` rebuilds them.
UNCOMMITTED_MODELS = ("forest",)


def get_spec(name: str) -> ModelSpec:
    try:
        return SPECS[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}") from None


def new_model(name: str, **overrides: Any) -> DigitClassifier:
    """An untrained model; overrides replace hyper-parameters (and skip the candidate search)."""
    spec = get_spec(name)
    if spec.family == "neural":
        from core.models.networks import KerasClassifier  # imports TensorFlow

        return KerasClassifier(spec, **overrides)
    from core.models.classic import SklearnClassifier

    return SklearnClassifier(spec, **overrides)


def artefact_path(name: str, directory: Path = config.MODELS_DIR) -> Path:
    """The file a trained model is served from: ONNX for the networks, joblib otherwise."""
    spec = get_spec(name)
    return directory / f"{name}.{'onnx' if spec.family == 'neural' else 'joblib'}"


def is_available(name: str, directory: Path = config.MODELS_DIR) -> bool:
    return artefact_path(name, directory).is_file()


def damage_in_file(name: str, directory: Path = config.MODELS_DIR) -> ModelFileError | None:
    """The error loading a model's file would give, found without loading it, or None when
    the file looks whole (or is missing: is_available says that). Cheap enough to check
    every model before offering it: the joblib files' compressed stream is read through
    to its end in constant memory (60 ms for the largest), an ONNX file is opened by
    onnxruntime."""
    spec = get_spec(name)
    path = artefact_path(name, directory)
    if not path.is_file():
        return None
    try:
        if spec.family == "neural":
            import onnxruntime

            from core.models.onnx_serving import serving_options

            onnxruntime.InferenceSession(
                str(path), sess_options=serving_options(), providers=["CPUExecutionProvider"]
            )
        else:
            _check_zlib_stream(path)
    except Exception as error:  # noqa: BLE001 - any failure to open means "rebuild", as in load_model
        return _damaged(spec, path, error)
    return None


# First bytes of a joblib file: zlib's header (compress=3, as train_model saves), or a pickle's.
ZLIB_MARK = 0x78
PICKLE_PROTOCOL_MARK = 0x80


def _check_zlib_stream(path: Path, chunk_bytes: int = 1 << 20) -> None:
    """Read a zlib-compressed file (joblib's compress=3) to its end; zlib.error, EOFError or
    ValueError if it is corrupt, cut short or not joblib's. Files joblib wrote
    uncompressed are left to loading."""
    import zlib

    with path.open("rb") as file:
        header = file.read(2)
        if len(header) < 2:
            raise EOFError("the file is empty")
        if header[0] == PICKLE_PROTOCOL_MARK:  # written uncompressed: only loading it tells
            return
        if header[0] != ZLIB_MARK:
            raise ValueError("neither a compressed nor a plain joblib file")
        stream = zlib.decompressobj()
        stream.decompress(header)
        while chunk := file.read(chunk_bytes):
            stream.decompress(chunk)
        if not stream.eof:
            raise EOFError("the compressed data stops before its end")


def _damaged(spec, path: Path, error: BaseException) -> ModelFileError:
    reason = str(error).strip().splitlines()[0][:160] if str(error).strip() else type(error).__name__
    return ModelFileError(
        f"{spec.display_name} cannot be loaded: {path.name} is damaged ({reason}). "
        f"Rebuild it with `{spec.train_command}`."
    )


def load_model(name: str, directory: Path = config.MODELS_DIR) -> DigitClassifier:
    """A trained model ready to predict; never imports TensorFlow.

    Raises ModelNotTrainedError naming the command that builds a missing model, and
    ModelFileError naming the command that rebuilds a damaged one.
    """
    spec = get_spec(name)
    path = artefact_path(name, directory)
    if not path.is_file():
        raise ModelNotTrainedError(
            f"{spec.display_name} is not built yet ({path.name} is missing). "
            f"Build it with `{spec.train_command}`."
        )
    try:
        if spec.family == "neural":
            from core.models.onnx_serving import OnnxClassifier

            return OnnxClassifier(spec, path)
        from core.models.classic import SklearnClassifier

        return SklearnClassifier.load(spec, path)
    except Exception as error:  # noqa: BLE001 - onnxruntime and unpickling fail in many ways; all mean "rebuild"
        raise _damaged(spec, path, error) from error


def load_keras_model(name: str, directory: Path = config.MODELS_DIR) -> DigitClassifier:
    """The Keras original of a network (imports TensorFlow): for checks and further training."""
    spec = get_spec(name)
    path = directory / f"{name}.keras"
    if not path.is_file():
        raise ModelNotTrainedError(f"{path.name} is missing. Build it with `{spec.train_command}`.")
    from core.models.networks import KerasClassifier

    return KerasClassifier.load(spec, path)
