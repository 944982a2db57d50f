"""Screening: the anti-stuffing decisions that need the wave's other answers.

The public page stores an answer at once — one INSERT, held out of every count — and leaves
the rules that compare it with the wave's other answers (rate per network and per device,
same device again, same answers from the same network) to this step, run in a background
task a second or two later (or at once, for answers entered by staff and in tests). Nothing
is lost: the answer is durable before the citizen sees "thank you", and until it is screened
it counts nowhere (`screened = False` implies `quarantined = True`, a database constraint).

Exactness. Answers of a wave are screened one at a time, in order, under a lock on the wave;
each is judged against the answers screened before it — whatever the order in which requests
committed — so of two identical ballots exactly one counts, and a flood is counted whichever
key it rotates. The rules, for an answer submitted at t (docs/survey-indices.md):

* rate per network / device: the screened answers of the wave from the same network (device)
  submitted in (t − period, t], plus this one, exceed the limit;
* duplicate device: a screened answer of the wave has the same device;
* duplicate answers: a screened answer of the wave from the same network with the same
  fingerprint was submitted at or after t − window.

Decided without the other answers, at submission: honeypot, missing/forged or too-fast start
stamp (responses.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Max

from raqib.core import conf

from ..abuse import Reason
from ..models import SurveyResponse, SurveyWave, WavePointTally
from .tallies import TALLY_FIELDS, tally_contribution

_CHUNK = 2000


class _Seen:
    """The screened answers of one wave that the rules compare with (kept in order)."""

    def __init__(self) -> None:
        self.network_times: dict[str, list[dt.datetime]] = defaultdict(list)
        self.device_times: dict[str, list[dt.datetime]] = defaultdict(list)
        self.ballots: dict[tuple[str, str], list[dt.datetime]] = defaultdict(list)

    def add(self, network: str, device: str, answers_hash: str, at: dt.datetime) -> None:
        if network:
            bisect.insort(self.network_times[network], at)
            bisect.insort(self.ballots[(network, answers_hash)], at)
        if device:
            bisect.insort(self.device_times[device], at)


def _in_window(times: list[dt.datetime], start: dt.datetime, end: dt.datetime) -> int:
    """How many of TIMES (sorted) fall in (start, end]."""
    return bisect.bisect_right(times, end) - bisect.bisect_right(times, start)


def _reasons(row: SurveyResponse, seen: _Seen, limits: dict[str, tuple[int, int]]) -> list[str]:
    reasons = list(row.quarantine_reasons)  # decided at submission (honeypot, stamp)
    at, network, device = row.submitted_at, row.network_hash, row.device_hash
    for kind, key, times in (
        ("network", network, seen.network_times.get(network, [])),
        ("device", device, seen.device_times.get(device, [])),
    ):
        rule = limits.get(kind)
        if key and rule is not None:
            limit, period = rule
            if _in_window(times, at - dt.timedelta(seconds=period), at) + 1 > limit:
                reasons.append(Reason.RATE_NETWORK if kind == "network" else Reason.RATE_DEVICE)
    if device and seen.device_times.get(device):
        reasons.append(Reason.DUPLICATE_DEVICE)
    window = dt.timedelta(seconds=conf.survey_duplicate_window_seconds())
    ballots = seen.ballots.get((network, row.answers_hash), [])
    if network and ballots and ballots[-1] >= at - window:
        reasons.append(Reason.DUPLICATE_ANSWERS)
    return reasons


def _load_seen(wave_id: int, rows: list[SurveyResponse]) -> _Seen:
    """The wave's screened answers that can matter to ROWS: same networks or devices."""
    limits = conf.survey_rate_limits()
    longest = max(
        [conf.survey_duplicate_window_seconds()] + [period for _, period in limits.values()]
    )
    since = min(r.submitted_at for r in rows) - dt.timedelta(seconds=longest)
    networks = {r.network_hash for r in rows if r.network_hash}
    devices = {r.device_hash for r in rows if r.device_hash}
    seen = _Seen()
    screened = SurveyResponse.objects.filter(wave_id=wave_id, screened=True)
    by_network = screened.filter(network_hash__in=networks, submitted_at__gt=since)
    for network, answers_hash, at in by_network.values_list(
        "network_hash", "answers_hash", "submitted_at"
    ).order_by():
        seen.add(network, "", answers_hash, at)
    # A device seen once in the wave, at any time, makes a duplicate.
    for device, at in (
        screened.filter(device_hash__in=devices)
        .values_list("device_hash", "submitted_at")
        .order_by()
    ):
        seen.add("", device, "", at)
    return seen


def _count(rows: Iterable[SurveyResponse]) -> None:
    """Add the counted ROWS to their points' tallies: on PostgreSQL one UPDATE for the batch
    (a batch touches hundreds of points), elsewhere one per point."""
    per_point: dict[int, dict[str, float]] = defaultdict(lambda: dict.fromkeys(TALLY_FIELDS, 0))
    for row in rows:
        for name, amount in tally_contribution(row.answers).items():
            per_point[row.wave_point_id][name] += amount
    if not per_point:
        return
    WavePointTally.objects.bulk_create(
        [WavePointTally(wave_point_id=point_id) for point_id in per_point],
        ignore_conflicts=True,
    )
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        for point_id, delta in per_point.items():
            changes = {name: F(name) + amount for name, amount in delta.items() if amount}
            WavePointTally.objects.filter(wave_point_id=point_id).update(**changes)
        return
    quote = connection.ops.quote_name
    table = quote(WavePointTally._meta.db_table)
    sets = ", ".join(f"{quote(n)} = t.{quote(n)} + v.{quote(n)}" for n in TALLY_FIELDS)
    columns = ", ".join(quote(n) for n in ("wave_point_id", *TALLY_FIELDS))
    # Typed first row: the VALUES list's columns take its types.
    kinds = [WavePointTally._meta.get_field(n).get_internal_type() for n in TALLY_FIELDS]
    casts = ["%s::float8" if kind == "FloatField" else "%s::bigint" for kind in kinds]
    first = "(" + ", ".join(["%s::bigint", *casts]) + ")"
    rest = ", ".join(
        ["(" + ", ".join(["%s"] * (1 + len(TALLY_FIELDS))) + ")"] * (len(per_point) - 1)
    )
    values = first + (", " + rest if rest else "")
    params: list[float] = []
    for point_id, delta in per_point.items():
        params += [point_id, *(delta[name] for name in TALLY_FIELDS)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET {sets} FROM (VALUES {values}) AS v({columns}) "  # noqa: S608
            "WHERE t.wave_point_id = v.wave_point_id",
            params,
        )


def _screen_wave(wave_id: int, ids: list[int]) -> tuple[int, int, dt.datetime | None]:
    """Screen the answers IDS of one wave, in id order. (screened, quarantined, latest)."""
    # The lock: one screener per wave at a time, so that each answer is judged against all
    # the answers screened before it. FOR NO KEY UPDATE: new answers (whose foreign key
    # takes FOR KEY SHARE on the wave) are not held up by it.
    SurveyWave.objects.select_for_update(no_key=True).filter(pk=wave_id).first()
    rows = list(
        SurveyResponse.objects.filter(pk__in=ids, screened=False)
        .order_by("pk")
        .only(
            "pk",
            "wave_point_id",
            "answers",
            "answers_hash",
            "submitted_at",
            "device_hash",
            "network_hash",
            "quarantine_reasons",
        )
    )
    if not rows:
        return 0, 0, None
    seen = _load_seen(wave_id, rows)
    limits = conf.survey_rate_limits()
    counted = []
    for row in rows:
        row.quarantine_reasons = _reasons(row, seen, limits)
        row.quarantined = bool(row.quarantine_reasons)
        row.screened = True
        seen.add(row.network_hash, row.device_hash, row.answers_hash, row.submitted_at)
        if not row.quarantined:
            counted.append(row)
    # One UPDATE per outcome (most answers share "counted, no reason").
    outcomes: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for row in rows:
        outcomes[tuple(row.quarantine_reasons)].append(row.pk)
    for reasons, pks in outcomes.items():
        SurveyResponse.objects.filter(pk__in=pks).update(
            quarantine_reasons=list(reasons), quarantined=bool(reasons), screened=True
        )
    _count(counted)
    return len(rows), len(rows) - len(counted), max(r.submitted_at for r in rows)


def survey_responses_screen(*, ids: list[int] | None = None) -> int:
    """Screen the answers waiting for it (or only IDS), oldest first; returns how many.

    Each chunk of a wave is one transaction: a failure leaves its answers waiting, to be
    screened by the next run, and never half-counted.
    """
    from .surge import survey_quarantine_surge_check

    done = 0
    waiting = SurveyResponse.objects.filter(screened=False)
    if ids is not None:
        waiting = waiting.filter(pk__in=ids)
    # What is waiting now; later answers are the next run's (a flood cannot keep it going).
    upto = waiting.aggregate(last=Max("pk"))["last"]
    if upto is None:
        return 0
    waiting = waiting.filter(pk__lte=upto)
    while True:
        batch = list(waiting.order_by("pk").values_list("pk", "wave_id")[:_CHUNK])
        if not batch:
            return done
        by_wave: dict[int, list[int]] = defaultdict(list)
        for pk, wave_id in batch:
            by_wave[wave_id].append(pk)
        for wave_id, wave_ids in by_wave.items():
            with transaction.atomic():
                screened, quarantined, latest = _screen_wave(wave_id, wave_ids)
            done += screened
            if quarantined and latest is not None:
                wave = SurveyWave.objects.get(pk=wave_id)
                survey_quarantine_surge_check(wave=wave, now=latest)
