"""Speech: numbers in words, WAV made by pyttsx3 + espeak-ng in its own process, thread safety."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from core.speech import (
    SYNTHESIS_ATTEMPTS,
    SpeechError,
    SpeechUnavailableError,
    check_wav,
    digits_in_words,
    number_in_words,
    speakable,
    synthesize,
)


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("0", "zero"),
        ("7", "seven"),
        ("13", "thirteen"),
        ("40", "forty"),
        ("427", "four hundred twenty-seven"),
        ("1000", "one thousand"),
        ("1001", "one thousand one"),
        ("2026", "two thousand twenty-six"),
        ("300000", "three hundred thousand"),
        ("1234567", "one million two hundred thirty-four thousand five hundred sixty-seven"),
        ("007", "zero zero seven"),
        ("000", "zero, zero, zero"),
    ],
)
def test_numbers_in_words(digits, words):
    assert number_in_words(digits) == words


def test_very_long_numbers_and_digit_mode_are_read_digit_by_digit():
    assert number_in_words("1" * 16) == ", ".join(["one"] * 16)
    assert digits_in_words("427") == "four, two, seven"


def test_speakable_reads_lines_in_order_and_refuses_nothing():
    assert speakable(["12", "5"]) == "twelve. Next line: five."
    assert speakable(["12"], as_number=False) == "one, two."
    with pytest.raises(ValueError, match="no digits"):
        speakable([])
    with pytest.raises(ValueError, match="expected digits"):
        number_in_words("4a")


def test_speech_is_a_wav_that_grows_with_the_text():
    short = synthesize("four")
    long = synthesize(speakable(["123456789"], as_number=False))
    assert short[:4] == b"RIFF" and short[8:12] == b"WAVE"
    assert 0.2 < check_wav(short) < check_wav(long)


def test_eight_sessions_speaking_at_once_each_get_their_own_audio():
    texts = [number_in_words(str(10 ** (index + 1) + index)) for index in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        audios = list(pool.map(synthesize, texts))
    durations = [check_wav(audio) for audio in audios]
    assert len(set(audios)) == 8  # nobody got someone else's file
    # Longer texts give longer audio: each file holds its own text.
    assert durations[-1] > durations[0]


def test_a_missing_engine_says_what_to_install():
    with pytest.raises(SpeechUnavailableError, match="apt-get install espeak-ng"):
        synthesize("four", driver="no_such_driver")


def test_not_a_wav_and_empty_text_are_refused():
    with pytest.raises(SpeechError, match="not a WAV"):
        check_wav(b"hello")
    with pytest.raises(ValueError, match="nothing to read"):
        synthesize("  ")


def test_a_forty_digit_reading_is_spoken_whole():
    """The engine used to stop before a long text was synthesised: no file, exit code 0."""
    text = speakable(["1234567890" * 4])
    audio = synthesize(text)
    # 40 digits at about three a second: well over ten seconds of speech.
    assert check_wav(audio) > 10


def test_eight_long_readings_at_once_are_all_spoken():
    texts = [speakable(["1234567890" * 2, str(index) * 6]) for index in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        durations = [check_wav(audio) for audio in pool.map(synthesize, texts)]
    assert min(durations) > 5


def test_an_engine_that_writes_nothing_is_retried_then_reported(monkeypatch):
    attempts = []

    def writes_nothing(text, rate, driver):
        attempts.append(text)
        raise SpeechError("no audio written")

    monkeypatch.setattr("core.speech._synthesize_once", writes_nothing)
    with pytest.raises(SpeechError, match=f"failed {SYNTHESIS_ATTEMPTS} times"):
        synthesize("four")
    assert len(attempts) == SYNTHESIS_ATTEMPTS
