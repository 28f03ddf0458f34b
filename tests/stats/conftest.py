import pytest

from stats.signals import data_changed


@pytest.fixture
def received():
    """The survey keys of every `stats.signals.data_changed` sent during the test, in order."""
    calls = []

    def listener(sender, survey_keys, **kwargs):
        calls.append(set(survey_keys))

    data_changed.connect(listener)
    yield calls
    data_changed.disconnect(listener)
