"""Where a Hemeroteca index lives, and the names of its schema and of opening one.

The schema itself, and opening or creating an index, belong to the storage seam
(:mod:`search.store.schema`); they are named here too, so the write side and the
command reach them without knowing the store.
"""

import os
from pathlib import Path

from . import settings
from .store.schema import (  # noqa: F401 (names of this module)
    LATER_FIELDS,
    IndexLocked,
    IndexNotFoundError,
    add_later_fields,
    create_empty,
    open_existing,
    open_or_create,
    press_release_schema,
)

# Separates the labels of a many-valued facet inside its column value.
LABEL_SEPARATOR = "\x1f"


def default_index_dir():
    """Where the index lives unless the user says otherwise.

    ``HEMEROTECA_INDEX`` wins; else the user's data folder, outside every
    package and every checkout.
    """
    if settings.value("INDEX_DIR"):
        return Path(settings.value("INDEX_DIR"))
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "hemeroteca" / "index"
