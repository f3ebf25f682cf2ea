"""Chinese (simplified) labels, as a Chinese news site writes them."""

from __future__ import annotations

from . import Labels

LABELS: Labels = {
    "daily_briefing": "每日简报",
    "all_briefings": "全部简报",
    "at_a_glance": "要闻速览",
    "themes": "主题",
    "key_names": "关键名称",
    "who_said_what": "各方说法",
    "other_news": "其他新闻",
    "skipped": "已跳过",
    "sources": "来源",
    "why_here": "归类依据",
    "developing": "持续报道",
    "see": "见",
    "nothing_today": "今日此主题暂无新闻。",
    "nothing_new_in_hours": "过去 {hours} 小时内没有新消息。",
    "nothing_new_since": "自上一期简报（{date}）以来没有新消息。",
    "nothing_new": "来源中没有新消息。",
    "every_line": "每一行都是所链接来源中的原句。",
    "quote": "“{text}”",
    "atom_feed": "Atom 订阅",
    "updated": "briefer 更新于{when}。",
    "generated": {"other": "由 briefer 于{when}根据{n}篇文章生成。"},
    "n_sources": {"other": "{n}个来源"},
    "n_articles": {"other": "{n}篇文章"},
    "n_items": {"other": "{n}条"},
    "n_briefings": {"other": "{n}期简报"},
    "status": {"ok": "正常", "failed": "失败", "snippet-only": "仅摘要"},
    "date": "y年M月d日",
    "datetime": "y年M月d日 HH:mm",
    "day": "y年M月d日",
}
