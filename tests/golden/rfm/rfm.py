"""Reference RFM table for tests/golden/rfm/rfm.golden.test.ts (pandas; run with /usr/bin/python3).

Reads resources/samples/cdnow_transactions.csv (customer_id kept as text), keeps rows on or before the
as-of day 1998-06-30 and writes, per customer sorted by id:
  recency (as-of day - last purchase day), frequency (distinct purchase days), monetary (total spend),
  r, f, m (quintile scores 1-5) and segment;
plus the segment counts. Scores use the rule of src-main/engine/rfm/rfm.ts, written out in pandas:
  1. sort customers by (value, customer_id) and number them 1..n (rank(method='first'));
  2. qcut those positions into 5 equal-count groups (labels=False);
  3. ties share the lower score: every customer with the same value gets the group of the first of them.
Recency is scored on the last purchase day (more recent = higher score), F and M on their values.
"""
import json
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
AS_OF = pd.Timestamp('1998-06-30')
EPOCH = pd.Timestamp('1970-01-01')

SEGMENT_MAP = {  # the practitioners' R-F regex map (first digit R, second F)
    r'[1-2][1-2]': 'Hibernating',
    r'[1-2][3-4]': 'At risk',
    r'[1-2]5': "Can't lose them",
    r'3[1-2]': 'About to sleep',
    r'33': 'Need attention',
    r'[3-4][4-5]': 'Loyal',
    r'41': 'Promising',
    r'51': 'New',
    r'[4-5][2-3]': 'Potential loyalists',
    r'5[4-5]': 'Champions',
}
SEGMENTS = ['Champions', 'Loyal', 'Potential loyalists', 'New', 'Promising', 'Need attention',
            'About to sleep', 'At risk', "Can't lose them", 'Hibernating', 'Lost']


def quintile_score(customers: pd.DataFrame, column: str) -> pd.Series:
    ordered = customers.sort_values([column, 'customer_id'], kind='mergesort')
    position = ordered[column].rank(method='first')  # 1..n in this order
    group = pd.qcut(position, 5, labels=False)
    n = len(ordered)
    # The same rule in integers (what rfm.ts computes): position i is in group ceil(5(i-1)/(n-1)) - 1, min 0.
    i = np.arange(1, n + 1)
    integer_rule = np.maximum(0, -((-5 * (i - 1)) // (n - 1)) - 1)
    assert (group.to_numpy() == integer_rule).all(), 'qcut and the integer rule disagree'
    lowest = group.groupby(ordered[column]).transform('min')
    return (lowest + 1).reindex(customers.index).astype(int)


def main() -> None:
    log = pd.read_csv(os.path.join(ROOT, 'resources', 'samples', 'cdnow_transactions.csv'),
                      dtype={'customer_id': str}, parse_dates=['date'])
    log['day'] = (log['date'] - EPOCH).dt.days
    as_of_day = (AS_OF - EPOCH).days
    kept = log[log['day'] <= as_of_day]
    customers = kept.groupby('customer_id').agg(
        last_day=('day', 'max'), frequency=('day', 'nunique'), monetary=('amount', 'sum')).reset_index()
    customers = customers.sort_values('customer_id', kind='mergesort').reset_index(drop=True)
    customers['recency'] = as_of_day - customers['last_day']
    customers['r'] = quintile_score(customers, 'last_day')
    customers['f'] = quintile_score(customers, 'frequency')
    customers['m'] = quintile_score(customers, 'monetary')
    rf = customers['r'].astype(str) + customers['f'].astype(str)
    customers['segment'] = rf.replace(SEGMENT_MAP, regex=True)
    customers.loc[rf == '11', 'segment'] = 'Lost'
    assert customers['segment'].isin(SEGMENTS).all()

    out = customers[['customer_id', 'recency', 'frequency', 'monetary', 'r', 'f', 'm', 'segment']]
    out.to_csv(os.path.join(HERE, 'cdnow-rfm.csv'), index=False, float_format='%.17g')
    counts = customers['segment'].value_counts()
    summary = {
        'as_of': AS_OF.strftime('%Y-%m-%d'),
        'as_of_day': int(as_of_day),
        'rows': int(len(log)),
        'ignored_after_as_of': int(len(log) - len(kept)),
        'customers': int(len(customers)),
        'segment_counts': {s: int(counts.get(s, 0)) for s in SEGMENTS},
        'score_counts': {c: {str(k): int(v) for k, v in customers[c].value_counts().sort_index().items()}
                         for c in ['r', 'f', 'm']},
        'pandas': pd.__version__,
    }
    with open(os.path.join(HERE, 'cdnow-rfm-summary.json'), 'w') as fh:
        json.dump(summary, fh, indent=2)
        fh.write('\n')


if __name__ == '__main__':
    main()
