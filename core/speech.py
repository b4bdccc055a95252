"""A reading, spoken: text in words, then WAV bytes made on the server.

The audio is made with pyttsx3's espeak-ng driver (`save_to_file`) and played in
the user's browser; never `say()`, which would play on the server's speakers.
pyttsx3 keeps one engine per process and loses files when threads share it, so
every request runs in its own short-lived process (`python -m core.speech`, about
0.1 s): many sessions can speak at once, and a crash in the engine cannot take
the app down.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import threading
import wave
from pathlib import Path

INSTALL_HINT = (
    "Reading aloud needs the espeak-ng speech engine: install it with "
    "`sudo apt-get install espeak-ng` (macOS: `brew install espeak-ng`) and restart the app."
)
# pyttsx3's driver for this platform; DIGITLAB_SPEECH_DRIVER overrides it.
PLATFORM_DRIVERS = {"darwin": "nsss", "win32": "sapi5"}
DRIVER_VARIABLE = "DIGITLAB_SPEECH_DRIVER"
# The speaking process exits with this when pyttsx3 has no engine here, and with
# NO_AUDIO_EXIT when the engine ran but wrote no recording.
UNAVAILABLE_EXIT = 3
NO_AUDIO_EXIT = 4
# A synthesis that writes no usable WAV is tried this many times in all (under load the
# engine has failed now and then), then the page says it could not.
SYNTHESIS_ATTEMPTS = 3
DEFAULT_RATE = 150  # words per minute: a little slower than espeak's 175, for numbers
SYNTHESIS_TIMEOUT = 30
# Numbers longer than this are read digit by digit: nobody says "one quintillion".
LONGEST_NUMBER_IN_WORDS = 15

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = ["", "thousand", "million", "billion", "trillion"]


class SpeechError(RuntimeError):
    """Speech could not be made; the message says why and what to do."""


class SpeechUnavailableError(SpeechError):
    """No speech engine on this machine."""


def _below_thousand(number: int) -> list[str]:
    words = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        words += [ONES[hundreds], "hundred"]
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(TENS[tens] + (f"-{ONES[ones]}" if ones else ""))
    elif rest >= 10:
        words.append(TEENS[rest - 10])
    elif rest or not hundreds:
        words.append(ONES[rest])
    return words


def number_in_words(digits: str) -> str:
    """ "427" -> "four hundred twenty-seven"; leading zeros are said ("007" -> "zero zero seven")."""
    if not digits or not digits.isdigit():
        raise ValueError(f"expected digits, got {digits!r}")
    if len(digits) > LONGEST_NUMBER_IN_WORDS:
        return digits_in_words(digits)
    leading = len(digits) - len(digits.lstrip("0"))
    if leading == len(digits):
        return digits_in_words(digits)
    words = ["zero"] * leading
    number = int(digits)
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    for scale in range(len(groups) - 1, -1, -1):
        if groups[scale]:
            words += _below_thousand(groups[scale]) + ([SCALES[scale]] if SCALES[scale] else [])
    return " ".join(words)


def digits_in_words(digits: str) -> str:
    """ "427" -> "four, two, seven" (the commas make the engine pause between digits)."""
    if not digits or not digits.isdigit():
        raise ValueError(f"expected digits, got {digits!r}")
    return ", ".join(ONES[int(digit)] for digit in digits)


def speakable(lines: list[str] | tuple[str, ...], as_number: bool = True) -> str:
    """What to say for a reading's lines: each line a number (or its digits), in order."""
    spoken = [number_in_words(line) if as_number else digits_in_words(line) for line in lines if line]
    if not spoken:
        raise ValueError("there is nothing to read aloud: no digits were found")
    return ". Next line: ".join(spoken) + "."


def default_driver() -> str:
    return os.environ.get(DRIVER_VARIABLE) or PLATFORM_DRIVERS.get(sys.platform, "espeak")


def synthesize(text: str, rate: int = DEFAULT_RATE, driver: str | None = None) -> bytes:
    """WAV bytes of `text` spoken by pyttsx3, made in a separate process.

    Raises SpeechUnavailableError (with what to install) when there is no engine,
    SpeechError when the engine fails SYNTHESIS_ATTEMPTS times running, ValueError for
    empty text.
    """
    if not text.strip():
        raise ValueError("there is nothing to read aloud")
    failure = None
    for _ in range(SYNTHESIS_ATTEMPTS):
        try:
            return _synthesize_once(text, rate, driver or default_driver())
        except SpeechUnavailableError:
            raise
        except SpeechError as error:
            failure = error
    raise SpeechError(
        f"The speech engine failed {SYNTHESIS_ATTEMPTS} times in a row ({failure}). "
        "Try again in a moment; the reading itself is unaffected."
    ) from failure


def _synthesize_once(text: str, rate: int, driver: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="digitlab-speech-") as folder:
        output = Path(folder) / "speech.wav"
        command = [sys.executable, "-m", "core.speech", "--output", str(output), "--rate", str(rate)]
        command += ["--driver", driver]
        try:
            finished = subprocess.run(
                command,
                input=text,
                capture_output=True,
                text=True,
                timeout=SYNTHESIS_TIMEOUT,
                cwd=Path(__file__).resolve().parent.parent,
            )
        except subprocess.TimeoutExpired as error:
            raise SpeechError(f"the engine did not finish within {SYNTHESIS_TIMEOUT} s") from error
        if finished.returncode == UNAVAILABLE_EXIT:
            raise SpeechUnavailableError(f"{INSTALL_HINT} ({finished.stderr.strip()})")
        if finished.returncode != 0 or not output.exists():
            raise SpeechError(finished.stderr.strip()[-300:] or "no audio written")
        audio = output.read_bytes()
    check_wav(audio)
    return audio


def check_wav(audio: bytes) -> float:
    """Duration in seconds of a WAV file; SpeechError if it is not one, or is silent."""
    try:
        with wave.open(io.BytesIO(audio)) as reader:
            frames, rate = reader.getnframes(), reader.getframerate()
    except (wave.Error, EOFError) as error:
        raise SpeechError(f"The speech engine wrote something that is not a WAV file ({error}).") from error
    if frames == 0:
        raise SpeechError("The speech engine wrote an empty recording.")
    return frames / rate


def _speak_to_file(text: str, output: str, rate: int, driver: str) -> int:
    try:
        import pyttsx3

        engine = pyttsx3.init(driver)
    except Exception as error:  # noqa: BLE001 - any failure here means there is no engine
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return UNAVAILABLE_EXIT
    engine.setProperty("rate", rate)
    # pyttsx3 2.99's espeak driver can return from runAndWait before the synthesis it
    # started has ended (its queued stop runs first), and the WAV is only written when it
    # ends: for anything longer than a few words the process used to exit with no file.
    # So wait for the engine to say the utterance is finished, then check the file.
    finished = threading.Event()
    engine.connect("finished-utterance", lambda **_: finished.set())
    engine.save_to_file(text, output)
    engine.runAndWait()
    finished.wait(SYNTHESIS_TIMEOUT)
    return 0 if Path(output).is_file() and Path(output).stat().st_size > 0 else NO_AUDIO_EXIT


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description="Speak stdin into a WAV file (used by core.speech.synthesize)."
    )
    parser.add_argument("--output", required=True)
    parser.add_argument("--rate", type=int, default=DEFAULT_RATE)
    parser.add_argument("--driver", default="espeak")
    arguments = parser.parse_args()
    raise SystemExit(_speak_to_file(sys.stdin.read(), arguments.output, arguments.rate, arguments.driver))
