/* fd-canary-judge.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-snapshot.h"

G_BEGIN_DECLS

/* Default thresholds of the overall verdict, in percent of metrics passed. */
#define FD_CANARY_JUDGE_DEFAULT_PASS      95.0
#define FD_CANARY_JUDGE_DEFAULT_MARGINAL  75.0
/* Default significance level of the Mann-Whitney U test. */
#define FD_CANARY_JUDGE_DEFAULT_ALPHA     0.05
/* Default relative tolerance: a median ratio within [1/1.1, 1.1] is no effect. */
#define FD_CANARY_JUDGE_DEFAULT_TOLERANCE 0.10
/* Fewer samples than this on either side gives "no data". */
#define FD_CANARY_JUDGE_MIN_SAMPLES       3

/**
 * FdCanaryDirection:
 * @FD_CANARY_DIRECTION_INCREASE: only a significantly higher canary fails (errors, latency)
 * @FD_CANARY_DIRECTION_DECREASE: only a significantly lower canary fails (throughput)
 * @FD_CANARY_DIRECTION_EITHER: any significant deviation fails
 *
 * Which deviation of the canary from the baseline is bad for a metric.
 */
typedef enum
{
  FD_CANARY_DIRECTION_INCREASE,
  FD_CANARY_DIRECTION_DECREASE,
  FD_CANARY_DIRECTION_EITHER,
} FdCanaryDirection;

/**
 * FdCanaryClassification:
 * @FD_CANARY_CLASS_PASS: no significant deviation beyond the tolerance
 * @FD_CANARY_CLASS_HIGH: the canary is significantly higher, beyond the tolerance
 * @FD_CANARY_CLASS_LOW: the canary is significantly lower, beyond the tolerance
 * @FD_CANARY_CLASS_NO_DATA: fewer than %FD_CANARY_JUDGE_MIN_SAMPLES values on a side
 *
 * What the statistics say about one metric. Whether it counts as passed
 * depends on the metric's #FdCanaryDirection as well.
 */
typedef enum
{
  FD_CANARY_CLASS_PASS,
  FD_CANARY_CLASS_HIGH,
  FD_CANARY_CLASS_LOW,
  FD_CANARY_CLASS_NO_DATA,
} FdCanaryClassification;

/**
 * FdCanaryVerdictKind:
 * @FD_CANARY_VERDICT_PASS: score >= pass threshold
 * @FD_CANARY_VERDICT_MARGINAL: score >= marginal threshold
 * @FD_CANARY_VERDICT_FAIL: score below the marginal threshold
 * @FD_CANARY_VERDICT_NO_DATA: no metric had enough samples to judge
 */
typedef enum
{
  FD_CANARY_VERDICT_PASS,
  FD_CANARY_VERDICT_MARGINAL,
  FD_CANARY_VERDICT_FAIL,
  FD_CANARY_VERDICT_NO_DATA,
} FdCanaryVerdictKind;

/**
 * FdCanaryMetricInput:
 * @name: a display name, e.g. "error_rate"
 * @canary: the canary's per-interval values (NaN values are ignored)
 * @n_canary: number of @canary values
 * @baseline: the baseline's per-interval values (NaN values are ignored)
 * @n_baseline: number of @baseline values
 * @direction: which deviation is bad
 * @tolerance: relative tolerance of the median ratio (0.1 means a ratio
 *   above 1.1 or below 1/1.1 is an effect); 0 or less means the default
 * @absolute_tolerance: the medians must also differ by more than this, so
 *   that e.g. an error rate going from 0.0001 to 0.0002 is not a failure;
 *   0 to disable
 *
 * One metric to compare. The arrays are borrowed for the call only.
 */
typedef struct
{
  const char        *name;
  const double      *canary;
  gsize              n_canary;
  const double      *baseline;
  gsize              n_baseline;
  FdCanaryDirection  direction;
  double             tolerance;
  double             absolute_tolerance;
} FdCanaryMetricInput;

/**
 * FdCanaryJudgeInput:
 * @metrics: the metrics to judge
 * @n_metrics: number of @metrics
 * @alpha: significance level; 0 or less means %FD_CANARY_JUDGE_DEFAULT_ALPHA
 */
typedef struct
{
  const FdCanaryMetricInput *metrics;
  gsize                      n_metrics;
  double                     alpha;
} FdCanaryJudgeInput;

/**
 * FdCanaryMetricResult:
 * @name: the metric's name (owned)
 * @n_canary: canary values used (NaNs dropped)
 * @n_baseline: baseline values used
 * @u: the Mann-Whitney U statistic of the canary sample (number of
 *   (canary, baseline) pairs where the canary is higher, ties count 1/2)
 * @p_value: two-sided p value; NaN when no data
 * @exact: whether @p_value comes from the exact distribution (small samples
 *   without ties) rather than the normal approximation
 * @median_canary: median of the canary values
 * @median_baseline: median of the baseline values
 * @median_ratio: @median_canary / @median_baseline; 1 when both are 0,
 *   +inf when only the baseline is 0
 * @hodges_lehmann: median of all pairwise differences canary - baseline
 *   (NaN when the samples are too large to enumerate the pairs)
 * @rank_biserial: 2 U / (n1 n2) - 1, in [-1, 1]; positive means the canary
 *   tends to be higher
 * @classification: the statistical finding
 * @passed: whether the metric counts as passed given its direction
 */
typedef struct
{
  char                   *name;
  gsize                   n_canary;
  gsize                   n_baseline;
  double                  u;
  double                  p_value;
  gboolean                exact;
  double                  median_canary;
  double                  median_baseline;
  double                  median_ratio;
  double                  hodges_lehmann;
  double                  rank_biserial;
  FdCanaryClassification  classification;
  gboolean                passed;
} FdCanaryMetricResult;

/**
 * FdCanaryVerdict:
 * @verdict: the overall verdict
 * @score: passed metrics / metrics with data x 100; NaN when none had data
 * @n_metrics: number of @metrics
 * @metrics: one result per input metric, in input order
 */
typedef struct
{
  FdCanaryVerdictKind   verdict;
  double                score;
  gsize                 n_metrics;
  FdCanaryMetricResult *metrics;
} FdCanaryVerdict;

#define FD_TYPE_CANARY_VERDICT (fd_canary_verdict_get_type ())
GType            fd_canary_verdict_get_type (void) G_GNUC_CONST;
FdCanaryVerdict *fd_canary_verdict_copy     (const FdCanaryVerdict *verdict);
void             fd_canary_verdict_free     (FdCanaryVerdict       *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdCanaryVerdict, fd_canary_verdict_free)

const char      *fd_canary_classification_to_string (FdCanaryClassification classification);
const char      *fd_canary_verdict_kind_to_string   (FdCanaryVerdictKind    verdict);

/**
 * FdMannWhitney:
 * @u: U of the first sample
 * @p_value: two-sided p value
 * @exact: whether @p_value is exact
 */
typedef struct
{
  double   u;
  double   p_value;
  gboolean exact;
} FdMannWhitney;

gboolean         fd_mann_whitney_u          (const double  *x,
                                             gsize          n_x,
                                             const double  *y,
                                             gsize          n_y,
                                             FdMannWhitney *out);

FdCanaryVerdict *fd_canary_judge            (const FdCanaryJudgeInput *input,
                                             double                    pass_threshold,
                                             double                    marginal_threshold);

FdCanaryVerdict *fd_canary_judge_snapshot   (FdSnapshot *snapshot,
                                             FdStr       canary_id,
                                             FdTime      from,
                                             FdTime      to,
                                             gboolean    include_p99,
                                             double      pass_threshold,
                                             double      marginal_threshold);

/**
 * FdCanaryJudgeCache:
 *
 * Remembers verdicts by their exact inputs (the per-interval values of each
 * metric and variant, the thresholds), so that a query after a batch that
 * did not touch a canary's samples copies its verdict instead of judging it
 * again. Reference-counted and thread-safe: queries on several threads may
 * share one.
 */
typedef struct _FdCanaryJudgeCache FdCanaryJudgeCache;

#define FD_TYPE_CANARY_JUDGE_CACHE (fd_canary_judge_cache_get_type ())
GType               fd_canary_judge_cache_get_type  (void) G_GNUC_CONST;
FdCanaryJudgeCache *fd_canary_judge_cache_new       (void);
FdCanaryJudgeCache *fd_canary_judge_cache_ref       (FdCanaryJudgeCache *self);
void                fd_canary_judge_cache_unref     (FdCanaryJudgeCache *self);
void                fd_canary_judge_cache_get_stats (FdCanaryJudgeCache *self,
                                                     guint64            *hits,
                                                     guint64            *misses,
                                                     gsize              *n_entries);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdCanaryJudgeCache, fd_canary_judge_cache_unref)

GPtrArray       *fd_canary_judge_snapshot_all (FdSnapshot         *snapshot,
                                               const FdStr        *canary_ids,
                                               const FdTime       *from,
                                               gsize               n_canaries,
                                               FdTime              to,
                                               gboolean            include_p99,
                                               double              pass_threshold,
                                               double              marginal_threshold,
                                               FdCanaryJudgeCache *cache);

G_END_DECLS
