"""Compares templates as the action reads and writes them with cfn-lint's reading (the reference).

stdin: JSON [{id, original, ours, cases: [{name, output, expected, renames}]}]
  original: the template text; ours: the action's reading of it (JSON; non-finite numbers as strings);
  cases: rewrites of it: the text the action would send and the data it meant to send.
stdout: JSON {checked, mismatches: [{id, case, path, problem}]}

Equivalence of cfn-lint's value (Python) with the action's (JSON), as CloudFormation gets them:
  str == str; bool == bool; None == null; int == the same int (past 2^53: its decimal text);
  float == the same number ("Infinity", "-Infinity", "NaN" for the non-finite); a YAML date or timestamp ==
  the text the action keeps, when that text is a YAML timestamp of the same moment (CloudFormation passes the
  text on); mappings with the same keys, sequences of the same length, element by element.
A rewrite must (1) read back, in cfn-lint, as the data the action meant, by that equivalence, and (2) keep every
part it did not change exactly as cfn-lint read the original: same Python types and values (a date stays a
date, an int an int).
"""
import datetime
import json
import math
import sys

import yaml
from cfnlint.decode import decode_str

SAFE = 2**53 - 1


def key_text(k):
    return k if isinstance(k, str) else str(k)


def match_keys(py, ours):
    """cfn-lint's keys → the action's. A key YAML types as something else (`YES:` is True) matches the text the
    action keeps when that text, as a YAML scalar, is that value."""
    keys = {}
    for k in py:
        if isinstance(k, str):
            keys[k] = k
            continue
        for s in ours:
            try:
                again = yaml.safe_load(s)
            except yaml.YAMLError:
                continue
            if type(again) is type(k) and again == k and s not in keys:
                keys[s] = k
                break
        else:
            keys[str(k)] = k
    return keys


def equiv(py, ours, path, out):
    if isinstance(py, bool):
        ok = isinstance(ours, bool) and py == ours
    elif isinstance(py, int):
        ok = (isinstance(ours, int) and not isinstance(ours, bool) and py == ours) or (abs(py) > SAFE and ours == str(py))
    elif isinstance(py, float):
        if math.isnan(py):
            ok = ours == 'NaN'
        elif math.isinf(py):
            ok = ours == ('Infinity' if py > 0 else '-Infinity')
        else:
            ok = isinstance(ours, (int, float)) and not isinstance(ours, bool) and float(ours) == py
    elif isinstance(py, (datetime.date, datetime.datetime)):
        ok = False
        if isinstance(ours, str):
            try:
                again = yaml.safe_load(ours)
                ok = type(again) is type(py) and again == py
            except yaml.YAMLError:
                ok = False
    elif py is None:
        ok = ours is None
    elif isinstance(py, str):
        ok = isinstance(ours, str) and py == ours
    elif isinstance(py, dict):
        if not isinstance(ours, dict):
            ok = False
        else:
            keys = match_keys(py, ours)
            if set(keys) != set(ours):
                out.append((path, f'keys differ: only cfn-lint {sorted(set(keys) - set(ours))[:5]}, only ours {sorted(set(ours) - set(keys))[:5]}'))
                return
            for k, pk in keys.items():
                equiv(py[pk], ours[k], f'{path}.{k}', out)
            return
    elif isinstance(py, list):
        if not isinstance(ours, list) or len(ours) != len(py):
            ok = False
        else:
            for i, (a, b) in enumerate(zip(py, ours)):
                equiv(a, b, f'{path}[{i}]', out)
            return
    else:
        ok = False
    if not ok:
        out.append((path, f'cfn-lint reads {type(py).__name__} {str(py)[:80]!r}, the action {json.dumps(ours)[:80]}'))


def strict(a, b):
    """Same as cfn-lint read them: same types (date is not str, bool is not int), same values."""
    if type(a) is not type(b) and not (isinstance(a, str) and isinstance(b, str)) and not (isinstance(a, dict) and isinstance(b, dict)) and not (isinstance(a, list) and isinstance(b, list)):
        return False
    if isinstance(a, dict):
        return set(a) == set(b) and all(strict(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strict(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a == b


def strict_diff(o, d, path, out):
    """Where o differs from d, as deep as the two still have the same shape."""
    if strict(o, d):
        return
    if isinstance(o, dict) and isinstance(d, dict) and set(o) == set(d):
        for k in d:
            strict_diff(o[k], d[k], f'{path}.{key_text(k)}', out)
        return
    if isinstance(o, list) and isinstance(d, list) and len(o) == len(d):
        for i in range(len(d)):
            strict_diff(o[i], d[i], f'{path}[{i}]', out)
        return
    out.append((path, f'changed although the rewrite did not touch it: was {str(d)[:80]!r} ({type(d).__name__}), is {str(o)[:80]!r} ({type(o).__name__})'))


def same_json(a, b):
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def compare_rewrite(o, d, e, r, renames, path, out):
    """o: cfn-lint's reading of the output, d: of the original; e: what the action meant, r: its reading of the original."""
    if same_json(e, r):
        strict_diff(o, d, path, out)
        return
    if isinstance(e, dict) and isinstance(r, dict) and isinstance(o, dict) and isinstance(d, dict):
        okeys = match_keys(o, e)
        dkeys = match_keys(d, r)
        if set(okeys) != set(e):
            out.append((path, f'keys differ from the intended: only sent {sorted(set(okeys) - set(e))[:5]}, only intended {sorted(set(e) - set(okeys))[:5]}'))
            return
        for k in e:
            was = k if k in r else renames.get(k)
            if was is not None and was in r and was in dkeys:
                compare_rewrite(o[okeys[k]], d[dkeys[was]], e[k], r[was], renames, f'{path}.{k}', out)
            else:
                equiv(o[okeys[k]], e[k], f'{path}.{k}', out)
        return
    if isinstance(e, list) and isinstance(r, list) and isinstance(o, list) and isinstance(d, list) and len(e) == len(r) == len(o) == len(d):
        for i in range(len(e)):
            compare_rewrite(o[i], d[i], e[i], r[i], renames, f'{path}[{i}]', out)
        return
    equiv(o, e, path, out)


def main():
    items = json.load(sys.stdin)
    mismatches = []
    checked = 0
    for item in items:
        d, matches = decode_str(item['original'])
        if matches:
            mismatches.append({'id': item['id'], 'case': 'read', 'path': '', 'problem': f'cfn-lint cannot read it: {matches[0].message}'})
            continue
        out = []
        equiv(d, item['ours'], '', out)
        mismatches += [{'id': item['id'], 'case': 'read', 'path': p, 'problem': m} for p, m in out[:5]]
        checked += 1
        for case in item['cases']:
            o, matches = decode_str(case['output'])
            if matches:
                mismatches.append({'id': item['id'], 'case': case['name'], 'path': '', 'problem': f'cfn-lint cannot read the output: {matches[0].message}'})
                continue
            out = []
            compare_rewrite(o, d, case['expected'], item['ours'], case.get('renames', {}), '', out)
            mismatches += [{'id': item['id'], 'case': case['name'], 'path': p, 'problem': m} for p, m in out[:20]]
            checked += 1
    json.dump({'checked': checked, 'mismatches': mismatches}, sys.stdout)


if __name__ == '__main__':
    main()
