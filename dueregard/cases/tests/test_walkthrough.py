"""The heart through the web, without JavaScript: raise, triage, support, review, close."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from conftest import login
from dueregard.cases.models import Case, CaseStatus, Review
from dueregard.concerns.models import Concern, SafeguardingCategory
from dueregard.organisations.models import Membership
from dueregard.people.models import Person


def test_concern_walks_from_raising_to_closure_as_plain_form_posts(
    client: Client,
    dsl: Membership,
    teacher: Membership,
    learner: Person,
    django_capture_on_commit_callbacks,
) -> None:
    login(client, teacher)
    assert client.get("/concerns/raise/").status_code == 200
    response = client.post("/concerns/raise/", {"immediate_danger": "no"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/concerns/raise/details/?danger=no",
            {
                "person": str(learner.public_id),
                "observed_on": timezone.localdate().isoformat(),
                "location": "Library",
                "narrative": "Said things.",
            },
        )
    assert response.status_code == 302
    assert b"Received" in client.get(response["Location"]).content

    client.logout()
    login(client, dsl)
    for url in ["/", "/dashboard/", "/concerns/triage/", "/cases/", "/alerts/"]:
        assert client.get(url, follow=True).status_code == 200, url
    concern = Concern.objects.get()
    assert client.get(f"/concerns/{concern.public_id}/").status_code == 200
    response = client.post(f"/concerns/{concern.public_id}/", {"action": "new"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert client.get(f"/cases/{case.public_id}/").status_code == 200
    response = client.post(
        f"/cases/{case.public_id}/decision/", {"kind": "internal_support", "rationale": "Mentor"}
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert client.get(f"/cases/reviews/{review.public_id}/").status_code == 200
    response = client.post(
        f"/cases/reviews/{review.public_id}/", {"summary": "ok", "outcome": "end_support"}
    )
    assert response.status_code == 302
    refused = client.post(f"/cases/{case.public_id}/close/", {"outcome_summary": "done"})
    assert b"Set the case&#x27;s category before closing it" in refused.content
    neglect = SafeguardingCategory.objects.get(key="neglect")
    response = client.post(f"/cases/{case.public_id}/category/", {"category": neglect.public_id})
    assert response.status_code == 302
    response = client.post(f"/cases/{case.public_id}/close/", {"outcome_summary": "done"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert client.get(f"/cases/{case.public_id}/access-log/").status_code == 200
    closed_again = client.get(f"/cases/{case.public_id}/close/")
    assert b"you cannot close it" in closed_again.content

    client.logout()
    login(client, teacher)
    mine = client.get("/concerns/mine/").content.decode()
    assert "Closed" in mine
    assert "Said things." not in mine
