"""Fit free text (holder names, achievement names) into a fixed box.

Names are user data of any length, so every renderer asks the same question: at which
font size, on how many lines, does this text fit? The answer prefers shrinking, then
wrapping at spaces, then breaking an over-long word, and truncates with an ellipsis only
when even the smallest size on the most lines cannot hold it. Measuring is delegated to a
callable so the same rules serve reportlab (points) and Pillow (pixels).
"""

from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str, float], float]
"""Width of a text at a font size, in the unit of `max_width`."""

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class FittedText:
    lines: tuple[str, ...]
    size: float
    truncated: bool


def fit_text(
    text: str,
    *,
    measure: Measure,
    max_width: float,
    max_lines: int,
    largest_size: float,
    smallest_size: float,
    size_step: float = 1.0,
) -> FittedText:
    """Largest size (down to `smallest_size`) at which `text` wraps into `max_lines` lines.

    Words are only broken mid-word at the smallest size: a smaller font reads better than
    "Fundament-als".
    """
    if max_lines < 1 or max_width <= 0 or not 0 < smallest_size <= largest_size:
        raise ValueError("max_lines, max_width and the size range must be positive")
    words = " ".join(text.split())
    if not words:
        return FittedText(lines=(), size=largest_size, truncated=False)
    for size in _sizes(largest_size, smallest_size, size_step):
        width_of = _at_size(measure, size)
        breaks_a_word = any(width_of(word) > max_width for word in words.split())
        if breaks_a_word and size > smallest_size:
            continue
        lines = wrap_words(words, width_of, max_width)
        if len(lines) <= max_lines:
            return FittedText(lines=tuple(lines), size=size, truncated=False)
    width_of = _at_size(measure, smallest_size)
    lines = wrap_words(words, width_of, max_width)
    kept = lines[: max_lines - 1]
    last = truncate_to_width(" ".join(lines[max_lines - 1 :]), width_of, max_width)
    return FittedText(lines=(*kept, last), size=smallest_size, truncated=True)


def fit_text_in_box(
    text: str,
    *,
    measure: Measure,
    max_width: float,
    max_height: float,
    line_height: float,
    max_lines: int,
    largest_size: float,
    smallest_size: float,
) -> FittedText:
    """Like `fit_text`, but the lines must also stack within `max_height`.

    `line_height` is the line pitch as a multiple of the font size. Every line count up to
    `max_lines` is tried with the size its height allows; the largest resulting size wins,
    fewer lines on a tie.
    """
    best: FittedText | None = None
    for lines in range(1, max_lines + 1):
        size_cap = min(largest_size, max_height / (lines * line_height))
        if size_cap < smallest_size:
            break
        candidate = fit_text(
            text,
            measure=measure,
            max_width=max_width,
            max_lines=lines,
            largest_size=size_cap,
            smallest_size=smallest_size,
        )
        if best is None or _better(candidate, best):
            best = candidate
    if best is None:
        raise ValueError("max_height cannot hold one line at smallest_size")
    return best


def _better(candidate: FittedText, incumbent: FittedText) -> bool:
    if candidate.truncated != incumbent.truncated:
        return incumbent.truncated
    if candidate.truncated:
        return len(candidate.lines) > len(incumbent.lines)
    return candidate.size > incumbent.size


def wrap_words(text: str, width_of: Callable[[str], float], max_width: float) -> list[str]:
    """Greedy wrap at spaces; a word wider than the line is broken between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if width_of(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, width_of, max_width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def truncate_to_width(text: str, width_of: Callable[[str], float], max_width: float) -> str:
    """`text` itself if it fits, else its longest prefix that fits with an ellipsis added."""
    if width_of(text) <= max_width:
        return text
    end = len(text)
    while end > 0 and width_of(text[:end].rstrip() + ELLIPSIS) > max_width:
        end -= 1
    return text[:end].rstrip() + ELLIPSIS


def _at_size(measure: Measure, size: float) -> Callable[[str], float]:
    return lambda text: measure(text, size)


def _break_word(word: str, width_of: Callable[[str], float], max_width: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for character in word:
        if current and width_of(current + character) > max_width:
            pieces.append(current)
            current = character
        else:
            current += character
    pieces.append(current)
    return pieces


def _sizes(largest: float, smallest: float, step: float) -> list[float]:
    if step <= 0:
        raise ValueError("size_step must be positive")
    count = int((largest - smallest) / step + 1e-9)
    sizes = [largest - index * step for index in range(count + 1)]
    if sizes[-1] > smallest:
        sizes.append(smallest)
    return sizes
