"""The package as pip installs it: the wheel carries rules/, and the vocabulary is validated."""

import zipfile

import pytest
from conftest import ROOT

from kg.errors import RulesError
from kg.ingest.vocab import load_vocab


def test_wheel_ships_the_rules_inside_the_package(tmp_path):
    from hatchling.builders.wheel import WheelBuilder

    [wheel] = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    names = zipfile.ZipFile(wheel).namelist()
    assert "kg/rules/ingest.toml" in names
    assert "kg/cli/app.py" in names
    assert not any(name.startswith(("tests/", "seeds/")) for name in names)


def test_shipped_vocabulary_loads_and_has_a_version():
    vocab = load_vocab()
    assert vocab.version.startswith("ingest-")
    assert vocab.roles["通讯员"] == "通讯员"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("version = [", "not valid TOML"),
        ('version = "ingest-2026.11.1"', "invalid rules at 'roles'"),
        (
            (ROOT / "rules" / "ingest.toml")
            .read_text("utf-8")
            .replace('"通讯员" = "通讯员"', '"通讯员" = "编辑"'),
            "roles map to",
        ),
    ],
)
def test_invalid_rules_are_refused_with_the_file_and_the_reason(tmp_path, content, message):
    path = tmp_path / "ingest.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(RulesError, match=message) as error:
        load_vocab(path)
    assert str(path) in str(error.value)
