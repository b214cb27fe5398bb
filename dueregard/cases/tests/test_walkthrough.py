import re
import pytest
from dueregard.concerns.models import Concern
from dueregard.cases.models import Case, Review
from conftest import login

def test_walk(client, dsl, teacher, learner, django_capture_on_commit_callbacks):
    login(client, teacher)
    r = client.get("/concerns/raise/"); assert r.status_code == 200
    r = client.post("/concerns/raise/", {"immediate_danger": "no"}); assert r.status_code == 302, r.content
    r = client.get(r["Location"]); assert r.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/concerns/raise/details/?danger=no", {"person": str(learner.public_id), "observed_on": "2026-11-20", "location": "Library", "narrative": "Said things."})
    assert r.status_code == 302, r.content.decode()[:3000]
    r = client.get(r["Location"]); assert r.status_code == 200
    assert b"Received" in r.content
    client.logout(); login(client, dsl)
    for url in ["/", "/dashboard/", "/concerns/triage/", "/cases/", "/alerts/"]:
        r = client.get(url, follow=True); assert r.status_code == 200, url
    c = Concern.objects.get()
    r = client.get(f"/concerns/{c.public_id}/"); assert r.status_code == 200
    r = client.post(f"/concerns/{c.public_id}/", {"action": "new"}); assert r.status_code == 302, r.content.decode()[:2000]
    case = Case.objects.get()
    r = client.get(f"/cases/{case.public_id}/"); assert r.status_code == 200
    r = client.post(f"/cases/{case.public_id}/decision/", {"kind": "internal_support", "rationale": "Mentoring"}); assert r.status_code == 302, r.content.decode()[:3000]
    review = Review.objects.get()
    r = client.get(f"/cases/reviews/{review.public_id}/"); assert r.status_code == 200
    r = client.post(f"/cases/reviews/{review.public_id}/", {"summary": "ok", "outcome": "end_support"}); assert r.status_code == 302
    r = client.post(f"/cases/{case.public_id}/close/", {"outcome_summary": "done"}); assert r.status_code == 302
    r = client.get(f"/cases/{case.public_id}/"); assert r.status_code == 200
    r = client.get(f"/cases/{case.public_id}/access-log/"); assert r.status_code == 200
    r = client.get(f"/cases/{case.public_id}/close/"); assert r.status_code == 200; assert b"you cannot close it" in r.content
    client.logout(); login(client, teacher)
    r = client.get("/concerns/mine/"); assert b"Closed" in r.content
