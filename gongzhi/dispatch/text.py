"""Turn a demand's text into the token sequence the classifier was trained on.

The Teddy Cup data set was segmented with jieba (default dictionary, HMM on) and stripped of
stop words, common punctuation and the letter "A" the organisers put in place of the city's name
("A市" became "市"; other letters and rare symbols stayed). Raw text is processed the same way; text that
is already segmented (space-separated words, no punctuation) is only filtered, so both forms
of one message give the same tokens.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)

STOPWORDS_FILE = Path(__file__).with_name("stopwords.txt")
_WORD = re.compile(r"\w")
# Punctuation that never occurs as a token in the data set; rarer symbols (—, 【】) do occur.
_PUNCT = set("，。！？、；：“”‘’（）《》〈〉…,!?;:'\"()<>~～·/\\|")
_DROPPED = {"A"}
_CJK = re.compile(r"[\u3400-\u9fff]")


@functools.cache
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    for line in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


@functools.cache
def segmenter() -> jieba.Tokenizer:
    """Return a jieba tokenizer of our own, so words added elsewhere (place names) never change it."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def keep(token: str, stop: frozenset[str]) -> bool:
    if token in stop or token in _DROPPED or not token.strip():
        return False
    return bool(_WORD.search(token)) or not set(token) <= _PUNCT


def is_segmented(text: str) -> bool:
    """Tell whether `text` already is space-separated words: most Chinese chunks are one short word."""
    chunks = text.split()
    if len(chunks) < 3:
        return False
    lengths = sorted(len(c) for c in chunks if _CJK.search(c))
    return bool(lengths) and lengths[len(lengths) // 2] <= 3


def tokens(text: str) -> list[str]:
    """Return the kept tokens of a raw or segmented text."""
    stop = stopwords()
    if is_segmented(text):
        words = text.split()
    else:
        cut = segmenter().lcut
        words = [w for chunk in text.split() for w in cut(chunk, HMM=True)]
    return [w for w in words if keep(w, stop)]


def prepare(text: str) -> str:
    """Return `text` as the classifier sees it: kept tokens joined by single spaces."""
    return " ".join(tokens(text or ""))


def prepare_many(texts) -> list[str]:
    return [prepare(t) for t in texts]
