"""Reference cross-validation and metrics for src-main/engine/model (logistic.ts, metrics.ts).

Run from the repository root, after glm.R (which writes tests/fixtures/attrition.csv):
    /usr/bin/python3 tests/golden/model/sklearn.py
Debian's python3-sklearn 1.2.1, numpy 1.24, pandas 1.5.

Writes
- tests/golden/model/telco-folds.csv and tests/fixtures/attrition-folds.csv: `id,fold` (0..4) from
  StratifiedKFold(n_splits=5, shuffle=True, random_state=0) on the outcome;
- tests/golden/model/sklearn.json: per dataset and per fold the AUC of LogisticRegression trained on the
  other four folds, unpenalised (penalty=None) and L2 (C = 0.1), plus full-data L2 and L1 coefficients and
  objective values, plus sklearn.metrics values on a fixed set of predictions.

Design, the same as src-main/engine/model/design.ts with standardize = true: numeric columns (pandas
dtype number) centred and scaled by the TRAINING rows' mean and population SD (ddof = 0, as
StandardScaler); categorical columns one-hot with the first level in sorted (code-point) order dropped
as the reference (OneHotEncoder(drop='first'); categories_ are sorted). Telco: the 11 rows with missing
TotalCharges are dropped, as in glm.R.

Objectives (scikit-learn 1.2, lbfgs / saga; the intercept is NOT penalised by either solver):
    L2:  C * sum_i logloss_i + 0.5 * ||w||^2         ==  sum_i logloss_i + (1 / (2C)) ||w||^2
    L1:  C * sum_i logloss_i + ||w||_1               ==  sum_i logloss_i + (1 / C) ||w||_1
tol is tightened so the solvers stop close to the optimum the engine's Newton iterations reach.
"""
import json
import os
import sys

# This file is named sklearn.py (the brief's name); drop its own folder from the import path so
# `import sklearn` finds the library, not this script.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != _here]

import numpy as np  # noqa: E402
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    log_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

C_L2 = 0.1
C_L1 = 0.05


def load_telco():
    df = pd.read_csv("../shared/data/telco_churn.csv", na_values=["NA", "", " "], keep_default_na=False)
    df = df[df["TotalCharges"].notna()].reset_index(drop=True)
    ids = df.pop("customer_id").astype(str)
    y = (df.pop("Churn") == "Yes").astype(int).to_numpy()
    return ids, df, y


def load_attrition():
    df = pd.read_csv("tests/fixtures/attrition.csv")
    ids = df.pop("id").astype(str)
    y = (df.pop("Attrition") == "Yes").astype(int).to_numpy()
    return ids, df, y


def design(df):
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    categorical = [c for c in df.columns if c not in numeric]
    return ColumnTransformer(
        [
            ("num", StandardScaler(), numeric),
            ("cat", OneHotEncoder(drop="first", handle_unknown="ignore"), categorical),
        ]
    )


def model(kind):
    if kind == "none":
        clf = LogisticRegression(penalty=None, solver="lbfgs", tol=1e-10, max_iter=100000)
    elif kind == "l2":
        clf = LogisticRegression(penalty="l2", C=C_L2, solver="lbfgs", tol=1e-10, max_iter=100000)
    else:
        clf = LogisticRegression(penalty="l1", C=C_L1, solver="saga", tol=1e-10, max_iter=200000, random_state=0)
    return clf


def objective(clf, X, y, kind):
    p = clf.predict_proba(X)[:, 1]
    eta = clf.decision_function(X)
    # sum of log-losses computed stably from the linear predictor
    loss = float(np.sum(np.logaddexp(0, eta) - y * eta))
    w = clf.coef_.ravel()
    if kind == "l2":
        return loss + float(np.sum(w * w)) / (2 * C_L2)
    if kind == "l1":
        return loss + float(np.sum(np.abs(w))) / C_L1
    del p
    return loss


def run(name, ids, df, y, folds_path):
    skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    fold = np.zeros(len(y), dtype=int)
    for k, (_, test) in enumerate(skf.split(df, y)):
        fold[test] = k
    pd.DataFrame({"id": ids, "fold": fold}).to_csv(folds_path, index=False)

    out = {"dataset": name, "n": int(len(y)), "positives": int(y.sum()), "folds": {}, "oof": {}}
    for kind in ("none", "l2"):
        aucs = []
        oof = np.zeros(len(y))
        for k in range(5):
            train, test = fold != k, fold == k
            pipe = Pipeline([("design", design(df)), ("clf", model(kind))])
            pipe.fit(df[train], y[train])
            p = pipe.predict_proba(df[test])[:, 1]
            oof[test] = p
            aucs.append({"fold": k, "n": int(test.sum()), "auc": float(roc_auc_score(y[test], p))})
        out["folds"][kind] = aucs
        out["oof"][kind] = oof

    full = {}
    for kind in ("l2", "l1"):
        if kind == "l1" and name != "attrition":
            continue  # saga is slow to converge on the unscaled-dummy telco design; one data set suffices
        pipe = Pipeline([("design", design(df)), ("clf", model(kind))])
        pipe.fit(df, y)
        X = pipe.named_steps["design"].transform(df)
        clf = pipe.named_steps["clf"]
        full[kind] = {
            "C": C_L2 if kind == "l2" else C_L1,
            "terms": [str(t) for t in pipe.named_steps["design"].get_feature_names_out()],
            "intercept": float(clf.intercept_[0]),
            "coefficients": [float(v) for v in clf.coef_.ravel()],
            "objective": objective(clf, X, y, kind),
            "iterations": int(clf.n_iter_[0]),
        }
    out["full"] = full
    return out


def metric_block(y, p):
    fpr, tpr, thr = roc_curve(y, p, drop_intermediate=False)
    precision, recall, pr_thr = precision_recall_curve(y, p)
    pt_u, pp_u = calibration_curve(y, p, n_bins=10, strategy="uniform")
    pt_q, pp_q = calibration_curve(y, p, n_bins=5, strategy="quantile")
    return {
        "labels": [int(v) for v in y],
        "scores": [float(v) for v in p],
        "rocAuc": float(roc_auc_score(y, p)),
        "averagePrecision": float(average_precision_score(y, p)),
        "logLoss": float(log_loss(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "rocCurve": {
            "fpr": [float(v) for v in fpr],
            "tpr": [float(v) for v in tpr],
            # the first threshold is max(score) + 1 in sklearn 1.2 (inf in later versions)
            "thresholds": [float(v) for v in thr],
        },
        # sklearn 1.2: increasing thresholds, stops once recall reaches 1, then appends (precision 1, recall 0)
        "prCurve": {
            "precision": [float(v) for v in precision],
            "recall": [float(v) for v in recall],
            "thresholds": [float(v) for v in pr_thr],
        },
        "calibrationUniform10": {"probTrue": pt_u.tolist(), "probPred": pp_u.tolist()},
        "calibrationQuantile5": {"probTrue": pt_q.tolist(), "probPred": pp_q.tolist()},
    }


def main():
    telco = run("telco", *load_telco(), "tests/golden/model/telco-folds.csv")
    ids, df, y = load_attrition()
    attrition = run("attrition", ids, df, y, "tests/fixtures/attrition-folds.csv")

    # Fixed predictions for metrics.ts: attrition's out-of-fold unpenalised probabilities rounded to two
    # decimals (many ties, some exact 0 -> log_loss clipping), and a hand-sized case with all-tied scores.
    rounded = np.round(attrition["oof"]["none"], 2)
    metrics = {
        "attritionRounded": metric_block(y, rounded),
        "small": metric_block(np.array([0, 0, 1, 1, 0, 1, 0, 1]), np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.0, 1.0])),
    }
    for block in (telco, attrition):
        del block["oof"]
    out = {
        "source": "scikit-learn 1.2.1 (Debian python3-sklearn), numpy 1.24, pandas 1.5",
        "cL2": C_L2,
        "cL1": C_L1,
        "datasets": [telco, attrition],
        "metrics": metrics,
    }
    with open("tests/golden/model/sklearn.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for block in (telco, attrition):
        print(block["dataset"], {k: [round(a["auc"], 5) for a in v] for k, v in block["folds"].items()})


if __name__ == "__main__":
    main()
