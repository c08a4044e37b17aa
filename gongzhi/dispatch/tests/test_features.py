import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from gongzhi.dispatch.features import NgramCounter
from gongzhi.dispatch.text import is_segmented, prepare

TEXTS = ["小区 物业 乱 收费 小区 业主", "学校 补课 收费", "物业 不 修 电梯 A3 栋", "路灯 坏了 小区"]


def test_counts_equal_scikit_learn():
    for analyzer, ngrams in (("word", (1, 2)), ("char", (1, 3))):
        ours = NgramCounter(analyzer, ngrams, 1).fit(TEXTS)
        if analyzer == "word":
            sk = CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=ngrams)
            ref = sk.fit_transform(TEXTS)
        else:
            sk = CountVectorizer(analyzer="char", ngram_range=ngrams, lowercase=False)
            ref = sk.fit_transform(["".join(t.split()) for t in TEXTS])
        names = list(ours.get_feature_names_out())
        assert sorted(names) == sorted(sk.get_feature_names_out())
        cols = [sk.vocabulary_[n] for n in names]
        assert np.array_equal(ref[:, cols].toarray(), ours.transform(TEXTS).toarray())


def test_prepare_segments_raw_text_like_the_data_set():
    assert is_segmented("小区 物业 乱 收费") and not is_segmented("小区物业乱收费，请领导处理！")
    assert prepare("我们小区的物业乱收费，请A市领导处理！") == "小区 物业 乱收费 请 市 领导 处理"
    assert prepare("小区 物业 乱收费 请 市 领导 处理") == "小区 物业 乱收费 请 市 领导 处理"
