"""Where the platform target comes from: the one place to swap for the indicator-target data
(dashboard app) once it lands. 2025 target of the action plan: 300 innovation platforms at
city level or higher (seed 000 一.(三))."""

from django.utils import timezone

from core.registry import target_for

PLATFORM_TARGET = 300
PLATFORM_TARGET_YEAR = 2025


def platform_target() -> tuple[int, int]:
    """(value, year) of the target for recognised city-level-or-higher platforms: the
    dashboard's target data when installed (core.registry), else the plan's figure above."""
    answer = target_for("platforms", timezone.localdate().year)
    if answer is None:
        return PLATFORM_TARGET, PLATFORM_TARGET_YEAR
    return int(answer[0]), answer[1]
