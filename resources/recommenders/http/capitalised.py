"""A toy recommender for serve.py: runs of two or three capitalised words as PERSON, score 0.5
(try the protocol before plugging in a real model)."""

import re


def recommend(request):
    text = request["text"]
    spans = []
    for m in re.finditer(r"\b(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+\b", text):
        # Python's str offsets are code points: Dossier's chars.
        spans.append({"start": m.start(), "end": m.end(), "type": "PERSON", "score": 0.5})
    return spans
