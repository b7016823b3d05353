"""Writes of rotas: shift patterns (and the defaults per role), generating a rota, adding, moving and removing
shifts, and the demo's rotas. Every refusal raises :class:`RotaInvalid` and writes nothing."""

from .generate import MAX_RANGE_DAYS, MIN_PEOPLE, RotaResult, demo_rotas, demo_rotas_ahead, rota_generate
from .patterns import (
    DEFAULT_PATTERNS,
    RotaInvalid,
    ShiftConflict,
    pattern_create,
    pattern_delete,
    pattern_update,
    patterns_seed_defaults,
    shift_times,
)
from .shifts import shift_create, shift_delete, shift_update

__all__ = [
    "DEFAULT_PATTERNS",
    "MAX_RANGE_DAYS",
    "MIN_PEOPLE",
    "RotaInvalid",
    "RotaResult",
    "ShiftConflict",
    "demo_rotas",
    "demo_rotas_ahead",
    "pattern_create",
    "pattern_delete",
    "pattern_update",
    "patterns_seed_defaults",
    "rota_generate",
    "shift_create",
    "shift_delete",
    "shift_times",
    "shift_update",
]
