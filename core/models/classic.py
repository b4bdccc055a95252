"""The scikit-learn models, each a pipeline with its feature steps inside.

A pipeline takes float images (N, 28, 28) in [0, 1]; the deskewing, scaling and
PCA it needs travel with it, so a saved model is used exactly as it was trained.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from core.models.base import (
    DigitClassifier,
    ModelNotFittedError,
    ModelSpec,
    as_labels,
    as_model_input,
)
from core.models.features import deskew_and_flatten

# Softmax temperatures tried when turning SVM decision values into probabilities.
SVM_TEMPERATURES = np.geomspace(0.05, 20.0, 60)


def build_pipeline(name: str, settings: dict[str, Any]) -> Pipeline:
    """The feature steps and the estimator of one classic model."""
    seed = settings["seed"]
    steps: list[tuple[str, Any]] = [("deskew", FunctionTransformer(deskew_and_flatten))]
    if name == "logistic":
        steps += [
            ("scale", StandardScaler()),
            ("classify", LogisticRegression(C=settings["C"], max_iter=settings["max_iter"])),
        ]
    elif name == "knn":
        steps += [
            ("pca", PCA(n_components=settings["pca_components"], random_state=seed)),
            ("classify", KNeighborsClassifier(n_neighbors=settings["n_neighbors"], weights="distance")),
        ]
    elif name == "svm":
        steps += [
            ("pca", PCA(n_components=settings["pca_components"], random_state=seed)),
            ("classify", SVC(kernel="rbf", C=settings["C"], gamma=settings["gamma"], cache_size=1000)),
        ]
    elif name == "tree":
        steps += [
            (
                "classify",
                DecisionTreeClassifier(
                    criterion=settings["criterion"],
                    max_depth=settings["max_depth"],
                    min_samples_leaf=settings["min_samples_leaf"],
                    random_state=seed,
                ),
            )
        ]
    elif name == "forest":
        steps += [
            (
                "classify",
                RandomForestClassifier(
                    n_estimators=settings["n_estimators"],
                    max_features=settings["max_features"],
                    n_jobs=-1,
                    random_state=seed,
                ),
            )
        ]
    elif name == "mlp":
        steps += [
            (
                "classify",
                MLPClassifier(
                    hidden_layer_sizes=tuple(settings["hidden_layer_sizes"]),
                    alpha=settings["alpha"],
                    batch_size=settings["batch_size"],
                    learning_rate_init=settings["learning_rate"],
                    max_iter=settings["max_iter"],
                    # Early stopping on 10% carved from the training part, never the test set.
                    early_stopping=True,
                    n_iter_no_change=settings["patience"],
                    random_state=seed,
                ),
            )
        ]
    else:
        raise KeyError(f"no classic model named {name!r}")
    return Pipeline(steps)


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / exponentials.sum(axis=1, keepdims=True)


class SklearnClassifier(DigitClassifier):
    """A classic model: tries the spec's candidates on the validation split, keeps the best."""

    def __init__(self, spec: ModelSpec, **overrides: Any):
        self.spec = spec
        self.hyperparameters = {**spec.hyperparameters, **overrides}
        self.overridden = set(overrides)
        self.pipeline: Pipeline | None = None
        self.chosen_hyperparameters = dict(self.hyperparameters)
        self.validation_accuracy = None
        # SVC has no native probabilities that agree with its predictions; we scale
        # its decision values by a temperature fitted on the validation split.
        self.svm_temperature: float | None = None

    def _candidates(self) -> list[dict[str, Any]]:
        searched = {key for candidate in self.spec.candidates for key in candidate}
        # A hyper-parameter set by hand is not searched over.
        if not self.spec.candidates or searched & self.overridden:
            return [self.hyperparameters]
        return [{**self.hyperparameters, **candidate} for candidate in self.spec.candidates]

    def fit(self, images, labels, validation_images, validation_labels, progress=None):
        train_x = as_model_input(images)
        train_y = as_labels(labels, len(train_x))
        validation_x = as_model_input(validation_images)
        validation_y = as_labels(validation_labels, len(validation_x))
        best_accuracy, best_pipeline, best_settings = -1.0, None, None
        candidates = self._candidates()
        for number, settings in enumerate(candidates, start=1):
            started = time.monotonic()
            pipeline = build_pipeline(self.spec.name, settings).fit(train_x, train_y)
            accuracy = float((pipeline.predict(validation_x) == validation_y).mean())
            if progress is not None:
                seconds = time.monotonic() - started
                if len(candidates) > 1:
                    tried = ", ".join(f"{key}={settings[key]}" for key in self.spec.candidates[0])
                    message = f"setting {number} of {len(candidates)} tried ({tried}): validation accuracy"
                else:
                    message = "trained: validation accuracy"
                progress(number / len(candidates), f"{message} {accuracy:.4f} ({seconds:.1f} s)")
            if accuracy > best_accuracy:
                best_accuracy, best_pipeline, best_settings = accuracy, pipeline, settings
        self.pipeline = best_pipeline
        self.chosen_hyperparameters = best_settings
        self.validation_accuracy = best_accuracy
        if self.spec.name == "svm":
            self.svm_temperature = self._fit_temperature(validation_x, validation_y)
        return self

    def _fit_temperature(self, validation_x: np.ndarray, validation_y: np.ndarray) -> float:
        scores = self.pipeline.decision_function(validation_x)
        rows = np.arange(len(validation_y))

        def negative_log_likelihood(temperature: float) -> float:
            return float(-np.log(_softmax(scores / temperature)[rows, validation_y] + 1e-12).mean())

        return float(min(SVM_TEMPERATURES, key=negative_log_likelihood))

    def predict_proba(self, images: np.ndarray) -> np.ndarray:
        if self.pipeline is None:
            raise ModelNotFittedError(self.spec)
        inputs = as_model_input(images)
        if len(inputs) == 0:
            return np.zeros((0, 10), np.float32)
        if self.spec.name == "svm":
            scores = self.pipeline.decision_function(inputs)
            return _softmax(scores / self.svm_temperature).astype(np.float32)
        return self.pipeline.predict_proba(inputs).astype(np.float32)

    def save(self, directory: Path) -> list[Path]:
        path = directory / f"{self.spec.name}.joblib"
        state = {
            "pipeline": self.pipeline,
            "chosen_hyperparameters": self.chosen_hyperparameters,
            "validation_accuracy": self.validation_accuracy,
            "svm_temperature": self.svm_temperature,
        }
        joblib.dump(state, path, compress=3)
        return [path]

    @classmethod
    def load(cls, spec: ModelSpec, path: Path) -> SklearnClassifier:
        # joblib unpickles: only ever load artefacts this project wrote.
        state = joblib.load(path)
        classifier = cls(spec)
        classifier.pipeline = state["pipeline"]
        classifier.chosen_hyperparameters = state["chosen_hyperparameters"]
        classifier.validation_accuracy = state["validation_accuracy"]
        classifier.svm_temperature = state["svm_temperature"]
        return classifier

    @property
    def parameter_count(self) -> int | None:
        if self.pipeline is None:
            return None
        estimator = self.pipeline.named_steps["classify"]
        if isinstance(estimator, LogisticRegression):
            return int(estimator.coef_.size + estimator.intercept_.size)
        if isinstance(estimator, MLPClassifier):
            return int(sum(w.size for w in estimator.coefs_) + sum(b.size for b in estimator.intercepts_))
        if isinstance(estimator, SVC):
            return int(estimator.support_vectors_.size + estimator.dual_coef_.size)
        if isinstance(estimator, DecisionTreeClassifier):
            return int(estimator.tree_.node_count)
        if isinstance(estimator, RandomForestClassifier):
            return int(sum(tree.tree_.node_count for tree in estimator.estimators_))
        return None  # k-NN memorises its training set rather than learning parameters
