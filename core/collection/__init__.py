"""Your handwriting: digits a person corrected and kept, in named collections.

store      the database (SQLite by default, PostgreSQL by DIGITLAB_DATABASE_URL)
keep       a reading's digits and the person's labels -> digits to keep
transfer   export to MNIST's npz layout and to CSV, import from npz
scores     each model's accuracy on a collection, with a confidence interval
"""

from core.collection.keep import digits_to_keep, frame_pixels, labels_from_text
from core.collection.scores import (
    FEW_DIGITS,
    CollectionScore,
    few_digits_note,
    score,
    score_rows,
    wilson_interval,
)
from core.collection.store import (
    DATABASE_URL_VARIABLE,
    DEFAULT_COLLECTION,
    CollectionError,
    CollectionStore,
    KeptDigit,
    StoredDigit,
    StoreUnavailableError,
    database_url,
)
from core.collection.transfer import export_csv, export_npz, import_npz, read_npz

__all__ = [
    "DATABASE_URL_VARIABLE",
    "DEFAULT_COLLECTION",
    "FEW_DIGITS",
    "CollectionError",
    "CollectionScore",
    "CollectionStore",
    "KeptDigit",
    "StoreUnavailableError",
    "StoredDigit",
    "database_url",
    "digits_to_keep",
    "export_csv",
    "export_npz",
    "few_digits_note",
    "frame_pixels",
    "import_npz",
    "labels_from_text",
    "read_npz",
    "score",
    "score_rows",
    "wilson_interval",
]
