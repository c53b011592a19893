"""The flow's RatingSink backed by the store (used on the thread that owns `store`)."""

from __future__ import annotations

from kiosk.core.model import Case, Evaluation
from kiosk.store.db import Store


class StoreSink:
    def __init__(self, store: Store):
        self.store = store

    def assess_numbers(self, project_no: str) -> set[int]:
        return self.store.assess_numbers(project_no)

    def save_case(self, service: Case) -> Case:
        self.store.upsert_case(service)
        return self.store.get_case(service.projectNo) or service

    def save_evaluation(self, ev: Evaluation) -> None:
        self.store.add_evaluation(ev, draft=True)

    def save_details(self, ev: Evaluation) -> None:
        self.store.save_details(ev)

    def finish_evaluation(self, ev: Evaluation) -> None:
        self.store.finish_evaluation(ev)

    def writable(self) -> bool:
        return self.store.probe_writable()
