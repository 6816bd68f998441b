"""Every read of documents, scoped to the reader.

A document follows its case (`access_case` first, by the caller) and then its own
visibility, by the one rule notes use (`cases.access.readable_by_visibility`): everyone
on the case, the lead agency only, or the people named — and always its uploader.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from cases.access import readable_by_visibility
from cases.audit import audit_refusal
from cases.models import Case, Person
from documents.models import Document, DocumentReader


def visible_documents(user: Any, case: Case) -> QuerySet[Document]:
    """Documents of a case (which the caller has fetched through access_case) that the
    user may see."""
    return Document.objects.filter(case=case).filter(
        readable_by_visibility(user, case, readers=DocumentReader, author_field="uploaded_by_id")
    )


def case_documents(
    *, user: Any, case: Case, document_type: str | None = None
) -> QuerySet[Document]:
    documents = visible_documents(user, case)
    if document_type:
        documents = documents.filter(document_type=document_type)
    return documents.select_related(
        "uploaded_by", "uploaded_by_agency", "assessment", "plan", "meeting"
    ).order_by("-document_date", "-id")


def document_of_case(*, user: Any, case: Case, document_id: Any) -> Document:
    """One document the user may see, or the same 404 as a missing one (a refusal is
    recorded when it exists: on this case but hidden, or on another case)."""
    try:
        pk = int(document_id)
    except (TypeError, ValueError):
        raise Http404("No such document") from None
    found = visible_documents(user, case).select_related("case").filter(pk=pk).first()
    if found is None:
        if Document.objects.filter(pk=pk).exists():
            audit_refusal(
                actor=user,
                reason="document not visible to this person",
                case_id=case.pk,
                detail={"document_id": pk},
            )
        raise Http404("No such document")
    return found


def readers_of(document: Document) -> list[Any]:
    return [reader.user for reader in document.readers.select_related("user")]


def chronology_url(document: Document) -> str:
    """Where the chronology's line for a document points; also how its lines are found."""
    return (
        reverse("case-documents", kwargs={"case_id": document.case_id}) + f"#document-{document.pk}"
    )


def hidden_chronology_entries(user: Any, case: Case) -> Q:
    """The chronology lines of the documents of `case` the user may not see."""
    hidden = Document.objects.filter(case=case).exclude(
        pk__in=visible_documents(user, case).values("pk")
    )
    urls = [chronology_url(document) for document in hidden.only("pk", "case_id")]
    if not urls:
        return Q(pk__in=[])
    return Q(kind__in=["document", "document_quarantined"], url__in=urls)


def attachable(*, case: Case) -> dict[str, tuple[str, Any]]:
    """What on the case a document may be about, by form value: the case's assessments,
    its family plan and its TAF meetings. Value -> (field of Document, object)."""
    from assessments.models import Assessment
    from family_plans.models import FamilyPlan, TafMeeting

    found: dict[str, tuple[str, Any]] = {}
    for assessment in Assessment.objects.filter(case=case).order_by("number"):
        found[f"assessment:{assessment.pk}"] = ("assessment", assessment)
    plan = FamilyPlan.objects.filter(case=case).first()
    if plan is not None:
        found[f"plan:{plan.pk}"] = ("plan", plan)
    for meeting in TafMeeting.objects.filter(case=case).order_by("starts_at", "id"):
        found[f"meeting:{meeting.pk}"] = ("meeting", meeting)
    return found


# ----------------------------------------------------------- for data protection's work
# The registration point for the subject access export and the retention schedule:
# both read documents through these two functions, unscoped (their own pages decide who
# may run them), so a person's or a case's documents are found in one place.


def documents_of_person(*, person: Person) -> QuerySet[Document]:
    """Every document on a case of a family the person is (or was) a member of."""
    return (
        Document.objects.filter(case__family__members__person=person)
        .select_related("case", "uploaded_by")
        .distinct()
        .order_by("case_id", "document_date", "id")
    )


def documents_of_case(*, case: Case) -> QuerySet[Document]:
    """Every document of a case, whatever its visibility or scan state."""
    return Document.objects.filter(case=case).order_by("document_date", "id")
