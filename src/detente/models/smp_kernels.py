"""Compiled loops for smp.v1's two O(n³) steps, with numba; ``None`` when numba is missing.

The numpy versions in :mod:`detente.models.smp_core` are the reference and the fallback. These
loops compute the same quantities without n×n×n temporaries; sums run over actors in index
order (as KTAB's do), so results agree with numpy's pairwise sums to rounding (~1e-15).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

VOTING_CODES = {
    "proportional": 0,
    "binary": 1,
    "prop_bin": 2,
    "prop_cubic": 3,
    "cubic": 4,
    "asym_prospect": 5,
}
THIRD_PARTY_CODES = {"semi": 0, "full": 1, "none": 2}
ADJUST_CODES = {"one_third": 0, "two_thirds": 1, "half": 2, "none": 3, "full": 4}

challenge_kernel: Callable[..., Any] | None = None
coalition_kernel: Callable[..., Any] | None = None

try:
    import numba
except ImportError:  # pragma: no cover - numba is a declared dependency; this is the fallback
    HAVE_NUMBA = False
else:
    HAVE_NUMBA = True

if HAVE_NUMBA:
    import numpy as np

    @numba.njit(cache=True, inline="always")
    def _vote(code: int, w: float, du: float) -> float:
        if code == 0:
            return w * du
        binary = min(1.0, max(-1.0, du / 1e-8))
        if code == 1:
            return w * binary
        if code == 2:
            return w * (0.8 * du + 0.2 * binary)
        if code == 3:
            return w * (0.5 * du + 0.5 * du**3)
        if code == 4:
            return w * du**3
        return w * (2.0 * du / 3.0) if du > 0.0 else w * du

    @numba.njit(cache=True, inline="always")
    def _estimate(code: int, r_h: float, r_i: float) -> float:
        if code == 0:
            return (2.0 * r_h + r_i) / 3.0
        if code == 1:
            return (r_h + 2.0 * r_i) / 3.0
        if code == 2:
            return 0.5 * r_h + 0.5 * r_i
        if code == 3:
            return r_h
        return r_i

    @numba.njit(cache=True, inline="always")
    def _util(d: float, r: float) -> float:
        return (1.0 - d) * (1.0 + min(d, 1.0) * r)

    @numba.njit(cache=True, inline="always")
    def _third_party(code: int, pin: float, uni: float, unj: float, unn: float) -> float:
        pjn = 1.0 - pin
        if code == 0:
            return pin * (unn - uni) + pjn * (unj - unn)
        ik_beats_j = 3 * uni if code == 1 else 2 * uni + unn
        j_beats_ik = 3 * unj if code == 1 else 2 * unj + unn
        i_beats_jk = 3 * uni if code == 1 else 2 * uni + unn
        jk_beats_i = 3 * unj if code == 1 else 2 * unj + unn
        return (pin * ik_beats_j + pjn * j_beats_ik) - (pin * i_beats_jk + pjn * jk_beats_i)

    @numba.njit(cache=True)
    def _challenges(
        d: Any,
        risk: Any,
        weight: Any,
        s_sum: Any,
        vcode: int,
        tcode: int,
        acode: int,
        min_contest: float,
    ) -> tuple[Any, Any]:
        n = d.shape[0]
        phij = np.empty((n, n))
        gain = np.empty((n, n))
        rh = np.empty(n)
        u_ni = np.empty(n)
        u_nn = np.empty(n)
        fi = np.empty(n)
        fj = np.empty(n)
        chij = np.empty(n)
        chji = np.empty(n)
        for i in range(n):
            for a in range(n):
                rh[a] = _estimate(acode, risk[i], risk[a])
                u_ni[a] = _util(d[a, i], rh[a])
                u_nn[a] = _util(d[a, a], rh[a])
            u_ii = u_nn[i]
            for j in range(n):
                u_ij = _util(d[i, j], rh[i])
                c_i = _vote(vcode, weight[i], u_ii - u_ij)
                c_j = _vote(vcode, weight[j], u_ni[j] - u_nn[j])
                fi[j] = min_contest + max(c_i, 0.0) + max(c_j, 0.0)
                fj[j] = min_contest + max(-c_i, 0.0) + max(-c_j, 0.0)
                chij[j] = fi[j]
                chji[j] = fj[j]
            for m in range(n):
                if m == i:
                    continue
                uni = u_ni[m]
                unn = u_nn[m]
                w = weight[m]
                r = rh[m]
                for j in range(n):
                    if j == m or j == i:  # noqa: SIM109 (plain compares compile best)
                        continue
                    unj = _util(d[m, j], r)
                    cn = _vote(vcode, w, uni - unj)
                    cni = fi[j] + max(cn, 0.0)
                    cnj = fj[j] + max(-cn, 0.0)
                    vk = _vote(vcode, w, _third_party(tcode, cni / (cni + cnj), uni, unj, unn))
                    if vk > 0.0:
                        chij[j] += vk
                    elif vk < 0.0:
                        chji[j] -= vk
            for j in range(n):
                u_ij = _util(d[i, j], rh[i])
                p = chij[j] / (chij[j] + chji[j])
                win = 2.0 * u_ii
                eu = (1.0 - s_sum[j]) * win + s_sum[j] * (p * win + (1.0 - p) * 2.0 * u_ij)
                phij[i, j] = p
                gain[i, j] = eu - (u_ii + u_ij)
        return phij, gain

    @numba.njit(cache=True)
    def _coalitions(vcode: int, weight: Any, u: Any, min_c: float) -> Any:
        n_voters, n_opt = u.shape
        c = np.full((n_opt, n_opt), min_c)
        for v in range(n_voters):
            w = weight[v]
            for a in range(n_opt):
                ua = u[v, a]
                for b in range(n_opt):
                    if a != b:
                        x = _vote(vcode, w, ua - u[v, b])
                        if x > 0.0:
                            c[a, b] += x
        return c

    challenge_kernel = _challenges
    coalition_kernel = _coalitions
