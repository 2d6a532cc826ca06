"""Reference figures for the customer view and the churn definitions, computed with pandas.

Run from the repo root:  /usr/bin/python3 tests/golden/customer-view/customer_view.py
Writes, next to this script (all committed):
  cdnow-customers.csv    per CDNOW customer at as-of 1998-06-30: first/last order, orders (distinct order
                         days), total revenue, days since last order, tenure in days, churned under the
                         automatic non-contractual window
  cdnow-summary.json     counts, inter-purchase-time quantiles, the automatic window and churned count,
                         at the default as-of (1998-06-30) and at 1997-09-30 (the BTYD calibration end)
  fixture-expected.json  the whole view of the hand-made fixture in fixture/ (customers, subscriptions,
                         transactions, events, feedback), contractual definition with 30 days of grace,
                         at the default as-of and at 2024-04-30
tests/golden/customer-view/customer-view.golden.test.ts compares Tenure's view with these (CI needs no Python).

The rules are written out again here, independently of Tenure's SQL:
- a customer is any id found in any dataset; customer-table ids first in file order, the rest sorted;
- everything dated counts up to and including the as-of date (default: the latest date in the data);
- orders = distinct order days (rows of one day are one order, as in the BTYD literature);
- inter-purchase times = gaps in days between consecutive distinct order days of a customer; quantiles
  by numpy's default ("linear", R's type 7); automatic window = 90th percentile rounded up to whole weeks
  (at least 7 days); non-contractual churned = last order more than that many days before as-of,
  churn date = last order;
- contractual churned = some subscription started by as-of, none open at as-of (end empty or after
  as-of), and as-of − last end >= grace days; churn date = last end; no subscription: unknown;
- tenure_days = first activity → churn date (last activity when churned without a date) or → as-of;
- tickets / complaints: events of the 90 days up to as-of (as-of − 89 … as-of) whose lower-cased type
  contains a ticket word (or a complaint word) / a complaint word;
- latest score: the latest feedback with a score (same date: the later row).
"""

import json
import math
import os
from datetime import date, timedelta

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
CDNOW = os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "cdnow_transactions.csv")

COMPLAINT_WORDS = ["complain", "beschwerde", "reklamation", "reclamation", "réclamation", "queja", "grievance"]
TICKET_WORDS = ["ticket", "support", "helpdesk", "help desk", "service request", "incident"] + COMPLAINT_WORDS
GRACE_DAYS = 30


def day(value):
    """The date part of an ISO date or date-time string, as a date (None for missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return date.fromisoformat(str(value)[:10])


def iso(value):
    return None if value is None else value.isoformat()


def quantiles(gaps):
    if len(gaps) == 0:
        return {"median": None, "p75": None, "p90": None, "p95": None}
    return {
        "median": float(np.quantile(gaps, 0.5)),
        "p75": float(np.quantile(gaps, 0.75)),
        "p90": float(np.quantile(gaps, 0.9)),
        "p95": float(np.quantile(gaps, 0.95)),
    }


def automatic_window(gaps):
    if len(gaps) < 20:
        return None
    return max(7, math.ceil(float(np.quantile(gaps, 0.9)) / 7) * 7)


# ---------------------------------------------------------------- CDNOW (transactions only)

def cdnow_at(tx, as_of):
    upto = tx[tx["day"] <= as_of]
    order_days = upto.groupby(["customer_id", "day"], sort=True)["amount"].sum().reset_index()
    gaps = (
        order_days.groupby("customer_id")["day"].diff().dropna().map(lambda d: d.days).astype(int).to_numpy()
    )
    per = upto.groupby("customer_id").agg(
        first_order=("day", "min"), last_order=("day", "max"), total_revenue=("amount", "sum")
    )
    per["orders"] = order_days.groupby("customer_id").size()
    window = automatic_window(gaps)
    per["days_since_last_order"] = per["last_order"].map(lambda d: (as_of - d).days)
    per["churned"] = (per["days_since_last_order"] > window).astype(int)
    end = np.where(per["churned"] == 1, per["last_order"], as_of)
    per["tenure_days"] = [(e - f).days for e, f in zip(end, per["first_order"])]
    summary = {
        "as_of": as_of.isoformat(),
        "customers_with_orders": int(len(per)),
        "orders": int(per["orders"].sum()),
        "total_revenue": float(per["total_revenue"].sum()),
        "gaps": int(len(gaps)),
        "customers_with_repeat_orders": int((per["orders"] > 1).sum()),
        **quantiles(gaps),
        "window_days": window,
        "churned": int(per["churned"].sum()),
        "gap_counts": {str(k): int(v) for k, v in sorted(pd.Series(gaps).value_counts().items())},
    }
    return per, summary


def cdnow():
    tx = pd.read_csv(CDNOW, dtype={"customer_id": str, "date": str})
    tx["day"] = tx["date"].map(day)
    latest = tx["day"].max()
    per, at_latest = cdnow_at(tx, latest)
    _, calibration = cdnow_at(tx, date(1997, 9, 30))
    # The calibration as-of leaves every customer in the view (all bought first in Q1 1997).
    out = per.reset_index()[
        ["customer_id", "first_order", "last_order", "orders", "total_revenue", "days_since_last_order",
         "tenure_days", "churned"]
    ]
    out["first_order"] = out["first_order"].map(iso)
    out["last_order"] = out["last_order"].map(iso)
    out["total_revenue"] = out["total_revenue"].map(repr)
    out.to_csv(os.path.join(HERE, "cdnow-customers.csv"), index=False, lineterminator="\n")
    summary = {
        "source": "pandas " + pd.__version__ + ", numpy " + np.__version__ + " on ../shared/data/cdnow_transactions.csv",
        "rows": int(len(tx)),
        "customers": int(tx["customer_id"].nunique()),
        "default": at_latest,
        "calibration": calibration,
    }
    with open(os.path.join(HERE, "cdnow-summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------- the hand-made fixture

def read_fixture(name):
    return pd.read_csv(os.path.join(HERE, "fixture", name), dtype=str, keep_default_na=False)


def fixture_view(as_of_setting):
    customers = read_fixture("customers.csv")
    subs = read_fixture("subscriptions.csv")
    tx = read_fixture("transactions.csv")
    events = read_fixture("events.csv")
    feedback = read_fixture("feedback.csv")

    all_dates = (
        [day(v) for v in customers["start_date"]]
        + [day(v) for v in subs["start_date"]]
        + [day(v) for v in subs["end_date"]]
        + [day(v) for v in tx["date"]]
        + [day(v) for v in events["time"]]
        + [day(v) for v in feedback["date"]]
    )
    latest = max(d for d in all_dates if d is not None)
    as_of = as_of_setting or latest
    recent_from = as_of - timedelta(days=89)

    table_ids = list(customers["customer_id"])
    others = sorted(
        (set(subs["customer_id"]) | set(tx["customer_id"]) | set(events["customer_id"]) | set(feedback["customer_id"]))
        - set(table_ids)
    )
    rows = []
    for cid in table_ids + others:
        crow = customers[customers["customer_id"] == cid]
        in_table = len(crow) == 1
        activity = []
        if in_table and day(crow.iloc[0]["start_date"]) and day(crow.iloc[0]["start_date"]) <= as_of:
            activity.append(day(crow.iloc[0]["start_date"]))

        s = subs[subs["customer_id"] == cid]
        started = [r for _, r in s.iterrows() if day(r["start_date"]) <= as_of]
        open_subs = [r for r in started if day(r["end_date"]) is None or day(r["end_date"]) > as_of]
        ended = [day(r["end_date"]) for r in started if day(r["end_date"]) is not None and day(r["end_date"]) <= as_of]
        activity += [day(r["start_date"]) for r in started] + ended
        last_end = max(ended) if ended else None
        if len(started) == 0:
            churned, churn_date = None, None
        elif len(open_subs) == 0 and (as_of - last_end).days >= GRACE_DAYS:
            churned, churn_date = 1, last_end
        else:
            churned, churn_date = 0, None
        current_mrr = float(sum(float(r["mrr"]) for r in open_subs)) if len(s) else 0.0

        t = tx[(tx["customer_id"] == cid)]
        t = t[t["date"].map(day) <= as_of]
        order_days = sorted(set(t["date"].map(day)))
        activity += order_days
        revenue = float(sum(float(a) for a in t["amount"]))

        e = events[events["customer_id"] == cid]
        e_days = [(day(r["time"]), r["type"].lower()) for _, r in e.iterrows() if day(r["time"]) <= as_of]
        activity += [d for d, _ in e_days]
        recent = [kind for d, kind in e_days if recent_from <= d <= as_of]
        tickets = sum(1 for kind in recent if any(w in kind for w in TICKET_WORDS))
        complaints = sum(1 for kind in recent if any(w in kind for w in COMPLAINT_WORDS))

        f = feedback[feedback["customer_id"] == cid]
        f = f[f["date"].map(day) <= as_of]
        activity += list(f["date"].map(day))
        scored = f[f["score"] != ""]
        latest_score = None
        if len(scored):
            # Latest date; on the same date the later row (stable sort keeps file order).
            latest_score = float(scored.assign(d=scored["date"]).sort_values("d", kind="stable").iloc[-1]["score"])

        first_activity = min(activity) if activity else None
        last_activity = max(activity) if activity else None
        tenure_end = (churn_date or last_activity) if churned == 1 else as_of
        tenure_days = (tenure_end - first_activity).days if first_activity else None
        rows.append(
            {
                "customer_id": cid,
                "in_customer_table": in_table,
                "first_activity": iso(first_activity),
                "last_activity": iso(last_activity),
                "tenure_days": tenure_days,
                "churned": churned,
                "churn_date": iso(churn_date),
                "current_mrr": current_mrr,
                "total_revenue": revenue,
                "orders": len(order_days),
                "first_order": iso(order_days[0]) if order_days else None,
                "last_order": iso(order_days[-1]) if order_days else None,
                "days_since_last_order": (as_of - order_days[-1]).days if order_days else None,
                "tickets_90d": tickets,
                "complaints_90d": complaints,
                "latest_nps": latest_score,
            }
        )
    known = [r for r in rows if r["churned"] is not None]
    return {
        "as_of": as_of.isoformat(),
        "customers": len(rows),
        "churned": sum(r["churned"] for r in known),
        "unknown": len(rows) - len(known),
        "rows": rows,
    }


def fixture():
    out = {
        "source": "pandas " + pd.__version__ + " on tests/golden/customer-view/fixture/*.csv",
        "definition": {"kind": "contractual", "graceDays": GRACE_DAYS},
        "default": fixture_view(None),
        "as_of_2024_04_30": fixture_view(date(2024, 4, 30)),
    }
    with open(os.path.join(HERE, "fixture-expected.json"), "w") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    cdnow()
    fixture()
