"""Chinese: sentences end at 。！？ with no space after them; words come from jieba (as in sumy);
no stemming."""

from ._base import Language

CHINESE = Language(
    iso="zh", name="chinese", cjk=True,
    quote_pairs=(("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’")),
    speech_verbs=tuple("表示 说 指出 强调 称 认为 宣布 透露 介绍 坦言 回应 补充 警告 问 追问 答 回答 喊 叫 感叹 解释 "
                       "回忆 笑 写".split()),
    according_to=("据",),
    pronouns=("他", "她", "他们"),
)
