#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Differential test: runs `flightdeck-cli metrics` and the independent
# reference implementation (reference-metrics.py) over the same files and
# windows and compares every value. It also writes a file of awkward but
# legal records and of every kind of invalid line the spec lists, mixed at
# random with a fixed seed, so the reader is compared as well as the maths.
#
# Usage: compare-metrics.py CLI WORKDIR [FILE...]

import json
import math
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ref = __import__('reference-metrics')


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def diff(path, a, b, out):
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            out.append('%s: keys differ: %s vs %s' % (path, sorted(set(a) ^ set(b)),
                                                        ''))
        for k in a:
            if k in b:
                diff(path + '.' + k, a[k], b[k], out)
    elif not close(a, b):
        out.append('%s: cli %r, reference %r' % (path, a, b))


def iso(us):
    import datetime
    t = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
        datetime.timedelta(microseconds=us)
    return t.strftime('%Y-%m-%dT%H:%M:%S') + ('.%06dZ' % t.microsecond if t.microsecond else 'Z')


def nasty_file(path, seed):
    """Valid records in awkward forms, and invalid lines of every listed kind."""
    rnd = random.Random(seed)
    base = 1795000000  # 2026-11-17 or so
    lines = []

    def t(sec, form=None):
        import datetime
        d = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
            datetime.timedelta(seconds=sec)
        form = form or rnd.choice(['z', 'frac', 'off', 'negoff', 'longfrac'])
        if form == 'z':
            return d.strftime('%Y-%m-%dT%H:%M:%SZ')
        if form == 'frac':
            return d.strftime('%Y-%m-%dT%H:%M:%S') + '.%03dZ' % rnd.randrange(1000)
        if form == 'longfrac':
            return d.strftime('%Y-%m-%dT%H:%M:%S') + '.%09dZ' % rnd.randrange(10 ** 9)
        if form == 'off':
            d2 = d + datetime.timedelta(hours=5, minutes=30)
            return d2.strftime('%Y-%m-%dT%H:%M:%S') + '+05:30'
        d2 = d - datetime.timedelta(hours=8)
        return d2.strftime('%Y-%m-%dT%H:%M:%S') + '-08:00'

    envs = ['production', 'staging', 'development', 'qa']
    for i in range(400):
        start = base + rnd.randrange(-20 * 86400, 20 * 86400)
        kind = rnd.choice(['run', 'run', 'run', 'dep', 'dep', 'alert', 'alert', 'canary'])
        rid = '%s-%d' % (kind, rnd.randrange(150))  # collisions on purpose
        env = rnd.choice(envs)
        if kind == 'run':
            st = rnd.choice(['success', 'failed', 'cancelled', 'running', 'queued'])
            o = {'type': 'pipeline_run', 'id': rid, 'pipeline': 'p/%d' % rnd.randrange(4),
                 'service': 'svc%d' % rnd.randrange(3), 'environment': env, 'status': st,
                 'started_at': t(start)}
            if st in ('success', 'failed', 'cancelled') or rnd.random() < 0.2:
                o['finished_at'] = t(start + rnd.randrange(0, 4000))
            if rnd.random() < 0.3:
                o['commit'] = None
            if rnd.random() < 0.3:
                o['stages'] = [{'name': 'build', 'status': 'success', 'duration_s': 3.5}]
        elif kind == 'dep':
            st = rnd.choice(['success', 'success', 'failed', 'rolled_back', 'in_progress'])
            o = {'type': 'deployment', 'id': rid, 'service': 'svc%d' % rnd.randrange(3),
                 'environment': env, 'version': '1.%d' % i, 'status': st,
                 'started_at': t(start)}
            if st != 'in_progress':
                o['finished_at'] = t(start + rnd.randrange(0, 900))
            if rnd.random() < 0.7:
                o['committed_at'] = t(start - rnd.randrange(0, 400000))
            if rnd.random() < 0.3:
                o['caused_incident'] = rnd.choice([True, False, None])
        elif kind == 'alert':
            st = rnd.choice(['firing', 'acknowledged', 'resolved'])
            o = {'type': 'alert', 'id': rid, 'name': rnd.choice(['HighErrorRate', 'DiskFull']),
                 'service': 'svc1', 'environment': env,
                 'severity': rnd.choice(['critical', 'high', 'warning', 'info']),
                 'status': st, 'started_at': t(start)}
            if st != 'firing' or rnd.random() < 0.3:
                o['acknowledged_at'] = t(start + rnd.randrange(0, 3000))
            if st == 'resolved':
                o['resolved_at'] = t(start + rnd.randrange(0, 90000))
        else:
            steps = [5, 25, 50, 100] if rnd.random() < 0.8 else [10, 40]
            o = {'type': 'canary', 'id': rid, 'service': 'svc2', 'environment': env,
                 'baseline_version': '1.0', 'canary_version': '1.1',
                 'status': rnd.choice(['progressing', 'paused', 'promoted', 'rolled_back']),
                 'started_at': t(start), 'steps': steps,
                 'current_step': rnd.choice([0, 1, 1.0]),
                 'traffic_percent': rnd.choice([5, 25, 12.5, 0])}
            lines.append(json.dumps(o))
            for k in range(rnd.randrange(0, 8)):
                for variant in ('canary', 'baseline'):
                    req = rnd.randrange(0, 2000)
                    s = {'type': 'canary_sample', 'canary_id': rid, 'variant': variant,
                         'at': t(start + 300 * k + rnd.randrange(-600, 600)),
                         'requests': req, 'errors': rnd.randrange(0, req + 1) if req else 0,
                         'latency_p50_ms': 20.5, 'latency_p95_ms': rnd.uniform(50, 300),
                         'latency_p99_ms': 400}
                    lines.append(json.dumps(s))
            continue
        if rnd.random() < 0.1:
            o['extra_field'] = {'nested': [1, 2]}
        lines.append(json.dumps(o))

    good_run = {'type': 'pipeline_run', 'id': 'run-x', 'pipeline': 'p', 'service': 's',
                'environment': 'production', 'status': 'success',
                'started_at': t(base, 'z'), 'finished_at': t(base + 60, 'z')}

    def variant(**kw):
        o = dict(good_run)
        for k, v in kw.items():
            if v is KeyError:
                o.pop(k, None)
            else:
                o[k] = v
        return json.dumps(o)

    invalid = [
        'not json at all', '[1, 2, 3]', '"a string"', '{"type": 5}', '{"no_type": 1}',
        '{"type": "pipeline_run", "id": "x"', variant(id=KeyError), variant(status='ok'),
        variant(status=None), variant(started_at='2026-11-20 10:00:00Z'),
        variant(started_at='2026-11-20T10:00:60Z'), variant(started_at='2026-11-20t10:00:00z'),
        variant(started_at='1899-12-31T23:59:59Z'), variant(started_at='2201-01-01T00:00:00Z'),
        variant(started_at='2026-02-30T00:00:00Z'), variant(finished_at=KeyError),
        variant(finished_at=t(base - 1, 'z')), variant(pipeline=7), variant(service=None),
        variant(environment=['production']),
        json.dumps({'type': 'canary_sample', 'canary_id': 'c', 'variant': 'canary',
                    'at': t(base, 'z'), 'requests': 10, 'errors': 11, 'latency_p50_ms': 1,
                    'latency_p95_ms': 2, 'latency_p99_ms': 3}),
        json.dumps({'type': 'canary_sample', 'canary_id': 'c', 'variant': 'canary',
                    'at': t(base, 'z'), 'requests': 10.5, 'errors': 1, 'latency_p50_ms': 1,
                    'latency_p95_ms': 2, 'latency_p99_ms': 3}),
        json.dumps({'type': 'canary_sample', 'canary_id': 'c', 'variant': 'control',
                    'at': t(base, 'z'), 'requests': 10, 'errors': 1, 'latency_p50_ms': 1,
                    'latency_p95_ms': 2, 'latency_p99_ms': 3}),
        json.dumps({'type': 'alert', 'id': 'a', 'name': 'n', 'service': 's',
                    'environment': 'production', 'severity': 'major', 'status': 'firing',
                    'started_at': t(base, 'z')}),
        json.dumps({'type': 'alert', 'id': 'a2', 'name': 'n', 'service': 's',
                    'environment': 'production', 'severity': 'high', 'status': 'resolved',
                    'started_at': t(base, 'z')}),
    ]
    unknown = [json.dumps({'type': 'build_log', 'id': 'z'}), '', '   ']
    for x in invalid + unknown:
        lines.insert(rnd.randrange(len(lines) + 1), x)
    # A later invalid update of a valid record must leave the earlier one.
    lines.append(json.dumps(good_run))
    lines.append(variant(status='exploded'))
    body = '\ufeff' + '\r\n'.join(lines)  # BOM, CRLF, no final line end
    with open(path, 'w', encoding='utf-8') as f:
        f.write(body)
    return base


def run_cli(cli, path, t_from, t_to, env):
    args = [cli, 'metrics', path, '--from', t_from, '--to', t_to]
    if env:
        args += ['--environment', env]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit('cli failed (%d): %s' % (p.returncode, p.stderr[-2000:]))
    return json.loads(p.stdout)


def main():
    cli, workdir = sys.argv[1], sys.argv[2]
    files = sys.argv[3:]
    os.makedirs(workdir, exist_ok=True)
    cases = []
    nasty = os.path.join(workdir, 'nasty.jsonl')
    base = nasty_file(nasty, 42)
    for span_days in (1, 7, 30):
        for env in (None, 'production', 'qa', 'nowhere'):
            cases.append((nasty, base * 1000000 - span_days * 43200 * 1000000,
                          base * 1000000 + span_days * 43200 * 1000000, env))
    generated = os.path.join(workdir, 'generated.jsonl')
    g = subprocess.run([cli, 'generate', '--seed', '7', '--runs', '3000', '--days', '30',
                        '--now', '2026-11-20T12:00:00Z', '-o', generated],
                       capture_output=True, text=True)
    if g.returncode != 0:
        raise SystemExit('generate failed (%d): %s' % (g.returncode, g.stderr[-2000:]))
    for path in [generated] + files:
        recs, samples, _, _ = ref.read(path)
        times = [r['started_at'] for r in recs] + [s['at'] for s in samples]
        if not times:
            continue
        last = max(times)
        for days in (1, 7, 30):
            for env in (None, 'production', 'staging'):
                cases.append((path, last - days * 86400 * 1000000 + 1, last + 1, env))
    failures = 0
    print('1..%d' % len(cases))
    for n, (path, f, t, env) in enumerate(cases, 1):
        recs, samples, invalid, _ = ref.read(path)
        want = ref.compute(recs, samples, invalid, f, t, env)
        got = run_cli(cli, path, iso(f), iso(t), env)
        out = []
        diff('', got, want, out)
        name = '%s %s..%s %s' % (os.path.basename(path), iso(f), iso(t), env or 'all')
        if out:
            failures += 1
            print('not ok %d - %s' % (n, name))
            for line in out[:20]:
                print('# ' + line)
        else:
            print('ok %d - %s' % (n, name))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
