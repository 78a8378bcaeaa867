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

/* The null distribution of U for samples of sizes n1 and n2 without ties,
 * as upper tail counts: tails[u] is the number of arrangements with U >= u,
 * for u = 0 .. n1 n2, and tails[0] is the number of all. Counts the subsets
 * of n1 ranks out of n1 + n2 by their rank sum (a dynamic programme over
 * ranks). Every count is an integer below 2^53, so the doubles are exact. */
static double *
exact_tails_new (gsize n1,
                 gsize n2)
{
  gsize n = n1 + n2;
  gsize max_sum = n1 * n - n1 * (n1 - 1) / 2;
  gsize min_sum = n1 * (n1 + 1) / 2;
  g_autofree double *ways = NULL;
  double *tails;

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

  /* U = rank sum - min_sum runs over 0 .. max_sum - min_sum = n1 n2. */
  tails = g_new0 (double, n1 * n2 + 2);
  for (gsize s = max_sum + 1; s > min_sum; s--)
    tails[s - 1 - min_sum] = tails[s - min_sum] + ways[n1 * (max_sum + 1) + s - 1];

  return tails;
}

/* The tables depend on the sizes only, so every query on every thread
 * shares them; each is made once, on first use. */
static double *exact_tails_table[EXACT_MAX_N + 1][EXACT_MAX_N + 1];

/* P(U >= u) under the null hypothesis for samples of sizes @n1 and @n2
 * (both at most EXACT_MAX_N) without ties, exact up to doubles. */
static double
exact_upper_tail (gsize  n1,
                  gsize  n2,
                  double u)
{
  double **slot = &exact_tails_table[n1][n2];
  double *tails = g_atomic_pointer_get (slot);
  double k;

  g_assert (n1 >= 1 && n2 >= 1 && n1 <= EXACT_MAX_N && n2 <= EXACT_MAX_N);

  if (tails == NULL)
    {
      double *made = exact_tails_new (n1, n2);

      if (g_atomic_pointer_compare_and_exchange (slot, NULL, made))
        tails = made;
      else
        {
          g_free (made);
          tails = g_atomic_pointer_get (slot);
        }
    }

  /* The arrangements whose U is at least u, give or take rounding. */
  k = ceil (u - 1e-9);
  if (k <= 0)
    return 1.0;
  if (k > (double) (n1 * n2))
    return 0.0;
  return tails[(gsize) k] / tails[0];
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

/* Judging many canaries {{{ */

/* The series of one canary, back to back in one block of doubles: for each
 * metric the canary's values, then the baseline's (part = series × 2 + variant). */
enum
{
  SERIES_ERROR_RATE,
  SERIES_P95,
  SERIES_P99,
  N_SERIES
};
#define N_PARTS (N_SERIES * FD_VARIANT_N)

/* A verdict unused by this many calls in a row is dropped, so that switching
 * between a few filters keeps their verdicts without the cache growing. */
#define CACHE_KEEP_GENERATIONS 4

typedef struct
{
  guint64          hash;
  const double    *values;
  gsize            lens[N_PARTS];
  gsize            n_values;
  gboolean         include_p99;
  double           pass_threshold;
  double           marginal_threshold;
  /* Owned by entries in the cache, NULL in a probe */
  double          *owned_values;
  FdCanaryVerdict *verdict;
  guint64          last_used;
} CacheEntry;

struct _FdCanaryJudgeCache
{
  gatomicrefcount ref_count;
  GMutex          lock;
  GHashTable     *entries;    /* CacheEntry → itself */
  guint64         generation;
  guint64         hits;
  guint64         misses;
};

G_DEFINE_BOXED_TYPE (FdCanaryJudgeCache, fd_canary_judge_cache,
                     fd_canary_judge_cache_ref, fd_canary_judge_cache_unref)

static inline guint64
mix64 (guint64 h,
       guint64 v)
{
  h ^= v;
  h *= G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  return h ^ (h >> 29);
}

static inline guint64
double_bits (double v)
{
  guint64 bits;

  memcpy (&bits, &v, sizeof bits);
  return bits;
}

static void
cache_entry_hash (CacheEntry *entry)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  h = mix64 (h, (guint64) entry->include_p99);
  h = mix64 (h, double_bits (entry->pass_threshold));
  h = mix64 (h, double_bits (entry->marginal_threshold));
  for (guint p = 0; p < N_PARTS; p++)
    h = mix64 (h, entry->lens[p]);
  for (gsize i = 0; i < entry->n_values; i++)
    h = mix64 (h, double_bits (entry->values[i]));
  entry->hash = h;
}

static guint
cache_entry_hash_func (gconstpointer key)
{
  const CacheEntry *entry = key;

  return (guint) (entry->hash ^ (entry->hash >> 32));
}

/* Bit for bit, so that a hit is exactly the input the verdict was made of. */
static gboolean
cache_entry_equal_func (gconstpointer a,
                        gconstpointer b)
{
  const CacheEntry *x = a;
  const CacheEntry *y = b;

  return x->hash == y->hash &&
         x->include_p99 == y->include_p99 &&
         double_bits (x->pass_threshold) == double_bits (y->pass_threshold) &&
         double_bits (x->marginal_threshold) == double_bits (y->marginal_threshold) &&
         memcmp (x->lens, y->lens, sizeof x->lens) == 0 &&
         x->n_values == y->n_values &&
         (x->n_values == 0 || memcmp (x->values, y->values, x->n_values * sizeof (double)) == 0);
}

static void
cache_entry_free (CacheEntry *entry)
{
  g_clear_pointer (&entry->owned_values, g_free);
  g_clear_pointer (&entry->verdict, fd_canary_verdict_free);
  g_free (entry);
}

/**
 * fd_canary_judge_cache_new:
 *
 * Returns: (transfer full): an empty cache for fd_canary_judge_snapshot_all()
 */
FdCanaryJudgeCache *
fd_canary_judge_cache_new (void)
{
  FdCanaryJudgeCache *self = g_new0 (FdCanaryJudgeCache, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (cache_entry_hash_func, cache_entry_equal_func,
                                         (GDestroyNotify) cache_entry_free, NULL);
  return self;
}

/**
 * fd_canary_judge_cache_ref:
 * @self: a #FdCanaryJudgeCache
 *
 * Returns: (transfer full): @self
 */
FdCanaryJudgeCache *
fd_canary_judge_cache_ref (FdCanaryJudgeCache *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * fd_canary_judge_cache_unref:
 * @self: (transfer full): a #FdCanaryJudgeCache
 *
 * Drops a reference; the last one frees the cache. Any thread may drop one.
 */
void
fd_canary_judge_cache_unref (FdCanaryJudgeCache *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/**
 * fd_canary_judge_cache_get_stats:
 * @self: a #FdCanaryJudgeCache
 * @hits: (out) (optional): verdicts copied from the cache so far
 * @misses: (out) (optional): verdicts judged so far
 * @n_entries: (out) (optional): verdicts held now
 *
 * For tests and benchmarks: whether unchanged canaries were judged again.
 */
void
fd_canary_judge_cache_get_stats (FdCanaryJudgeCache *self,
                                 guint64            *hits,
                                 guint64            *misses,
                                 gsize              *n_entries)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  if (hits != NULL)
    *hits = self->hits;
  if (misses != NULL)
    *misses = self->misses;
  if (n_entries != NULL)
    *n_entries = g_hash_table_size (self->entries);
  g_mutex_unlock (&self->lock);
}

static gboolean
entry_is_stale (gpointer key,
                gpointer value,
                gpointer user_data)
{
  const CacheEntry *entry = key;
  guint64 generation = *(const guint64 *) user_data;

  return entry->last_used + CACHE_KEEP_GENERATIONS <= generation;
}

/* The same metrics, names and tolerances as fd_canary_judge_snapshot(). */
static FdCanaryVerdict *
judge_block (const CacheEntry *entry)
{
  const double *part[N_PARTS];
  FdCanaryMetricInput metrics[N_SERIES];
  FdCanaryJudgeInput input = { metrics, 0, 0 };
  gsize offset = 0;

  for (guint p = 0; p < N_PARTS; p++)
    {
      part[p] = entry->values + offset;
      offset += entry->lens[p];
    }

#define PART(series, variant) part[(series) * FD_VARIANT_N + (variant)], \
                              entry->lens[(series) * FD_VARIANT_N + (variant)]
  metrics[input.n_metrics++] = (FdCanaryMetricInput) {
    "error_rate",
    PART (SERIES_ERROR_RATE, FD_VARIANT_CANARY),
    PART (SERIES_ERROR_RATE, FD_VARIANT_BASELINE),
    FD_CANARY_DIRECTION_INCREASE, 0, ERROR_RATE_ABSOLUTE_TOLERANCE,
  };
  metrics[input.n_metrics++] = (FdCanaryMetricInput) {
    "latency_p95_ms",
    PART (SERIES_P95, FD_VARIANT_CANARY),
    PART (SERIES_P95, FD_VARIANT_BASELINE),
    FD_CANARY_DIRECTION_INCREASE, 0, LATENCY_ABSOLUTE_TOLERANCE_MS,
  };
  if (entry->include_p99)
    metrics[input.n_metrics++] = (FdCanaryMetricInput) {
      "latency_p99_ms",
      PART (SERIES_P99, FD_VARIANT_CANARY),
      PART (SERIES_P99, FD_VARIANT_BASELINE),
      FD_CANARY_DIRECTION_INCREASE, 0, LATENCY_ABSOLUTE_TOLERANCE_MS,
    };
#undef PART

  return fd_canary_judge (&input, entry->pass_threshold, entry->marginal_threshold);
}

/* An open-addressing map from a canary id to the first of the canaries with
 * that id (several sources may use the same id); FD_STR_NONE has its own head. */
typedef struct
{
  FdStr   *keys;
  guint32 *heads;    /* index + 1 */
  guint32  mask;
  guint32  none_head;
} Heads;

static inline guint32 *
heads_slot (Heads *heads,
            FdStr  key)
{
  guint32 i;

  if (key == FD_STR_NONE)
    return &heads->none_head;
  i = (key * 2654435761u) & heads->mask;
  while (heads->keys[i] != FD_STR_NONE && heads->keys[i] != key)
    i = (i + 1) & heads->mask;
  heads->keys[i] = key;
  return &heads->heads[i];
}

static inline guint32
heads_lookup (const Heads *heads,
              FdStr        key)
{
  guint32 i;

  if (key == FD_STR_NONE)
    return heads->none_head;
  i = (key * 2654435761u) & heads->mask;
  while (heads->keys[i] != FD_STR_NONE)
    {
      if (heads->keys[i] == key)
        return heads->heads[i];
      i = (i + 1) & heads->mask;
    }
  return 0;
}

/**
 * fd_canary_judge_snapshot_all:
 * @snapshot: the snapshot holding the samples
 * @canary_ids: (array length=n_canaries): the interned ids of the canaries
 * @from: (array length=n_canaries): the start of each canary's window (inclusive)
 * @n_canaries: number of canaries
 * @to: the end of every window (exclusive)
 * @include_p99: also judge latency p99
 * @pass_threshold: minimum score for a pass
 * @marginal_threshold: minimum score for a marginal verdict
 * @cache: (nullable): verdicts of earlier calls to reuse, and to keep this call's in
 *
 * The verdicts fd_canary_judge_snapshot() gives for each canary, in one walk
 * over the samples of [min (@from), @to) instead of one walk per canary. A
 * canary whose values and thresholds equal those of a verdict in @cache gets
 * a copy of that verdict instead of being judged again.
 *
 * Returns: (transfer full) (element-type FdCanaryVerdict): one verdict per canary,
 *   in the order of @canary_ids
 */
GPtrArray *
fd_canary_judge_snapshot_all (FdSnapshot         *snapshot,
                              const FdStr        *canary_ids,
                              const FdTime       *from,
                              gsize               n_canaries,
                              FdTime              to,
                              gboolean            include_p99,
                              double              pass_threshold,
                              double              marginal_threshold,
                              FdCanaryJudgeCache *cache)
{
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autofree guint32 *next = NULL;
  g_autofree gsize *counts = NULL;
  g_autofree gsize *cursors = NULL;
  g_autofree gsize *starts = NULL;
  g_autofree double *values = NULL;
  const FdCanarySample *samples;
  Heads heads = { 0 };
  FdTime min_from = G_MAXINT64;
  guint64 generation = 0;
  gsize n_samples = 0;
  gsize first = 0;
  gsize last = 0;
  gsize cap = 16;
  gsize total = 0;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (canary_ids != NULL || n_canaries == 0, NULL);
  g_return_val_if_fail (from != NULL || n_canaries == 0, NULL);

  verdicts = g_ptr_array_new_full (n_canaries, (GDestroyNotify) fd_canary_verdict_free);
  if (n_canaries == 0)
    return g_steal_pointer (&verdicts);

  while (cap < 2 * n_canaries)
    cap *= 2;
  heads.keys = g_new0 (FdStr, cap);
  heads.heads = g_new0 (guint32, cap);
  heads.mask = (guint32) (cap - 1);
  next = g_new0 (guint32, n_canaries);

  /* Chains in reverse, so that each one lists its canaries in input order. */
  for (gsize i = n_canaries; i > 0; i--)
    {
      guint32 *head = heads_slot (&heads, canary_ids[i - 1]);

      next[i - 1] = *head;
      *head = (guint32) i;
      min_from = MIN (min_from, from[i - 1]);
    }

  samples = fd_snapshot_get_samples (snapshot, &n_samples);
  fd_snapshot_samples_range (snapshot, min_from, to, &first, &last);
  last = MIN (last, n_samples);

  /* Two walks, counting and then filling, so that every canary's series sit
   * in one block that can be compared with a cached verdict's inputs. */
  counts = g_new0 (gsize, n_canaries * N_PARTS);
  for (gsize i = first; i < last; i++)
    {
      const FdCanarySample *sample = &samples[i];

      if (sample->variant >= FD_VARIANT_N)
        continue;
      for (guint32 c = heads_lookup (&heads, sample->canary_id); c != 0; c = next[c - 1])
        {
          gsize *count = counts + (c - 1) * N_PARTS;

          if (sample->at < from[c - 1])
            continue;
          if (sample->requests > 0)
            count[SERIES_ERROR_RATE * FD_VARIANT_N + sample->variant]++;
          count[SERIES_P95 * FD_VARIANT_N + sample->variant]++;
          if (include_p99)
            count[SERIES_P99 * FD_VARIANT_N + sample->variant]++;
        }
    }

  starts = g_new (gsize, n_canaries + 1);
  cursors = g_new (gsize, n_canaries * N_PARTS);
  for (gsize c = 0; c < n_canaries; c++)
    {
      starts[c] = total;
      for (guint p = 0; p < N_PARTS; p++)
        {
          cursors[c * N_PARTS + p] = total;
          total += counts[c * N_PARTS + p];
        }
    }
  starts[n_canaries] = total;
  values = g_new (double, MAX (total, 1));

  for (gsize i = first; i < last; i++)
    {
      const FdCanarySample *sample = &samples[i];

      if (sample->variant >= FD_VARIANT_N)
        continue;
      for (guint32 c = heads_lookup (&heads, sample->canary_id); c != 0; c = next[c - 1])
        {
          gsize *cursor = cursors + (c - 1) * N_PARTS;

          if (sample->at < from[c - 1])
            continue;
          if (sample->requests > 0)
            values[cursor[SERIES_ERROR_RATE * FD_VARIANT_N + sample->variant]++] =
              (double) sample->errors / (double) sample->requests;
          values[cursor[SERIES_P95 * FD_VARIANT_N + sample->variant]++] = sample->latency_p95_ms;
          if (include_p99)
            values[cursor[SERIES_P99 * FD_VARIANT_N + sample->variant]++] = sample->latency_p99_ms;
        }
    }

  g_free (heads.keys);
  g_free (heads.heads);

  if (cache != NULL)
    {
      g_mutex_lock (&cache->lock);
      generation = ++cache->generation;
      g_mutex_unlock (&cache->lock);
    }

  for (gsize c = 0; c < n_canaries; c++)
    {
      CacheEntry probe = { 0 };
      CacheEntry *found = NULL;
      FdCanaryVerdict *verdict = NULL;

      probe.values = values + starts[c];
      probe.n_values = starts[c + 1] - starts[c];
      memcpy (probe.lens, counts + c * N_PARTS, sizeof probe.lens);
      probe.include_p99 = include_p99;
      probe.pass_threshold = pass_threshold;
      probe.marginal_threshold = marginal_threshold;

      if (cache == NULL)
        {
          g_ptr_array_add (verdicts, judge_block (&probe));
          continue;
        }

      cache_entry_hash (&probe);
      g_mutex_lock (&cache->lock);
      found = g_hash_table_lookup (cache->entries, &probe);
      if (found != NULL)
        {
          found->last_used = MAX (found->last_used, generation);
          verdict = fd_canary_verdict_copy (found->verdict);
          cache->hits++;
        }
      g_mutex_unlock (&cache->lock);

      if (verdict == NULL)
        {
          CacheEntry *entry;

          /* Judged outside the lock: another query may run meanwhile. */
          verdict = judge_block (&probe);
          entry = g_memdup2 (&probe, sizeof probe);
          /* A canary without samples points at the end of the block. */
          entry->owned_values = probe.n_values > 0
                                ? g_memdup2 (probe.values, probe.n_values * sizeof (double))
                                : g_new0 (double, 1);
          entry->values = entry->owned_values;
          entry->verdict = fd_canary_verdict_copy (verdict);
          entry->last_used = generation;

          g_mutex_lock (&cache->lock);
          cache->misses++;
          if (!g_hash_table_contains (cache->entries, entry))
            g_hash_table_add (cache->entries, entry);
          else
            cache_entry_free (entry);
          g_mutex_unlock (&cache->lock);
        }

      g_ptr_array_add (verdicts, verdict);
    }

  if (cache != NULL)
    {
      g_mutex_lock (&cache->lock);
      g_hash_table_foreach_remove (cache->entries, entry_is_stale, &cache->generation);
      g_mutex_unlock (&cache->lock);
    }

  return g_steal_pointer (&verdicts);
}

/* }}} */

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
