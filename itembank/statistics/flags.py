"""Item and exam flags: the statistics turned into reasons to review, with thresholds.

A statistic that is undefined (None) never raises a flag: an item with p = 1 is flagged as
too easy, not also as non-discriminating on a correlation that does not exist. Low and
negative discrimination are exclusive (negative is the stronger finding).
"""

from __future__ import annotations

from itembank.statistics.flag import Flag, FlagCode
from itembank.statistics.rasch_results import RaschCalibration
from itembank.statistics.responses import ItemOptions
from itembank.statistics.results import ExamStatistics, ItemStatistics
from itembank.statistics.settings import StatisticsSettings


def item_flags(
    item: ItemStatistics, options: ItemOptions | None, settings: StatisticsSettings
) -> list[Flag]:
    """The item's quality flags, or only ``insufficient_data`` when too few saw it."""
    if item.n < settings.min_item_examinees:
        return [
            _item_flag(
                FlagCode.INSUFFICIENT_DATA,
                item,
                f"insufficient data: n = {item.n} examinees, flags need at least"
                f" {settings.min_item_examinees}",
                settings.min_item_examinees,
                item.n,
            )
        ]
    flags = [*_facility_flags(item, options, settings), *_discrimination_flags(item, settings)]
    if item.options is not None:
        flags.extend(_option_flags(item, settings))
    return flags


def misfit_flags(calibration: RaschCalibration, settings: StatisticsSettings) -> list[Flag]:
    """Judged per item on the non-extreme examinees who saw it (all of them, for complete
    data); with fewer than ``misfit_min_persons`` the mean squares are too noisy."""
    flags = []
    for item in calibration.items:
        persons = item.persons if item.persons is not None else calibration.persons_used
        if persons < max(settings.misfit_min_persons, settings.min_item_examinees):
            continue
        for name, value in (("infit", item.infit), ("outfit", item.outfit)):
            if value is None or settings.misfit_low <= value <= settings.misfit_high:
                continue
            low = value < settings.misfit_low
            flags.append(
                Flag(
                    code=FlagCode.MISFIT,
                    item_id=item.item_id,
                    option_id=None,
                    reason=(
                        f"Rasch {name} mean square {value:.2f} is "
                        + (
                            f"below {settings.misfit_low}"
                            if low
                            else f"above {settings.misfit_high}"
                        )
                        + (
                            ": responses are more predictable than the model expects (overfit)"
                            if low
                            else ": responses are noisier than the model expects (underfit)"
                        )
                    ),
                    threshold=settings.misfit_low if low else settings.misfit_high,
                    value=value,
                )
            )
    return flags


def exam_flags(exam: ExamStatistics, tier: str | None, settings: StatisticsSettings) -> list[Flag]:
    flags = pass_rate_flags(
        exam.first_attempt_pass_rate, tier, settings, first_attempts=exam.first_attempts
    )
    enough = exam.attempts >= settings.min_item_examinees  # alpha over 4 attempts is noise
    if enough and exam.alpha is not None and exam.alpha < settings.min_alpha:
        flags.append(
            _exam_flag(
                FlagCode.LOW_RELIABILITY,
                f"Cronbach's alpha (KR-20) {exam.alpha:.3f} is below {settings.min_alpha}:"
                " scores are not consistent enough to rank or certify reliably",
                settings.min_alpha,
                exam.alpha,
            )
        )
    return flags


def pass_rate_flags(
    rate: float | None,
    tier: str | None,
    settings: StatisticsSettings,
    *,
    first_attempts: int | None = None,
) -> list[Flag]:
    """The first-attempt pass-rate flags alone (ceiling, tier band), for a caller that
    computes the pass rate over more attempts than one analysed response matrix holds.
    Over fewer than ``min_first_attempts`` first attempts: ``insufficient_data`` instead."""
    if (
        rate is not None
        and first_attempts is not None
        and first_attempts < settings.min_first_attempts
    ):
        return [
            _exam_flag(
                FlagCode.INSUFFICIENT_DATA,
                f"insufficient data: {first_attempts} first attempts, the pass-rate flags"
                f" need at least {settings.min_first_attempts}",
                settings.min_first_attempts,
                first_attempts,
            )
        ]
    flags: list[Flag] = []
    band = settings.band_for(tier)
    band_text = "" if band is None else f"the {band.tier} band {band.low:.1%}-{band.high:.1%}"
    if rate is not None:
        if rate > settings.pass_rate_ceiling:
            flags.append(
                _exam_flag(
                    FlagCode.FIRST_ATTEMPTS_ABOVE_CEILING,
                    f"first-attempt pass rate {rate:.1%} is above {settings.pass_rate_ceiling:.0%},"
                    " the ceiling for any tier: the credential may certify too little",
                    settings.pass_rate_ceiling,
                    rate,
                )
            )
        if band is not None and rate > band.high:
            flags.append(
                _exam_flag(
                    FlagCode.FIRST_ATTEMPTS_ABOVE_BAND,
                    f"first-attempt pass rate {rate:.1%} is above {band_text}:"
                    " the exam or its cut score may be too lenient",
                    band.high,
                    rate,
                )
            )
        if band is not None and rate < band.low:
            flags.append(
                _exam_flag(
                    FlagCode.FIRST_ATTEMPTS_BELOW_BAND,
                    f"first-attempt pass rate {rate:.1%} is below {band_text}:"
                    " the exam or its cut score may be too severe",
                    band.low,
                    rate,
                )
            )
    return flags


def _facility_flags(
    item: ItemStatistics, options: ItemOptions | None, settings: StatisticsSettings
) -> list[Flag]:
    if item.p > settings.too_easy_p:
        return [
            _item_flag(
                FlagCode.TOO_EASY,
                item,
                f"p = {item.p:.3f} is above {settings.too_easy_p}: almost everyone answers it"
                " correctly, so it tells examinees apart poorly",
                settings.too_easy_p,
                item.p,
            )
        ]
    floor = settings.too_hard_p
    chance = None
    if options is not None and len(options.key_option_ids) < len(options.option_ids):
        chance = len(options.key_option_ids) / len(options.option_ids)
        floor = max(floor, chance)
    if item.p < floor:
        basis = (
            f"the chance score {chance:.3f} (random guessing among the options)"
            if chance is not None and floor == chance
            else f"{settings.too_hard_p}"
        )
        return [
            _item_flag(
                FlagCode.TOO_HARD,
                item,
                f"p = {item.p:.3f} is below {basis}: check the key, the wording and whether"
                " the content was taught",
                floor,
                item.p,
            )
        ]
    return []


def _discrimination_flags(item: ItemStatistics, settings: StatisticsSettings) -> list[Flag]:
    r = item.corrected_item_total
    if r is None:
        return []
    if r < settings.negative_discrimination_r:
        return [
            _item_flag(
                FlagCode.NEGATIVE_DISCRIMINATION,
                item,
                f"corrected item-total r = {r:.3f} is below {settings.negative_discrimination_r}:"
                " weaker examinees do better on it than stronger ones (wrong key? ambiguous?)",
                settings.negative_discrimination_r,
                r,
            )
        ]
    if r < settings.low_discrimination_r:
        return [
            _item_flag(
                FlagCode.LOW_DISCRIMINATION,
                item,
                f"corrected item-total r = {r:.3f} is below {settings.low_discrimination_r}:"
                " it barely separates stronger from weaker examinees",
                settings.low_discrimination_r,
                r,
            )
        ]
    return []


def _option_flags(item: ItemStatistics, settings: StatisticsSettings) -> list[Flag]:
    assert item.options is not None
    flags = []
    key_upper = [o.upper_share for o in item.options if o.is_key and o.upper_share is not None]
    best_key = max(key_upper) if key_upper else None
    for option in item.options:
        if option.is_key or option.is_omitted:
            continue
        if option.share_of_all < settings.non_functioning_share:
            flags.append(
                _item_flag(
                    FlagCode.NON_FUNCTIONING_DISTRACTOR,
                    item,
                    f"distractor {option.option_id} is chosen by {option.share_of_all:.1%} of"
                    f" examinees, below {settings.non_functioning_share:.0%}: it does not distract",
                    settings.non_functioning_share,
                    option.share_of_all,
                    option.option_id,
                )
            )
        if (
            best_key is not None
            and option.upper_share is not None
            and option.upper_share > best_key
        ):
            flags.append(
                _item_flag(
                    FlagCode.LIKELY_MISKEYED,
                    item,
                    f"distractor {option.option_id} draws {option.upper_share:.1%} of the upper 27%"
                    f" group, more than the key ({best_key:.1%}): the key may be wrong",
                    best_key,
                    option.upper_share,
                    option.option_id,
                )
            )
    return flags


def _item_flag(
    code: FlagCode,
    item: ItemStatistics,
    reason: str,
    threshold: float,
    value: float,
    option_id: str | None = None,
) -> Flag:
    return Flag(
        code=code,
        item_id=item.item_id,
        option_id=option_id,
        reason=reason,
        threshold=threshold,
        value=value,
    )


def _exam_flag(code: FlagCode, reason: str, threshold: float, value: float) -> Flag:
    return Flag(
        code=code, item_id=None, option_id=None, reason=reason, threshold=threshold, value=value
    )
