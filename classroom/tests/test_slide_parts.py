"""A slide too long for the projector is cut into parts, which the dashboard steps through and
every screen shows alike (issue 12, point 3); wide maths sits in a box that scrolls (point 9)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from classroom import services
from classroom.demo.content import AGENDA
from classroom.kinds import TransitionError
from classroom.markup import PART_LINES, block_lines, render_markdown, slide_parts

STEPS = "\n".join(
    f"{n}. Step {n} of the forward pass: multiply the inputs by the weights, add the bias, "
    "then apply the activation to every unit of the layer."
    for n in range(1, 31)
)
LONG_LIST = f"Work through every step on paper first.\n\n{STEPS}\n\nThen compare with your phone."


def words(text: str) -> list[str]:
    return text.split()


class TestSlideParts:
    @pytest.mark.parametrize("item", AGENDA, ids=lambda item: item["title"][:40])
    def test_every_demo_slide_keeps_all_its_words_in_its_parts(self, item):
        parts = slide_parts(item["body"], title=item["title"])
        assert words(" ".join(parts)) == words(item["body"])

    def test_a_short_slide_is_one_part(self):
        assert slide_parts("One line.\n\n- a\n- b", title="Short") == ("One line.\n\n- a\n- b",)

    def test_a_long_list_is_cut_between_its_items_into_parts_that_fit(self):
        parts = slide_parts(LONG_LIST, title="Steps")
        assert len(parts) >= 2
        assert words(" ".join(parts)) == words(LONG_LIST)
        for part in parts:
            size = sum(block_lines(block) for block in re.split(r"\n(?=\d+\. )|\n\n", part))
            assert size <= PART_LINES
        # Parts are of about equal size: none is a leftover line.
        sizes = [len(part) for part in parts]
        assert min(sizes) > max(sizes) / 2

    def test_a_list_cut_in_two_goes_on_counting_where_it_stopped(self):
        first, second, *_rest = slide_parts(LONG_LIST, title="Steps")
        last_number = int(re.findall(r"^(\d+)\. ", first, re.MULTILINE)[-1])
        assert f'<ol start="{last_number + 1}">' in render_markdown(second)

    def test_a_heading_stays_with_what_follows_it(self):
        body = f"{LONG_LIST}\n\n**What went well**\n\n- Clear plots.\n- Baselines."
        parts = slide_parts(body, title="Feedback")
        assert not any(part.rstrip().endswith("**What went well**") for part in parts)

    def test_a_sentence_ending_in_a_colon_stays_with_what_follows_it(self):
        parts = slide_parts(LONG_LIST.replace("paper first.", "paper first:"), title="Steps")
        assert parts[0].index("paper first:") < parts[0].index("1. Step 1")

    def test_a_display_formula_with_a_blank_line_is_never_cut(self):
        formula = "$$a = b\n\n+ c$$"
        body = "\n\n".join([STEPS, formula, STEPS.replace("Step", "Stage")])
        assert any(formula in part for part in slide_parts(body, title="Maths"))

    def test_a_paragraph_indented_under_a_list_item_stays_with_it(self):
        body = STEPS.replace("30. Step 30", "30. Step thirty") + "\n\n   More on step thirty."
        last = slide_parts(body, title="Steps")[-1]
        assert "30. Step thirty" in last and "More on step thirty." in last

    def test_a_longer_title_leaves_less_room(self):
        body = "\n\n".join(f"Paragraph {n} " + "word " * 60 for n in range(14))
        assert len(slide_parts(body, title="A title that takes two lines " * 3)) >= len(
            slide_parts(body, title="Short")
        )

    @given(st.text(alphabet=st.sampled_from("ab1.-*#$ \n"), max_size=300))
    def test_parts_of_any_text_hold_all_its_words(self, text):
        assert words(" ".join(slide_parts(text, title="T"))) == words(text)


class TestWideMaths:
    def test_display_maths_sits_in_a_scroll_box(self):
        html = render_markdown("$$W = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$")
        assert re.search(r'<span class="math-scroll math-display"><math [^>]*display="block"', html)

    def test_inline_maths_holding_a_matrix_sits_in_a_scroll_box(self):
        html = render_markdown("so $W \\approx \\begin{bmatrix} 1 & 2 \\end{bmatrix}$ here")
        assert '<span class="math-scroll math-inline"><math' in html

    def test_plain_inline_maths_has_no_box(self):
        assert "math-scroll" not in render_markdown("so $x = 1$ here")

    def test_bad_latex_is_shown_as_typed_without_a_box(self):
        html = render_markdown("$$\\frac{1}{$$")
        assert "\\frac{1}{" in html and "math-scroll" not in html


@pytest.fixture
def parted(lesson):
    """The lesson's agenda, with a note of several parts in second place."""
    activity = services.activity_append(
        lesson_id=lesson.pk, kind="note", title="Steps", body=LONG_LIST
    )
    activity.position = 0
    activity.save(update_fields=["position"])
    return activity


def agenda(lesson):
    return list(lesson.activities.order_by("position"))


class TestLiveSessionParts:
    def test_next_shows_each_part_of_a_slide_then_the_next_activity(self, session, parted):
        count = services.slide_part_count(parted)
        assert count >= 2
        session = services.live_session_goto(session=session, activity_id=parted.pk)
        seen = [(session.current_activity_id, session.slide_part)]
        for _ in range(count):
            session = services.live_session_next(session=session)
            seen.append((session.current_activity_id, session.slide_part))
        following = agenda(parted.lesson)[1]
        assert seen == [(parted.pk, n) for n in range(count)] + [(following.pk, 0)]

    def test_back_into_a_slide_arrives_at_its_last_part_then_steps_back(self, session, parted):
        count = services.slide_part_count(parted)
        following = agenda(parted.lesson)[1]
        session = services.live_session_goto(session=session, activity_id=following.pk)
        session = services.live_session_back(session=session)
        assert (session.current_activity_id, session.slide_part) == (parted.pk, count - 1)
        session = services.live_session_back(session=session)
        assert session.slide_part == count - 2

    def test_going_to_a_slide_shows_its_first_part(self, session, parted):
        session = services.live_session_goto(session=session, activity_id=parted.pk)
        session = services.live_session_next(session=session)
        other = agenda(parted.lesson)[2]
        session = services.live_session_goto(session=session, activity_id=other.pk)
        session = services.live_session_goto(session=session, activity_id=parted.pk)
        assert session.slide_part == 0

    def test_a_slide_of_one_part_moves_on_at_once(self, session, lesson):
        first, second = agenda(lesson)[:2]
        session = services.live_session_goto(session=session, activity_id=first.pk)
        session = services.live_session_next(session=session)
        assert session.current_activity_id == second.pk

    def test_each_part_is_a_new_version_for_every_screen(self, session, parted):
        session = services.live_session_goto(session=session, activity_id=parted.pk)
        before = type(session).objects.get(pk=session.pk).version
        services.live_session_next(session=session)
        assert type(session).objects.get(pk=session.pk).version == before + 1

    def test_a_part_the_slide_has_is_shown(self, session, parted):
        session = services.live_session_goto(session=session, activity_id=parted.pk)
        session = services.live_session_part(session=session, part=1)
        assert session.slide_part == 1

    def test_a_part_the_slide_lacks_is_refused_with_its_count(self, session, parted):
        count = services.slide_part_count(parted)
        session = services.live_session_goto(session=session, activity_id=parted.pk)
        with pytest.raises(TransitionError, match=f"this slide has {count} parts"):
            services.live_session_part(session=session, part=count)


class TestScreens:
    def test_phone_projector_and_dashboard_agree_on_the_part(self, session, parted, teacher_client):
        services.live_session_goto(session=session, activity_id=parted.pk)
        response = teacher_client.post(
            f"/teach/sessions/{session.pk}/control/", {"action": "part", "part": "1"}
        )
        assert response.status_code == 302
        count = services.slide_part_count(parted)
        phone = Client()
        phone.post(f"/j/{session.join_code}/", {"display_name": "Bo"})
        on_phone = phone.get(f"/live/{session.join_code}/").content.decode()
        assert re.findall(r'data-part="(\d+)"', on_phone) == ["1", "2"]
        assert f"Part 2 of {count}" in on_phone
        projector = teacher_client.get(f"/teach/sessions/{session.pk}/projector/").content
        assert f'data-part="2" data-parts="{count}"' in projector.decode()
        dashboard = teacher_client.get(f"/teach/sessions/{session.pk}/").content.decode()
        assert re.search(r'<strong id="part-number">2</strong> of ' + str(count), dashboard)

    def test_a_part_typed_wrong_is_refused_and_nothing_changes(
        self, session, parted, teacher_client
    ):
        services.live_session_goto(session=session, activity_id=parted.pk)
        response = teacher_client.post(
            f"/teach/sessions/{session.pk}/control/",
            {"action": "part", "part": "two"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 400
        assert "is not a part of the slide" in response.content.decode()
        assert type(session).objects.get(pk=session.pk).slide_part == 0
