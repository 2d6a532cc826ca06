"""Reference figures for churn over time and cohort retention on the CDNOW log, computed with pandas.

Run from the repo root:  /usr/bin/python3 tests/golden/retention/retention.py
Writes, next to this script (committed; CI needs no Python):
  cdnow-churn-over-time.json  per as-of (1998-06-30, and 1998-06-15 for an incomplete last month), per
                              period (month, quarter, week) and per same-period convention, the table
  cdnow-churn-with-returns.json  the same (month, quarter) with customers split into active spans at gaps of
                              more than 90 days between orders, so that returning customers are reactivations
  mrr-fixture-movements.json  MRR movements of mrr-fixture.csv per option: reactivation any time or within 60
                              days, annual plans normalised (/12) or as imported; and churned MRR counting
                              every ended subscription
  cdnow-cohorts.json          per as-of, monthly cohorts by first-order month: size, active in month k,
                              active in month k or later, active in brackets of months (0, 1-3, 4-6, 7-12, 13-17), completeness, and the size-weighted average curve
tests/golden/retention/retention.golden.test.ts feeds Tenure's engine the same inputs.

The rules, written out again independently of the TypeScript:
- orders after as-of are unknown; a customer starts at their first order date;
- churned (non-contractual) when the last order is more than 90 days before as-of; churn date = last order;
- a customer is at the start of a period when first order < period start and (not churned or churn date
  >= period start); at its end likewise with the next period's start (as-of + 1 day for the last one);
- new = first order in the period; churned = churn date in the period; joined-and-churned = both;
  'counted' keeps them in both, 'excluded-from-churned' removes them from churned, 'ignored' from both;
- with returns: a later span's start is a reactivation (not new); customers have at most one span at a
  time, so span counts are customer counts;
- churn rate = churned / at start; average-customers rate = churned / ((at start + at end) / 2);
- daily-sum rate = sum over the period's days up to as-of of (spans ending that day that started before it)
  / (spans with start < day <= end); days with no such span add nothing, a period without any is None;
  'ignored' drops same-period spans from both, 'excluded-from-churned' from the numerator only;
- MRR (mrr-fixture.csv): a subscription is active on the days start <= d < end (end after as-of: open);
  a customer's MRR at a month's start is the sum over subscriptions active on the day before, at its end
  over those active on its last day (as-of for the last month); 0 -> >0 is new, or reactivation when a
  subscription started before the month (and, with a window, the returning subscription starts at most
  that many days after the latest end before it); >0 -> 0 churned; up expansion; down contraction;
  annual plans: amount / 12 when normalised;
  retention rate = 1 - churn rate; periods are complete when as-of is on or after their last day;
- cohorts: k = order month - first-order month; "active" = an order in month k, "or later" = last order
  month >= k, bracket [a, b] = an order in some month k with a <= k <= b (complete when month b has ended); a cell is complete when month cohort + k has ended by as-of; the average curve is
  sum(retained) / sum(size) over complete cells (weighted by cohort size).
"""

import json
from pathlib import Path

import pandas as pd

here = Path(__file__).resolve().parent
data = here.parents[2].parent / 'shared' / 'data' / 'cdnow_transactions.csv'
orders_all = pd.read_csv(data, dtype={'customer_id': str}, parse_dates=['date'])

FREQ = {'month': 'M', 'quarter': 'Q', 'week': 'W-SUN'}  # W-SUN: weeks ending Sunday, i.e. starting Monday
CONVENTIONS = ['counted', 'excluded-from-churned', 'ignored']


def label(period, unit):
    if unit == 'month':
        return f'{period.year}-{period.month:02d}'
    if unit == 'quarter':
        return f'{period.year}-Q{period.quarter}'
    return period.start_time.strftime('%Y-%m-%d')


def ratio(a, b):
    return None if b == 0 else float(a / b)


def lifetimes(as_of):
    """One span per customer: first order → churn at the last order (90-day rule), or still active."""
    orders = orders_all[orders_all.date <= as_of]
    by = orders.groupby('customer_id').date
    first, last = by.min(), by.max()
    return pd.DataFrame({'start': first, 'end': last.where((as_of - last).dt.days > 90), 'first': True})


def spans_with_returns(as_of):
    """Spans split at gaps of more than 90 days between orders: each run of orders is active from its first
    order and churns at its last one when the next order is more than 90 days later (or, for the last run,
    when as-of is); a later run is a reactivation."""
    days = orders_all[orders_all.date <= as_of][['customer_id', 'date']].drop_duplicates()
    days = days.sort_values(['customer_id', 'date'])
    gap = days.groupby('customer_id').date.diff().dt.days
    days['run'] = (gap > 90).astype(int).groupby(days.customer_id).cumsum()
    runs = days.groupby(['customer_id', 'run']).date.agg(['min', 'max']).reset_index()
    final = runs.run == runs.groupby('customer_id').run.transform('max')
    ended = ~final | ((as_of - runs['max']).dt.days > 90)
    return pd.DataFrame({'start': runs['min'], 'end': runs['max'].where(ended), 'first': runs.run == 0})


def daily_sums(spans, same, convention, as_of, freq):
    """Per day from the first start to as-of: churned that day among those active at its start, over those;
    summed per period (the key is the day's pandas Period, so the caller picks its own unit's)."""
    start, end = spans['start'], spans['end']
    keep = ~same if convention == 'ignored' else pd.Series(True, index=spans.index)
    counts_churn = keep & ~same if convention == 'excluded-from-churned' else keep
    sums, seen = {}, set()
    for day in pd.date_range(start.min(), as_of, freq='D'):
        active = int((keep & (start < day) & (end.isna() | (end >= day))).sum())
        if active == 0:
            continue
        churned = int((counts_churn & (start < day) & (end == day)).sum())
        period = day.to_period(freq)
        sums[period] = sums.get(period, 0.0) + churned / active
    return sums


def churn_tables(spans, as_of, units):
    out = {}
    start, end, first = spans['start'], spans['end'], spans['first']
    for unit in units:
        freq = FREQ[unit]
        periods = pd.period_range(start.min().to_period(freq), as_of.to_period(freq), freq=freq)
        tables = {c: [] for c in CONVENTIONS}
        same = start.dt.to_period(freq) == end.dt.to_period(freq)
        daily = {c: daily_sums(spans, same, c, as_of, freq) for c in CONVENTIONS}
        for period in periods:
            ps = period.start_time.normalize()
            pe = min(period.end_time.normalize() + pd.Timedelta(days=1), as_of + pd.Timedelta(days=1))
            at_start = int(((start < ps) & (end.isna() | (end >= ps))).sum())
            at_end = int(((start < pe) & (end.isna() | (end >= pe))).sum())
            joined = (start >= ps) & (start < pe)
            left = (end >= ps) & (end < pe)
            both = joined & left
            n_new, n_back = int((joined & first).sum()), int((joined & ~first).sum())
            n_both_new, n_both_back = int((both & first).sum()), int((both & ~first).sum())
            n_churned, n_both = int(left.sum()), int(both.sum())
            complete = bool(period.end_time.normalize() <= as_of)
            for convention in CONVENTIONS:
                ignored = convention == 'ignored'
                churned = n_churned - (0 if convention == 'counted' else n_both)
                rate = ratio(churned, at_start)
                tables[convention].append({
                    'period': label(period, unit),
                    'start': ps.strftime('%Y-%m-%d'),
                    'complete': complete,
                    'customersAtStart': at_start,
                    'newCustomers': n_new - (n_both_new if ignored else 0),
                    'reactivated': n_back - (n_both_back if ignored else 0),
                    'churned': churned,
                    'joinedAndChurned': n_both,
                    'customersAtEnd': at_end,
                    'churnRate': rate,
                    'averageCustomersChurnRate': ratio(churned, (at_start + at_end) / 2),
                    'retentionRate': None if rate is None else 1 - rate,
                    'dailySumChurnRate': daily[convention].get(period),
                })
        out[unit] = tables
    return out


def churn_over_time(as_of_text):
    as_of = pd.Timestamp(as_of_text)
    return churn_tables(lifetimes(as_of), as_of, FREQ.keys())


BRACKETS = [(0, 0), (1, 3), (4, 6), (7, 12), (13, 17)]


def cohorts(as_of_text):
    as_of = pd.Timestamp(as_of_text)
    orders = orders_all[orders_all.date <= as_of].copy()
    orders['month'] = orders.date.dt.to_period('M')
    first_month = orders.groupby('customer_id').month.min()
    orders['cohort'] = orders.customer_id.map(first_month)
    orders['k'] = (orders.month - orders.cohort).apply(lambda d: d.n)
    last_k = orders.groupby('customer_id').k.max()
    cohort_of = first_month
    as_of_month = as_of.to_period('M')
    result = []
    for cohort in sorted(first_month.unique()):
        members = cohort_of[cohort_of == cohort].index
        size = len(members)
        mine = orders[orders.cohort == cohort]
        active = mine.groupby('k').customer_id.nunique()
        cells = []
        for k in range((as_of_month - cohort).n + 1):
            n_active = int(active.get(k, 0))
            n_later = int((last_k[members] >= k).sum())
            cells.append({
                'k': k,
                'active': n_active,
                'share': n_active / size,
                'activeOrLater': n_later,
                'shareOrLater': n_later / size,
                'complete': bool((cohort + k).end_time.normalize() <= as_of),
            })
        bracket_cells = []
        for lo, hi in BRACKETS:
            n = int(mine[(mine.k >= lo) & (mine.k <= hi)].customer_id.nunique())
            bracket_cells.append({'from': lo, 'to': hi, 'active': n, 'share': n / size,
                                  'complete': bool((cohort + hi).end_time.normalize() <= as_of)})
        result.append({'key': f'{cohort.year}-{cohort.month:02d}', 'size': size, 'cells': cells,
                       'brackets': bracket_cells})
    average = []
    for k in range(max(len(c['cells']) for c in result)):
        done = [c for c in result if k < len(c['cells']) and c['cells'][k]['complete']]
        customers = sum(c['size'] for c in done)
        average.append({
            'k': k,
            'cohorts': len(done),
            'customers': customers,
            'share': ratio(sum(c['cells'][k]['active'] for c in done), customers),
            'shareOrLater': ratio(sum(c['cells'][k]['activeOrLater'] for c in done), customers),
        })
    average_brackets = []
    for b, (lo, hi) in enumerate(BRACKETS):
        done = [c for c in result if c['brackets'][b]['complete']]
        customers = sum(c['size'] for c in done)
        average_brackets.append({'from': lo, 'to': hi, 'cohorts': len(done), 'customers': customers,
                                 'share': ratio(sum(c['brackets'][b]['active'] for c in done), customers)})
    return {'cohorts': result, 'average': average, 'averageBrackets': average_brackets}


def mrr_movements(subs, as_of_text, window=None, annual_plans='normalised'):
    """Monthly MRR movements of the fixture by the rules above, customer by customer."""
    as_of = pd.Timestamp(as_of_text)
    subs = subs[subs.start <= as_of].copy()
    subs['end'] = subs.end.where(subs.end <= as_of)
    months = 12 if annual_plans == 'normalised' else 1
    subs['amount'] = subs.mrr / subs.interval.map(lambda i: months if i == 'year' else 1)
    periods = pd.period_range(subs.start.min().to_period('M'), as_of.to_period('M'), freq='M')

    def mrr_on(day, own):
        active = (own.start <= day) & (own.end.isna() | (own.end > day))
        return float(own.amount[active].sum())

    rows, every = [], []
    for period in periods:
        ps = period.start_time.normalize()
        last = min(period.end_time.normalize(), as_of)
        keys = ['mrrAtStart', 'newMrr', 'expansion', 'contraction', 'churned', 'reactivation', 'mrrAtEnd']
        row = dict.fromkeys(keys, 0.0)
        for _, own in subs.groupby('customer'):
            before, after = mrr_on(ps - pd.Timedelta(days=1), own), mrr_on(last, own)
            row['mrrAtStart'] += before
            row['mrrAtEnd'] += after
            if before == 0 and after > 0:
                earlier = (own.start < ps).any()
                back = own[(own.start >= ps) & (own.end.isna() | (own.end > last))].start.min()
                ended = own.end[own.end <= back]
                inside = window is None or (len(ended) > 0 and (back - ended.max()).days <= window)
                row['reactivation' if earlier and inside else 'newMrr'] += after
            elif before > 0 and after == 0:
                row['churned'] += before
            elif after > before:
                row['expansion'] += after - before
            elif after < before:
                row['contraction'] += before - after
        row['period'] = f'{period.year}-{period.month:02d}'
        lost = row['churned'] + row['contraction']
        row['grossRevenueChurn'] = ratio(lost, row['mrrAtStart'])
        row['netRevenueChurn'] = ratio(lost - row['expansion'], row['mrrAtStart'])
        rows.append(row)
        # Every ended subscription: active the day before the month, ended within it.
        gone = (subs.start < ps) & (subs.end >= ps) & (subs.end <= last)
        every.append(float(subs.amount[gone].sum()))
    return {'periods': rows, 'churnedEverySubscription': every}


def mrr_fixture():
    subs = pd.read_csv(here / 'mrr-fixture.csv', parse_dates=['start', 'end'])
    return {
        'default': mrr_movements(subs, '2024-06-30'),
        'window-60': mrr_movements(subs, '2024-06-30', window=60),
        'window-120': mrr_movements(subs, '2024-06-30', window=120),
        'as-imported': mrr_movements(subs, '2024-06-30', annual_plans='as-imported'),
        'as-of-2024-06-20': mrr_movements(subs, '2024-06-20'),
    }


AS_OF = ['1998-06-30', '1998-06-15']
(here / 'cdnow-churn-over-time.json').write_text(
    json.dumps({a: churn_over_time(a) for a in AS_OF}, indent=1) + '\n')
(here / 'cdnow-churn-with-returns.json').write_text(json.dumps(
    {a: churn_tables(spans_with_returns(pd.Timestamp(a)), pd.Timestamp(a), ['month', 'quarter']) for a in AS_OF},
    indent=1) + '\n')
(here / 'mrr-fixture-movements.json').write_text(json.dumps(mrr_fixture(), indent=1) + '\n')
(here / 'cdnow-cohorts.json').write_text(json.dumps({a: cohorts(a) for a in AS_OF}, indent=1) + '\n')
print('written', here)
