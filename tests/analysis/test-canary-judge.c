/* test-canary-judge.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-canary-judge"

#include "config.h"

#include "fd-canary-judge.h"
#include "fd-snapshot.h"

#include <math.h>

#define SECOND G_GINT64_CONSTANT (1000000)

/* scipy.stats.mannwhitneyu documentation, "Examples": ages of male and
 * female employees. mannwhitneyu(males, females) gives U1 = 17.0 and
 * pvalue = 0.1111111111111111 (exact); with method="asymptotic" the p value
 * is 0.11134688653314041. */
static const double males[] = { 19, 22, 16, 29, 24 };
static const double females[] = { 20, 11, 17, 12 };

static void
test_mann_whitney_scipy_exact (void)
{
  FdMannWhitney mw;

  g_assert_true (fd_mann_whitney_u (males, G_N_ELEMENTS (males),
                                    females, G_N_ELEMENTS (females), &mw));
  g_assert_cmpfloat_with_epsilon (mw.u, 17.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (mw.p_value, 0.1111111111111111, 1e-12);
  g_assert_true (mw.exact);

  /* Swapping the samples gives U2 = n1 n2 - U1 and the same two-sided p. */
  g_assert_true (fd_mann_whitney_u (females, G_N_ELEMENTS (females),
                                    males, G_N_ELEMENTS (males), &mw));
  g_assert_cmpfloat_with_epsilon (mw.u, 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (mw.p_value, 0.1111111111111111, 1e-12);
}

static void
test_mann_whitney_scipy_asymptotic (void)
{
  /* The scipy example with one tie forced in (male 16 -> 17, equal to a
   * female 17) cannot use the exact distribution. Midranks: 11 12 | 17 17
   * (3.5 each) | 19 20 22 24 29, so R1 = 3.5 + 5 + 7 + 8 + 9 = 32.5 and
   * U1 = 32.5 - 15 = 17.5. Tie-corrected variance:
   * sigma^2 = 20 / 12 * (10 - (2^3 - 2) / (9 * 8)) = 16.5277...,
   * z = (17.5 - 10 - 0.5) / sigma = 1.72183..., p = erfc (z / sqrt 2)
   * = 0.0850999325156708 (the formula of scipy's method="asymptotic",
   * evaluated independently in Python). */
  static const double males_tied[] = { 19, 22, 17, 29, 24 };
  FdMannWhitney mw;
  double sigma = sqrt (20.0 / 12.0 * (10.0 - 6.0 / 72.0));

  g_assert_true (fd_mann_whitney_u (males_tied, 5, females, 4, &mw));
  g_assert_cmpfloat_with_epsilon (mw.u, 17.5, 1e-12);
  g_assert_false (mw.exact);
  g_assert_cmpfloat_with_epsilon (mw.p_value, erfc (7.0 / sigma / G_SQRT2), 1e-12);
  g_assert_cmpfloat_with_epsilon (mw.p_value, 0.0850999325156708, 1e-12);
}

static void
test_mann_whitney_critical_value_8_8 (void)
{
  /* Standard Mann-Whitney table of critical values, two-sided alpha = .05,
   * n1 = n2 = 8: reject when U <= 13. So U = 13 must give p < .05 and
   * U = 14 p > .05. Exact values by enumerating all C(16, 8) = 12870
   * arrangements: P(U=13) = 642/12870 = 0.049883449883..., P(U=14) =
   * 836/12870 = 0.064957264957... */
  static const double baseline[] = { 10, 20, 30, 40, 50, 60, 70, 80 };
  static const double canary_13[] = { 1, 2, 3, 4, 5, 6, 65, 75 };   /* 6 + 7 pairs above */
  static const double canary_14[] = { 1, 2, 3, 4, 5, 6, 65, 85 };   /* 6 + 8 pairs above */
  FdMannWhitney mw;

  g_assert_true (fd_mann_whitney_u (canary_13, 8, baseline, 8, &mw));
  g_assert_cmpfloat_with_epsilon (mw.u, 13.0, 1e-12);
  g_assert_true (mw.exact);
  g_assert_cmpfloat_with_epsilon (mw.p_value, 642.0 / 12870.0, 1e-12);
  g_assert_cmpfloat (mw.p_value, <, 0.05);

  g_assert_true (fd_mann_whitney_u (canary_14, 8, baseline, 8, &mw));
  g_assert_cmpfloat_with_epsilon (mw.u, 14.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (mw.p_value, 836.0 / 12870.0, 1e-12);
  g_assert_cmpfloat (mw.p_value, >, 0.05);
}

static void
test_mann_whitney_ties (void)
{
  /* Midranks: 1 (1) | 2 2 2 (3) | 3 3 3 3 (6.5) | 4 4 4 (10) | 5 5 (12.5) |
   * 6 (14). R1 = 1 + 2 * 3 + 3 * 6.5 + 10 = 36.5, U1 = 36.5 - 28 = 8.5.
   * Ties: sum (t^3 - t) = 24 + 60 + 24 + 6 = 114, sigma^2 = 49 / 12 *
   * (15 - 114 / 182) = 58.6923..., z = (40.5 - 24.5 - 0.5) / sigma,
   * p = 0.04305143272894518 (evaluated independently in Python). */
  static const double x[] = { 1, 2, 2, 3, 3, 3, 4 };
  static const double y[] = { 2, 3, 4, 4, 5, 5, 6 };
  FdMannWhitney mw;

  g_assert_true (fd_mann_whitney_u (x, 7, y, 7, &mw));
  g_assert_false (mw.exact);
  g_assert_cmpfloat_with_epsilon (mw.u, 8.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (mw.p_value, 0.04305143272894518, 1e-9);
}

static void
test_mann_whitney_large_normal (void)
{
  /* n = 25 per side, no ties, no overlap: U1 = 0. Normal approximation:
   * mu = 312.5, sigma^2 = 625 * 51 / 12 = 2656.25,
   * z = (625 - 312.5 - 0.5) / 51.5388... = 6.0537...,
   * p = erfc(z / sqrt 2) = 1.4156562248495634e-09. */
  double x[25];
  double y[25];
  FdMannWhitney mw;

  for (guint i = 0; i < 25; i++)
    {
      x[i] = i;
      y[i] = 100 + i;
    }

  g_assert_true (fd_mann_whitney_u (x, 25, y, 25, &mw));
  g_assert_false (mw.exact);
  g_assert_cmpfloat_with_epsilon (mw.u, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (mw.p_value, 1.4156562248495634e-09, 1e-18);
  g_assert_cmpfloat (mw.p_value, <, 1e-8);
  g_assert_cmpfloat (mw.p_value, >, 1e-10);
}

static void
test_mann_whitney_empty (void)
{
  static const double x[] = { 1, NAN };
  FdMannWhitney mw;

  g_assert_false (fd_mann_whitney_u (x, 2, NULL, 0, &mw));
  g_assert_true (isnan (mw.p_value));
  /* NaN-only sample counts as empty. */
  g_assert_false (fd_mann_whitney_u (x + 1, 1, x, 1, &mw));
}

static void
test_judge_identical (void)
{
  static const double values[] = { 0.01, 0.01, 0.01, 0.01, 0.01, 0.01 };
  static const double latency[] = { 120, 130, 125, 128, 122, 131 };
  FdCanaryMetricInput metrics[] = {
    { "error_rate", values, 6, values, 6, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
    { "latency_p95_ms", latency, 6, latency, 6, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
  };
  FdCanaryJudgeInput input = { metrics, G_N_ELEMENTS (metrics), 0 };
  g_autoptr(FdCanaryVerdict) verdict = NULL;

  verdict = fd_canary_judge (&input, FD_CANARY_JUDGE_DEFAULT_PASS,
                             FD_CANARY_JUDGE_DEFAULT_MARGINAL);

  g_assert_nonnull (verdict);
  g_assert_cmpuint (verdict->n_metrics, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const FdCanaryMetricResult *m = &verdict->metrics[i];

      g_assert_cmpfloat_with_epsilon (m->p_value, 1.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (m->u, 18.0, 1e-12);     /* n1 n2 / 2 */
      g_assert_cmpfloat_with_epsilon (m->rank_biserial, 0.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (m->median_ratio, 1.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (m->hodges_lehmann, 0.0, 1e-12);
      g_assert_cmpint (m->classification, ==, FD_CANARY_CLASS_PASS);
      g_assert_true (m->passed);
    }
  g_assert_cmpstr (verdict->metrics[0].name, ==, "error_rate");
  g_assert_cmpfloat_with_epsilon (verdict->score, 100.0, 1e-12);
  g_assert_cmpint (verdict->verdict, ==, FD_CANARY_VERDICT_PASS);
  g_assert_cmpstr (fd_canary_verdict_kind_to_string (verdict->verdict), ==, "pass");
}

static void
test_judge_worse_canary (void)
{
  static const double base_err[] = { 0.010, 0.012, 0.009, 0.011, 0.0105, 0.013, 0.008, 0.0115 };
  static const double can_err[] = { 0.051, 0.048, 0.060, 0.055, 0.049, 0.052, 0.058, 0.050 };
  static const double base_lat[] = { 100, 104, 98, 101, 103, 99, 102, 97 };
  static const double can_lat[] = { 180, 190, 175, 185, 182, 178, 188, 181 };
  FdCanaryMetricInput metrics[] = {
    { "error_rate", can_err, 8, base_err, 8, FD_CANARY_DIRECTION_INCREASE, 0, 0.001 },
    { "latency_p95_ms", can_lat, 8, base_lat, 8, FD_CANARY_DIRECTION_INCREASE, 0, 1 },
  };
  FdCanaryJudgeInput input = { metrics, G_N_ELEMENTS (metrics), 0.05 };
  g_autoptr(FdCanaryVerdict) verdict = NULL;

  verdict = fd_canary_judge (&input, 95, 75);

  for (guint i = 0; i < 2; i++)
    {
      const FdCanaryMetricResult *m = &verdict->metrics[i];

      /* Complete separation: U1 = 64 = n1 n2, exact p = 2 / C(16, 8). */
      g_assert_cmpfloat_with_epsilon (m->u, 64.0, 1e-12);
      g_assert_true (m->exact);
      g_assert_cmpfloat_with_epsilon (m->p_value, 2.0 / 12870.0, 1e-15);
      g_assert_cmpfloat_with_epsilon (m->rank_biserial, 1.0, 1e-12);
      g_assert_cmpint (m->classification, ==, FD_CANARY_CLASS_HIGH);
      g_assert_false (m->passed);
    }
  /* Medians: canary (0.051 + 0.052) / 2 = 0.0515, baseline (0.0105 + 0.011) / 2 = 0.01075. */
  g_assert_cmpfloat_with_epsilon (verdict->metrics[0].median_canary, 0.0515, 1e-12);
  g_assert_cmpfloat_with_epsilon (verdict->metrics[0].median_baseline, 0.01075, 1e-12);
  g_assert_cmpfloat_with_epsilon (verdict->metrics[0].median_ratio, 0.0515 / 0.01075, 1e-9);
  /* Latency medians 181.5 and 100.5. */
  g_assert_cmpfloat_with_epsilon (verdict->metrics[1].median_ratio, 181.5 / 100.5, 1e-9);
  g_assert_cmpfloat (verdict->metrics[1].hodges_lehmann, >, 70);
  g_assert_cmpfloat (verdict->metrics[1].hodges_lehmann, <, 90);

  g_assert_cmpfloat_with_epsilon (verdict->score, 0.0, 1e-12);
  g_assert_cmpint (verdict->verdict, ==, FD_CANARY_VERDICT_FAIL);
}

static void
test_judge_lower_is_not_bad (void)
{
  /* A canary that is clearly faster is Low, which passes for a
   * "higher is bad" metric and fails for "either". */
  static const double base[] = { 200, 210, 205, 198, 202, 207 };
  static const double can[] = { 100, 104, 98, 101, 103, 99 };
  FdCanaryMetricInput metrics[] = {
    { "latency", can, 6, base, 6, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
    { "latency-either", can, 6, base, 6, FD_CANARY_DIRECTION_EITHER, 0, 0 },
    { "throughput", can, 6, base, 6, FD_CANARY_DIRECTION_DECREASE, 0, 0 },
  };
  FdCanaryJudgeInput input = { metrics, G_N_ELEMENTS (metrics), 0 };
  g_autoptr(FdCanaryVerdict) verdict = fd_canary_judge (&input, 95, 75);

  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (verdict->metrics[i].classification, ==, FD_CANARY_CLASS_LOW);
      g_assert_cmpfloat_with_epsilon (verdict->metrics[i].rank_biserial, -1.0, 1e-12);
      /* Exact: 2 / C(12, 6) = 2 / 924. */
      g_assert_cmpfloat_with_epsilon (verdict->metrics[i].p_value, 2.0 / 924.0, 1e-15);
    }
  g_assert_true (verdict->metrics[0].passed);
  g_assert_false (verdict->metrics[1].passed);
  g_assert_false (verdict->metrics[2].passed);
  g_assert_cmpfloat_with_epsilon (verdict->score, 100.0 / 3.0, 1e-9);
}

static void
test_judge_significant_but_small (void)
{
  /* Significant (complete separation) but within the 10 % tolerance:
   * medians 104.5 vs 100.5, ratio 1.04 -> Pass. */
  static const double base[] = { 100, 101, 99, 102, 98, 103, 97, 100 };
  static const double can[] = { 104, 105, 106, 104, 105, 104, 106, 104 };
  FdCanaryMetricInput metrics[] = {
    { "latency", can, 8, base, 8, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
    /* A 1 % tolerance makes the same data High. */
    { "latency-strict", can, 8, base, 8, FD_CANARY_DIRECTION_INCREASE, 0.01, 0 },
    /* ... unless the absolute tolerance is larger than the shift. */
    { "latency-abs", can, 8, base, 8, FD_CANARY_DIRECTION_INCREASE, 0.01, 10 },
  };
  FdCanaryJudgeInput input = { metrics, G_N_ELEMENTS (metrics), 0 };
  g_autoptr(FdCanaryVerdict) verdict = fd_canary_judge (&input, 95, 75);

  g_assert_cmpfloat (verdict->metrics[0].p_value, <, 0.01);
  g_assert_cmpint (verdict->metrics[0].classification, ==, FD_CANARY_CLASS_PASS);
  g_assert_cmpint (verdict->metrics[1].classification, ==, FD_CANARY_CLASS_HIGH);
  g_assert_cmpint (verdict->metrics[2].classification, ==, FD_CANARY_CLASS_PASS);
}

static void
test_judge_mixed_marginal (void)
{
  /* Three metrics, one clearly worse: score 66.7. Fail with the defaults,
   * Marginal with pass 90 / marginal 60, Pass with pass 60. */
  static const double same[] = { 10, 11, 12, 13, 14, 15 };
  static const double worse[] = { 30, 31, 32, 33, 34, 35 };
  FdCanaryMetricInput metrics[] = {
    { "a", same, 6, same, 6, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
    { "b", worse, 6, same, 6, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
    { "c", same, 6, same, 6, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
  };
  FdCanaryJudgeInput input = { metrics, G_N_ELEMENTS (metrics), 0 };
  g_autoptr(FdCanaryVerdict) defaults = NULL;
  g_autoptr(FdCanaryVerdict) custom = NULL;
  g_autoptr(FdCanaryVerdict) lenient = NULL;
  g_autoptr(FdCanaryVerdict) copy = NULL;

  defaults = fd_canary_judge (&input, FD_CANARY_JUDGE_DEFAULT_PASS,
                              FD_CANARY_JUDGE_DEFAULT_MARGINAL);
  custom = fd_canary_judge (&input, 90, 60);
  lenient = fd_canary_judge (&input, 60, 50);

  g_assert_cmpfloat_with_epsilon (defaults->score, 200.0 / 3.0, 1e-9);
  g_assert_cmpint (defaults->verdict, ==, FD_CANARY_VERDICT_FAIL);
  g_assert_cmpint (custom->verdict, ==, FD_CANARY_VERDICT_MARGINAL);
  g_assert_cmpstr (fd_canary_verdict_kind_to_string (custom->verdict), ==, "marginal");
  g_assert_cmpint (lenient->verdict, ==, FD_CANARY_VERDICT_PASS);
  g_assert_cmpint (custom->metrics[1].classification, ==, FD_CANARY_CLASS_HIGH);
  g_assert_cmpstr (fd_canary_classification_to_string (custom->metrics[1].classification),
                   ==, "high");

  copy = fd_canary_verdict_copy (custom);
  g_assert_cmpuint (copy->n_metrics, ==, 3);
  g_assert_cmpstr (copy->metrics[1].name, ==, "b");
  g_assert_true (copy->metrics[1].name != custom->metrics[1].name);
  g_assert_cmpfloat_with_epsilon (copy->score, custom->score, 1e-12);
}

static void
test_judge_too_few_samples (void)
{
  static const double two[] = { 1, 2 };
  static const double three[] = { 1, 2, 3 };
  static const double with_nan[] = { 1, NAN, 3, NAN };
  static const double worse[] = { 10, 20, 30 };
  FdCanaryMetricInput metrics[] = {
    { "two", two, 2, three, 3, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
    { "nan", with_nan, 4, three, 3, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
    { "empty", NULL, 0, NULL, 0, FD_CANARY_DIRECTION_INCREASE, 0, 0 },
  };
  FdCanaryJudgeInput input = { metrics, G_N_ELEMENTS (metrics), 0 };
  g_autoptr(FdCanaryVerdict) verdict = fd_canary_judge (&input, 95, 75);
  g_autoptr(FdCanaryVerdict) partial = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (verdict->metrics[i].classification, ==, FD_CANARY_CLASS_NO_DATA);
      g_assert_true (isnan (verdict->metrics[i].p_value));
    }
  g_assert_cmpuint (verdict->metrics[1].n_canary, ==, 2);
  g_assert_true (isnan (verdict->score));
  g_assert_cmpint (verdict->verdict, ==, FD_CANARY_VERDICT_NO_DATA);

  /* No-data metrics are left out of the score rather than failed. With
   * n = 3 per side even complete separation has exact p = 2 / 20 = 0.1. */
  metrics[1] = (FdCanaryMetricInput) { "sep", worse, 3, three, 3,
                                       FD_CANARY_DIRECTION_INCREASE, 0, 0 };
  partial = fd_canary_judge (&input, 95, 75);
  g_assert_cmpfloat_with_epsilon (partial->metrics[1].p_value, 0.1, 1e-12);
  g_assert_cmpint (partial->metrics[1].classification, ==, FD_CANARY_CLASS_PASS);
  g_assert_cmpfloat_with_epsilon (partial->score, 100.0, 1e-12);
  g_assert_cmpint (partial->verdict, ==, FD_CANARY_VERDICT_PASS);
}

static void
test_judge_zero_baseline (void)
{
  /* Error rates of zero on the baseline: the ratio is infinite, and the
   * absolute tolerance decides. */
  static const double zeros[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
  static const double some[] = { 0.02, 0.03, 0.02, 0.04, 0.03, 0.02, 0.05, 0.03 };
  FdCanaryMetricInput metrics[] = {
    { "err", some, 8, zeros, 8, FD_CANARY_DIRECTION_INCREASE, 0, 0.001 },
    { "err-tolerant", some, 8, zeros, 8, FD_CANARY_DIRECTION_INCREASE, 0, 0.05 },
  };
  FdCanaryJudgeInput input = { metrics, G_N_ELEMENTS (metrics), 0 };
  g_autoptr(FdCanaryVerdict) verdict = fd_canary_judge (&input, 95, 75);

  g_assert_true (isinf (verdict->metrics[0].median_ratio));
  g_assert_cmpint (verdict->metrics[0].classification, ==, FD_CANARY_CLASS_HIGH);
  g_assert_cmpint (verdict->metrics[1].classification, ==, FD_CANARY_CLASS_PASS);
}

static void
add_sample (FdSnapshotBuilder *builder,
            FdStr              canary,
            FdVariant          variant,
            FdTime             at,
            gint64             requests,
            gint64             errors,
            double             p95)
{
  FdCanarySample sample = {
    .at = at,
    .canary_id = canary,
    .variant = variant,
    .requests = requests,
    .errors = errors,
    .latency_p50_ms = p95 / 2,
    .latency_p95_ms = p95,
    .latency_p99_ms = p95 * 1.5,
  };

  fd_snapshot_builder_add_sample (builder, &sample);
}

static void
test_judge_snapshot (void)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdCanaryVerdict) good = NULL;
  g_autoptr(FdCanaryVerdict) bad = NULL;
  g_autoptr(FdCanaryVerdict) early = NULL;
  FdTime t0 = G_GINT64_CONSTANT (1790000000) * SECOND;
  FdStr good_id = fd_snapshot_builder_intern (builder, "good");
  FdStr bad_id = fd_snapshot_builder_intern (builder, "bad");

  for (guint i = 0; i < 10; i++)
    {
      FdTime at = t0 + i * 60 * SECOND;
      double jitter = (i % 3) * 2.0;

      add_sample (builder, good_id, FD_VARIANT_BASELINE, at, 1000, 10 + i % 2, 100 + jitter);
      add_sample (builder, good_id, FD_VARIANT_CANARY, at, 1000, 10 + (i + 1) % 2, 101 + jitter);
      add_sample (builder, bad_id, FD_VARIANT_BASELINE, at, 1000, 10 + i % 2, 100 + jitter);
      add_sample (builder, bad_id, FD_VARIANT_CANARY, at, 1000, 80 + i % 3, 250 + jitter);
    }
  /* An interval without requests: left out of the error rate. */
  add_sample (builder, bad_id, FD_VARIANT_CANARY, t0 + 5 * SECOND, 0, 0, 250);
  snapshot = fd_snapshot_builder_end (builder);

  good = fd_canary_judge_snapshot (snapshot, fd_snapshot_lookup (snapshot, "good"),
                                   t0, t0 + 3600 * SECOND, TRUE, 95, 75);
  g_assert_cmpuint (good->n_metrics, ==, 3);
  g_assert_cmpstr (good->metrics[0].name, ==, "error_rate");
  g_assert_cmpstr (good->metrics[1].name, ==, "latency_p95_ms");
  g_assert_cmpstr (good->metrics[2].name, ==, "latency_p99_ms");
  g_assert_cmpuint (good->metrics[0].n_canary, ==, 10);
  g_assert_cmpuint (good->metrics[0].n_baseline, ==, 10);
  g_assert_cmpfloat_with_epsilon (good->metrics[0].median_baseline, 0.0105, 1e-12);
  g_assert_cmpint (good->verdict, ==, FD_CANARY_VERDICT_PASS);

  bad = fd_canary_judge_snapshot (snapshot, fd_snapshot_lookup (snapshot, "bad"),
                                  t0, t0 + 3600 * SECOND, FALSE, 95, 75);
  g_assert_cmpuint (bad->n_metrics, ==, 2);
  g_assert_cmpuint (bad->metrics[0].n_canary, ==, 10);      /* the empty interval dropped */
  g_assert_cmpuint (bad->metrics[1].n_canary, ==, 11);
  g_assert_cmpint (bad->metrics[0].classification, ==, FD_CANARY_CLASS_HIGH);
  g_assert_cmpint (bad->metrics[1].classification, ==, FD_CANARY_CLASS_HIGH);
  g_assert_cmpint (bad->verdict, ==, FD_CANARY_VERDICT_FAIL);

  /* The window [t0, t0 + 2 min) holds two intervals per side: no data. */
  early = fd_canary_judge_snapshot (snapshot, fd_snapshot_lookup (snapshot, "bad"),
                                    t0, t0 + 120 * SECOND, FALSE, 95, 75);
  g_assert_cmpint (early->verdict, ==, FD_CANARY_VERDICT_NO_DATA);
  g_assert_cmpint (early->metrics[1].classification, ==, FD_CANARY_CLASS_NO_DATA);
}

/* The exact tail as the judge first computed it, one dynamic programme per
 * call: the oracle for the tables it now shares between calls. */
static double
reference_upper_tail (gsize  n1,
                      gsize  n2,
                      double u)
{
  gsize n = n1 + n2;
  gsize max_sum = n1 * n - n1 * (n1 - 1) / 2;
  gsize min_sum = n1 * (n1 + 1) / 2;
  g_autofree double *ways = g_new0 (double, (n1 + 1) * (max_sum + 1));
  double total = 0;
  double tail = 0;

  ways[0] = 1;
  for (gsize rank = 1; rank <= n; rank++)
    for (gsize k = MIN (rank, n1); k >= 1; k--)
      for (gsize s = max_sum; s >= rank; s--)
        ways[k * (max_sum + 1) + s] += ways[(k - 1) * (max_sum + 1) + s - rank];

  for (gsize s = min_sum; s <= max_sum; s++)
    {
      double count = ways[n1 * (max_sum + 1) + s];

      total += count;
      if ((double) (s - min_sum) >= u - 1e-9)
        tail += count;
    }

  return tail / total;
}

static void
test_mann_whitney_exact_tables (void)
{
  /* Every pair of sizes the exact test takes, each with U = n1 × shift for
   * every shift (without ties U is a whole number), bit for bit. */
  for (gsize n1 = 1; n1 <= 20; n1++)
    for (gsize n2 = 1; n2 <= 20; n2++)
      for (gsize shift = 0; shift <= n2; shift++)
        {
          g_autofree double *x = g_new (double, n1);
          g_autofree double *y = g_new (double, n2);
          FdMannWhitney mw;
          double u1, u2, expected;

          /* x: n1 distinct values, each above exactly the first shift y values. */
          for (gsize i = 0; i < n1; i++)
            x[i] = 2.0 * (double) shift - 1.0 + 0.9 * (double) (i + 1) / (double) (n1 + 1);
          for (gsize j = 0; j < n2; j++)
            y[j] = 2.0 * (double) j;

          g_assert_true (fd_mann_whitney_u (x, n1, y, n2, &mw));
          g_assert_true (mw.exact);
          u1 = (double) (n1 * shift);
          u2 = (double) (n1 * n2) - u1;
          g_assert_cmpfloat (mw.u, ==, u1);
          expected = MIN (1.0, 2.0 * reference_upper_tail (n1, n2, MAX (u1, u2)));
          g_assert_cmpmem (&mw.p_value, sizeof (double), &expected, sizeof (double));
        }
}

static void
assert_same_verdict (const FdCanaryVerdict *a,
                     const FdCanaryVerdict *b)
{
  g_assert_cmpint (a->verdict, ==, b->verdict);
  g_assert_cmpmem (&a->score, sizeof a->score, &b->score, sizeof b->score);
  g_assert_cmpuint (a->n_metrics, ==, b->n_metrics);
  for (gsize i = 0; i < a->n_metrics; i++)
    {
      FdCanaryMetricResult x = a->metrics[i];
      FdCanaryMetricResult y = b->metrics[i];

      g_assert_cmpstr (x.name, ==, y.name);
      x.name = y.name = NULL;
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
    }
}

static void
test_judge_snapshot_all (void)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdCanaryJudgeCache) cache = fd_canary_judge_cache_new ();
  FdTime t0 = G_GINT64_CONSTANT (1790000000) * SECOND;
  FdStr a = fd_snapshot_builder_intern (builder, "a");
  FdStr b = fd_snapshot_builder_intern (builder, "b");
  FdStr ids[6];
  FdTime from[6];
  FdTime to = t0 + 3600 * SECOND;
  guint64 hits, misses;
  gsize n_entries;

  for (guint i = 0; i < 30; i++)
    {
      FdTime at = t0 + i * 60 * SECOND;

      add_sample (builder, a, FD_VARIANT_BASELINE, at, 1000, 10 + i % 3, 100 + (i % 4));
      add_sample (builder, a, FD_VARIANT_CANARY, at, i % 7 ? 1000 : 0, 12 + i % 2, 103 + (i % 5));
      add_sample (builder, b, FD_VARIANT_BASELINE, at, 1000, 10, 100 + (i % 3) * 0.5);
      add_sample (builder, b, FD_VARIANT_CANARY, at, 1000, 40 + i, 180 + i);
    }
  snapshot = fd_snapshot_builder_end (builder);

  /* The same id twice with other starts (two sources, one id), an id no
   * sample has, and a start after the end of the window. */
  ids[0] = fd_snapshot_lookup (snapshot, "a");
  from[0] = t0;
  ids[1] = fd_snapshot_lookup (snapshot, "b");
  from[1] = t0 + 10 * 60 * SECOND;
  ids[2] = fd_snapshot_lookup (snapshot, "a");
  from[2] = t0 + 25 * 60 * SECOND;
  ids[3] = fd_snapshot_lookup (snapshot, "a");
  from[3] = t0 + 10 * 60 * SECOND;
  ids[4] = G_MAXUINT32 - 1;
  from[4] = t0;
  ids[5] = fd_snapshot_lookup (snapshot, "b");
  from[5] = to + SECOND;

  for (guint round = 0; round < 3; round++)
    {
      gboolean p99 = round == 2;
      g_autoptr(GPtrArray) all = fd_canary_judge_snapshot_all (snapshot, ids, from,
                                                               G_N_ELEMENTS (ids), to, p99,
                                                               95, 75,
                                                               round > 0 ? cache : NULL);
      g_autoptr(GPtrArray) again = fd_canary_judge_snapshot_all (snapshot, ids, from,
                                                                 G_N_ELEMENTS (ids), to, p99,
                                                                 95, 75, cache);

      g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (ids));
      for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
        {
          g_autoptr(FdCanaryVerdict) alone = fd_canary_judge_snapshot (snapshot, ids[i], from[i],
                                                                       to, p99, 95, 75);

          assert_same_verdict (alone, g_ptr_array_index (all, i));
          assert_same_verdict (alone, g_ptr_array_index (again, i));
        }
    }

  fd_canary_judge_cache_get_stats (cache, &hits, &misses, &n_entries);
  /* The last two canaries have no samples, so equal inputs: 5 distinct
   * inputs without p99 (judged in round 0's second call) and 5 with it
   * (round 2's first call); every other verdict is a copy. */
  g_assert_cmpuint (misses, ==, 5 + 5);
  g_assert_cmpuint (hits, ==, 1 + 6 + 6 + 1 + 6);
  g_assert_cmpuint (n_entries, ==, 10);

  /* Other thresholds are another input. */
  {
    g_autoptr(GPtrArray) other = fd_canary_judge_snapshot_all (snapshot, ids, from, 1, to,
                                                               FALSE, 10, 5, cache);
    g_autoptr(FdCanaryVerdict) alone = fd_canary_judge_snapshot (snapshot, ids[0], from[0], to,
                                                                 FALSE, 10, 5);

    assert_same_verdict (alone, g_ptr_array_index (other, 0));
  }
  fd_canary_judge_cache_get_stats (cache, NULL, &misses, NULL);
  g_assert_cmpuint (misses, ==, 11);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/canary-judge/mann-whitney/scipy-exact",
                   test_mann_whitney_scipy_exact);
  g_test_add_func ("/flightdeck/canary-judge/mann-whitney/scipy-asymptotic",
                   test_mann_whitney_scipy_asymptotic);
  g_test_add_func ("/flightdeck/canary-judge/mann-whitney/critical-value-8-8",
                   test_mann_whitney_critical_value_8_8);
  g_test_add_func ("/flightdeck/canary-judge/mann-whitney/ties", test_mann_whitney_ties);
  g_test_add_func ("/flightdeck/canary-judge/mann-whitney/large-normal",
                   test_mann_whitney_large_normal);
  g_test_add_func ("/flightdeck/canary-judge/mann-whitney/empty", test_mann_whitney_empty);
  g_test_add_func ("/flightdeck/canary-judge/identical", test_judge_identical);
  g_test_add_func ("/flightdeck/canary-judge/worse-canary", test_judge_worse_canary);
  g_test_add_func ("/flightdeck/canary-judge/lower-is-not-bad", test_judge_lower_is_not_bad);
  g_test_add_func ("/flightdeck/canary-judge/significant-but-small",
                   test_judge_significant_but_small);
  g_test_add_func ("/flightdeck/canary-judge/mixed-marginal", test_judge_mixed_marginal);
  g_test_add_func ("/flightdeck/canary-judge/too-few-samples", test_judge_too_few_samples);
  g_test_add_func ("/flightdeck/canary-judge/zero-baseline", test_judge_zero_baseline);
  g_test_add_func ("/flightdeck/canary-judge/snapshot", test_judge_snapshot);
  g_test_add_func ("/flightdeck/canary-judge/snapshot-all", test_judge_snapshot_all);
  g_test_add_func ("/flightdeck/canary-judge/mann-whitney/exact-tables",
                   test_mann_whitney_exact_tables);

  return g_test_run ();
}
