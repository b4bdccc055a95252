"""The model registry: eight digit classifiers behind one interface (see registry.py)."""

from core.models.base import (
    DigitClassifier,
    ModelFileError,
    ModelInputError,
    ModelNotTrainedError,
    ModelSpec,
)
from core.models.registry import (
    MODEL_NAMES,
    SPECS,
    artefact_path,
    damage_in_file,
    get_spec,
    is_available,
    load_keras_model,
    load_model,
    new_model,
)

__all__ = [
    "MODEL_NAMES",
    "SPECS",
    "DigitClassifier",
    "ModelFileError",
    "ModelInputError",
    "ModelNotTrainedError",
    "ModelSpec",
    "artefact_path",
    "damage_in_file",
    "get_spec",
    "is_available",
    "load_keras_model",
    "load_model",
    "new_model",
]
