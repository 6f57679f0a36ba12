"""The exercise kind's writes: authoring, the run, drafts, submissions, marking and the sweeper.
Each refusal is paired with the allowed case that differs only in what is refused."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from classroom import services as core
from exercises import services
from exercises.checker import fields_asked, key_compute, spec_load
from exercises.models import Draft, ExerciseRun, Submission, Variant

from .conftest import SPECS, TEMPLATE, spec_text

Status = Submission.Status


def key_answers(spec, **overrides) -> dict[str, str]:
    """Every asked field's right value as typed text, with some overridden."""
    key = key_compute(spec)
    answers = {}
    for f in fields_asked(spec):
        parts = f.path.split(".")
        if parts[0] == "loss":
            value = key.loss
        else:
            value = getattr(key.layers[int(parts[1])], parts[2])[tuple(map(int, parts[3:]))]
        answers[f.path] = f"{float(value):.6g}"
    answers.update(overrides)
    return answers


HOUSE = spec_load(SPECS / "house_price.json")


class TestSourceRead:
    def test_a_json_spec_is_read(self):
        read = services.source_read(spec_text())
        assert not read.is_template and read.spec.title == "House price"

    def test_a_yaml_template_is_read_as_a_template(self):
        import yaml

        read = services.source_read(yaml.safe_dump(TEMPLATE))
        assert read.is_template and len(read.spec.layers) == 2

    def test_a_bad_layer_is_refused_naming_the_layer_and_the_rule(self):
        data = json.loads(spec_text())
        data["layers"][1]["weights"] = [[1.0, 2.0, 3.0]]
        with pytest.raises(services.ExerciseError, match="layer 2"):
            services.source_read(json.dumps(data))

    @pytest.mark.parametrize(("text", "said"), [("", "paste or upload"), ("{", "not valid JSON")])
    def test_nothing_or_broken_text_is_refused_by_name(self, text, said):
        with pytest.raises(services.ExerciseError, match=said):
            services.source_read(text)


class TestExerciseSave:
    def test_each_student_gets_own_numbers_only_from_a_template(self, activity):
        with pytest.raises(services.ExerciseError, match="only from a template"):
            services.exercise_save(activity=activity, source=spec_text(), per_student=True)
        saved = services.exercise_save(
            activity=activity, source=json.dumps(TEMPLATE), per_student=True
        )
        assert saved.is_template and saved.per_student

    def test_a_refused_spec_saves_nothing(self, activity):
        with pytest.raises(services.ExerciseError):
            services.exercise_save(activity=activity, source="{}")
        assert not hasattr(activity, "exercise") or activity.exercise is None


class TestRun:
    def test_opening_the_activity_gives_the_exercise_its_run(self, run):
        assert run.state == ExerciseRun.State.WAITING

    def test_open_then_close(self, run):
        run = services.run_open(run=run)
        assert services.run_close(run=run).state == ExerciseRun.State.CLOSED

    def test_closing_what_is_not_open_names_the_state(self, run):
        with pytest.raises(services.ExerciseError, match="not open yet, not open"):
            services.run_close(run=run)

    def test_the_database_keeps_one_run_per_session(self, run):
        with pytest.raises(IntegrityError), transaction.atomic():
            ExerciseRun.objects.create(exercise=run.exercise, session=run.session)


class TestVariants:
    def test_the_class_shares_one_set_of_numbers(self, open_run, guest, other_guest):
        a = services.variant_for(run=open_run, participant=guest)
        b = services.variant_for(run=open_run, participant=other_guest)
        assert a.pk == b.pk and a.participant_id is None

    def test_each_student_keeps_their_own_numbers(
        self, template_exercise, session, guest, other_guest
    ):
        core.live_session_goto(session=session, activity_id=template_exercise.activity_id)
        run = ExerciseRun.objects.get(exercise=template_exercise)
        mine = services.variant_for(run=run, participant=guest)
        again = services.variant_for(run=run, participant=guest)
        theirs = services.variant_for(run=run, participant=other_guest)
        assert mine.pk == again.pk and mine.spec == again.spec
        assert theirs.pk != mine.pk
        assert Variant.objects.filter(run=run).count() == 2


class TestDraftSave:
    def test_typed_values_are_kept_and_the_refused_ones_named(self, open_run, guest):
        saved = services.draft_save(
            run=open_run,
            participant=guest,
            values={"layers.0.z.0.0": "0,2", "layers.0.z.0.1": "1.8.1", "loss": ""},
        )
        assert saved.draft.values == {"layers.0.z.0.0": "0,2", "layers.0.z.0.1": "1.8.1"}
        assert list(saved.errors) == ["layers.0.z.0.1"]

    def test_a_path_the_exercise_lacks_is_refused_and_nothing_kept(self, open_run, guest):
        with pytest.raises(services.ExerciseError, match="layers.5.z.0.0 is not a field"):
            services.draft_save(run=open_run, participant=guest, values={"layers.5.z.0.0": "1"})
        assert not Draft.objects.exists()

    def test_no_draft_before_the_exercise_opens(self, run, guest):
        with pytest.raises(services.ExerciseError, match="not open yet"):
            services.draft_save(run=run, participant=guest, values={"loss": "1"})


class TestSubmissionCreate:
    def test_stored_as_queued_with_the_time_it_was_received(self, open_run, guest):
        now = timezone.now()
        sub = services.submission_create(
            run=open_run, participant=guest, values=key_answers(HOUSE), now=now
        )
        assert (sub.status, sub.attempt, sub.received_at) == (Status.QUEUED, 1, now)

    def test_refused_when_the_exercise_is_closed(self, open_run, guest):
        services.run_close(run=open_run)
        with pytest.raises(services.ExerciseError, match="closed"):
            services.submission_create(run=open_run, participant=guest, values={"loss": "9.66"})
        assert not Submission.objects.exists()

    def test_the_same_answers_sent_twice_are_stored_once(self, open_run, guest):
        first = services.submission_create(run=open_run, participant=guest, values={"loss": "9.66"})
        again = services.submission_create(
            run=open_run, participant=guest, values={"loss": " 9.66 "}
        )
        assert again.pk == first.pk and Submission.objects.count() == 1

    def test_refused_while_the_last_answers_are_being_marked(self, open_run, guest):
        services.submission_create(run=open_run, participant=guest, values={"loss": "1"})
        with pytest.raises(services.ExerciseError, match="still being marked"):
            services.submission_create(run=open_run, participant=guest, values={"loss": "2"})

    def test_out_of_attempts_is_refused(self, open_run, guest):
        for n in (1, 2):
            sub = services.submission_create(
                run=open_run, participant=guest, values={"loss": str(n)}
            )
            services.submission_mark(submission_id=sub.pk)
        with pytest.raises(services.ExerciseError, match="all 2 attempts"):
            services.submission_create(run=open_run, participant=guest, values={"loss": "3"})
        assert Submission.objects.count() == 2

    def test_without_re_entry_one_marked_submission_is_all(self, open_run, guest):
        open_run.exercise.reenter = False
        open_run.exercise.save()
        sub = services.submission_create(run=open_run, participant=guest, values={"loss": "1"})
        services.submission_mark(submission_id=sub.pk)
        with pytest.raises(services.ExerciseError, match="takes one submission"):
            services.submission_create(run=open_run, participant=guest, values={"loss": "2"})

    def test_a_participant_of_another_session_is_refused(self, open_run, lesson):
        other = core.live_session_start(lesson_id=lesson.pk)
        stranger = core.participant_join_guest(session=other, display_name="Eve")
        with pytest.raises(services.ExerciseError, match="not a participant of this session"):
            services.submission_create(run=open_run, participant=stranger, values={"loss": "1"})

    def test_the_database_refuses_the_same_attempt_twice(self, open_run, guest):
        sub = services.submission_create(run=open_run, participant=guest, values={"loss": "1"})
        sub.pk, sub.answers_key = None, "another"
        with pytest.raises(IntegrityError), transaction.atomic():
            sub.save()


class TestSubmissionMark:
    def test_right_answers_are_marked_in_full(self, open_run, guest):
        sub = services.submission_create(run=open_run, participant=guest, values=key_answers(HOUSE))
        marked = services.submission_mark(submission_id=sub.pk)
        assert (marked.status, marked.score) == (Status.GRADED, pytest.approx(1.0))
        assert marked.started_at and marked.finished_at and marked.tries == 1

    def test_the_sigmoid_derivative_mistake_is_diagnosed_and_later_fields_follow_through(
        self, open_run, guest
    ):
        key = key_compute(HOUSE)
        a = key.layers[0].a[0]
        wrong = key.layers[0].da[0][0] * a[0]  # σ(z) where σ′(z) belongs
        x0 = float(HOUSE.inputs[0][0])
        answers = key_answers(
            HOUSE,
            **{"layers.0.dz.0.0": f"{wrong:.6g}", "layers.0.dW.0.0": f"{wrong * x0:.6g}"},
        )
        sub = services.submission_create(run=open_run, participant=guest, values=answers)
        marks = {m["path"]: m for m in services.submission_mark(submission_id=sub.pk).marks}
        assert marks["layers.0.dz.0.0"]["status"] == "incorrect"
        assert marks["layers.0.dz.0.0"]["diagnosis"]
        assert marks["layers.0.dW.0.0"]["status"] == "follow_through"

    def test_marking_twice_marks_once(self, open_run, guest):
        sub = services.submission_create(run=open_run, participant=guest, values={"loss": "9.66"})
        first = services.submission_mark(submission_id=sub.pk)
        again = services.submission_mark(submission_id=sub.pk)
        assert again.finished_at == first.finished_at and again.tries == 1

    def test_a_gone_row_is_no_error(self, db):
        assert services.submission_mark(submission_id=999_999) is None

    def test_a_checker_failure_is_stored_and_costs_no_attempt(self, open_run, guest):
        sub = services.submission_create(run=open_run, participant=guest, values={"loss": "1"})
        Variant.objects.filter(pk=sub.variant_id).update(spec={"broken": True})
        marked = services.submission_mark(submission_id=sub.pk)
        assert marked.status == Status.GRADER_ERROR and marked.error
        assert services.attempts_used(run=open_run, participant=guest) == 0


class TestSweep:
    def test_stale_unmarked_rows_are_sent_again_and_fresh_ones_are_not(
        self, open_run, guest, other_guest, django_capture_on_commit_callbacks
    ):
        old = timezone.now() - services.STALE_AFTER - timedelta(seconds=5)
        services.submission_create(run=open_run, participant=guest, values={"loss": "1"}, now=old)
        services.submission_create(run=open_run, participant=other_guest, values={"loss": "2"})
        with django_capture_on_commit_callbacks() as sent:
            assert services.submissions_sweep() == 1
        assert len(sent) == 1

    def test_graded_rows_are_left_alone(self, open_run, guest):
        old = timezone.now() - services.STALE_AFTER - timedelta(seconds=5)
        sub = services.submission_create(
            run=open_run, participant=guest, values={"loss": "1"}, now=old
        )
        services.submission_mark(submission_id=sub.pk)
        assert services.submissions_sweep() == 0
