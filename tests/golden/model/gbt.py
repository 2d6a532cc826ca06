"""Reference cross-validated AUCs for src-main/engine/model/gbt.ts (histogram gradient-boosted trees).

Run from the repository root, after sklearn.py (which writes the fold files):
    /usr/bin/python3 tests/golden/model/gbt.py
Debian's python3-sklearn 1.2.1, numpy 1.24, pandas 1.5. Writes tests/golden/model/gbt.json.

Data and folds exactly as sklearn.py: telco without the 11 rows with missing TotalCharges, folds from
tests/golden/model/telco-folds.csv; attrition from tests/fixtures/attrition.csv with
tests/fixtures/attrition-folds.csv. Numeric columns (pandas dtype number) stay numeric; every other
column is a categorical feature.

HistGradientBoostingClassifier(learning_rate=0.1, max_iter=100, max_leaf_nodes=31,
min_samples_leaf=20, l2_regularization=0, max_bins=255, early_stopping=False,
categorical_features=<mask of the categorical columns>, random_state=0), trained on four folds and
scored (AUC) on the fifth. Also one fit on all 7,043 telco rows with the 11 missing TotalCharges left
missing (NaN), and its raw scores for those rows and every 10th row: the trees' missing-value routing.

Categorical encoding: sklearn 1.2 takes categorical features only as non-negative integer codes
< max_bins, so each categorical column is OrdinalEncoder-ed (categories sorted, the code of a
category = its rank) before the model. The encoder is fitted on all rows: it is a fixed relabelling,
and sklearn's binner then keeps only the codes seen in the training folds (others go as missing),
which is what the engine does with the category strings directly.
"""
import json
import os
import sys

# Keep this folder (which holds sklearn.py) off the import path so `import sklearn` finds the library.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != _here]

import numpy as np  # noqa: E402
import pandas as pd
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import OrdinalEncoder

PARAMS = dict(
    learning_rate=0.1,
    max_iter=100,
    max_leaf_nodes=31,
    min_samples_leaf=20,
    l2_regularization=0.0,
    max_bins=255,
    early_stopping=False,
    random_state=0,
)


def load_telco():
    df = pd.read_csv("../shared/data/telco_churn.csv", na_values=["NA", "", " "], keep_default_na=False)
    df = df[df["TotalCharges"].notna()].reset_index(drop=True)
    ids = df.pop("customer_id").astype(str)
    y = (df.pop("Churn") == "Yes").astype(int).to_numpy()
    return ids, df, y, "tests/golden/model/telco-folds.csv"


def load_attrition():
    df = pd.read_csv("tests/fixtures/attrition.csv")
    ids = df.pop("id").astype(str)
    y = (df.pop("Attrition") == "Yes").astype(int).to_numpy()
    return ids, df, y, "tests/fixtures/attrition-folds.csv"


def run(name, ids, df, y, folds_path):
    folds = pd.read_csv(folds_path, dtype={"id": str}).set_index("id")["fold"]
    fold = folds.loc[ids].to_numpy()
    categorical = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    X = df.copy()
    if categorical:
        X[categorical] = OrdinalEncoder().fit_transform(df[categorical].astype(str))
    X = X.to_numpy(dtype=float)
    mask = np.array([c in categorical for c in df.columns])
    out = {"dataset": name, "n": int(len(y)), "categorical": categorical, "folds": []}
    for k in range(5):
        train, test = fold != k, fold == k
        clf = HistGradientBoostingClassifier(categorical_features=mask, **PARAMS)
        clf.fit(X[train], y[train])
        p = clf.predict_proba(X[test])[:, 1]
        out["folds"].append(
            {
                "fold": k,
                "n": int(test.sum()),
                "auc": float(roc_auc_score(y[test], p)),
                "nIter": int(clf.n_iter_),
                "leaves": int(sum(pr[0].get_n_leaf_nodes() for pr in clf._predictors)),
            }
        )
    out["meanAuc"] = float(np.mean([f["auc"] for f in out["folds"]]))
    return out


def full_fit_with_missing():
    """All 7,043 telco rows, the 11 missing TotalCharges left as NaN for the trees to route: one fit on
    every row, raw scores (decision_function) of the missing rows and of every 10th row."""
    df = pd.read_csv("../shared/data/telco_churn.csv", na_values=["NA", "", " "], keep_default_na=False)
    df.pop("customer_id")
    y = (df.pop("Churn") == "Yes").astype(int).to_numpy()
    categorical = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    X = df.copy()
    X[categorical] = OrdinalEncoder().fit_transform(df[categorical].astype(str))
    mask = np.array([c in categorical for c in df.columns])
    clf = HistGradientBoostingClassifier(categorical_features=mask, **PARAMS)
    clf.fit(X.to_numpy(dtype=float), y)
    raw = clf.decision_function(X.to_numpy(dtype=float))
    missing = np.flatnonzero(df["TotalCharges"].isna().to_numpy())
    rows = sorted(set(missing.tolist()) | set(range(0, len(y), 10)))
    return {
        "dataset": "telco-all-rows",
        "n": int(len(y)),
        "missingRows": [int(i) for i in missing],
        "baseline": float(clf._baseline_prediction.ravel()[0]),
        "leaves": int(sum(pr[0].get_n_leaf_nodes() for pr in clf._predictors)),
        "rows": rows,
        "raw": [float(raw[i]) for i in rows],
    }


def main():
    datasets = [run("telco", *load_telco()), run("attrition", *load_attrition())]
    out = {
        "source": f"scikit-learn {sklearn.__version__} (Debian python3-sklearn), numpy {np.__version__}, pandas {pd.__version__}",
        "params": PARAMS,
        "datasets": datasets,
        "fullFitWithMissing": full_fit_with_missing(),
    }
    with open("tests/golden/model/gbt.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for d in datasets:
        print(d["dataset"], round(d["meanAuc"], 5), [round(f["auc"], 5) for f in d["folds"]])


if __name__ == "__main__":
    main()
