"""Sample staff and cases for the demo panel and the screenshots (made-up people, clearly demo data)."""

from __future__ import annotations

from kiosk.core.model import Case
from kiosk.core.staff import Staff

SAMPLE_STAFF: tuple[Staff, ...] = (
    Staff(staffId="s0101", name="王小明", pageCode="0101", dept="人社局", stars=5),
    Staff(staffId="s0102", name="李晓燕", pageCode="0102", dept="市场监管局", stars=4),
    Staff(staffId="s0103", name="欧阳建国", pageCode="0103", dept="自然资源局", stars=5),
)

SAMPLE_SERVICES: tuple[dict, ...] = (
    {
        "projectNo": "420100202611230032",
        "taskCode": "11420100MB0000001",
        "taskName": "社会保障卡挂失",
        "deptCode": "420100RS",
        "proDepart": "人社局",
        "proStatus": 3,
        "userProp": 1,
        "userName": "张小三",
        "certKey": "420102199001011234",
        "mobile": "13812345678",
    },
    {
        "projectNo": "420100202611230047",
        "taskCode": "11420100MB0000002",
        "taskName": "不动产登记",
        "deptCode": "420100ZR",
        "proDepart": "自然资源局",
        "proStatus": 2,
        "userProp": 1,
        "userName": "欧阳明月",
        "certKey": "420106198512125678",
        "mobile": "13987654321",
    },
    {
        "projectNo": "420100202611230051",
        "taskCode": "11420100MB0000003",
        "taskName": "营业执照办理",
        "deptCode": "420100SJ",
        "proDepart": "市场监管局",
        "proStatus": 3,
        "userProp": 2,
        "userName": "武汉示例科技有限公司",
        "certKey": "91420100MA4KXXXX0Q",
        "mobile": "13700001111",
    },
)


def sample_case(index: int = 0, *, project_no: str | None = None) -> Case:
    data = dict(SAMPLE_SERVICES[index % len(SAMPLE_SERVICES)])
    if project_no:
        data["projectNo"] = project_no
    return Case(**data)
