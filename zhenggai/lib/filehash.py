"""Hashing stored files: the one way ``verify-history`` and data migrations read them."""

from __future__ import annotations

import hashlib


def sha256_of(storage, name: str) -> str:
    """The SHA-256 of a stored file, read in chunks (FileNotFoundError when missing)."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_field_of(file_field: str) -> str:
    """Where a file field's hash is stored: ``file`` → ``sha256``,
    ``published_file`` → ``published_sha256``."""
    return "sha256" if file_field == "file" else file_field.removesuffix("_file") + "_sha256"


def backfill_hashes(model, file_field: str) -> None:
    """For a data migration: store the hash of each stored file that has none yet
    (from then on a change to it is noticed). A missing file keeps none."""
    hash_field = hash_field_of(file_field)
    storage = model._meta.get_field(file_field).storage
    rows = model._base_manager.exclude(**{file_field: ""}).filter(**{hash_field: ""})
    for pk, name in rows.values_list("pk", file_field):
        try:
            digest = sha256_of(storage, name)
        except FileNotFoundError:
            continue
        model._base_manager.filter(pk=pk).update(**{hash_field: digest})
