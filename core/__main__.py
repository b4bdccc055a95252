"""Digit Lab's command line: `python -m core <command>`.

python -m core train --model NAME|all [--train-size N] [--epochs E] [--seed S]
python -m core evaluate --model NAME|all
python -m core train-verifier [--output DIR]
python -m core train-sequence [--output DIR]
python -m core read PATH [PATH ...] [--model NAME] [--json]
python -m core embed --method tsne|pca|all [--size N] [--seed S] [--ship]
python -m core export-features [--model cnn]
python -m core collection add IMAGE --label DIGITS [--collection NAME]
python -m core collection count|score [--collection NAME]
python -m core collection export PATH.npz|PATH.csv [--collection NAME]
python -m core collection import PATH.npz [--collection NAME]
python -m core collection delete --collection NAME
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from core import config
from core.models import MODEL_NAMES
from core.wording import counted


def _model_names(choice: str) -> list[str]:
    return list(MODEL_NAMES) if choice == "all" else [choice]


def command_train(arguments: argparse.Namespace) -> int:
    from core.data import load_mnist
    from core.training import train_model

    dataset = load_mnist()
    started = time.monotonic()

    def progress(fraction: float, message: str) -> None:
        print(f"[{(time.monotonic() - started) / 60:5.1f} min] {message}", flush=True)

    for name in _model_names(arguments.model):
        train_model(
            name,
            dataset,
            train_size=arguments.train_size,
            epochs=arguments.epochs,
            seed=arguments.seed,
            output_directory=arguments.output,
            progress=progress,
        )
        if not arguments.skip_evaluation:
            _evaluate(name, arguments.output, progress)
    return 0


def _evaluate(name: str, directory: Path, progress) -> None:
    from core.evaluate import evaluate_and_record

    entry = evaluate_and_record(name, directory)
    progress(
        1.0, f"{entry['display_name']}: test accuracy {entry['test_accuracy']:.4%} (written to results.json)"
    )


def command_evaluate(arguments: argparse.Namespace) -> int:
    for name in _model_names(arguments.model):
        _evaluate(name, arguments.output, lambda fraction, message: print(message, flush=True))
    return 0


def command_read(arguments: argparse.Namespace) -> int:
    """Read each file; a file that fails gets its error and the others are still read."""
    from core.models import ModelFileError, ModelNotTrainedError
    from core.reading import ReadError, read_number

    failures = 0
    for path in arguments.paths:
        try:
            reading = read_number(path, model=arguments.model)
            result = {"path": path, **reading.as_dict(), "error": None}
        except ReadError as error:
            failures += 1
            result = {"path": path, "text": None, "lines": [], "digits": [], "error": str(error)}
        except (ModelNotTrainedError, ModelFileError) as error:
            print(error, file=sys.stderr)
            return 2
        if arguments.json:
            print(json.dumps(result), flush=True)
        elif result["error"]:
            print(f"{path}: error: {result['error']}", flush=True)
        else:
            shown = result["text"].replace("\n", " / ") or result["message"]
            print(f"{path}: {shown}", flush=True)
    return 1 if failures else 0


def command_train_verifier(arguments: argparse.Namespace) -> int:
    from core.models.verifier import train_verifier

    return _train_reader_network(train_verifier, arguments.output)


def command_train_sequence(arguments: argparse.Namespace) -> int:
    from core.models.sequence import train_sequence_reader

    return _train_reader_network(train_sequence_reader, arguments.output)


def _train_reader_network(train, output: Path) -> int:
    """Train one of the reader's own networks on MNIST into `output`, with timed progress."""
    from core.data import load_mnist

    started = time.monotonic()
    train(
        load_mnist(),
        output,
        progress=lambda fraction, message: print(
            f"[{(time.monotonic() - started) / 60:5.1f} min] {message}", flush=True
        ),
    )
    return 0


def command_embed(arguments: argparse.Namespace) -> int:
    from core import embedding
    from core.data import load_mnist

    dataset = load_mnist()
    methods = embedding.METHODS if arguments.method == "all" else (arguments.method,)
    for method in methods:
        result = embedding.embed(
            dataset.train_images,
            dataset.train_labels,
            method,
            arguments.size,
            arguments.seed,
            progress=lambda fraction, message: print(f"{fraction:4.0%} {message}", flush=True),
            save_to=embedding.SHIPPED_DIR if arguments.ship else None,
        )
        origin = "already cached" if result.from_cache else "computed"
        print(
            f"{embedding.METHOD_NAMES[method]} of {arguments.size:,} images: {origin}, {result.seconds:.1f} s"
        )
    return 0


def command_export_features(arguments: argparse.Namespace) -> int:
    """Write NAME.features.onnx from NAME.keras (training writes it too): the features the
    explanations find a digit's nearest training digits by."""
    from core.models import load_keras_model
    from core.models.onnx_serving import export_features_to_onnx, features_path

    network = load_keras_model(arguments.model, arguments.output)
    path = export_features_to_onnx(network.model, features_path(arguments.output / f"{arguments.model}.onnx"))
    print(f"wrote {path}")
    return 0


def command_collection(arguments: argparse.Namespace) -> int:
    """Your digits from the command line; a refused input or an unusable database is a
    message and exit status 2, never a traceback."""
    from core.collection import CollectionError, CollectionStore, StoreUnavailableError

    try:
        store = CollectionStore()
        return COLLECTION_ACTIONS[arguments.action](store, arguments)
    except (CollectionError, StoreUnavailableError) as error:
        print(error, file=sys.stderr)
        return 2


def _collection_add(store, arguments: argparse.Namespace) -> int:
    from core.collection import digits_to_keep, labels_from_text
    from core.models import ModelFileError, ModelNotTrainedError
    from core.reading import ReadError, load_rgba, read_number

    labels = labels_from_text(arguments.label)
    try:
        rgba = load_rgba(arguments.image)
        reading = read_number(rgba, model=arguments.model)
    except (ReadError, ModelNotTrainedError, ModelFileError) as error:
        print(f"{arguments.image}: {error}", file=sys.stderr)
        return 2
    if len(reading.digits) != len(labels):
        read = reading.text.replace("\n", " / ")
        print(
            f"{arguments.image}: {counted(len(reading.digits), 'digit')} read ({read!r}) "
            f"but {len(labels)} labels given ({arguments.label!r}); nothing kept. Crop the image to the "
            "number, or give one label per digit read.",
            file=sys.stderr,
        )
        return 2
    store.save(arguments.collection, digits_to_keep(reading, rgba, labels, source="command line"))
    corrected = sum(digit.digit != label for digit, label in zip(reading.digits, labels, strict=True))
    print(
        f"Kept {len(labels)} digits in “{arguments.collection}” (read {reading.text!r}; "
        f"{corrected} corrected). It now holds {int(store.counts(arguments.collection).sum())}."
    )
    return 0


def _collection_count(store, arguments: argparse.Namespace) -> int:
    counts = store.counts(arguments.collection)
    print(f"“{arguments.collection}”: {int(counts.sum())} digits")
    print("  " + "  ".join(f"{digit}: {count}" for digit, count in enumerate(counts)))
    others = {name: size for name, size in store.collections().items() if name != arguments.collection}
    if others:
        print("Other collections: " + ", ".join(f"“{name}” ({size})" for name, size in others.items()))
    return 0


def _collection_export(store, arguments: argparse.Namespace) -> int:
    from core.collection import CollectionError, export_csv, export_npz

    suffix = arguments.path.suffix.lower()
    if suffix not in (".npz", ".csv"):
        raise CollectionError(f"Export to a .npz or a .csv file, not {arguments.path.name}.")
    written = (export_npz if suffix == ".npz" else export_csv)(store, arguments.collection, arguments.path)
    print(f"Wrote {written} digits of “{arguments.collection}” to {arguments.path}")
    return 0


def _collection_import(store, arguments: argparse.Namespace) -> int:
    from core.collection import import_npz

    added = import_npz(store, arguments.collection, arguments.path)
    print(f"Imported {added} digits into “{arguments.collection}”")
    return 0


def _collection_delete(store, arguments: argparse.Namespace) -> int:
    removed = store.delete_collection(arguments.collection)
    print(f"Deleted “{arguments.collection}”: {removed} digits")
    return 0


def _collection_score(store, arguments: argparse.Namespace) -> int:
    from core.collection import few_digits_note, score
    from core.evaluate import ResultsError, read_results
    from core.models import ModelFileError, ModelNotTrainedError, load_model

    frames, labels = store.arrays(arguments.collection)
    if not len(labels):
        print(f"“{arguments.collection}” holds no digits yet: keep some first.", file=sys.stderr)
        return 2
    try:
        published = read_results()["models"]
    except ResultsError:
        published = {}
    print(f"“{arguments.collection}”: {len(labels)} digits")
    print(f"{'model':<36} {'yours':>7} {'95% interval':>15} {'MNIST test':>11}")
    for name in MODEL_NAMES:
        try:
            model = load_model(name)
        except (ModelNotTrainedError, ModelFileError):
            continue
        mnist = published.get(name, {}).get("test_accuracy")
        result = score(name, model, frames, labels, mnist)
        low, high = result.interval
        print(
            f"{model.spec.display_name:<36} {result.accuracy:>7.1%} {f'{low:.0%} to {high:.0%}':>15} "
            f"{'' if mnist is None else f'{mnist:.2%}':>11}"
        )
    note = few_digits_note(len(labels))
    if note:
        print(note)
    return 0


COLLECTION_ACTIONS = {
    "add": _collection_add,
    "count": _collection_count,
    "export": _collection_export,
    "import": _collection_import,
    "delete": _collection_delete,
    "score": _collection_score,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core", description="Digit Lab from the command line.")
    commands = parser.add_subparsers(dest="command", required=True)
    model_choices = [*MODEL_NAMES, "all"]

    train = commands.add_parser("train", help="train models and record their results")
    train.add_argument("--model", required=True, choices=model_choices)
    train.add_argument("--train-size", type=int, default=None, help="training images (default: all 55,000)")
    train.add_argument("--epochs", type=int, default=None, help="epochs for the Keras networks")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--output", type=Path, default=config.MODELS_DIR, help="where artefacts go")
    train.add_argument("--skip-evaluation", action="store_true", help="do not touch the test set")
    train.set_defaults(handler=command_train)

    evaluate = commands.add_parser("evaluate", help="score trained models on the test set once")
    evaluate.add_argument("--model", required=True, choices=model_choices)
    evaluate.add_argument("--output", type=Path, default=config.MODELS_DIR, help="where artefacts are")
    evaluate.set_defaults(handler=command_evaluate)

    verifier = commands.add_parser(
        "train-verifier", help="train the reader's one-digit verifier on pieces of MNIST digits"
    )
    verifier.add_argument("--output", type=Path, default=config.MODELS_DIR, help="where artefacts go")
    verifier.set_defaults(handler=command_train_verifier)

    sequence = commands.add_parser(
        "train-sequence", help="train the reader's sequence reader on runs of touching MNIST digits"
    )
    sequence.add_argument("--output", type=Path, default=config.MODELS_DIR, help="where artefacts go")
    sequence.set_defaults(handler=command_train_sequence)

    read = commands.add_parser("read", help="read the handwritten numbers in image files")
    read.add_argument("paths", nargs="+", metavar="PATH")
    read.add_argument("--model", default="cnn", choices=MODEL_NAMES)
    read.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    read.set_defaults(handler=command_read)

    embed = commands.add_parser("embed", help="compute (and cache) the Explorer's 2-D maps")
    embed.add_argument("--method", default="all", choices=["tsne", "pca", "all"])
    embed.add_argument("--size", type=int, default=5_000, help="training images on the map (1,000 to 20,000)")
    embed.add_argument("--seed", type=int, default=0)
    embed.add_argument(
        "--ship", action="store_true", help="write to data/embeddings/ (committed) instead of .cache/"
    )
    embed.set_defaults(handler=command_embed)

    features = commands.add_parser(
        "export-features", help="export a network's penultimate layer to ONNX (for the explanations)"
    )
    features.add_argument("--model", default="cnn", choices=["cnn", "dense"])
    features.add_argument("--output", type=Path, default=config.MODELS_DIR, help="where artefacts are")
    features.set_defaults(handler=command_export_features)

    from core.collection.store import DEFAULT_COLLECTION  # light: no TensorFlow, no model

    collection = commands.add_parser(
        "collection", help="your digits: add, count, export, import, delete, score ($DIGITLAB_DATABASE_URL)"
    )
    actions = collection.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="read an image and keep its digits with the labels given")
    add.add_argument("image", type=Path, metavar="IMAGE")
    add.add_argument("--label", required=True, help="the number as written, e.g. 2048")
    add.add_argument("--model", default="cnn", choices=MODEL_NAMES, help="the model that reads it")
    actions.add_parser("count", help="how many of each digit the collection holds")
    export = actions.add_parser(
        "export", help="write the collection to PATH.npz (MNIST's layout) or PATH.csv"
    )
    export.add_argument("path", type=Path, metavar="PATH")
    import_ = actions.add_parser("import", help="add the digits of an npz file in MNIST's layout (x, y)")
    import_.add_argument("path", type=Path, metavar="PATH")
    delete = actions.add_parser("delete", help="delete a whole collection")
    actions.add_parser("score", help="each model's accuracy on the collection, beside MNIST's")
    for action in (add, *actions.choices.values()):
        if "--collection" not in action._option_string_actions:
            action.add_argument(
                "--collection",
                default=DEFAULT_COLLECTION,
                required=action is delete,
                help=f"the collection's name (default: “{DEFAULT_COLLECTION}”)",
            )
    collection.set_defaults(handler=command_collection)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    return arguments.handler(arguments)


if __name__ == "__main__":
    sys.exit(main())
