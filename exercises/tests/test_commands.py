"""The management commands: exercise_key and exercise_check around the checker package."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

HOUSE = "exercises/specs/house_price.json"


def _run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_exercise_key_prints_the_key_as_json():
    key = json.loads(_run("exercise_key", HOUSE))
    assert set(key) == {"loss", "output", "layers"}
    assert key["loss"] == pytest.approx(9.661622, abs=1e-6)
    assert set(key["layers"][0]) == {"z", "a", "da", "dz", "dW", "db", "W_new", "b_new"}
    assert key["layers"][0]["z"] == [[pytest.approx(0.2), pytest.approx(1.8)]]


def test_exercise_key_prints_a_worked_solution_as_text():
    text = _run("exercise_key", "exercises/specs/unwell.json", "--format", "text")
    assert text.startswith("Unwell or not: worked solution")
    assert "Backward pass" in text


def test_exercise_check_marks_answers_shaped_like_the_key(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"loss": "9,66", "layers": [{"z": [["0.1", "1.8"]]}]}))
    marking = json.loads(_run("exercise_check", HOUSE, str(answers)))
    fields = {f["path"]: f for f in marking["fields"]}
    assert fields["loss"]["status"] == "correct"
    assert fields["layers.0.z.0.0"]["diagnosis"] == "missing_bias"
    assert fields["layers.0.z.0.1"]["status"] == "correct"
    assert fields["layers.1.dW.0.0"]["status"] == "missing"
    assert marking["score"] == pytest.approx(2 / 31)


def test_exercise_check_reads_yaml_answers_keyed_by_path(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("layers.0.a.0.0: '0.5498'\n")
    marking = json.loads(_run("exercise_check", HOUSE, str(answers)))
    assert marking["fields"][2]["path"] == "layers.0.a.0.0"
    assert marking["fields"][2]["status"] == "correct"


def test_a_bad_spec_is_a_command_error_naming_the_rule(tmp_path):
    with open(HOUSE) as handle:
        spec = json.load(handle)
    spec["layers"][0]["activation"] = "softplus"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(spec))
    with pytest.raises(CommandError, match="layer 1: unknown activation 'softplus'"):
        _run("exercise_key", str(path))


def test_bad_answers_are_a_command_error_naming_the_path(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"layers": [{"z": [["0.1"]]}]}))
    with pytest.raises(CommandError, match="layers.0.z.0: expected a list of 2"):
        _run("exercise_check", HOUSE, str(answers))


def test_good_answers_in_the_same_place_are_marked(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"layers": [{"z": [["0.1", "1.8"]]}]}))
    assert json.loads(_run("exercise_check", HOUSE, str(answers)))["score"] > 0


def test_from_the_shell_a_bad_spec_exits_non_zero_with_the_message_on_stderr(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    done = subprocess.run(
        [sys.executable, "manage.py", "exercise_key", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "bad.json: not valid JSON" in done.stderr
    assert done.stdout == ""
