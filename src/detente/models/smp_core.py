"""The numerical core of ``smp.v1``: KTAB's Spatial Model of Politics over plain numpy arrays.

Reconstructed from the published algorithm (Wise et al., "The Spatial Model of Politics";
"Probabilistic Condorcet Elections") and checked turn by turn against KTAB's reference logs.
Positions and saliences are on [0, 1] here (KTAB's internal scale); the model module rescales.

One turn (state s_t -> s_t+1):

1. ``d[i, j]``: salience-weighted distance from i's ideal (= its position, KTAB's identity
   accommodation) to j's position, ``sqrt(Σ_k (s_ik Δ_k)² / Σ_k s_ik²)``.
2. Risk attitudes: risk-neutral utilities ``1 - d`` vote (weight = capability) over the actors'
   positions; the Probabilistic Condorcet Election gives each position a probability ``p_i``;
   the likeliest actor is risk averse (R = +1), the least likely risk acceptant ("Mid" range).
3. h's estimate of the utility to i of j's position: ``(1 - d)(1 + d R)`` with
   ``R = (2 R_h + R_i) / 3`` (KTAB's "OneThird" adjustment).
4. Every actor i estimates, for every j, the probability that it wins a challenge against j
   (principals vote with capability × total salience, third parties join the "little
   conflict" i:j, semi-committed) and its expected gain; it challenges the j with the largest
   gain above 1e-5.
5. The bargain: on each issue the two positions interpolated with weights salience² ×
   probability² (KTAB's S2P2), rounded to 4 decimals as KTAB does.
6. Each actor k holds an election (PCE over all actors) among its status quo and every bargain
   it is party to, and adopts the likeliest (deterministic transitions).

Stop when ``dist(s_t, s_t-1) / dist(s_0, s_1) < 0.02`` after at least 2 turns, or at 100.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from detente.models import smp_kernels

FloatArray = npt.NDArray[np.float64]

VOTING_RULES = ("proportional", "binary", "prop_bin", "prop_cubic", "cubic", "asym_prospect")
VICTORY_MODELS = ("linear", "square", "quartic", "octic")
BIG_R_RANGES = ("mid", "min", "max")
BIG_R_ADJUSTS = ("one_third", "none", "half", "two_thirds", "full")
THIRD_PARTY = ("semi", "full", "none")
INTERPOLATIONS = ("s2p2", "s1p1")

# KTAB's guards against 0/0: a coalition's minimum strength, the least gain worth a challenge,
# the weight added to the initiator's side of a bargain, the offset of the first step's size.
MIN_COALITION = 1e-8
MIN_CONTEST = 1e-10
MIN_GAIN = 1e-5
MIN_BARGAIN_WEIGHT = 1e-6
MIN_FIRST_STEP = 1e-4
# Rows of actor pairs processed at once: bounds memory at about 8 * CHUNK * n * n bytes.
_CHUNK_CELLS = 4_000_000


@dataclass(frozen=True)
class SmpOptions:
    voting: str = "proportional"
    victory: str = "linear"
    big_r_range: str = "mid"
    big_r_adjust: str = "one_third"
    third_party: str = "semi"
    interpolation: str = "s2p2"
    min_turns: int = 2
    max_turns: int = 100
    stop_ratio: float = 0.02
    compiled: bool = True  # numba loops when available; False forces the numpy reference


@dataclass(frozen=True)
class Challenge:
    """One turn's challenge: ``initiator`` against ``receiver``, won with ``probability``
    (the initiator's own estimate), worth ``gain`` to it; the bargain both would adopt."""

    initiator: int
    receiver: int
    probability: float
    gain: float
    initiator_position: FloatArray
    receiver_position: FloatArray


@dataclass(frozen=True)
class Adoption:
    """Actor ``actor`` adopted the bargain of ``challenge`` (an index into the turn's
    challenges; -1 for its status quo), elected with ``probability`` among its options."""

    actor: int
    challenge: int
    probability: float


@dataclass(frozen=True)
class Turn:
    challenges: tuple[Challenge, ...]
    adoptions: tuple[Adoption, ...]


@dataclass(frozen=True)
class SmpResult:
    positions: FloatArray  # (turns + 1, actors, issues), on [0, 1]
    turns: tuple[Turn, ...] = field(default_factory=tuple)


def vote(rule: str, weight: FloatArray, du: FloatArray) -> FloatArray:
    """An actor's vote for option a over b given its utility difference ``du = u_a - u_b``."""
    if rule == "proportional":
        return weight * du
    binary = np.clip(du / 1e-8, -1.0, 1.0)
    if rule == "binary":
        return weight * binary
    if rule == "prop_bin":
        return weight * (0.8 * du + 0.2 * binary)
    if rule == "prop_cubic":
        return weight * (0.5 * du + 0.5 * du**3)
    if rule == "cubic":
        return weight * du**3
    # asym_prospect: gains count two thirds of losses
    return weight * np.where(du > 0.0, 2.0 * du / 3.0, du)


def victory_probability(model: str, c_for: FloatArray, c_against: FloatArray) -> FloatArray:
    power = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}[model]
    x1, x2 = c_for**power, c_against**power
    return np.asarray(x1 / (x1 + x2), dtype=np.float64)


def coalition_strengths(
    rule: str, weight: FloatArray, utility: FloatArray, compiled: bool = False
) -> FloatArray:
    """``c[a, b]``: the summed votes for option a over b; utility is (voters, options)."""
    kernel = smp_kernels.coalition_kernel
    if compiled and kernel is not None:
        code = smp_kernels.VOTING_CODES[rule]
        return np.asarray(kernel(code, weight, np.ascontiguousarray(utility), MIN_COALITION))
    n_opt = utility.shape[1]
    c = np.empty((n_opt, n_opt))
    rows = max(1, _CHUNK_CELLS // max(1, utility.shape[0] * n_opt))
    for start in range(0, n_opt, rows):
        stop = min(n_opt, start + rows)
        du = utility[:, start:stop, None] - utility[:, None, :]  # (voters, a, b)
        votes = vote(rule, weight[:, None, None], du)
        c[start:stop] = MIN_COALITION + np.maximum(votes, 0.0).sum(axis=0)
    np.fill_diagonal(c, MIN_COALITION)
    return c


def condorcet_probabilities(
    rule: str, victory: str, weight: FloatArray, utility: FloatArray, compiled: bool = False
) -> FloatArray:
    """Conditional PCE: P(option a beats every other), normalised over the options.

    The product is taken in logs: with hundreds of options it underflows to 0/0 otherwise."""
    c = coalition_strengths(rule, weight, utility, compiled)
    pv = victory_probability(victory, c, c.T)
    np.fill_diagonal(pv, 0.5)
    log_p = np.log(pv).sum(axis=1)
    p = np.exp(log_p - log_p.max())
    return np.asarray(p / p.sum(), dtype=np.float64)


def distances(ideal: FloatArray, position: FloatArray, salience: FloatArray) -> FloatArray:
    """``d[i, j]`` from i's ideal to j's position, weighted by i's saliences (0 if i has none)."""
    n = ideal.shape[0]
    num = np.zeros((n, position.shape[0]))
    for k in range(ideal.shape[1]):
        num += (salience[:, k, None] * (ideal[:, k, None] - position[None, :, k])) ** 2
    den = (salience**2).sum(axis=1)
    safe = np.where(den > 0.0, den, 1.0)
    return np.asarray(np.sqrt(num / safe[:, None]) * (den > 0.0)[:, None], dtype=np.float64)


def utility(d: FloatArray, risk: FloatArray) -> FloatArray:
    """KTAB's risk-aware utility of a distance: ``(1 - d)(1 + d R)`` (R capped at d = 1)."""
    return np.asarray((1.0 - d) * (1.0 + np.minimum(d, 1.0) * risk), dtype=np.float64)


def risk_attitudes(d: FloatArray, capability: FloatArray, options: SmpOptions) -> FloatArray:
    p = condorcet_probabilities(
        options.voting, options.victory, capability, 1.0 - d, options.compiled
    )
    lo, hi = float(p.min()), float(p.max())
    if hi - lo <= 1e-15:  # every position equally likely: nobody has a reason to differ
        return np.zeros_like(p)
    if options.big_r_range == "min":
        return (p - lo) / (hi - lo)
    if options.big_r_range == "max":
        return (2.0 * p - (hi + lo)) / (hi - lo)
    return (3.0 * p - (hi + 2.0 * lo)) / (2.0 * (hi - lo))


def estimated_risk(options: SmpOptions, r_h: float | FloatArray, r_i: FloatArray) -> FloatArray:
    """h's estimate of i's risk attitude."""
    own = {"full": 0.0, "two_thirds": 1 / 3, "half": 0.5, "one_third": 2 / 3, "none": 1.0}
    share = own[options.big_r_adjust]
    if options.big_r_adjust == "one_third":
        return np.asarray((2.0 * r_h + r_i) / 3.0, dtype=np.float64)
    if options.big_r_adjust == "two_thirds":
        return np.asarray((r_h + 2.0 * r_i) / 3.0, dtype=np.float64)
    return np.asarray(share * r_h + (1.0 - share) * r_i, dtype=np.float64)


def best_challenges(
    d: FloatArray,
    risk: FloatArray,
    capability: FloatArray,
    salience_sum: FloatArray,
    options: SmpOptions,
) -> list[tuple[int, int, float, float]]:
    """Each actor's most valuable challenge by its own estimate: (i, j, P(i beats j), gain).

    Vectorised over blocks of perspectives i, every pair (third party n, target j) at once."""
    n = d.shape[0]
    result: list[tuple[int, int, float, float]] = []
    kernel = smp_kernels.challenge_kernel
    compiled = options.compiled and kernel is not None
    block = n if compiled else max(1, _CHUNK_CELLS // (n * n))
    for start in range(0, n, block):
        rows = np.arange(start, min(n, start + block))
        if compiled:
            assert kernel is not None
            phij, gain = kernel(
                d,
                risk,
                capability * salience_sum,
                salience_sum,
                smp_kernels.VOTING_CODES[options.voting],
                smp_kernels.THIRD_PARTY_CODES[options.third_party],
                smp_kernels.ADJUST_CODES[options.big_r_adjust],
                MIN_CONTEST,
            )
        else:
            phij, gain = _challenge_block(rows, d, risk, capability, salience_sum, options)
        gain[np.arange(len(rows)), rows] = -np.inf
        best = np.argmax(gain, axis=1)  # the first of equal gains, as KTAB's ordered scan
        for r, i in enumerate(rows):
            j = int(best[r])
            if gain[r, j] > MIN_GAIN:
                result.append((int(i), j, float(phij[r, j]), float(gain[r, j])))
    return result


def _challenge_block(
    rows: npt.NDArray[np.int64],
    d: FloatArray,
    risk: FloatArray,
    capability: FloatArray,
    salience_sum: FloatArray,
    options: SmpOptions,
) -> tuple[FloatArray, FloatArray]:
    """For perspectives ``rows`` (b of them): P(i beats j) and i's expected gain, (b, n) each."""
    n = d.shape[0]
    weight = capability * salience_sum
    b = np.arange(len(rows))
    # u[b, a, c]: i's estimate of the utility to a of c's position
    u = utility(
        d[None, :, :], estimated_risk(options, risk[rows][:, None], risk[None, :])[:, :, None]
    )
    u_ii = u[b, rows, rows]
    u_i = u[b, rows, :]  # to i of each j's position
    u_ji = u[b, :, rows]  # to each j of i's position
    u_own = np.diagonal(u, axis1=1, axis2=2)
    c_i = vote(options.voting, weight[rows][:, None], u_ii[:, None] - u_i)
    c_j = vote(options.voting, weight[None, :], u_ji - u_own)
    for_i = MIN_CONTEST + np.maximum(c_i, 0.0) + np.maximum(c_j, 0.0)
    for_j = MIN_CONTEST + np.maximum(-c_i, 0.0) + np.maximum(-c_j, 0.0)
    # third parties n (axis 1) in the little conflict i:j (axis 2), joining the side they prefer
    uni = u_ji[:, :, None]
    unn = u_own[:, :, None]
    w_n = weight[None, :, None]
    cn = vote(options.voting, w_n, uni - u)
    cni = for_i[:, None, :] + np.maximum(cn, 0.0)
    cnj = for_j[:, None, :] + np.maximum(-cn, 0.0)
    pin = cni / (cni + cnj)
    vk = vote(
        options.voting, w_n, _third_party_gain(options.third_party, pin, 1.0 - pin, uni, u, unn)
    )
    vk[b, rows, :] = 0.0  # i is a principal, not a third party
    vk[:, np.arange(n), np.arange(n)] = 0.0  # nor is j
    chij = for_i + np.maximum(vk, 0.0).sum(axis=1)
    chji = for_j + np.maximum(-vk, 0.0).sum(axis=1)
    phij = chij / (chij + chji)
    s_j = salience_sum[None, :]
    win = 2.0 * u_ii[:, None]
    eu_challenge = (1.0 - s_j) * win + s_j * (phij * win + (1.0 - phij) * 2.0 * u_i)
    gain = eu_challenge - (u_ii[:, None] + u_i)
    return np.asarray(phij, dtype=np.float64), np.asarray(gain, dtype=np.float64)


def _third_party_gain(
    commit: str, pin: FloatArray, pjn: FloatArray, uni: FloatArray, unj: FloatArray, unn: FloatArray
) -> FloatArray:
    """A third party's utility of joining i minus that of joining j ("sum of utilities")."""
    if commit == "semi":  # the default, in fewer array operations
        return np.asarray(pin * (unn - uni) + pjn * (unj - unn), dtype=np.float64)
    ik_beats_j = 2 * uni + unn if commit != "full" else 3 * uni
    j_beats_ik = 3 * unj if commit != "none" else 2 * unj + unn
    i_beats_jk = 3 * uni if commit != "none" else 2 * uni + unn
    jk_beats_i = 2 * unj + unn if commit != "full" else 3 * unj
    return np.asarray(
        (pin * ik_beats_j + pjn * j_beats_ik) - (pin * i_beats_jk + pjn * jk_beats_i),
        dtype=np.float64,
    )


def round4(x: FloatArray) -> FloatArray:
    """KTAB rounds bargains half up to 4 decimals (of [0, 1]) to avoid spurious precision."""
    return np.asarray(np.floor(0.5 + x * 10000.0) / 10000.0, dtype=np.float64)


def bargain(
    options: SmpOptions,
    pos_i: FloatArray,
    sal_i: FloatArray,
    p_i: float | FloatArray,
    pos_j: FloatArray,
    sal_j: FloatArray,
    p_j: float | FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """The positions i and j agree on, issue by issue, weighted by salience^n × probability^m."""
    power = 2 if options.interpolation == "s2p2" else 1
    w_i = sal_i**power * p_i**power
    w_j = sal_j**power * p_j**power
    total = w_i + MIN_BARGAIN_WEIGHT + w_j
    b_i = round4(((w_i + MIN_BARGAIN_WEIGHT) * pos_i + w_j * pos_j) / total)
    b_j = round4((w_i * pos_i + (MIN_BARGAIN_WEIGHT + w_j) * pos_j) / total)
    return b_i, b_j


def step(
    position: FloatArray, capability: FloatArray, salience: FloatArray, options: SmpOptions
) -> tuple[FloatArray, Turn]:
    """One turn: challenges, bargains, and each actor's election among its bargains."""
    n = position.shape[0]
    d = distances(position, position, salience)
    risk = risk_attitudes(d, capability, options)
    salience_sum = salience.sum(axis=1)
    found = best_challenges(d, risk, capability, salience_sum, options)
    challenges: list[Challenge] = []
    if found:
        i_s = np.array([c[0] for c in found])
        j_s = np.array([c[1] for c in found])
        p_s = np.array([c[2] for c in found])[:, None]
        # all bargains at once: the same elementwise arithmetic as one at a time
        b_i, b_j = bargain(
            options, position[i_s], salience[i_s], p_s, position[j_s], salience[j_s], 1.0 - p_s
        )
        challenges = [Challenge(i, j, p, g, b_i[r], b_j[r]) for r, (i, j, p, g) in enumerate(found)]
    new = position.copy()
    adoptions: list[Adoption] = []
    if not challenges:
        return new, Turn((), ())
    own = utility(d, risk[:, None])  # own[n, m]: n's utility of m's position, own view
    own_total = own.sum(axis=1)
    inits = np.array([c.initiator for c in challenges])
    rcvrs = np.array([c.receiver for c in challenges])
    u_init = utility(
        distances(position, np.array([c.initiator_position for c in challenges]), salience),
        risk[:, None],
    )
    u_rcvr = utility(
        distances(position, np.array([c.receiver_position for c in challenges]), salience),
        risk[:, None],
    )
    # mean utility to each actor of the state after each bargain (all else unchanged)
    u_bargain = (own_total[:, None] - own[:, inits] - own[:, rcvrs] + u_init + u_rcvr) / n
    u_sq = own_total / n
    ballots = _ballots(n, inits, rcvrs)
    for size in sorted({len(order) for order in ballots.values()}):
        group = [k for k, order in ballots.items() if len(order) == size]
        for k, best, p_best in _elections(group, ballots, u_sq, u_bargain, capability, options):
            chosen = ballots[k][best]
            adoptions.append(Adoption(k, chosen, p_best))
            if chosen >= 0:
                c = challenges[chosen]
                new[k] = c.initiator_position if c.initiator == k else c.receiver_position
    adoptions.sort(key=lambda a: a.actor)
    return new, Turn(tuple(challenges), tuple(adoptions))


def _ballots(
    n: int, inits: npt.NDArray[np.int64], rcvrs: npt.NDArray[np.int64]
) -> dict[int, list[int]]:
    """Per actor party to a bargain, its options: bargain indices, -1 for its status quo.

    KTAB's order: bargains others started against k, k's status quo, its own bargain, the rest
    (the order only matters for ties between options of exactly equal probability)."""
    ballots: dict[int, list[int]] = {}
    for b, (i, j) in enumerate(zip(inits.tolist(), rcvrs.tolist(), strict=True)):
        for k in (i, j):
            order = ballots.setdefault(k, [])
            if -1 not in order and i >= k:  # k's own turn to bargain has come
                order.append(-1)
            order.append(b)
    for order in ballots.values():
        if -1 not in order:
            order.append(-1)
    return ballots


def _elections(
    group: list[int],
    ballots: dict[int, list[int]],
    u_sq: FloatArray,
    u_bargain: FloatArray,
    capability: FloatArray,
    options: SmpOptions,
) -> list[tuple[int, int, float]]:
    """For actors with equally many options: (actor, index of the winner, its probability).

    Small ballots are elected together in one array operation; large ones one at a time."""
    size = len(ballots[group[0]])
    columns = np.column_stack([u_sq, u_bargain])  # column 0: status quo, b + 1: bargain b
    chosen = np.array([[b + 1 for b in ballots[k]] for k in group])
    result: list[tuple[int, int, float]] = []
    if size > 8:
        for k, cols in zip(group, chosen, strict=True):
            p = condorcet_probabilities(
                options.voting, options.victory, capability, columns[:, cols], options.compiled
            )
            best = int(np.argmax(p))
            result.append((k, best, float(p[best])))
        return result
    u = np.transpose(columns[:, chosen], (1, 0, 2))  # (ballot, voter, option)
    votes = vote(
        options.voting, capability[None, :, None, None], u[:, :, :, None] - u[:, :, None, :]
    )
    c = MIN_COALITION + np.maximum(votes, 0.0).sum(axis=1)
    eye = np.eye(size, dtype=bool)
    c[:, eye] = MIN_COALITION
    pv = victory_probability(options.victory, c, np.transpose(c, (0, 2, 1)))
    pv[:, eye] = 0.5
    log_p = np.log(pv).sum(axis=2)
    p = np.exp(log_p - log_p.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    best = np.argmax(p, axis=1)
    for r, k in enumerate(group):
        result.append((k, int(best[r]), float(p[r, best[r]])))
    return result


def state_distance(a: FloatArray, b: FloatArray) -> float:
    return float(np.linalg.norm(a - b, axis=1).sum())


def run_smp(
    position: FloatArray, capability: FloatArray, salience: FloatArray, options: SmpOptions
) -> SmpResult:
    """Turns until KTAB's stopping rule holds; positions and saliences on [0, 1]."""
    states = [np.asarray(position, dtype=np.float64)]
    turns: list[Turn] = []
    first = 0.0
    for t in range(1, options.max_turns + 1):
        new, turn = step(states[-1], capability, salience, options)
        states.append(new)
        turns.append(turn)
        moved = state_distance(new, states[-2])
        if t == 1:
            first = moved + MIN_FIRST_STEP
        if t >= options.min_turns and moved / first < options.stop_ratio:
            break
    return SmpResult(np.stack(states), tuple(turns))
