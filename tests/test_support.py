"""The helpers behind the shared fixtures: service requirements and bounded waits."""

import itertools

import pytest

from tests.support import require_service, wait_until


def test_missing_service_fails_the_test_in_ci():
    with pytest.raises(pytest.fail.Exception, match="needs Redis.*CI=true"):
        require_service("needs Redis", in_ci=True)


def test_missing_service_skips_the_test_outside_ci():
    with pytest.raises(pytest.skip.Exception, match="needs Redis"):
        require_service("needs Redis", in_ci=False)


def test_wait_returns_the_first_truthy_answer():
    answers = itertools.chain([0, None, ""], itertools.repeat("ready"))

    assert wait_until(lambda: next(answers), timeout=5, interval=0.001) == "ready"


def test_wait_gives_up_at_the_deadline_naming_what_it_waited_for():
    with pytest.raises(AssertionError, match="gave up after 0.05 s waiting for the worker"):
        wait_until(lambda: False, timeout=0.05, interval=0.001, message="the worker")
