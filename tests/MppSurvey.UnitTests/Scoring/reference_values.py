# Independent reference values for the scoring unit tests (docs/method.md: the interval, the change test and the trend).
# Not part of the build. Reproduce with Debian's scipy:
#   apt-get update && apt-get install -y python3-scipy
#   /usr/bin/python3 tests/MppSurvey.UnitTests/Scoring/reference_values.py
# (run here with python3-scipy 1.10.1-2, numpy 1.24 from Debian 12).
import numpy as np
from scipy import stats

# The worked example of docs/method.md, answers in code order U1..U9.
example = np.array([
    [4, 4, 4, 4, 4, 4, 4, 3, 4],
    [4, 3, 3, 4, 4, 4, 4, 4, 3],
    [3, 4, 3, 4, 3, 4, 4, 3, 4],
    [3, 3, 2, 4, 3, 3, 3, 3, 1],
    [4, 4, 4, 4, 4, 4, 4, 4, 4],
    [4, 3, 3, 4, 4, 3, 4, 2, 4],
    [4, 4, 4, 4, 3, 4, 4, 4, 3],
    [3, 3, 3, 4, 4, 4, 4, 3, 4],
    [3, 3, 2, 4, 3, 3, 3, 3, 3],
    [4, 4, 3, 4, 4, 4, 4, 3, 4],
])
scores = example.mean(axis=1) * 25  # respondent-level score: mean answer x 25
n = len(scores)
mean, sd = scores.mean(), scores.std(ddof=1)
t = stats.t.ppf(0.975, n - 1)
print("CI worked example: mean %.10f sd %.10f t %.10f low %.10f high %.10f"
      % (mean, sd, t, mean - t * sd / np.sqrt(n), mean + t * sd / np.sqrt(n)))
low, high = stats.t.interval(0.95, n - 1, loc=mean, scale=stats.sem(scores))
print("  cross-check with stats.t.interval: %.10f %.10f" % (low, high))

# Welch: the worked example (before) against a later period (after), scores on the 25-100 scale.
after_rise = np.array([97.5, 100, 95, 92.5, 100, 97.5, 90, 100, 95, 97.5, 92.5, 100])
r = stats.ttest_ind(after_rise, scores, equal_var=False)
print("Welch rise: t %.10f p %.10f" % (r.statistic, r.pvalue))
after_flat = np.array([90, 85, 87.5, 92.5, 80, 95, 85, 90])
r = stats.ttest_ind(after_flat, scores, equal_var=False)
print("Welch flat: t %.10f p %.10f" % (r.statistic, r.pvalue))
after_fall = np.array([70, 75, 72.5, 65, 80, 77.5, 70, 62.5, 75, 72.5])
r = stats.ttest_ind(after_fall, scores, equal_var=False)
print("Welch fall: t %.10f p %.10f" % (r.statistic, r.pvalue))
# Welch-Satterthwaite degrees of freedom for the rise case
v1, v2 = scores.var(ddof=1) / len(scores), after_rise.var(ddof=1) / len(after_rise)
print("  rise df %.10f" % ((v1 + v2) ** 2 / (v1 ** 2 / (len(scores) - 1) + v2 ** 2 / (len(after_rise) - 1))))

# Trend: least-squares slope per period and its two-sided p-value.
rising = [84.2, 85.1, 85.9, 87.3, 88.0]
lr = stats.linregress(range(len(rising)), rising)
print("Trend rising: slope %.10f intercept %.10f p %.10f se %.10f" % (lr.slope, lr.intercept, lr.pvalue, lr.stderr))
flat = [88.1, 86.9, 88.4, 87.2]
lr = stats.linregress(range(len(flat)), flat)
print("Trend flat: slope %.10f p %.10f" % (lr.slope, lr.pvalue))

# Funnel limits: reference mean 87.5, respondent spread 9.0, unit with 50 respondents.
z95, z998 = stats.norm.ppf(0.975), stats.norm.ppf(0.999)
se = 9.0 / np.sqrt(50)
print("Funnel n=50: z95 %.10f z998 %.10f 95%% [%.10f, %.10f] 99.8%% [%.10f, %.10f]"
      % (z95, z998, 87.5 - z95 * se, 87.5 + z95 * se, 87.5 - z998 * se, 87.5 + z998 * se))

# Drivers: Pearson correlation of each element with the respondent's score.
for i in range(9):
    print("Driver U%d: r %.10f NRR %.1f" % (i + 1, np.corrcoef(example[:, i], scores)[0, 1], example[:, i].mean()))

# Importance-performance quadrants: split at the mean correlation and mean NRR of the elements
# whose correlation is defined (U4 is 4 for everyone: no spread, no correlation).
rs = {i: np.corrcoef(example[:, i], scores)[0, 1] for i in range(9) if example[:, i].std() > 0}
r_split = np.mean(list(rs.values()))
p_split = np.mean([example[:, i].mean() for i in rs])
print("Quadrant split: r %.10f NRR %.10f" % (r_split, p_split))
for i, r in rs.items():
    hi_r, hi_p = r >= r_split, example[:, i].mean() >= p_split
    print("  U%d %s" % (i + 1, {(True, False): "FixFirst", (True, True): "KeepUp", (False, False): "LowPriority", (False, True): "PossibleOverkill"}[(hi_r, hi_p)]))
