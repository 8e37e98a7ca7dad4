#!/usr/bin/env python3
"""Expected values of OverdispersedFunnelTests (plain python3, no numpy).

Spiegelhalter (2005), Handling over-dispersion of performance indicators, Qual Saf Health Care
14:347-351: z-scores, 10%/90% winsorising (percentiles by linear interpolation, R type 7),
phi = mean of squared winsorised z, additive tau^2 = (I phi - (I-1)) / (sum w - sum w^2 / sum w),
limits target +- z_p sqrt(sd^2/n + tau^2).  Run: python3 overdispersed_funnel_expected.py
"""
from math import sqrt, floor
from statistics import NormalDist

target, sd = 80.0, 10.0
units = [(25, 84.0), (100, 78.0), (400, 81.5), (50, 72.0), (200, 83.0), (900, 79.6)]

s = [sd / sqrt(n) for n, _ in units]
z = [(y - target) / si for (n, y), si in zip(units, s)]
zs = sorted(z)

def pct(p):
    h = (len(zs) - 1) * p
    lo = floor(h)
    hi = min(lo + 1, len(zs) - 1)
    return zs[lo] + (h - lo) * (zs[hi] - zs[lo])

low, high = pct(0.1), pct(0.9)
zw = [min(max(x, low), high) for x in z]
I = len(units)
phi = sum(x * x for x in zw) / I
w = [1 / (si * si) for si in s]
denom = sum(w) - sum(x * x for x in w) / sum(w)
tau2 = max(0.0, (I * phi - (I - 1)) / denom)
z95, z998 = NormalDist().inv_cdf(0.975), NormalDist().inv_cdf(0.999)
print(f"z = {[round(x, 10) for x in z]}")
print(f"winsor low {low:.10f} high {high:.10f}")
print(f"phi {phi:.10f}  sum w {sum(w):.10f}  sum w^2 {sum(x*x for x in w):.10f}  denominator {denom:.10f}")
print(f"tau2 {tau2:.10f}  tau {sqrt(tau2):.10f}")
for n in (25, 900):
    se = sqrt(sd * sd / n + tau2)
    print(f"n {n}: 95% [{target - z95*se:.10f}, {target + z95*se:.10f}]  99.8% [{target - z998*se:.10f}, {target + z998*se:.10f}]")
