/* fd-canary-judge.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-canary-judge"

#include "config.h"

#include "fd-canary-judge.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The exact null distribution is enumerated up to this size per side; above
 * it the normal approximation is already within a few 1e-4 of it. */
#define EXACT_MAX_N 20

/* Pairwise differences for the Hodges-Lehmann estimate are enumerated only up
 * to this many pairs (8 MB of doubles), so a huge window cannot stall a refresh. */
#define HODGES_LEHMANN_MAX_PAIRS 1000000

/* Defaults for the absolute tolerances of the built-in snapshot metrics: an
 * error rate must move by more than 0.1 percentage point and a latency by more
 * than 1 ms before it matters, whatever the ratio says. */
#define ERROR_RATE_ABSOLUTE_TOLERANCE 0.001
#define LATENCY_ABSOLUTE_TOLERANCE_MS 1.0

G_DEFINE_BOXED_TYPE (FdCanaryVerdict, fd_canary_verdict,
                     fd_canary_verdict_copy, fd_canary_verdict_free)

typedef struct
{
  double value;
  guint  group;   /* 0 = x, 1 = y */
} Ranked;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  return compare_double (&((const Ranked *) a)->value, &((const Ranked *) b)->value);
}

/* Median with linear interpolation between the two middle values, which is
 * what NumPy's percentile(…, 50) gives. Sorts @values in place. */
static double
median_in_place (double *values,
                 gsize   n)
{
  if (n == 0)
    return NAN;

  qsort (values, n, sizeof (double), compare_double);

  if (n % 2 == 1)
    return values[n / 2];

  return (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

/* Copies the finite values of @values, as NaN and infinities cannot be ranked. */
static double *
finite_copy (const double *values,
             gsize         n,
             gsize        *n_out)
{
  double *copy = g_new (double, MAX (n, 1));
  gsize j = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (isfinite (values[i]))
        copy[j++] = values[i];
    }

  *n_out = j;
  return copy;
}

/* P(U >= u) under the null hypothesis for samples of sizes @n1 and @n2
 * without ties. Counts the subsets of n1 ranks out of n1 + n2 by their rank
 * sum (a dynamic programme over ranks), so it is exact up to doubles. */
static double
exact_upper_tail (gsize  n1,
                  gsize  n2,
                  double u)
{
  gsize n = n1 + n2;
  gsize max_sum = n1 * n - n1 * (n1 - 1) / 2;
  g_autofree double *ways = NULL;
  double total = 0;
  double tail = 0;
  gsize min_sum = n1 * (n1 + 1) / 2;

  /* ways[k * (max_sum + 1) + s]: number of k-subsets of the ranks seen so far
   * whose ranks add up to s. */
  ways = g_new0 (double, (n1 + 1) * (max_sum + 1));
  ways[0] = 1;

  for (gsize rank = 1; rank <= n; rank++)
    {
      for (gsize k = MIN (rank, n1); k >= 1; k--)
        {
          double *row = ways + k * (max_sum + 1);
          const double *prev = ways + (k - 1) * (max_sum + 1);

          for (gsize s = max_sum; s >= rank; s--)
            row[s] += prev[s - rank];
        }
    }

  for (gsize s = min_sum; s <= max_sum; s++)
    {
      double count = ways[n1 * (max_sum + 1) + s];
      double u_s = (double) (s - min_sum);

      total += count;
      if (u_s >= u - 1e-9)
        tail += count;
    }

  return tail / total;
}

/**
 * fd_mann_whitney_u:
 * @x: the first sample (e.g. the canary)
 * @n_x: its size
 * @y: the second sample (e.g. the baseline)
 * @n_y: its size
 * @out: (out): the result
 *
 * The two-sided Mann-Whitney U test, with the conventions of
 * scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="auto")
 * except for the switch to the exact distribution: U is the statistic of @x
 * (pairs where x > y, ties counting 1/2). Without ties and with both sizes
 * at most 20 the p value comes from the exact null distribution; otherwise
 * from the normal approximation with tie correction and a 0.5 continuity
 * correction. Non-finite values are ignored.
 *
 * Returns: %FALSE when either sample is empty (then @out holds NaNs)
 */
gboolean
fd_mann_whitney_u (const double  *x,
                   gsize          n_x,
                   const double  *y,
                   gsize          n_y,
                   FdMannWhitney *out)
{
  g_autofree Ranked *all = NULL;
  double rank_sum_x = 0;
  double tie_term = 0;
  gsize n1 = 0;
  gsize n2 = 0;
  gsize n;
  double u1;
  double u2;
  double mu;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (x != NULL || n_x == 0, FALSE);
  g_return_val_if_fail (y != NULL || n_y == 0, FALSE);

  out->u = NAN;
  out->p_value = NAN;
  out->exact = FALSE;

  all = g_new (Ranked, MAX (n_x + n_y, 1));
  for (gsize i = 0; i < n_x; i++)
    if (isfinite (x[i]))
      all[n1++] = (Ranked) { x[i], 0 };
  for (gsize i = 0; i < n_y; i++)
    if (isfinite (y[i]))
      all[n1 + n2++] = (Ranked) { y[i], 1 };

  if (n1 == 0 || n2 == 0)
    return FALSE;

  n = n1 + n2;
  qsort (all, n, sizeof (Ranked), compare_ranked);

  /* Midranks: a run of t equal values shares the mean of its ranks. */
  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;
      double midrank;

      while (j < n && all[j].value == all[i].value)
        j++;

      midrank = (double) (i + 1 + j) / 2.0;
      for (gsize k = i; k < j; k++)
        if (all[k].group == 0)
          rank_sum_x += midrank;

      if (j - i > 1)
        {
          double t = (double) (j - i);
          tie_term += t * t * t - t;
        }

      i = j;
    }

  u1 = rank_sum_x - (double) n1 * (double) (n1 + 1) / 2.0;
  u2 = (double) n1 * (double) n2 - u1;
  mu = (double) n1 * (double) n2 / 2.0;
  out->u = u1;

  if (tie_term == 0 && n1 <= EXACT_MAX_N && n2 <= EXACT_MAX_N)
    {
      /* The null distribution is symmetric, so the two-sided p value is
       * twice the upper tail at the larger of U1 and U2. */
      out->p_value = MIN (1.0, 2.0 * exact_upper_tail (n1, n2, MAX (u1, u2)));
      out->exact = TRUE;
    }
  else
    {
      double nd = (double) n;
      double variance = (double) n1 * (double) n2 / 12.0
                        * ((nd + 1.0) - tie_term / (nd * (nd - 1.0)));
      double z;

      if (variance <= 0)
        {
          /* Every value is the same: nothing to tell the samples apart. */
          out->p_value = 1.0;
        }
      else
        {
          z = (MAX (u1, u2) - mu - 0.5) / sqrt (variance);
          out->p_value = MIN (1.0, erfc (z / G_SQRT2));
        }
    }

  return TRUE;
}

static double
hodges_lehmann (const double *x,
                gsize         n_x,
                const double *y,
                gsize         n_y)
{
  g_autofree double *diffs = NULL;
  gsize k = 0;

  if (n_x == 0 || n_y == 0 || n_x > HODGES_LEHMANN_MAX_PAIRS / n_y)
    return NAN;

  diffs = g_new (double, n_x * n_y);
  for (gsize i = 0; i < n_x; i++)
    for (gsize j = 0; j < n_y; j++)
      diffs[k++] = x[i] - y[j];

  return median_in_place (diffs, k);
}

static double
median_ratio (double canary,
              double baseline)
{
  if (baseline == 0)
    {
      if (canary == 0)
        return 1.0;
      return canary > 0 ? INFINITY : -INFINITY;
    }

  return canary / baseline;
}

static void
judge_metric (const FdCanaryMetricInput *metric,
              double                     alpha,
              FdCanaryMetricResult      *result)
{
  g_autofree double *canary = NULL;
  g_autofree double *baseline = NULL;
  FdMannWhitney mw;
  double tolerance = metric->tolerance > 0 ? metric->tolerance : FD_CANARY_JUDGE_DEFAULT_TOLERANCE;
  double absolute = MAX (metric->absolute_tolerance, 0);
  double difference;
  gboolean significant;
  gboolean higher;
  gboolean lower;
  double mu;

  result->name = g_strdup (metric->name);
  result->u = NAN;
  result->p_value = NAN;
  result->median_canary = NAN;
  result->median_baseline = NAN;
  result->median_ratio = NAN;
  result->hodges_lehmann = NAN;
  result->rank_biserial = NAN;
  result->classification = FD_CANARY_CLASS_NO_DATA;
  result->passed = FALSE;

  canary = finite_copy (metric->canary, metric->n_canary, &result->n_canary);
  baseline = finite_copy (metric->baseline, metric->n_baseline, &result->n_baseline);

  if (result->n_canary < FD_CANARY_JUDGE_MIN_SAMPLES ||
      result->n_baseline < FD_CANARY_JUDGE_MIN_SAMPLES)
    return;

  fd_mann_whitney_u (canary, result->n_canary, baseline, result->n_baseline, &mw);
  result->u = mw.u;
  result->p_value = mw.p_value;
  result->exact = mw.exact;

  mu = (double) result->n_canary * (double) result->n_baseline / 2.0;
  result->rank_biserial = mw.u / mu - 1.0;
  result->hodges_lehmann = hodges_lehmann (canary, result->n_canary,
                                           baseline, result->n_baseline);

  /* median_in_place sorts, so it runs after the pairwise differences. */
  result->median_canary = median_in_place (canary, result->n_canary);
  result->median_baseline = median_in_place (baseline, result->n_baseline);
  result->median_ratio = median_ratio (result->median_canary, result->median_baseline);
  difference = result->median_canary - result->median_baseline;

  /* Significance alone flags tiny shifts once there are many intervals, and
   * a big ratio alone flags noise; Kayenta asks for both. */
  significant = mw.p_value < alpha;
  higher = significant && mw.u > mu &&
           result->median_ratio > 1.0 + tolerance && difference > absolute;
  lower = significant && mw.u < mu &&
          result->median_ratio < 1.0 / (1.0 + tolerance) && -difference > absolute;

  if (higher)
    result->classification = FD_CANARY_CLASS_HIGH;
  else if (lower)
    result->classification = FD_CANARY_CLASS_LOW;
  else
    result->classification = FD_CANARY_CLASS_PASS;

  switch (metric->direction)
    {
    case FD_CANARY_DIRECTION_INCREASE:
      result->passed = result->classification != FD_CANARY_CLASS_HIGH;
      break;
    case FD_CANARY_DIRECTION_DECREASE:
      result->passed = result->classification != FD_CANARY_CLASS_LOW;
      break;
    case FD_CANARY_DIRECTION_EITHER:
    default:
      result->passed = result->classification == FD_CANARY_CLASS_PASS;
      break;
    }
}

/**
 * fd_canary_judge:
 * @input: the metrics of the canary and its baseline
 * @pass_threshold: minimum score for a pass, e.g. %FD_CANARY_JUDGE_DEFAULT_PASS
 * @marginal_threshold: minimum score for a marginal verdict, e.g.
 *   %FD_CANARY_JUDGE_DEFAULT_MARGINAL
 *
 * Kayenta-style automated canary analysis. Each metric is compared with a
 * two-sided Mann-Whitney U test and an effect size (the ratio of medians,
 * plus the Hodges-Lehmann shift and the rank-biserial correlation for
 * display). A metric is High (Low) when the canary is significantly higher
 * (lower) at the input's alpha AND the median ratio is beyond the tolerance;
 * it fails when that deviation is the bad one for its direction. Metrics with
 * fewer than %FD_CANARY_JUDGE_MIN_SAMPLES values on a side are "no data" and
 * left out of the score, so a new canary is not failed for lack of samples.
 *
 * Returns: (transfer full): the verdict, with one result per metric
 */
FdCanaryVerdict *
fd_canary_judge (const FdCanaryJudgeInput *input,
                 double                    pass_threshold,
                 double                    marginal_threshold)
{
  FdCanaryVerdict *verdict;
  double alpha;
  gsize with_data = 0;
  gsize passed = 0;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (input->metrics != NULL || input->n_metrics == 0, NULL);

  alpha = input->alpha > 0 ? input->alpha : FD_CANARY_JUDGE_DEFAULT_ALPHA;

  verdict = g_new0 (FdCanaryVerdict, 1);
  verdict->n_metrics = input->n_metrics;
  verdict->metrics = g_new0 (FdCanaryMetricResult, MAX (input->n_metrics, 1));

  for (gsize i = 0; i < input->n_metrics; i++)
    {
      FdCanaryMetricResult *result = &verdict->metrics[i];

      judge_metric (&input->metrics[i], alpha, result);
      if (result->classification == FD_CANARY_CLASS_NO_DATA)
        continue;

      with_data++;
      if (result->passed)
        passed++;
    }

  if (with_data == 0)
    {
      verdict->score = NAN;
      verdict->verdict = FD_CANARY_VERDICT_NO_DATA;
      return verdict;
    }

  verdict->score = 100.0 * (double) passed / (double) with_data;

  if (verdict->score >= pass_threshold)
    verdict->verdict = FD_CANARY_VERDICT_PASS;
  else if (verdict->score >= marginal_threshold)
    verdict->verdict = FD_CANARY_VERDICT_MARGINAL;
  else
    verdict->verdict = FD_CANARY_VERDICT_FAIL;

  return verdict;
}

/**
 * fd_canary_judge_snapshot:
 * @snapshot: the snapshot holding the samples
 * @canary_id: the interned id of the canary
 * @from: start of the window (inclusive)
 * @to: end of the window (exclusive)
 * @include_p99: also judge latency p99
 * @pass_threshold: minimum score for a pass
 * @marginal_threshold: minimum score for a marginal verdict
 *
 * Judges a canary from its samples in [@from, @to): the per-interval error
 * rate (errors / requests, intervals without requests left out) and the
 * latency p95 (and p99), all "higher is bad", with the default alpha and
 * tolerances.
 *
 * Returns: (transfer full): the verdict; metrics are named "error_rate",
 *   "latency_p95_ms" and "latency_p99_ms"
 */
FdCanaryVerdict *
fd_canary_judge_snapshot (FdSnapshot *snapshot,
                          FdStr       canary_id,
                          FdTime      from,
                          FdTime      to,
                          gboolean    include_p99,
                          double      pass_threshold,
                          double      marginal_threshold)
{
  GArray *error_rate[FD_VARIANT_N];
  GArray *p95[FD_VARIANT_N];
  GArray *p99[FD_VARIANT_N];
  FdCanaryVerdict *verdict;
  const FdCanarySample *samples;
  FdCanaryMetricInput metrics[3];
  FdCanaryJudgeInput input = { metrics, 0, 0 };
  gsize n_samples = 0;
  gsize first = 0;
  gsize last = 0;

  g_return_val_if_fail (snapshot != NULL, NULL);

  for (guint v = 0; v < FD_VARIANT_N; v++)
    {
      error_rate[v] = g_array_new (FALSE, FALSE, sizeof (double));
      p95[v] = g_array_new (FALSE, FALSE, sizeof (double));
      p99[v] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  samples = fd_snapshot_get_samples (snapshot, &n_samples);
  fd_snapshot_samples_range (snapshot, from, to, &first, &last);
  last = MIN (last, n_samples);

  for (gsize i = first; i < last; i++)
    {
      const FdCanarySample *sample = &samples[i];

      if (sample->canary_id != canary_id || sample->variant >= FD_VARIANT_N)
        continue;

      if (sample->requests > 0)
        {
          double rate = (double) sample->errors / (double) sample->requests;
          g_array_append_val (error_rate[sample->variant], rate);
        }
      g_array_append_val (p95[sample->variant], sample->latency_p95_ms);
      g_array_append_val (p99[sample->variant], sample->latency_p99_ms);
    }

  metrics[input.n_metrics++] = (FdCanaryMetricInput) {
    "error_rate",
    (const double *) (gpointer) error_rate[FD_VARIANT_CANARY]->data,
    error_rate[FD_VARIANT_CANARY]->len,
    (const double *) (gpointer) error_rate[FD_VARIANT_BASELINE]->data,
    error_rate[FD_VARIANT_BASELINE]->len,
    FD_CANARY_DIRECTION_INCREASE, 0, ERROR_RATE_ABSOLUTE_TOLERANCE,
  };
  metrics[input.n_metrics++] = (FdCanaryMetricInput) {
    "latency_p95_ms",
    (const double *) (gpointer) p95[FD_VARIANT_CANARY]->data, p95[FD_VARIANT_CANARY]->len,
    (const double *) (gpointer) p95[FD_VARIANT_BASELINE]->data, p95[FD_VARIANT_BASELINE]->len,
    FD_CANARY_DIRECTION_INCREASE, 0, LATENCY_ABSOLUTE_TOLERANCE_MS,
  };
  if (include_p99)
    metrics[input.n_metrics++] = (FdCanaryMetricInput) {
      "latency_p99_ms",
      (const double *) (gpointer) p99[FD_VARIANT_CANARY]->data, p99[FD_VARIANT_CANARY]->len,
      (const double *) (gpointer) p99[FD_VARIANT_BASELINE]->data, p99[FD_VARIANT_BASELINE]->len,
      FD_CANARY_DIRECTION_INCREASE, 0, LATENCY_ABSOLUTE_TOLERANCE_MS,
    };

  verdict = fd_canary_judge (&input, pass_threshold, marginal_threshold);

  for (guint v = 0; v < FD_VARIANT_N; v++)
    {
      g_array_unref (error_rate[v]);
      g_array_unref (p95[v]);
      g_array_unref (p99[v]);
    }

  return verdict;
}

/**
 * fd_canary_verdict_copy:
 * @verdict: a verdict
 *
 * Returns: (transfer full): a deep copy of @verdict
 */
FdCanaryVerdict *
fd_canary_verdict_copy (const FdCanaryVerdict *verdict)
{
  FdCanaryVerdict *copy;

  g_return_val_if_fail (verdict != NULL, NULL);

  copy = g_memdup2 (verdict, sizeof *verdict);
  copy->metrics = g_memdup2 (verdict->metrics,
                             sizeof (FdCanaryMetricResult) * MAX (verdict->n_metrics, 1));
  for (gsize i = 0; i < verdict->n_metrics; i++)
    copy->metrics[i].name = g_strdup (verdict->metrics[i].name);

  return copy;
}

/**
 * fd_canary_verdict_free:
 * @verdict: (nullable): a verdict
 *
 * Frees @verdict and its metric results.
 */
void
fd_canary_verdict_free (FdCanaryVerdict *verdict)
{
  if (verdict == NULL)
    return;

  for (gsize i = 0; i < verdict->n_metrics; i++)
    g_free (verdict->metrics[i].name);
  g_free (verdict->metrics);
  g_free (verdict);
}

/**
 * fd_canary_classification_to_string:
 * @classification: a classification
 *
 * Returns: a stable lowercase name ("pass", "high", "low", "no_data")
 */
const char *
fd_canary_classification_to_string (FdCanaryClassification classification)
{
  switch (classification)
    {
    case FD_CANARY_CLASS_PASS:    return "pass";
    case FD_CANARY_CLASS_HIGH:    return "high";
    case FD_CANARY_CLASS_LOW:     return "low";
    case FD_CANARY_CLASS_NO_DATA: return "no_data";
    default:                      return NULL;
    }
}

/**
 * fd_canary_verdict_kind_to_string:
 * @verdict: a verdict kind
 *
 * Returns: a stable lowercase name ("pass", "marginal", "fail", "no_data")
 */
const char *
fd_canary_verdict_kind_to_string (FdCanaryVerdictKind verdict)
{
  switch (verdict)
    {
    case FD_CANARY_VERDICT_PASS:     return "pass";
    case FD_CANARY_VERDICT_MARGINAL: return "marginal";
    case FD_CANARY_VERDICT_FAIL:     return "fail";
    case FD_CANARY_VERDICT_NO_DATA:  return "no_data";
    default:                         return NULL;
    }
}
