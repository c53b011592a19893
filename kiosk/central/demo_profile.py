"""The built-in demo profile the emulator serves (and the demo seeds the pad with): one place for both."""

from __future__ import annotations

import copy

from kiosk.core.questions import DEFAULT_QUESTIONS
from kiosk.core.reasons import ReasonCatalog

DEMO_STAFF = [
    {"id": "s001", "name": "王丽", "pageCode": "GZ1001", "department": "综合受理窗口", "photo": "", "starLevel": 5},
    {"id": "s002", "name": "李建国", "pageCode": "GZ1002", "department": "不动产登记窗口", "photo": "", "starLevel": 5},
    {"id": "s003", "name": "张敏", "pageCode": "GZ1003", "department": "社保医保窗口", "photo": "", "starLevel": 4},
    {"id": "s004", "name": "陈晓东", "pageCode": "GZ1004", "department": "公安户政窗口", "photo": "", "starLevel": 4},
    {"id": "s005", "name": "欧阳静", "pageCode": "GZ1005", "department": "市场监管窗口", "photo": "", "starLevel": 5},
]

_DEMO = {
    "hall": {
        "name": "政务服务中心",
        "notices": [
            "办事请先取号,按叫号顺序到对应窗口办理。",
            "您的评价将直接提交至省政务服务好差评系统,感谢您的监督。",
        ],
    },
    "staff": DEMO_STAFF,
    "reasons": ReasonCatalog.national().to_rows(),
    # the refined questionnaire (seed 004): the built-in default set, and one matter that asks more. No
    # "enabled" key, so each pad's `flow.questions` decides whether it is offered.
    "questions": {
        "default": [q.to_row() for q in DEFAULT_QUESTIONS],
        "byTaskCode": {
            "11420100MB0000002": [
                *(q.to_row() for q in DEFAULT_QUESTIONS[:4]),
                {"code": "onetime", "text": "是否一次办成", "type": "yesno"},
                DEFAULT_QUESTIONS[4].to_row(),
            ]
        },
    },
    "settings": {},
}


def demo_profile() -> dict:
    """A fresh copy (callers may change it)."""
    return copy.deepcopy(_DEMO)
