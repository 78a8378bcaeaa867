#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# An independent, deliberately plain implementation of the metric
# definitions in the event format spec (events v1), written from the spec
# text alone without looking at the C code. The test suite runs it beside
# `flightdeck-cli metrics` on generated and hand-written files and compares
# the two value by value, so a misreading of the spec has to be made twice,
# in two languages, to go unnoticed.
#
# Usage: reference-metrics.py FILE --from TIME --to TIME [--environment ENV]

import argparse
import json
import math
import re
import sys
from datetime import datetime, timezone, timedelta

TIME_RE = re.compile(
    r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z', re.ASCII)

RUN_STATUS = {'success', 'failed', 'cancelled', 'running', 'queued'}
DEPLOY_STATUS = {'success', 'failed', 'rolled_back', 'in_progress'}
SEVERITY = ['critical', 'high', 'warning', 'info']
ALERT_STATUS = ['firing', 'acknowledged', 'resolved']
CANARY_STATUS = {'progressing', 'paused', 'promoted', 'rolled_back'}
VARIANT = {'canary', 'baseline'}


class Invalid(Exception):
    pass


def parse_time(s):
    """RFC 3339 -> integer microseconds since the epoch, UTC."""
    if not isinstance(s, str):
        raise Invalid('time is not a string')
    m = TIME_RE.match(s)
    if not m:
        raise Invalid('bad time %r' % s)
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    if not 1900 <= y <= 2200 or se > 59 or mi > 59 or h > 23:
        raise Invalid('time out of range')
    try:
        base = datetime(y, mo, d, h, mi, se, tzinfo=timezone.utc)
    except ValueError:
        raise Invalid('bad date')
    frac = m.group(7)
    us = 0
    if frac:
        digits = frac[1:7].ljust(6, '0')
        us = int(digits)
    off = m.group(8)
    offset = 0
    if off != 'Z':
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:
            raise Invalid('bad offset')
        offset = (oh * 3600 + om * 60) * (1 if off[0] == '+' else -1)
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    delta = base - epoch
    total = (delta.days * 86400 + delta.seconds - offset) * 1000000 + us
    return total


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_integer(v):
    return is_number(v) and float(v).is_integer()


def req_str(o, k):
    v = o.get(k)
    if not isinstance(v, str):
        raise Invalid('%s missing or not a string' % k)
    return v


def opt_str(o, k):
    v = o.get(k)
    if v is None:
        return None
    if not isinstance(v, str):
        raise Invalid('%s not a string' % k)
    return v


def req_time(o, k):
    if o.get(k) is None:
        raise Invalid('%s missing' % k)
    return parse_time(o[k])


def opt_time(o, k):
    if o.get(k) is None:
        return None
    return parse_time(o[k])


def req_num(o, k):
    v = o.get(k)
    if not is_number(v):
        raise Invalid('%s missing or not a number' % k)
    return float(v)


def req_int(o, k):
    v = o.get(k)
    if not is_integer(v):
        raise Invalid('%s missing or not an integer' % k)
    return int(v)


def parse_record(o):
    t = o['type']
    r = {'type': t}
    if t == 'pipeline_run':
        r['id'] = req_str(o, 'id')
        for k in ('pipeline', 'service', 'environment'):
            r[k] = req_str(o, k)
        for k in ('branch', 'commit', 'trigger'):
            opt_str(o, k)
        r['status'] = req_str(o, 'status')
        if r['status'] not in RUN_STATUS:
            raise Invalid('status')
        r['started_at'] = req_time(o, 'started_at')
        r['finished_at'] = opt_time(o, 'finished_at')
        if r['status'] in ('success', 'failed', 'cancelled') and r['finished_at'] is None:
            raise Invalid('finished_at required')
        if o.get('stages') is not None and not isinstance(o['stages'], list):
            raise Invalid('stages')
        if r['finished_at'] is not None and r['finished_at'] < r['started_at']:
            raise Invalid('finished before start')
    elif t == 'deployment':
        r['id'] = req_str(o, 'id')
        for k in ('service', 'environment', 'version'):
            r[k] = req_str(o, k)
        for k in ('previous_version', 'strategy', 'commit'):
            opt_str(o, k)
        r['status'] = req_str(o, 'status')
        if r['status'] not in DEPLOY_STATUS:
            raise Invalid('status')
        r['started_at'] = req_time(o, 'started_at')
        r['finished_at'] = opt_time(o, 'finished_at')
        if r['status'] != 'in_progress' and r['finished_at'] is None:
            raise Invalid('finished_at required')
        if r['finished_at'] is not None and r['finished_at'] < r['started_at']:
            raise Invalid('finished before start')
        r['committed_at'] = opt_time(o, 'committed_at')
        ci = o.get('caused_incident')
        if ci is not None and not isinstance(ci, bool):
            raise Invalid('caused_incident')
        r['caused_incident'] = bool(ci)
    elif t == 'alert':
        r['id'] = req_str(o, 'id')
        for k in ('name', 'service', 'environment'):
            r[k] = req_str(o, k)
        opt_str(o, 'summary')
        r['severity'] = req_str(o, 'severity')
        if r['severity'] not in SEVERITY:
            raise Invalid('severity')
        r['status'] = req_str(o, 'status')
        if r['status'] not in ALERT_STATUS:
            raise Invalid('status')
        r['started_at'] = req_time(o, 'started_at')
        r['acknowledged_at'] = opt_time(o, 'acknowledged_at')
        r['resolved_at'] = opt_time(o, 'resolved_at')
        if r['status'] == 'resolved' and r['resolved_at'] is None:
            raise Invalid('resolved_at required')
        for k in ('acknowledged_at', 'resolved_at'):
            if r[k] is not None and r[k] < r['started_at']:
                raise Invalid('%s before start' % k)
    elif t == 'canary':
        r['id'] = req_str(o, 'id')
        for k in ('service', 'environment', 'baseline_version', 'canary_version'):
            r[k] = req_str(o, k)
        r['status'] = req_str(o, 'status')
        if r['status'] not in CANARY_STATUS:
            raise Invalid('status')
        r['started_at'] = req_time(o, 'started_at')
        r['finished_at'] = opt_time(o, 'finished_at')
        if r['finished_at'] is not None and r['finished_at'] < r['started_at']:
            raise Invalid('finished before start')
        steps = o.get('steps')
        if not isinstance(steps, list) or not all(is_number(s) for s in steps):
            raise Invalid('steps')
        r['steps'] = [float(s) for s in steps]
        r['current_step'] = req_int(o, 'current_step')
        r['traffic_percent'] = req_num(o, 'traffic_percent')
    elif t == 'canary_sample':
        r['canary_id'] = req_str(o, 'canary_id')
        r['variant'] = req_str(o, 'variant')
        if r['variant'] not in VARIANT:
            raise Invalid('variant')
        r['at'] = req_time(o, 'at')
        r['requests'] = req_int(o, 'requests')
        r['errors'] = req_int(o, 'errors')
        if r['requests'] < 0 or r['errors'] < 0 or r['errors'] > r['requests']:
            raise Invalid('requests/errors')
        for k in ('latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms'):
            r[k] = req_num(o, k)
    else:
        return None
    return r


def reject_constants(name):
    raise ValueError('non-standard JSON constant ' + name)


def read(path):
    data = open(path, 'rb').read()
    if data.startswith(b'\xef\xbb\xbf'):
        data = data[3:]
    lines = data.split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    records = {}
    order = []
    samples = []
    invalid = 0
    unknown = 0
    for raw in lines:
        if raw.endswith(b'\r'):
            raw = raw[:-1]
        if raw.strip(b' \t') == b'':
            continue
        try:
            text = raw.decode('utf-8')
            o = json.loads(text, parse_constant=reject_constants)
        except (UnicodeDecodeError, ValueError):
            invalid += 1
            continue
        if not isinstance(o, dict) or not isinstance(o.get('type'), str):
            invalid += 1
            continue
        try:
            r = parse_record(o)
        except Invalid:
            invalid += 1
            continue
        if r is None:
            unknown += 1
            continue
        if r['type'] == 'canary_sample':
            samples.append(r)
        else:
            key = (r['type'], r['id'])
            if key not in records:
                order.append(key)
            records[key] = r
    recs = [records[k] for k in order]
    return recs, samples, invalid, unknown


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    rank = p / 100.0 * (len(v) - 1)
    lo = math.floor(rank)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (rank - lo)


def mean(values):
    return sum(values) / len(values) if values else None


def ratio(a, b):
    return a / b if b else None


def tier(value, bands, higher_is_better):
    if value is None:
        return None
    names = ['elite', 'high', 'medium']
    for name, (op, limit) in zip(names, bands):
        if (op == '>=' and value >= limit) or (op == '<' and value < limit) or \
           (op == '<=' and value <= limit):
            return name
    return 'low'


def compute(recs, samples, invalid, t_from, t_to, env):
    def keep(r, tkey='started_at'):
        return t_from <= r[tkey] < t_to and (env is None or r['environment'] == env)

    runs = [r for r in recs if r['type'] == 'pipeline_run' and keep(r)]
    deps = [r for r in recs if r['type'] == 'deployment' and keep(r)]
    alerts = [r for r in recs if r['type'] == 'alert' and keep(r)]
    canaries = [r for r in recs if r['type'] == 'canary' and keep(r)]

    out = {}
    out['window_days'] = (t_to - t_from) / 86400e6
    cnt = lambda lst, st: sum(1 for r in lst if r['status'] in st)
    out['runs_total'] = len(runs)
    out['runs_success'] = cnt(runs, {'success'})
    out['runs_failed'] = cnt(runs, {'failed'})
    out['runs_cancelled'] = cnt(runs, {'cancelled'})
    out['runs_active'] = cnt(runs, {'running', 'queued'})
    out['success_rate'] = ratio(out['runs_success'], out['runs_success'] + out['runs_failed'])
    durs = [(r['finished_at'] - r['started_at']) / 1e6 for r in runs
            if r['status'] in ('success', 'failed')]
    out['duration_mean_s'] = mean(durs)
    out['duration_p50_s'] = percentile(durs, 50)
    out['duration_p95_s'] = percentile(durs, 95)

    out['deployments_total'] = len(deps)
    out['deployments_success'] = cnt(deps, {'success'})
    out['deployments_failed'] = cnt(deps, {'failed', 'rolled_back'})
    out['deployment_frequency_per_day'] = ratio(out['deployments_success'], out['window_days'])
    leads = [(r['finished_at'] - r['committed_at']) / 3600e6 for r in deps
             if r['status'] == 'success' and r['committed_at'] is not None]
    out['lead_time_median_h'] = percentile(leads, 50)
    done = [r for r in deps if r['status'] != 'in_progress']
    bad = [r for r in done if r['status'] in ('failed', 'rolled_back') or r['caused_incident']]
    out['change_failure_rate'] = ratio(len(bad), len(done))

    out['alerts_total'] = len(alerts)
    out['alerts_open'] = cnt(alerts, {'firing', 'acknowledged'})
    out['alerts_by_severity'] = {s: sum(1 for a in alerts if a['severity'] == s) for s in SEVERITY}
    out['alerts_by_status'] = {s: sum(1 for a in alerts if a['status'] == s) for s in ALERT_STATUS}
    ttr = [(a['resolved_at'] - a['started_at']) / 60e6 for a in alerts
           if a['status'] == 'resolved']
    out['mttr_min'] = mean(ttr)
    out['time_to_restore_median_min'] = percentile(ttr, 50)
    tta = [(a['acknowledged_at'] - a['started_at']) / 60e6 for a in alerts
           if a['acknowledged_at'] is not None]
    out['mtta_min'] = mean(tta)

    cout = {}
    for c in canaries:
        entry = {'progress': ratio(c['traffic_percent'], c['steps'][-1]) if c['steps'] else None}
        for variant in ('canary', 'baseline'):
            ss = [s for s in samples if s['canary_id'] == c['id'] and s['variant'] == variant
                  and t_from <= s['at'] < t_to]
            entry[variant] = {
                'error_rate': ratio(sum(s['errors'] for s in ss), sum(s['requests'] for s in ss)),
                'latency_p95_ms': mean([s['latency_p95_ms'] for s in ss]),
            }
        cout[c['id']] = entry
    out['canaries'] = cout

    out['dora_tiers'] = {
        'deployment_frequency': tier(out['deployment_frequency_per_day'],
                                     [('>=', 1), ('>=', 1 / 7), ('>=', 1 / 30)], True),
        'lead_time': tier(out['lead_time_median_h'], [('<', 24), ('<', 168), ('<', 720)], False),
        'change_failure_rate': tier(out['change_failure_rate'],
                                    [('<=', 0.05), ('<=', 0.10), ('<=', 0.15)], False),
        'time_to_restore': tier(out['time_to_restore_median_min'],
                                [('<', 60), ('<', 1440), ('<', 10080)], False),
    }
    out['invalid_lines'] = invalid
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('file')
    ap.add_argument('--from', dest='t_from', required=True)
    ap.add_argument('--to', dest='t_to', required=True)
    ap.add_argument('--environment')
    a = ap.parse_args()
    recs, samples, invalid, _ = read(a.file)
    out = compute(recs, samples, invalid, parse_time(a.t_from), parse_time(a.t_to),
                  a.environment)
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
