"""Load-time checks: a bad data file fails loudly and names the culprit."""

import shutil
from pathlib import Path

import pytest

from therapist_finder.errors import ConfigurationError
from therapist_finder.vocab import VocabularyError, load_vocabularies

DATA_DIR = Path(__file__).resolve().parents[2] / "therapist_finder" / "vocab" / "data"


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _write_format(directory: Path, entries: str) -> None:
    (directory / "format.yaml").write_text(f"facet: format\nentries:\n{entries}", encoding="utf-8")


def test_copy_loads_with_same_fingerprint(data_copy: Path) -> None:
    assert load_vocabularies(data_copy).fingerprint == load_vocabularies().fingerprint


def test_fingerprint_changes_with_content(data_copy: Path) -> None:
    before = load_vocabularies(data_copy).fingerprint
    path = data_copy / "format.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_vocabularies(data_copy).fingerprint != before


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            "  - {slug: a, label: A, synonyms: [one]}\n"
            "  - {slug: b, label: B, synonyms: [One]}\n",
            "format.yaml: duplicate synonyms",
        ),
        ("  - {slug: a, label: A}\n  - {slug: a, label: B}\n", "slug 'a' appears more than once"),
        ("  - {slug: a, label: A, parent: zzz}\n", "unknown parent 'zzz'"),
        ("  - {slug: Bad Slug, label: A}\n", "bad slug"),
        ("  - {slug: a, label: A, synonyms: [1:1]}\n", "quote them"),
        ("  - {slug: a, label: A, codes: [12345]}\n", "codes has non-string"),
        ("  - {slug: a, label: A, codes: [101Y0000X]}\n", "malformed NUCC"),
        ("  - {slug: a, label: A, colour: red}\n", "unknown keys"),
        ("  - {slug: a, label: A, parent: b}\n  - {slug: b, label: B, parent: a}\n", "loops"),
        ("  - {slug: a, label: 'The'}\n", "no words left"),
    ],
)
def test_bad_data_is_rejected(data_copy: Path, entries: str, message: str) -> None:
    _write_format(data_copy, entries)
    with pytest.raises(VocabularyError, match="format.yaml") as excinfo:
        load_vocabularies(data_copy)
    assert message in str(excinfo.value)


def test_duplicate_error_names_both_slugs(data_copy: Path) -> None:
    _write_format(
        data_copy,
        "  - {slug: solo, label: Solo, synonyms: [private]}\n"
        "  - {slug: duo, label: Duo, synonyms: [Private]}\n",
    )
    with pytest.raises(VocabularyError) as excinfo:
        load_vocabularies(data_copy)
    assert "'solo'" in str(excinfo.value) and "'duo'" in str(excinfo.value)


def test_wrong_facet_name(data_copy: Path) -> None:
    (data_copy / "format.yaml").write_text("facet: formats\nentries: []\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="expected 'format'"):
        load_vocabularies(data_copy)


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "state.yaml").unlink()
    with pytest.raises(VocabularyError, match="state.yaml not found"):
        load_vocabularies(data_copy)


def test_error_is_a_configuration_error() -> None:
    assert issubclass(VocabularyError, ConfigurationError)
