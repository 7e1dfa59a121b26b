"""Reading input files: decoding, normalisation, metadata (the only place kg opens input)."""

from kg.io.decode import Decoded, decode, normalise
from kg.io.names import shown
from kg.io.sources import (
    Metadata,
    Problem,
    Source,
    find_inputs,
    iter_sources,
    parse_date,
    read_file,
)

__all__ = [
    "Decoded",
    "Metadata",
    "Problem",
    "Source",
    "decode",
    "find_inputs",
    "iter_sources",
    "normalise",
    "parse_date",
    "read_file",
    "shown",
]
