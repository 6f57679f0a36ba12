from __future__ import annotations

import pytest

from quizzes.gift import gift_parse
from quizzes.spec import ChoiceSpec, NumericSpec, QuestionType, ShortSpec, TextFormat


def only(text: str):
    result = gift_parse(text)
    assert result.errors == ()
    (question,) = result.questions
    return question


def refusal(text: str):
    result = gift_parse(text)
    assert result.questions == ()
    (error,) = result.errors
    return error


class TestQuestionTypes:
    def test_single_choice_reads_right_wrong_weights_and_feedback(self):
        q = only("Pick one {=right #yes ~wrong #no ~%50%half}")
        assert q.type == QuestionType.SINGLE
        assert q.choices == (
            ChoiceSpec("right", 100.0, "yes"),
            ChoiceSpec("wrong", 0.0, "no"),
            ChoiceSpec("half", 50.0, ""),
        )

    def test_only_tilde_answers_with_positive_weights_make_multiple_select(self):
        q = only("Pick all {~%50%a ~%50%b ~%-100%c #never}")
        assert q.type == QuestionType.MULTIPLE
        assert [c.weight for c in q.choices] == [50.0, 50.0, -100.0]
        assert q.choices[2].feedback == "never"

    def test_decimal_weights_are_read(self):
        q = only("Pick all {~%33.33333%a ~%33.33333%b ~%33.33333%c ~d}")
        assert q.choices[0].weight == pytest.approx(33.33333)

    @pytest.mark.parametrize(
        ("block", "truth"), [("{T}", True), ("{TRUE}", True), ("{F}", False), ("{FALSE}", False)]
    )
    def test_true_false_in_each_spelling(self, block, truth):
        q = only(f"The sky is blue. {block}")
        assert q.type == QuestionType.TRUEFALSE
        assert q.truefalse_answer is truth
        assert [c.text for c in q.choices] == ["True", "False"]

    def test_true_false_feedback_is_wrong_then_right(self):
        q = only("Two plus two is five. {F#It is four.#Right, it is four.}")
        true, false = q.choices
        assert (true.weight, true.feedback) == (0.0, "It is four.")
        assert (false.weight, false.feedback) == (100.0, "Right, it is four.")

    def test_numeric_value_with_tolerance(self):
        q = only("Pi? {#3.14:0.01}")
        assert q.type == QuestionType.NUMERIC
        assert q.numeric == (NumericSpec(value=3.14, tolerance=0.01),)

    def test_numeric_exact_value(self):
        assert only("Six times seven? {#42}").numeric == (NumericSpec(value=42.0),)

    def test_numeric_range_with_negative_bounds(self):
        assert only("Below zero? {#-5..-1}").numeric == (NumericSpec(low=-5.0, high=-1.0),)

    def test_numeric_several_weighted_answers_with_feedback(self):
        q = only("Grant's birth year? {#=1822:0 #Correct! =%50%1822:2 #Close.}")
        assert q.numeric == (
            NumericSpec(value=1822.0, weight=100.0, feedback="Correct!"),
            NumericSpec(value=1822.0, tolerance=2.0, weight=50.0, feedback="Close."),
        )

    def test_short_answer_accepts_each_listed_text(self):
        q = only("Name it. {=sigmoid =%50%logistic #almost}")
        assert q.type == QuestionType.SHORT
        assert q.short == (ShortSpec("sigmoid"), ShortSpec("logistic", 50.0, "almost"))


class TestStructure:
    def test_title_category_comment_and_general_feedback(self):
        text = (
            "// a comment line\n"
            "$CATEGORY: NN/perceptron\n"
            "\n"
            "::Bias::What does the bias do?\n"
            "// comments inside a question are dropped too\n"
            "{=shifts ~scales ####It shifts z.}\n"
        )
        q = only(text)
        assert (q.title, q.category, q.explanation) == ("Bias", "NN/perceptron", "It shifts z.")
        assert q.text == "What does the bias do?"
        assert q.line == 4

    @pytest.mark.parametrize(
        ("mark", "fmt"),
        [
            ("[markdown]", TextFormat.MARKDOWN),
            ("[html]", TextFormat.HTML),
            ("[plain]", TextFormat.PLAIN),
            ("", TextFormat.MARKDOWN),
        ],
    )
    def test_text_format_marker(self, mark, fmt):
        q = only(f"::t::{mark}Is it? {{T}}")
        assert (q.text_format, q.text) == (fmt, "Is it?")

    def test_escapes_stand_for_the_character(self):
        q = only(r"a \~ b \= c \# d \{ e \} f \: g \\ h {=x\=1 ~y\#2}")
        assert q.text == r"a ~ b = c # d { e } f : g \ h"
        assert [c.text for c in q.choices] == ["x=1", "y#2"]

    def test_latex_backslashes_stay_as_typed(self):
        q = only(r"Is $\nabla \frac\{1\}\{2\} \neq 0$? {T}")
        assert q.text == r"Is $\nabla \frac{1}{2} \neq 0$?"

    def test_questions_are_separated_by_blank_lines(self):
        result = gift_parse("One? {T}\n\n\n  \nTwo? {F}\n")
        assert [q.text for q in result.questions] == ["One?", "Two?"]
        assert [q.line for q in result.questions] == [1, 5]


class TestRefusals:
    def test_matching_is_refused_with_its_line(self):
        error = refusal("Fine {T}\n\nMatch these\n{=cat -> food =dog -> bone}\n")
        assert error.line == 4
        assert "matching" in error.message

    def test_essay_is_refused(self):
        error = refusal("Fine {T}\n\nWrite about it. {}")
        assert (error.line, "essay" in error.message) == (3, True)

    def test_missing_word_is_refused(self):
        error = refusal("Two plus {=two} equals four.")
        assert "missing-word" in error.message

    def test_answer_block_at_the_end_is_accepted(self):
        assert only("Two plus two equals {=four}").type == QuestionType.SHORT

    def test_description_without_answers_is_refused(self):
        assert "no answer block" in refusal("Just some text.").message

    def test_unclosed_brace_is_refused(self):
        error = refusal("Question {=a ~b\n")
        assert "without the } that closes it" in error.message

    def test_unescaped_brace_in_text_is_refused(self):
        error = refusal("What is $e^{x}$? {=a ~b}")
        assert "one answer block" in error.message

    def test_escaped_brace_in_text_is_accepted(self):
        assert only(r"What is $e^\{x\}$? {=a ~b}").text == "What is $e^{x}$?"

    def test_two_equals_answers_with_tilde_are_refused(self):
        assert "2 answers start with =" in refusal("Pick {=a =b ~c}").message

    def test_multiple_select_without_a_positive_weight_is_refused(self):
        assert "no answer is right" in refusal("Pick {~a ~b}").message

    def test_weight_out_of_range_is_refused(self):
        assert "outside" in refusal("Pick {~%150%a ~b}").message

    def test_unreadable_numeric_answer_is_refused(self):
        assert "cannot read the numeric answer" in refusal("Pi? {#three}").message

    def test_backward_numeric_range_is_refused(self):
        assert "runs backwards" in refusal("Pi? {#5..1}").message

    def test_text_before_first_answer_is_refused(self):
        assert "comes before the first answer" in refusal("Pick {oops =a ~b}").message

    def test_unclosed_title_is_refused(self):
        assert "title" in refusal("::Title without end {T}").message

    def test_question_without_text_is_refused(self):
        assert "no text" in refusal("::t:: {T}").message

    def test_one_error_means_no_questions_and_every_error_is_listed(self):
        result = gift_parse("Fine? {T}\n\nEssay {}\n\nAlso fine? {F}\n\nMatch {=a -> b}\n")
        assert result.questions == ()
        assert [e.line for e in result.errors] == [3, 7]

    def test_empty_file_is_refused(self):
        assert refusal("// only a comment\n").message == "the file has no questions"

    def test_error_message_names_the_line(self):
        assert str(refusal("\n\nEssay {}")).startswith("line 3: ")
