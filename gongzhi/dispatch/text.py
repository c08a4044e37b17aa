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


# Tokens repeat endlessly across messages: decide each one once (the stop list never changes at run time).
_kept: dict[str, bool] = {}
_KEPT_MAX = 500_000


def _keep_cached(token: str, stop: frozenset[str]) -> bool:
    found = _kept.get(token)
    if found is None:
        found = keep(token, stop)
        if len(_kept) < _KEPT_MAX:
            _kept[token] = found
    return found


SEGMENTED_SAMPLE = 200  # chunks looked at to tell segmented text from raw text


def is_segmented(text: str) -> bool:
    """Tell whether `text` already is space-separated words: most Chinese chunks are one short word."""
    chunks = text.split(maxsplit=SEGMENTED_SAMPLE)[:SEGMENTED_SAMPLE]
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
    return [w for w in words if _keep_cached(w, stop)]


def prepare(text: str) -> str:
    """Return `text` as the classifier sees it: kept tokens joined by single spaces."""
    return " ".join(tokens(text or ""))


def prepare_many(texts) -> list[str]:
    return [prepare(t) for t in texts]


# Words that open the body of a message: a greeting or the person addressed (张市长您好, 尊敬的领导).
_SALUTATIONS = frozenset(
    {
        "您好",
        "你好",
        "你们好",
        "您们好",
        "尊敬",
        "领导",
        "各位",
        "市长",
        "书记",
        "局长",
        "县长",
        "区长",
        "主任",
    }
)
TITLE_MAX_TOKENS = 30
TITLE_FALLBACK_TOKENS = 12


def title_of(prepared: str) -> str:
    """Return the subject line (留言主题) at the head of a prepared message.

    A message is its subject followed by its body, with nothing between them once segmented. The
    body often starts by repeating the subject's first two words, or with a greeting; the subject
    ends there. Otherwise the first 12 tokens stand in for it. The subject says in a few words
    what the whole message is about, so the model weighs its words separately (training.py).
    """
    words = prepared.split()
    n = len(words)
    for j in range(3, min(TITLE_MAX_TOKENS, n - 2)):
        if words[j] == words[0] and words[j + 1] == words[1]:
            return " ".join(words[:j])
    for j in range(2, min(TITLE_MAX_TOKENS, n)):
        if words[j] in _SALUTATIONS or words[j].endswith("您好"):
            # "张 市长": a one-character surname before the addressee belongs to the body too.
            end = j - 1 if j >= 3 and len(words[j - 1]) == 1 else j
            return " ".join(words[:end])
    return " ".join(words[:TITLE_FALLBACK_TOKENS])


def titles_of(prepared) -> list[str]:
    return [title_of(t) for t in prepared]
